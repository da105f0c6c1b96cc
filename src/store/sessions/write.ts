// Creating, editing and cancelling sessions. Every write that depends on what is already stored
// (overlaps, the stored row an edit starts from) runs in one store transaction and reads through
// it, so two processes cannot both fill the same hour.
import { sql } from '../sql.js';
import type { Store } from '../engine.js';
import { ConflictError, UsageError } from '../../errors.js';
import type { IsoDate, LocalTime } from '../../domain/dates.js';
import type { SessionType } from '../../domain/sessionTypes.js';
import { addHistory, frenchKeys, type Stamp } from './history.js';
import { describeSession, findOverlaps, listSessions, requireSession, type Session } from './read.js';
import { promoteWaiting } from './bookings.js';

/** What a new session needs. */
export interface SessionInput {
  placeId: number;
  date: IsoDate;
  start: LocalTime;
  end: LocalTime;
  type: SessionType;
  capacity: number | null;
  animators: string[];
  title: string | null;
  notes: string | null;
  seriesId?: string | null;
  generatedFrom?: string | null;
}

/** Fields `sessions edit` may change. */
export type SessionChanges = Partial<Omit<SessionInput, 'seriesId' | 'generatedFrom'>>;

function overlapError(conflicts: Session[]): ConflictError {
  return new ConflictError(
    'la séance chevauche une autre séance au même lieu ; changez l’horaire, ou ajoutez --chevauchement si c’est voulu (deux salles, co-animation).',
  ).withDetails(conflicts.map((c) => `  ${describeSession(c)}`));
}

/** The sessions with these numbers, in the order of `ids`. */
async function sessionsByIds(store: Store, ids: number[]): Promise<Session[]> {
  if (ids.length === 0) return [];
  const byId = new Map((await listSessions(store, { ids })).map((s) => [s.id, s]));
  return ids.map((id) => byId.get(id)!);
}

/** Inserts one session with its history line; returns its number. */
async function insertSession(tx: Store, input: SessionInput, stamp: Stamp): Promise<number> {
  const { id } = (await tx.one<{ id: number }>(sql`
    INSERT INTO sessions (place_id, date, start_time, end_time, type, capacity, animators, title, notes, series_id, generated_from, created_at, updated_at)
    VALUES (${input.placeId}, ${input.date}, ${input.start}, ${input.end}, ${input.type}, ${input.capacity}, ${JSON.stringify(input.animators)},
            ${input.title}, ${input.notes}, ${input.seriesId ?? null}, ${input.generatedFrom ?? null}, ${stamp.at}, ${stamp.at})
    RETURNING id`))!;
  await addHistory(tx, id, stamp, 'creation', null, frenchKeys(input));
  return id;
}

/**
 * Creates sessions all together or not at all: one overlap refuses the whole series (unless
 * allowed), so a half-created series never has to be cleaned up by hand.
 */
export async function createSessions(store: Store, inputs: SessionInput[], options: { allowOverlap: boolean }, stamp: Stamp): Promise<Session[]> {
  const ids = await store.transaction(async (tx) => {
    if (!options.allowOverlap) {
      const conflicts: Session[] = [];
      for (const input of inputs) conflicts.push(...(await findOverlaps(tx, input.placeId, input)));
      if (conflicts.length > 0) throw overlapError(conflicts);
    }
    const created: number[] = [];
    for (const input of inputs) created.push(await insertSession(tx, input, stamp));
    return created;
  });
  return sessionsByIds(store, ids);
}

/**
 * Inserts generated reserved-slot sessions, skipping any (generated_from, date) already there:
 * running `sessions generate` twice creates nothing new. Returns the sessions created.
 */
export async function insertGenerated(store: Store, inputs: SessionInput[], stamp: Stamp): Promise<Session[]> {
  const ids = await store.transaction(async (tx) => {
    const created: number[] = [];
    for (const input of inputs) {
      // Looked up rather than left to ON CONFLICT DO NOTHING: on PostgreSQL a skipped insert
      // still takes a number from the sequence, and session numbers must be the same on both
      // engines. The transaction (and the unique index under it) keeps the lookup true.
      const stored = await tx.one(sql`SELECT 1 AS found FROM sessions WHERE generated_from = ${input.generatedFrom ?? null} AND date = ${input.date}`);
      if (!stored) created.push(await insertSession(tx, input, stamp));
    }
    return created;
  });
  return sessionsByIds(store, ids);
}

