// What happened at a comité meeting, for its minutes: decisions (guarded text) and attendance.
import type { Ctx } from '../../context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { ATTENDANCE, ATTENDANCE_LABELS, type Attendance } from '../../domain/charterDocuments.js';
import { formatDateFr, timestampInReunion } from '../../domain/dates.js';
import { addDecision, findMeeting, findMember, recordAttendance } from '../../store/committee.js';
import { listMembers } from '../../store/charter.js';
import { printSuccess } from '../../render/output.js';
import { parseInteger, requireText } from '../shared/parse.js';
import { guardFreeText } from '../shared/guard.js';

const parseId = (text: string | undefined, flag: string) => parseInteger(text, flag, { min: 1, max: Number.MAX_SAFE_INTEGER });

export async function runDecisionAdd(flags: { reunion?: string; texte?: string; masquer?: boolean }, ctx: Ctx): Promise<number> {
  const meetingId = parseId(flags.reunion, '--reunion');
  const store = await ctx.store();
  // Members are staff: a decision may name who carries it out (as meeting notes may).
  const allowedNames = (await listMembers(store, true)).map((m) => m.name);
  const { '--texte': text } = await guardFreeText(ctx, { '--texte': requireText(flags.texte, '--texte', 2000) }, { mask: flags.masquer, allowedNames });
  const meeting = await findMeeting(store, meetingId);
  if (!meeting) throw new NotFoundError(`--reunion : aucune réunion du comité n° ${meetingId}.`);
  const id = await addDecision(store, meetingId, text, timestampInReunion(ctx.now()));
  printSuccess(ctx, `Décision n° ${id} enregistrée pour la réunion du ${formatDateFr(meeting.heldOn)}.`);
  return 0;
}

export async function runAttendance(flags: { reunion?: string; membre?: string; present?: boolean; excuse?: boolean; absent?: boolean }, ctx: Ctx): Promise<number> {
  const meetingId = parseId(flags.reunion, '--reunion');
  const memberId = parseId(flags.membre, '--membre');
  const chosen = ATTENDANCE.filter((s) => flags[s]);
  if (chosen.length !== 1) throw new UsageError('--present, --excuse, --absent : indiquez exactement une de ces trois options.');
  const status: Attendance = chosen[0];
  const store = await ctx.store();
  const meeting = await findMeeting(store, meetingId);
  if (!meeting) throw new NotFoundError(`--reunion : aucune réunion du comité n° ${meetingId}.`);
  const member = await findMember(store, memberId);
  if (!member) throw new NotFoundError(`--membre : aucun membre du comité n° ${memberId} ; voyez « cafcharte charter copil members list --tous ».`);
  await recordAttendance(store, meetingId, memberId, status, timestampInReunion(ctx.now()));
  printSuccess(ctx, `${member.name} : ${ATTENDANCE_LABELS[status]} à la réunion du ${formatDateFr(meeting.heldOn)}.`);
  return 0;
}
