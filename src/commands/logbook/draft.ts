// An entry being written: the fields known so far, and how one typed value becomes a field
// (shared by flags and questions, so both accept and refuse the same things).
import { ConflictError, UsageError } from '../../errors.js';
import { SESSION_TYPES, type SessionType } from '../../domain/sessionTypes.js';
import { durationMinutes } from '../../domain/sessions.js';
import { formatDateShortFr, type IsoDate } from '../../domain/dates.js';
import type { LogbookFields } from '../../domain/logbook.js';
import type { Store } from '../../store/engine.js';
import { getSession, listSessions, type Session } from '../../store/sessions/read.js';
import { parseChoice, parseInteger } from '../shared/parse.js';

/** The fields known so far: undefined means « not given yet ». */
export type Draft = Partial<LogbookFields>;

export const MAX_COUNT = 10_000;
export const MAX_TEXT = 2_000;

// --- parsing one value (shared by flags and prompts, so both say the same thing) -------------

export const optionalText = (text: string, flag: string): string | null => {
  const value = text.trim();
  if (value.length > MAX_TEXT) throw new UsageError(`${flag} : texte trop long (${value.length} caractères, ${MAX_TEXT} au plus).`);
  return value === '' ? null : value;
};
export const optionalInteger = (text: string, flag: string, min: number): number | null =>
  text.trim() === '' ? null : parseInteger(text, flag, { min, max: MAX_COUNT });
export const countOrZero = (text: string, flag: string): number => (text.trim() === '' ? 0 : parseInteger(text, flag, { max: MAX_COUNT }));
export const parseType = (text: string): SessionType => parseChoice(text.trim(), '--type', SESSION_TYPES);

/** Turns a parser into an inquirer validate function (true, or the French message). */
export function validator(parse: (text: string) => unknown): (text: string) => true | string {
  return (text) => {
    try {
      parse(text);
      return true;
    } catch (err) {
      return err instanceof UsageError ? err.message : String(err);
    }
  };
}

export async function requireSession(store: Store, text: string): Promise<Session> {
  const id = parseInteger(text, '--session', { min: 1, max: Number.MAX_SAFE_INTEGER });
  const session = await getSession(store, id);
  if (!session) throw new UsageError(`--session : aucune séance n° ${id} ; voyez « cafcharte sessions list ».`);
  if (session.cancelled) throw new ConflictError(`--session : la séance n° ${id} est annulée ; une séance annulée n’a pas d’entrée au carnet de bord.`);
  return session;
}

/** The sessions held at a place on a day (not cancelled), in order, for the « which session? » question. */
export async function sessionsOfDay(store: Store, placeId: number, date: IsoDate): Promise<Session[]> {
  return (await listSessions(store, { placeIds: [placeId], from: date, to: date })).filter((s) => !s.cancelled);
}

/** A session brings its place, date, type, time, duration and animators, unless flags said otherwise. */
export function applySession(draft: Draft, session: Session, given: Draft = {}): void {
  if (given.placeId !== undefined && given.placeId !== session.placeId) {
    throw new UsageError(`--lieu : la séance n° ${session.id} a lieu à « ${session.placeName} », pas dans le lieu indiqué.`);
  }
  if (given.date !== undefined && given.date !== session.date) {
    throw new UsageError(`--date : la séance n° ${session.id} a eu lieu le ${formatDateShortFr(session.date)}, pas le ${formatDateShortFr(given.date)}.`);
  }
  draft.sessionId = session.id;
  draft.placeId = session.placeId;
  draft.date = session.date;
  draft.type = given.type ?? session.type;
  draft.startTime = given.startTime ?? session.start;
  draft.durationMinutes = given.durationMinutes ?? durationMinutes(session.start, session.end);
  draft.animators = given.animators ?? session.animators;
}

/** A draft with every optional field defaulted (required ones must be there). */
export function complete(draft: Draft, today: string): LogbookFields {
  return {
    date: draft.date ?? today,
    startTime: draft.startTime ?? null,
    placeId: draft.placeId!,
    sessionId: draft.sessionId ?? null,
    type: draft.type!,
    received: draft.received!,
    firstTimers: draft.firstTimers ?? null,
    durationMinutes: draft.durationMinutes ?? null,
    animators: draft.animators ?? [],
    remarks: draft.remarks ?? null,
    resultsText: draft.resultsText ?? null,
    onlineDeclarations: draft.onlineDeclarations ?? 0,
    accountsCreated: draft.accountsCreated ?? 0,
    emailsSent: draft.emailsSent ?? 0,
    certificates: draft.certificates ?? 0,
    completedProcedures: draft.completedProcedures ?? 0,
  };
}
