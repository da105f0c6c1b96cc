// `sessions calendar` (a month grid in the terminal) and `sessions export --ics` (iCalendar).
import { resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { monthRange, parseMonth, todayInReunion } from '../../domain/dates.js';
import { SESSION_TYPE_LABELS } from '../../domain/sessionTypes.js';
import { listSessions, listSessionSummaries, type Session } from '../../store/sessions/read.js';
import { paint, printSuccess } from '../../render/output.js';
import { renderMonthGrid } from '../../render/monthGrid.js';
import { renderIcs, type IcsEvent } from '../../render/ics.js';
import { writeFileAtomic } from '../../render/files.js';
import { parseFilter } from './filter.js';
import { seatsText } from './format.js';
import { countOf } from '../../domain/french.js';

export async function runCalendar(raw: Record<string, unknown>, ctx: Ctx): Promise<number> {
  if (raw.mois === undefined) throw new UsageError('--mois : le mois à afficher est obligatoire (AAAA-MM).');
  const month = parseMonth(String(raw.mois), '--mois');
  const store = await ctx.store();
  const today = todayInReunion(ctx.now());
  const { from, to } = monthRange(month);
  const filter = { ...(await parseFilter({ ...raw, mois: undefined }, ctx, today)), from, to };
  const counts = new Map<string, number>();
  for (const s of await listSessionSummaries(store, filter)) if (!s.cancelled) counts.set(s.date, (counts.get(s.date) ?? 0) + 1);
  const colour = paint(ctx);
  ctx.io.stdout.write(
    renderMonthGrid({ month, counts, today, paint: { holiday: colour.red, busy: colour.cyan.bold, today: colour.inverse } }),
  );
  return 0;
}

export async function runExport(raw: Record<string, unknown>, ctx: Ctx): Promise<number> {
  if (typeof raw.ics !== 'string' || !raw.ics.trim()) throw new UsageError('--ics : le chemin du fichier iCalendar à écrire est obligatoire.');
  const store = await ctx.store();
  const today = todayInReunion(ctx.now());
  const { ics, ecraser, ...filterFlags } = raw;
  const sessions = await listSessions(store, await parseFilter(filterFlags, ctx, today));
  const text = renderIcs({ name: 'Séances – charte commune du Tampon et CAF de la Réunion', stamp: ctx.now(), events: sessions.map(icsEvent) });
  const path = resolve(ctx.cwd, ics);
  writeFileAtomic(path, text, { overwrite: Boolean(ecraser), flag: '--ics' });
  printSuccess(ctx, `${countOf(sessions.length, 'séance exportée', 'séances exportées')} dans ${path} (iCalendar, heure de la Réunion).`);
  return 0;
}

function icsEvent(s: Session): IcsEvent {
  const description = [
    SESSION_TYPE_LABELS[s.type],
    s.title ? `Titre : ${s.title}` : '',
    s.animators.length ? `Animation : ${s.animators.join(', ')}` : '',
    `Places : ${seatsText(s)}`,
    s.notes ? `Notes : ${s.notes}` : '',
    s.cancelled ? `Annulée : ${s.cancelReason ?? ''}` : '',
  ].filter(Boolean);
  return {
    uid: `session-${s.id}@cafcharte`,
    date: s.date,
    start: s.start,
    end: s.end,
    summary: `${SESSION_TYPE_LABELS[s.type]}${s.title ? ` : ${s.title}` : ''} – ${s.placeName}`,
    location: `${s.placeName}, ${s.placeAddress}, ${s.placePostalCode} ${s.communeName}`,
    description: description.join('\n'),
    cancelled: s.cancelled,
    sequence: s.revision,
  };
}
