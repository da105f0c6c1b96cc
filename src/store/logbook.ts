// The carnet de bord repository: entries, their append-only history, the totals that both
// `logbook list` and the semester report print (one query, so they can never disagree), and
// the sessions still waiting for an entry.
import { sql, type Sql } from './sql.js';
import { count, type Store } from './engine.js';
import { listSessions, type Session } from './sessions/read.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { addDaysIso, type IsoDate } from '../domain/dates.js';
import { communeByInsee } from '../domain/territory.js';
import type { Action } from '../domain/charter.js';
import type { SessionType } from '../domain/sessionTypes.js';
import { durationMinutes } from '../domain/sessions.js';
import {
  logbookEntryJson,
  type HistoryAction,
  type LogbookEntry,
  type LogbookFields,
  type LogbookFilter,
  type LogbookHistoryRow,
  type LogbookTotals,
  type ResultCounter,
} from '../domain/logbook.js';
import { countOf } from '../domain/french.js';

/** A session is due an entry once it is more than this many days old (the CNFS tool's habit). */
export const MISSING_AFTER_DAYS = 7;

interface EntryRow {
  id: number;
  date: string;
  start_time: string | null;
  place_id: number;
  session_id: number | null;
  type: string;
  received: number;
  first_timers: number | null;
  duration_minutes: number | null;
  animators: string;
  remarks: string | null;
  online_declarations: number;
  accounts_created: number;
  emails_sent: number;
  certificates: number;
  completed_procedures: number;
  results_text: string | null;
  author: string;
  removed_at: string | null;
  removal_reason: string | null;
  created_at: string;
  updated_at: string;
  place_name: string;
  commune_insee: string;
}

const SELECT_ENTRY = sql`SELECT e.*, p.name AS place_name, p.commune_insee AS commune_insee
  FROM logbook_entries e JOIN places p ON p.id = e.place_id`;

