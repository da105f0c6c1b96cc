// The carnet de bord repository: entries, their append-only history, the totals that both
// `logbook list` and the semester report print (one query, so they can never disagree), and
// the sessions still waiting for an entry.
import type { Db } from './open.js';
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

const SELECT_ENTRY = `SELECT e.*, p.name AS place_name, p.commune_insee AS commune_insee
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
export function getEntry(db: Db, id: number): LogbookEntry | undefined {
  const row = db.prepare(`${SELECT_ENTRY} WHERE e.id = ?`).get(id) as EntryRow | undefined;
  return row && fromRow(row);
}

/** An entry by id, or NotFoundError (exit 3). */
export function requireEntry(db: Db, id: number): LogbookEntry {
  const entry = getEntry(db, id);
  if (!entry) throw new NotFoundError(`aucune entrée n° ${id} dans le carnet de bord ; voyez « cafcharte logbook list ».`);
  return entry;
}

/**
 * SQL condition on an entry `e`: a reserved slot (art. 5) where nobody came. `logbook sans-public`
 * records these; the report counts them apart from the workshops held.
 */
export const NO_PUBLIC_SLOT = `(e.type = 'creneau-reserve' AND e.received = 0)`;

/** The WHERE clause shared by the listing and the totals: removed entries never count. */
function whereOf(filter: LogbookFilter): { sql: string; params: unknown[] } {
  const parts = ['e.removed_at IS NULL'];
  const params: unknown[] = [];
  const within = (column: string, values: unknown[]) => {
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (filter.from) {
    parts.push('e.date >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    parts.push('e.date <= ?');
    params.push(filter.to);
  }
  if (filter.placeIds?.length) within('e.place_id', filter.placeIds);
  if (filter.communeInsee?.length) within('p.commune_insee', filter.communeInsee);
  if (filter.types?.length) within('e.type', filter.types);
  return { sql: parts.join(' AND '), params };
}

/** Entries of a filter (removed ones excluded), by date and start time. */
export function listEntries(db: Db, filter: LogbookFilter = {}): LogbookEntry[] {
  const where = whereOf(filter);
  const rows = db
    .prepare(`${SELECT_ENTRY} WHERE ${where.sql} ORDER BY e.date, coalesce(e.start_time, ''), e.id`)
    .all(...where.params) as EntryRow[];
  return rows.map(fromRow);
}

/**
 * THE totals of the carnet de bord over a filter. `logbook list` and the semester report both
 * call this function: their figures come from the same query.
 */
export function logbookTotals(db: Db, filter: LogbookFilter = {}): LogbookTotals {
  const where = whereOf(filter);
  const row = db
    .prepare(
      `SELECT count(*) AS entries,
              coalesce(sum(CASE WHEN ${NO_PUBLIC_SLOT} THEN 1 ELSE 0 END), 0) AS noPublicSlots,
              coalesce(sum(e.received), 0) AS received,
              coalesce(sum(e.first_timers), 0) AS firstTimers,
              coalesce(sum(e.duration_minutes), 0) AS durationMinutes,
              coalesce(sum(e.online_declarations), 0) AS onlineDeclarations,
              coalesce(sum(e.accounts_created), 0) AS accountsCreated,
              coalesce(sum(e.emails_sent), 0) AS emailsSent,
              coalesce(sum(e.certificates), 0) AS certificates,
              coalesce(sum(e.completed_procedures), 0) AS completedProcedures
       FROM logbook_entries e JOIN places p ON p.id = e.place_id
       WHERE ${where.sql}`,
    )
    .get(...where.params) as LogbookTotals;
  return { ...row };
}

/**
 * The live entry that the new one would duplicate: same session, or same place, date and start
 * time. `exceptId` leaves out the entry being edited. Two indexed lookups rather than one OR,
 * which SQLite would answer by scanning the whole table.
 */
export function findDuplicate(
  db: Db,
  fields: Pick<LogbookFields, 'sessionId' | 'placeId' | 'date' | 'startTime'>,
  exceptId = 0,
): LogbookEntry | undefined {
  const live = `e.removed_at IS NULL AND e.id <> ?`;
  const bySession =
    fields.sessionId === null
      ? undefined
      : (db.prepare(`${SELECT_ENTRY} WHERE e.session_id = ? AND ${live} ORDER BY e.id LIMIT 1`).get(fields.sessionId, exceptId) as EntryRow | undefined);
  const bySlot =
    bySession || fields.startTime === null
      ? undefined
      : (db
          .prepare(`${SELECT_ENTRY} WHERE e.place_id = ? AND e.date = ? AND e.start_time = ? AND ${live} ORDER BY e.id LIMIT 1`)
          .get(fields.placeId, fields.date, fields.startTime, exceptId) as EntryRow | undefined);
  const row = bySession ?? bySlot;
  return row && fromRow(row);
}

function appendHistory(db: Db, entryId: number, action: HistoryAction, author: string, at: string, before: LogbookEntry | null, after: LogbookEntry | null): void {
  const snapshot = (e: LogbookEntry | null) => (e ? JSON.stringify(logbookEntryJson(e)) : null);
  db.prepare('INSERT INTO logbook_history (entry_id, at, author, action, before, after) VALUES (?, ?, ?, ?, ?, ?)').run(
    entryId,
    at,
    author,
    action,
    snapshot(before),
    snapshot(after),
  );
}

/**
 * Called inside the write transaction with the live entry the new fields would duplicate (or
 * undefined); throws to refuse. Checked there, not before, so two identical adds at the same
 * instant cannot both pass the check.
 */
export type DuplicatePolicy = (duplicate: LogbookEntry | undefined) => void;

/** Saves a new entry and its « ajout » history line, in one transaction. */
export function insertEntry(db: Db, fields: LogbookFields, author: string, at: string, onDuplicate?: DuplicatePolicy): LogbookEntry {
  return db
    .transaction(() => {
      onDuplicate?.(findDuplicate(db, fields));
      const info = db
        .prepare(
          `INSERT INTO logbook_entries (date, start_time, place_id, session_id, type, received, first_timers, duration_minutes,
             animators, remarks, online_declarations, accounts_created, emails_sent, certificates, completed_procedures,
             results_text, author, created_at, updated_at)
           VALUES (@date, @start_time, @place_id, @session_id, @type, @received, @first_timers, @duration_minutes,
             @animators, @remarks, @online_declarations, @accounts_created, @emails_sent, @certificates, @completed_procedures,
             @results_text, @author, @at, @at)`,
        )
        .run({ ...columns(fields), author, at });
      const entry = getEntry(db, Number(info.lastInsertRowid))!;
      appendHistory(db, entry.id, 'ajout', author, at, null, entry);
      return entry;
    })
    .immediate();
}

/** Rewrites an entry's fields and records before and after. */
export function updateEntry(db: Db, id: number, fields: LogbookFields, author: string, at: string, onDuplicate?: DuplicatePolicy): LogbookEntry {
  return db
    .transaction(() => {
      const before = requireEntry(db, id);
      onDuplicate?.(findDuplicate(db, fields, id));
      if (before.removedAt) throw new ConflictError(`l’entrée n° ${id} est supprimée ; restaurez-la d’abord (« cafcharte logbook restore ${id} »).`);
      db.prepare(
        `UPDATE logbook_entries SET date = @date, start_time = @start_time, place_id = @place_id, session_id = @session_id,
           type = @type, received = @received, first_timers = @first_timers, duration_minutes = @duration_minutes,
           animators = @animators, remarks = @remarks, online_declarations = @online_declarations,
           accounts_created = @accounts_created, emails_sent = @emails_sent, certificates = @certificates,
           completed_procedures = @completed_procedures, results_text = @results_text, updated_at = @at
         WHERE id = @id`,
      ).run({ ...columns(fields), at, id });
      const after = getEntry(db, id)!;
      appendHistory(db, id, 'modification', author, at, before, after);
      return after;
    })
    .immediate();
}

/** Soft delete: the entry stays, out of lists and reports, restorable. */
export function removeEntry(db: Db, id: number, reason: string, author: string, at: string): LogbookEntry {
  return db
    .transaction(() => {
      const before = requireEntry(db, id);
      if (before.removedAt) throw new ConflictError(`l’entrée n° ${id} est déjà supprimée (le ${before.removedAt.slice(0, 10)}).`);
      db.prepare('UPDATE logbook_entries SET removed_at = ?, removal_reason = ?, updated_at = ? WHERE id = ?').run(at, reason, at, id);
      const after = getEntry(db, id)!;
      appendHistory(db, id, 'suppression', author, at, before, after);
      return after;
    })
    .immediate();
}

/** Undoes a soft delete. A live entry for the same session or time makes it a conflict. */
export function restoreEntry(db: Db, id: number, author: string, at: string): LogbookEntry {
  return db
    .transaction(() => {
      const before = requireEntry(db, id);
      if (!before.removedAt) throw new ConflictError(`l’entrée n° ${id} n’est pas supprimée : rien à restaurer.`);
      const clash = findDuplicate(db, before, id);
      if (clash) {
        throw new ConflictError(
          `l’entrée n° ${id} ferait doublon avec l’entrée n° ${clash.id} (même séance ou même lieu, date et heure) ; supprimez l’une des deux d’abord.`,
        );
      }
      db.prepare('UPDATE logbook_entries SET removed_at = NULL, removal_reason = NULL, updated_at = ? WHERE id = ?').run(at, id);
      const after = getEntry(db, id)!;
      appendHistory(db, id, 'restauration', author, at, before, after);
      return after;
    })
    .immediate();
}

/** The history of one entry, oldest first. */
export function entryHistory(db: Db, entryId: number): LogbookHistoryRow[] {
  const rows = db.prepare('SELECT * FROM logbook_history WHERE entry_id = ? ORDER BY id').all(entryId) as {
    id: number;
    entry_id: number;
    at: string;
    author: string;
    action: HistoryAction;
    before: string | null;
    after: string | null;
  }[];
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
// Sessions, read straight from their table (the sessions repository is another module).

/** What the logbook needs to know about a session. */
export interface SessionForLogbook {
  id: number;
  placeId: number;
  placeName: string;
  date: IsoDate;
  startTime: string;
  endTime: string;
  type: SessionType;
  animators: string[];
  cancelled: boolean;
}

interface SessionRow {
  id: number;
  place_id: number;
  place_name: string;
  date: string;
  start_time: string;
  end_time: string;
  type: string;
  animators: string;
  status: string;
}

const SELECT_SESSION = `SELECT s.id, s.place_id, p.name AS place_name, s.date, s.start_time, s.end_time, s.type, s.animators, s.status
  FROM sessions s JOIN places p ON p.id = s.place_id`;

function sessionFromRow(row: SessionRow): SessionForLogbook {
  return {
    id: row.id,
    placeId: row.place_id,
    placeName: row.place_name,
    date: row.date,
    startTime: row.start_time,
    endTime: row.end_time,
    type: row.type as SessionType,
    animators: JSON.parse(row.animators) as string[],
    cancelled: row.status === 'annulee',
  };
}

export function getSessionForLogbook(db: Db, id: number): SessionForLogbook | undefined {
  const row = db.prepare(`${SELECT_SESSION} WHERE s.id = ?`).get(id) as SessionRow | undefined;
  return row && sessionFromRow(row);
}

/** The sessions held at a place on a day (not cancelled), for the « which session? » question. */
export function sessionsOfDay(db: Db, placeId: number, date: IsoDate): SessionForLogbook[] {
  const rows = db
    .prepare(`${SELECT_SESSION} WHERE s.place_id = ? AND s.date = ? AND s.status <> 'annulee' ORDER BY s.start_time`)
    .all(placeId, date) as SessionRow[];
  return rows.map(sessionFromRow);
}

// Not cancelled, more than 7 days old, and no live entry: neither one linked to the session nor
// one at the same place, date and start time. Two NOT EXISTS, each answered by an index.
/**
 * SQL condition on a session `s`: no live logbook entry covers it, neither linked to it nor at
 * its place, day and start time. The one definition used by `logbook missing` and the report.
 */
export const SESSION_HAS_NO_ENTRY = `NOT EXISTS (SELECT 1 FROM logbook_entries e WHERE e.session_id = s.id AND e.removed_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM logbook_entries e WHERE e.place_id = s.place_id AND e.date = s.date
                    AND e.start_time = s.start_time AND e.removed_at IS NULL)`;

const WITHOUT_LOGBOOK = `s.status <> 'annulee' AND s.date < ? AND ${SESSION_HAS_NO_ENTRY}`;

/** Sessions that took place more than 7 days before `today` and still have no entry. */
export function sessionsWithoutLogbook(db: Db, today: IsoDate): SessionForLogbook[] {
  const rows = db
    .prepare(`${SELECT_SESSION} WHERE ${WITHOUT_LOGBOOK} ORDER BY s.date, s.start_time, s.id`)
    .all(addDaysIso(today, -MISSING_AFTER_DAYS)) as SessionRow[];
  return rows.map(sessionFromRow);
}

/** How many sessions are due an entry (for `charter-status`). */
export function countSessionsWithoutLogbook(db: Db, today: IsoDate): number {
  const row = db.prepare(`SELECT count(*) AS n FROM sessions s WHERE ${WITHOUT_LOGBOOK}`).get(addDaysIso(today, -MISSING_AFTER_DAYS)) as { n: number };
  return row.n;
}

/** The charter-status action this feature adds: entries to write. */
export function logbookStatusActions(db: Db, today: IsoDate): Action[] {
  const count = countSessionsWithoutLogbook(db, today);
  if (count === 0) return [];
  return [
    {
      code: 'carnet_de_bord_manquant',
      message: `${countOf(count, 'séance', 'séances')} de plus de ${MISSING_AFTER_DAYS} jours sans entrée au carnet de bord (art. 5) : voyez « cafcharte logbook missing ».`,
    },
  ];
}

/** A reserved-slot session (art. 5) and whether the carnet de bord already covers it. */
export interface ReservedSlotSession extends SessionForLogbook {
  hasEntry: boolean;
}

/** The planned reserved-slot sessions (not cancelled) of one place between two dates, in order. */
export function reservedSlotSessions(db: Db, placeId: number, from: IsoDate, to: IsoDate): ReservedSlotSession[] {
  const rows = db
    .prepare(
      `${SELECT_SESSION} WHERE s.place_id = ? AND s.date BETWEEN ? AND ? AND s.type = 'creneau-reserve' AND s.status <> 'annulee'
       ORDER BY s.date, s.start_time, s.id`,
    )
    .all(placeId, from, to) as SessionRow[];
  return rows.map((row) => ({ ...sessionFromRow(row), hasEntry: sessionHasEntry(db, row.id) }));
}

/** True when a live entry covers the session (linked to it, or at its place, day and start time). */
export function sessionHasEntry(db: Db, sessionId: number): boolean {
  return db.prepare(`SELECT 1 FROM sessions s WHERE s.id = ? AND NOT (${SESSION_HAS_NO_ENTRY})`).get(sessionId) !== undefined;
}

/**
 * Zero attendance for each reserved-slot session, all or nothing: one entry per session, linked
 * to it, with its time, duration and animators. A session covered meanwhile (another process)
 * stops the whole write.
 */
export function recordNoPublic(db: Db, sessions: SessionForLogbook[], author: string, at: string): LogbookEntry[] {
  return db
    .transaction(() =>
      sessions.map((s) => {
        if (sessionHasEntry(db, s.id)) throw new ConflictError(`--session : la séance n° ${s.id} a déjà une entrée au carnet de bord ; rien n’a été enregistré.`);
        return insertEntry(
          db,
          {
            date: s.date,
            startTime: s.startTime,
            placeId: s.placeId,
            sessionId: s.id,
            type: 'creneau-reserve',
            received: 0,
            firstTimers: 0,
            durationMinutes: durationMinutes(s.startTime, s.endTime),
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
        );
      }),
    )
    .immediate();
}