function sessionInputOf(s: Session): SessionInput {
  return {
    placeId: s.placeId,
    date: s.date,
    start: s.start,
    end: s.end,
    type: s.type,
    capacity: s.capacity,
    animators: s.animators,
    title: s.title,
    notes: s.notes,
  };
}

/**
 * Applies changes to a future session, keeping before/after in the history. `isFuture` is
 * checked inside the transaction against the stored row, not a stale copy.
 */
export async function updateSession(
  store: Store,
  id: number,
  changes: SessionChanges,
  options: { allowOverlap: boolean; isFuture: (s: Session) => boolean },
  stamp: Stamp,
): Promise<{ session: Session; promoted: number }> {
  const promoted = await store.transaction(async (tx) => {
    const current = await requireSession(tx, id);
    if (current.cancelled) throw new ConflictError(`la séance n° ${id} est annulée ; elle ne peut plus être modifiée.`);
    if (!options.isFuture(current)) {
      throw new ConflictError(`la séance n° ${id} a déjà eu lieu ou a commencé ; seules les séances à venir se modifient (l’historique reste tel quel).`);
    }
    const next = { ...sessionInputOf(current), ...changes };
    if (next.end <= next.start) throw new UsageError('--fin : l’heure de fin doit être après l’heure de début.');
    if (next.capacity !== null && next.capacity < current.booked) {
      throw new ConflictError(
        `--capacite : ${current.booked} places sont déjà réservées ; la capacité ne peut pas descendre à ${next.capacity}. Libérez d’abord des places avec « sessions unbook ».`,
      );
    }
    if (!options.allowOverlap) {
      const conflicts = await findOverlaps(tx, next.placeId, next, id);
      if (conflicts.length > 0) throw overlapError(conflicts);
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const old = sessionInputOf(current) as unknown as Record<string, unknown>;
    // In the session's field order, so that the history reads the same whatever the flag order.
    for (const key of Object.keys(old)) {
      const value = (changes as Record<string, unknown>)[key];
      if (!(key in changes) || JSON.stringify(old[key]) === JSON.stringify(value)) continue;
      before[key] = old[key];
      after[key] = value;
    }
    if (Object.keys(after).length === 0) return 0;
    await tx.run(sql`
      UPDATE sessions SET place_id = ${next.placeId}, date = ${next.date}, start_time = ${next.start}, end_time = ${next.end}, type = ${next.type},
        capacity = ${next.capacity}, animators = ${JSON.stringify(next.animators)}, title = ${next.title}, notes = ${next.notes}, updated_at = ${stamp.at}
      WHERE id = ${id}`);
    await addHistory(tx, id, stamp, 'modification', frenchKeys(before), frenchKeys(after));
    // More seats may let the waiting list in.
    return promoteWaiting(tx, id, next.capacity, stamp);
  });
  return { session: await requireSession(store, id), promoted };
}

/** Marks a session cancelled with its reason; nothing is deleted, bookings are kept as they were. */
export async function cancelSession(store: Store, id: number, reason: string, stamp: Stamp): Promise<Session> {
  await store.transaction(async (tx) => {
    const current = await requireSession(tx, id);
    if (current.cancelled) throw new ConflictError(`la séance n° ${id} est déjà annulée (motif : ${current.cancelReason ?? '—'}).`);
    await tx.run(sql`UPDATE sessions SET status = 'annulee', cancel_reason = ${reason}, cancelled_at = ${stamp.at}, updated_at = ${stamp.at} WHERE id = ${id}`);
    await addHistory(tx, id, stamp, 'annulation', { statut: 'prevue' }, { statut: 'annulee', motif: reason });
  });
  return requireSession(store, id);
}