function fromRow(row: EntryRow): LogbookEntry {
  return {
    id: row.id,
    date: row.date,
    startTime: row.start_time,
    placeId: row.place_id,
    placeName: row.place_name,
    communeInsee: row.commune_insee,
    communeName: communeByInsee(row.commune_insee)?.name ?? row.commune_insee,
    sessionId: row.session_id,
    type: row.type as SessionType,
    received: row.received,
    firstTimers: row.first_timers,
    durationMinutes: row.duration_minutes,
    animators: JSON.parse(row.animators) as string[],
    remarks: row.remarks,
    onlineDeclarations: row.online_declarations,
    accountsCreated: row.accounts_created,
    emailsSent: row.emails_sent,
    certificates: row.certificates,
    completedProcedures: row.completed_procedures,
    resultsText: row.results_text,
    author: row.author,
    removedAt: row.removed_at,
    removalReason: row.removal_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columns(fields: LogbookFields) {
  return {
    date: fields.date,
    start_time: fields.startTime,
    place_id: fields.placeId,
    session_id: fields.sessionId,
    type: fields.type,
    received: fields.received,
    first_timers: fields.firstTimers,
    duration_minutes: fields.durationMinutes,
    animators: JSON.stringify(fields.animators),
    remarks: fields.remarks,
    online_declarations: fields.onlineDeclarations,
    accounts_created: fields.accountsCreated,
    emails_sent: fields.emailsSent,
    certificates: fields.certificates,
    completed_procedures: fields.completedProcedures,
    results_text: fields.resultsText,
  };
}

/** An entry by id, removed or not. */
export async function getEntry(store: Store, id: number): Promise<LogbookEntry | undefined> {
  const row = await store.one(sql<EntryRow>`${SELECT_ENTRY} WHERE e.id = ${id}`);
  return row && fromRow(row);
}

/** An entry by id, or NotFoundError (exit 3). */
export async function requireEntry(store: Store, id: number): Promise<LogbookEntry> {
  const entry = await getEntry(store, id);
  if (!entry) throw new NotFoundError(`aucune entrée n° ${id} dans le carnet de bord ; voyez « cafcharte logbook list ».`);
  return entry;
}

/**
 * SQL condition on an entry `e`: a reserved slot (art. 5) where nobody came. `logbook sans-public`
 * records these; the report counts them apart from the workshops held.
 */
// isNoPublicSlot (domain/logbook.ts) is the same rule, for entries already read.
export const NO_PUBLIC_SLOT = `(e.type = 'creneau-reserve' AND e.received = 0)`;

/** The WHERE clause shared by the listing and the totals: removed entries never count. */
function whereOf(filter: LogbookFilter): Sql<unknown> {
  const parts: Sql<unknown>[] = [sql`e.removed_at IS NULL`];
  if (filter.from) parts.push(sql`e.date >= ${filter.from}`);
  if (filter.to) parts.push(sql`e.date <= ${filter.to}`);
  if (filter.placeIds?.length) parts.push(sql`e.place_id IN (${sql.join(filter.placeIds)})`);
  if (filter.communeInsee?.length) parts.push(sql`p.commune_insee IN (${sql.join(filter.communeInsee)})`);
  if (filter.types?.length) parts.push(sql`e.type IN (${sql.join(filter.types)})`);
  return sql.join(parts, sql` AND `);
}

/** Entries of a filter (removed ones excluded), by date and start time. */
export async function listEntries(store: Store, filter: LogbookFilter = {}): Promise<LogbookEntry[]> {
  const rows = await store.all(sql<EntryRow>`${SELECT_ENTRY} WHERE ${whereOf(filter)} ORDER BY e.date, coalesce(e.start_time, ''), e.id`);
  return rows.map(fromRow);
}

/**
 * The entries of listEntries in batches, as the store reads them. Run no other query on the
 * store until the iteration ends (see Store.stream).
 */
export async function* streamEntries(store: Store, filter: LogbookFilter = {}): AsyncIterable<LogbookEntry[]> {
  const rows = store.stream(sql<EntryRow>`${SELECT_ENTRY} WHERE ${whereOf(filter)} ORDER BY e.date, coalesce(e.start_time, ''), e.id`);
  for await (const batch of rows) yield batch.map(fromRow);
}

const ENTRY_LINE_COLUMNS = sql.columns({
  id: sql`e.id`,
  date: sql`e.date`,
  startTime: sql`e.start_time`,
  placeName: sql`p.name`,
  type: sql`e.type`,
  received: sql`e.received`,
  firstTimers: sql`e.first_timers`,
  durationMinutes: sql`e.duration_minutes`,
  onlineDeclarations: sql`e.online_declarations`,
  accountsCreated: sql`e.accounts_created`,
  emailsSent: sql`e.emails_sent`,
  certificates: sql`e.certificates`,
  completedProcedures: sql`e.completed_procedures`,
  remarks: sql`e.remarks`,
});

/** What `logbook list` shows of an entry. */
export type EntryLine = Pick<LogbookEntry, 'id' | 'date' | 'startTime' | 'placeName' | 'type' | 'received' | 'firstTimers' | 'durationMinutes' | 'remarks' | ResultCounter>;

/**
 * The entries of listEntries in batches, as the store reads them, with only the columns the listing shows:
 * a twenty-six-column row costs four times as much to read as this one. Run no other query on
 * the store until the iteration ends (see Store.stream).
 */
export function streamEntryLines(store: Store, filter: LogbookFilter = {}): AsyncIterable<EntryLine[]> {
  // Aliases are quoted: PostgreSQL folds unquoted names to lower case.
  return store.stream(
    sql<EntryLine>`SELECT ${ENTRY_LINE_COLUMNS}
       FROM logbook_entries e JOIN places p ON p.id = e.place_id
       WHERE ${whereOf(filter)} ORDER BY e.date, coalesce(e.start_time, ''), e.id`,
  );
}

/**
 * THE totals of the carnet de bord over a filter: the semester report's and `logbook list --json`'s.
 * The listing's table adds up the entries it prints with addToLogbookTotals, the same sums (a test
 * holds them equal on both engines).
 */
export async function logbookTotals(store: Store, filter: LogbookFilter = {}): Promise<LogbookTotals> {
  // Aliases are quoted: PostgreSQL folds unquoted names to lower case.
  const row = await store.one(
    sql<Record<keyof LogbookTotals, number | string>>`SELECT count(*) AS entries,
              coalesce(sum(CASE WHEN ${sql.raw(NO_PUBLIC_SLOT)} THEN 1 ELSE 0 END), 0) AS "noPublicSlots",
              coalesce(sum(e.received), 0) AS received,
              coalesce(sum(e.first_timers), 0) AS "firstTimers",
              coalesce(sum(e.duration_minutes), 0) AS "durationMinutes",
              coalesce(sum(e.online_declarations), 0) AS "onlineDeclarations",
              coalesce(sum(e.accounts_created), 0) AS "accountsCreated",
              coalesce(sum(e.emails_sent), 0) AS "emailsSent",
              coalesce(sum(e.certificates), 0) AS certificates,
              coalesce(sum(e.completed_procedures), 0) AS "completedProcedures"
       FROM logbook_entries e JOIN places p ON p.id = e.place_id
       WHERE ${whereOf(filter)}`,
  );
  return {
    entries: count(row?.entries),
    noPublicSlots: count(row?.noPublicSlots),
    received: count(row?.received),
    firstTimers: count(row?.firstTimers),
    durationMinutes: count(row?.durationMinutes),
    onlineDeclarations: count(row?.onlineDeclarations),
    accountsCreated: count(row?.accountsCreated),
    emailsSent: count(row?.emailsSent),
    certificates: count(row?.certificates),
    completedProcedures: count(row?.completedProcedures),
  };
}

/**
 * The live entry that the new one would duplicate: same session, or same place, date and start
 * time. `exceptId` leaves out the entry being edited. Two indexed lookups rather than one OR,
 * which SQLite would answer by scanning the whole table.
 */
export async function findDuplicate(
  store: Store,
  fields: Pick<LogbookFields, 'sessionId' | 'placeId' | 'date' | 'startTime'>,
  exceptId = 0,
): Promise<LogbookEntry | undefined> {
  const live = sql`e.removed_at IS NULL AND e.id <> ${exceptId}`;
  const bySession =
    fields.sessionId === null ? undefined : await store.one(sql<EntryRow>`${SELECT_ENTRY} WHERE e.session_id = ${fields.sessionId} AND ${live} ORDER BY e.id LIMIT 1`);
  const bySlot =
    bySession || fields.startTime === null
      ? undefined
      : await store.one(
          sql<EntryRow>`${SELECT_ENTRY} WHERE e.place_id = ${fields.placeId} AND e.date = ${fields.date} AND e.start_time = ${fields.startTime} AND ${live} ORDER BY e.id LIMIT 1`,
        );
  const row = bySession ?? bySlot;
  return row && fromRow(row);
}

async function appendHistory(
  store: Store,
  entryId: number,
  action: HistoryAction,
  author: string,
  at: string,
  before: LogbookEntry | null,
  after: LogbookEntry | null,
): Promise<void> {
  const snapshot = (e: LogbookEntry | null) => (e ? JSON.stringify(logbookEntryJson(e)) : null);
  await store.run(
    sql`INSERT INTO logbook_history (entry_id, at, author, action, before, after) VALUES (${entryId}, ${at}, ${author}, ${action}, ${snapshot(before)}, ${snapshot(after)})`,
  );
}

/**
 * Called inside the write transaction with the live entry the new fields would duplicate (or
 * undefined); throws to refuse. Checked there, not before, so two identical adds at the same
 * instant cannot both pass the check. It may run again on PostgreSQL (a retried transaction):
 * it only decides, it prints nothing.
 */
export type DuplicatePolicy = (duplicate: LogbookEntry | undefined) => void;

/** Saves a new entry and its « ajout » history line, in one transaction. */
export function insertEntry(store: Store, fields: LogbookFields, author: string, at: string, onDuplicate?: DuplicatePolicy): Promise<LogbookEntry> {
  return store.transaction(async (tx) => {
    onDuplicate?.(await findDuplicate(tx, fields));
    const c = columns(fields);
    const inserted = await tx.one(
      sql<{ id: number }>`INSERT INTO logbook_entries (date, start_time, place_id, session_id, type, received, first_timers, duration_minutes,
           animators, remarks, online_declarations, accounts_created, emails_sent, certificates, completed_procedures,
           results_text, author, created_at, updated_at)
         VALUES (${c.date}, ${c.start_time}, ${c.place_id}, ${c.session_id}, ${c.type}, ${c.received}, ${c.first_timers}, ${c.duration_minutes},
           ${c.animators}, ${c.remarks}, ${c.online_declarations}, ${c.accounts_created}, ${c.emails_sent}, ${c.certificates}, ${c.completed_procedures},
           ${c.results_text}, ${author}, ${at}, ${at})
         RETURNING id`,
    );
    const entry = (await getEntry(tx, count(inserted!.id)))!;
    await appendHistory(tx, entry.id, 'ajout', author, at, null, entry);
    return entry;
  });
}

/** Rewrites an entry's fields and records before and after. */
export function updateEntry(store: Store, id: number, fields: LogbookFields, author: string, at: string, onDuplicate?: DuplicatePolicy): Promise<LogbookEntry> {
  return store.transaction(async (tx) => {
    const before = await requireEntry(tx, id);
    onDuplicate?.(await findDuplicate(tx, fields, id));
    if (before.removedAt) throw new ConflictError(`l’entrée n° ${id} est supprimée ; restaurez-la d’abord (« cafcharte logbook restore ${id} »).`);
    const c = columns(fields);
    await tx.run(
      sql`UPDATE logbook_entries SET date = ${c.date}, start_time = ${c.start_time}, place_id = ${c.place_id}, session_id = ${c.session_id},
           type = ${c.type}, received = ${c.received}, first_timers = ${c.first_timers}, duration_minutes = ${c.duration_minutes},
           animators = ${c.animators}, remarks = ${c.remarks}, online_declarations = ${c.online_declarations},
           accounts_created = ${c.accounts_created}, emails_sent = ${c.emails_sent}, certificates = ${c.certificates},
           completed_procedures = ${c.completed_procedures}, results_text = ${c.results_text}, updated_at = ${at}
         WHERE id = ${id}`,
    );
    const after = (await getEntry(tx, id))!;
    await appendHistory(tx, id, 'modification', author, at, before, after);
    return after;
  });
}

/** Soft delete: the entry stays, out of lists and reports, restorable. */
export function removeEntry(store: Store, id: number, reason: string, author: string, at: string): Promise<LogbookEntry> {
  return store.transaction(async (tx) => {
    const before = await requireEntry(tx, id);
    if (before.removedAt) throw new ConflictError(`l’entrée n° ${id} est déjà supprimée (le ${before.removedAt.slice(0, 10)}).`);
    await tx.run(sql`UPDATE logbook_entries SET removed_at = ${at}, removal_reason = ${reason}, updated_at = ${at} WHERE id = ${id}`);
    const after = (await getEntry(tx, id))!;
    await appendHistory(tx, id, 'suppression', author, at, before, after);
    return after;
  });
}

/** Undoes a soft delete. A live entry for the same session or time makes it a conflict. */
export function restoreEntry(store: Store, id: number, author: string, at: string): Promise<LogbookEntry> {
  return store.transaction(async (tx) => {
    const before = await requireEntry(tx, id);
    if (!before.removedAt) throw new ConflictError(`l’entrée n° ${id} n’est pas supprimée : rien à restaurer.`);
    const clash = await findDuplicate(tx, before, id);
    if (clash) {
      throw new ConflictError(
        `l’entrée n° ${id} ferait doublon avec l’entrée n° ${clash.id} (même séance ou même lieu, date et heure) ; supprimez l’une des deux d’abord.`,
      );
    }
    await tx.run(sql`UPDATE logbook_entries SET removed_at = NULL, removal_reason = NULL, updated_at = ${at} WHERE id = ${id}`);
    const after = (await getEntry(tx, id))!;
    await appendHistory(tx, id, 'restauration', author, at, before, after);
    return after;
  });
}

/** The history of one entry, oldest first. */
export async function entryHistory(store: Store, entryId: number): Promise<LogbookHistoryRow[]> {
  const rows = await store.all(
    sql<{
      id: number;
      entry_id: number;
      at: string;
      author: string;
      action: HistoryAction;
      before: string | null;
      after: string | null;
    }>`SELECT id, entry_id, at, author, action, before, after FROM logbook_history WHERE entry_id = ${entryId} ORDER BY id`,
  );
  return rows.map((r) => ({
    id: r.id,
    entryId: r.entry_id,
    at: r.at,
    author: r.author,
    action: r.action,
    before: r.before ? JSON.parse(r.before) : null,
    after: r.after ? JSON.parse(r.after) : null,
  }));
}

// ---------------------------------------------------------------------------------------
// Sessions and their entries. The sessions themselves are read by the sessions repository.

/** SQL condition on a session `s`: no live logbook entry is linked to it. */
const NO_LINKED_ENTRY = 'NOT EXISTS (SELECT 1 FROM logbook_entries e WHERE e.session_id = s.id AND e.removed_at IS NULL)';

/** SQL condition on a session `s`: no live logbook entry at its place, day and start time. */
const NO_ENTRY_AT_ITS_SLOT = `NOT EXISTS (SELECT 1 FROM logbook_entries e WHERE e.place_id = s.place_id AND e.date = s.date
                    AND e.start_time = s.start_time AND e.removed_at IS NULL)`;

/**
 * SQL condition on a session `s`: no live logbook entry covers it, neither linked to it nor at
 * its place, day and start time. The one definition used by `logbook missing` and the report.
 */
export const SESSION_HAS_NO_ENTRY = `${NO_LINKED_ENTRY}\n  AND ${NO_ENTRY_AT_ITS_SLOT}`;

/**
 * `SELECT columns` of the sessions due an entry: not cancelled, more than 7 days old, and covered
 * by no live entry (SESSION_HAS_NO_ENTRY). This runs at every `charter-status`, over every past
 * session (100,000 on five years of workshops), and nearly all of them have an entry linked to
 * them. So the linked ones are set aside first, as two lists of numbers: EXCEPT reads the partial
 * indexes of schema 10 side by side in number order, once each, where NOT EXISTS would look
 * the entry up once per session. Only the few sessions left are looked up by slot.
 * MATERIALIZED keeps PostgreSQL from folding that step back into a plan that looks up the slot of
 * every session first. PostgreSQL hashes an EXCEPT, after reading both whole tables; asked for
 * the sessions without a linked entry in number order instead, it walks the same two indexes side
 * by side (a merge anti-join that reads only them), about three times less work on the server.
 */
function sessionsDueEntry(store: Store, today: IsoDate, columns: Sql) {
  const before = addDaysIso(today, -MISSING_AFTER_DAYS);
  const unlinked =
    store.engine === 'postgres'
      ? sql`SELECT id FROM (SELECT id FROM sessions WHERE status <> 'annulee' AND date < ${before} ORDER BY id) live
      WHERE NOT EXISTS (SELECT 1 FROM logbook_entries e WHERE e.session_id = live.id AND e.removed_at IS NULL)`
      : sql`SELECT id FROM sessions WHERE status <> 'annulee' AND date < ${before}
      EXCEPT
      SELECT session_id FROM logbook_entries WHERE removed_at IS NULL`;
  return sql`WITH unlinked AS MATERIALIZED (${unlinked})
    SELECT ${columns} FROM sessions s WHERE s.id IN (SELECT id FROM unlinked) AND ${sql.raw(NO_ENTRY_AT_ITS_SLOT)}`;
}

/** Parameters per query when sessions are read by number: well under both engines' limits. */
const IDS_PER_QUERY = 1_000;

/** Sessions that took place more than 7 days before `today` and still have no entry, in order. */
export async function sessionsWithoutLogbook(store: Store, today: IsoDate): Promise<Session[]> {
  const ids = (await store.all(sql<{ id: number }>`${sessionsDueEntry(store, today, sql`s.id`)} ORDER BY s.date, s.start_time, s.id`)).map((r) => r.id);
  // Each slice comes back in the same (date, start, id) order, so the slices follow one another.
  const sessions: Session[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) sessions.push(...(await listSessions(store, { ids: ids.slice(i, i + IDS_PER_QUERY) })));
  return sessions;
}

/** How many sessions are due an entry (for `charter-status`). */
export async function countSessionsWithoutLogbook(store: Store, today: IsoDate): Promise<number> {
  const row = await store.one(sql<{ n: number }>`${sessionsDueEntry(store, today, sql`count(*) AS n`)}`);
  return count(row?.n);
}

/** The charter-status action this feature adds: entries to write. */
export async function logbookStatusActions(store: Store, today: IsoDate): Promise<Action[]> {
  const due = await countSessionsWithoutLogbook(store, today);
  if (due === 0) return [];
  return [
    {
      code: 'carnet_de_bord_manquant',
      message: `${countOf(due, 'séance', 'séances')} de plus de ${MISSING_AFTER_DAYS} jours sans entrée au carnet de bord (art. 5) : voyez « cafcharte logbook missing ».`,
    },
  ];
}

/** A reserved-slot session (art. 5) and whether the carnet de bord already covers it. */
export interface ReservedSlotSession extends Session {
  hasEntry: boolean;
}

/** The planned reserved-slot sessions (not cancelled) of one place between two dates, in order. */
export async function reservedSlotSessions(store: Store, placeId: number, from: IsoDate, to: IsoDate): Promise<ReservedSlotSession[]> {
  const planned = (await listSessions(store, { placeIds: [placeId], from, to, types: ['creneau-reserve'] })).filter((s) => !s.cancelled);
  const sessions: ReservedSlotSession[] = [];
  for (const session of planned) sessions.push({ ...session, hasEntry: await sessionHasEntry(store, session.id) });
  return sessions;
}

/** True when a live entry covers the session (linked to it, or at its place, day and start time). */
export async function sessionHasEntry(store: Store, sessionId: number): Promise<boolean> {
  return (await store.one(sql`SELECT 1 AS covered FROM sessions s WHERE s.id = ${sessionId} AND NOT (${sql.raw(SESSION_HAS_NO_ENTRY)})`)) !== undefined;
}

/**
 * Zero attendance for each reserved-slot session, all or nothing: one entry per session, linked
 * to it, with its time, duration and animators. A session covered meanwhile (another process)
 * stops the whole write.
 */
export function recordNoPublic(store: Store, sessions: Session[], author: string, at: string): Promise<LogbookEntry[]> {
  return store.transaction(async (tx) => {
    const entries: LogbookEntry[] = [];
    for (const s of sessions) {
      if (await sessionHasEntry(tx, s.id)) throw new ConflictError(`--session : la séance n° ${s.id} a déjà une entrée au carnet de bord ; rien n’a été enregistré.`);
      entries.push(
        await insertEntry(
          tx,
          {
            date: s.date,
            startTime: s.start,
            placeId: s.placeId,
            sessionId: s.id,
            type: 'creneau-reserve',
            received: 0,
            firstTimers: 0,
            durationMinutes: durationMinutes(s.start, s.end),
            animators: s.animators,
            remarks: null,
            resultsText: null,
            onlineDeclarations: 0,
            accountsCreated: 0,
            emailsSent: 0,
            certificates: 0,
            completedProcedures: 0,
          },
          author,
          at,
        ),
      );
    }
    return entries;
  });
}
