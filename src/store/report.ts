// The SQL aggregates of the semester report that no other repository offers. Every figure is
// computed by SQLite (GROUP BY over indexed ranges): a five-year store holds a million CAF
// figures and 100,000 logbook entries, and the report must never load them into JavaScript.
import type { Db } from './open.js';
import type { Store } from './engine.js';
import { addDaysIso, type IsoDate } from '../domain/dates.js';
import { computeCharterStatus } from '../domain/charter.js';
import type { ReportInput } from '../domain/report.js';
import { previousSemester, sameSemesterYearBefore, semesterRange, type Semester } from '../domain/semester.js';
import { TERRITORY_NAME } from '../domain/territory.js';
import { perimeterMonthly, territoryMonthly, territorySectionsMonthly, type MonthSpan, type StoredIndicator } from './cafTerritory.js';
import { loadCharterFacts } from './charterLegacy.js';
import { logbookTotals, NO_PUBLIC_SLOT, SESSION_HAS_NO_ENTRY } from './logbook.js';

export interface DateSpan {
  from: IsoDate;
  to: IsoDate;
}

/** Logbook counts grouped by one dimension; removed entries never count. */
export interface LogbookGroup {
  key: string;
  entries: number;
  received: number;
}

const LOGBOOK_GROUPS = {
  type: 'e.type',
  place: 'e.place_id',
  commune: 'p.commune_insee',
  month: "substr(e.date, 1, 7)",
} as const;

export function logbookGroups(db: Db, by: keyof typeof LOGBOOK_GROUPS, span: DateSpan): LogbookGroup[] {
  const key = LOGBOOK_GROUPS[by];
  return db
    .prepare(
      `SELECT CAST(${key} AS TEXT) AS key, count(*) AS entries, coalesce(sum(e.received), 0) AS received
       FROM logbook_entries e JOIN places p ON p.id = e.place_id
       WHERE e.removed_at IS NULL AND e.date BETWEEN ? AND ? AND NOT ${NO_PUBLIC_SLOT}
       GROUP BY ${key} ORDER BY received DESC, entries DESC, key`,
    )
    .all(span.from, span.to) as LogbookGroup[];
}

/** Seats booked against capacity, over the sessions of the span that take bookings (a capacity). */
export interface BookingTotals {
  sessions: number;
  capacity: number;
  confirmedSeats: number;
  waitingSeats: number;
}

export function bookingTotals(db: Db, span: DateSpan): BookingTotals {
  // Seats are summed per session through the (session_id, status) index: only the semester's
  // sessions are visited, never the whole bookings table.
  return db
    .prepare(
      `SELECT count(*) AS sessions, coalesce(sum(capacity), 0) AS capacity,
              coalesce(sum(confirmed), 0) AS confirmedSeats, coalesce(sum(waiting), 0) AS waitingSeats
       FROM (SELECT s.capacity,
                    (SELECT sum(seats) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmee') AS confirmed,
                    (SELECT sum(seats) FROM bookings b WHERE b.session_id = s.id AND b.status = 'attente') AS waiting
             FROM sessions s
             WHERE s.status = 'prevue' AND s.capacity > 0 AND s.date BETWEEN ? AND ?)`,
    )
    .get(span.from, span.to) as BookingTotals;
}

export function cancelledSessionCount(db: Db, span: DateSpan): number {
  return db.prepare("SELECT count(*) FROM sessions WHERE status = 'annulee' AND date BETWEEN ? AND ?").pluck().get(span.from, span.to) as number;
}

/** A remark of the carnet de bord, with where and when it was written. */
export interface RemarkRow {
  date: IsoDate;
  placeName: string;
  communeInsee: string;
  remarks: string;
  /** The entry's free-text results (art. 5: "remarques éventuelles sur le déroulement, résultats"). */
  results: string;
}

/** Entries with remarks or free-text results; an empty side is ''. */
export function logbookRemarks(db: Db, span: DateSpan): RemarkRow[] {
  return db
    .prepare(
      `SELECT e.date, p.name AS placeName, p.commune_insee AS communeInsee,
              trim(coalesce(e.remarks, '')) AS remarks, trim(coalesce(e.results_text, '')) AS results
       FROM logbook_entries e JOIN places p ON p.id = e.place_id
       WHERE e.removed_at IS NULL AND e.date BETWEEN ? AND ?
         AND (trim(coalesce(e.remarks, '')) <> '' OR trim(coalesce(e.results_text, '')) <> '')
       ORDER BY e.date, p.name, e.id`,
    )
    .all(span.from, span.to) as RemarkRow[];
}

export interface UnloggedSession {
  id: number;
  date: IsoDate;
  startTime: string;
  type: string;
  placeName: string;
}

/**
 * Sessions held (not cancelled) in the span with no live logbook entry: neither one linked to
 * the session nor one at the same place, date and start time (the rule of `logbook missing`).
 */
export function sessionsWithoutEntry(db: Db, span: DateSpan): UnloggedSession[] {
  return db
    .prepare(
      `SELECT s.id, s.date, s.start_time AS startTime, s.type, p.name AS placeName
       FROM sessions s JOIN places p ON p.id = s.place_id
       WHERE s.status <> 'annulee' AND s.date BETWEEN ? AND ? AND ${SESSION_HAS_NO_ENTRY}
       ORDER BY s.date, s.start_time, s.id`,
    )
    .all(span.from, span.to) as UnloggedSession[];
}

/** Places with no live logbook entry in the span. */
export function placesWithoutActivity(db: Db, span: DateSpan): { id: number; name: string; communeInsee: string }[] {
  return db
    .prepare(
      `SELECT p.id, p.name, p.commune_insee AS communeInsee FROM places p
       WHERE NOT EXISTS (SELECT 1 FROM logbook_entries e WHERE e.place_id = p.id AND e.removed_at IS NULL AND e.date BETWEEN ? AND ?)
       ORDER BY p.name`,
    )
    .all(span.from, span.to) as { id: number; name: string; communeInsee: string }[];
}

/** Place names by id, for the groups keyed by place. */
export function placeNames(db: Db): Map<number, { name: string; communeInsee: string }> {
  const rows = db.prepare('SELECT id, name, commune_insee AS communeInsee FROM places').all() as { id: number; name: string; communeInsee: string }[];
  return new Map(rows.map((r) => [r.id, { name: r.name, communeInsee: r.communeInsee }]));
}

/** Meetings, avenants and breaches that concern the span. */
export function committeeFacts(db: Db, span: DateSpan) {
  return {
    meetings: db.prepare('SELECT held_on AS heldOn, place FROM copil_meetings WHERE held_on BETWEEN ? AND ? ORDER BY held_on, id').all(span.from, span.to) as {
      heldOn: IsoDate;
      place: string | null;
    }[],
    amendments: db
      .prepare('SELECT number, signed_on AS signedOn, subject FROM amendments WHERE signed_on BETWEEN ? AND ? ORDER BY number')
      .all(span.from, span.to) as { number: number; signedOn: IsoDate; subject: string }[],
    // A breach concerns the semester when it was notified before its end and not resolved before its start.
    breaches: db
      .prepare(
        `SELECT id, by_party AS byParty, received_on AS receivedOn, reason, resolved_on AS resolvedOn FROM breaches
         WHERE received_on <= ? AND (resolved_on IS NULL OR resolved_on >= ?) ORDER BY received_on, id`,
      )
      .all(span.to, span.from) as { id: number; byParty: 'commune' | 'caf'; receivedOn: IsoDate; reason: string; resolvedOn: IsoDate | null }[],
  };
}

function monthSpan(semester: Semester): MonthSpan {
  const { months } = semesterRange(semester);
  return { from: months[0], to: months[months.length - 1] };
}

/**
 * Every aggregate of one semester's report, plus the totals of the two periods it is compared
 * with. `communication` is left null: the command fills it from its own module.
 */
export async function loadReportInput(store: Store, db: Db, semester: Semester, today: IsoDate): Promise<ReportInput> {
  const dates = semesterRange(semester);
  const span: DateSpan = { from: dates.from, to: dates.to };
  const months = monthSpan(semester);
  const previous = monthSpan(previousSemester(semester));
  const yearBefore = monthSpan(sameSemesterYearBefore(semester));
  const periods = (indicator: StoredIndicator) => ({
    current: territoryMonthly(db, indicator, months),
    previous: territoryMonthly(db, indicator, previous),
    yearBefore: territoryMonthly(db, indicator, yearBefore),
  });
  return {
    semester,
    today,
    territory: TERRITORY_NAME,
    charter: computeCharterStatus(loadCharterFacts(db), dates.to),
    caf: {
      consultations: periods('consultations'),
      onlineDeclarations: periods('teledeclarations'),
      sectionsTotal: periods('rubrique'),
      sections: { current: territorySectionsMonthly(db, months), previous: territorySectionsMonthly(db, previous), yearBefore: territorySectionsMonthly(db, yearBefore) },
      perimeters: perimeterMonthly(db, months),
    },
    logbook: {
      totals: await logbookTotals(store, span),
      byType: logbookGroups(db, 'type', span),
      byPlace: logbookGroups(db, 'place', span),
      byCommune: logbookGroups(db, 'commune', span),
      byMonth: logbookGroups(db, 'month', span),
    },
    places: placeNames(db),
    bookings: bookingTotals(db, span),
    cancelledSessions: cancelledSessionCount(db, span),
    committee: committeeFacts(db, span),
    remarks: logbookRemarks(db, span),
    // A session still to come (the semester in progress) is not missing its entry yet.
    unloggedSessions: sessionsWithoutEntry(db, { from: span.from, to: [span.to, addDaysIso(today, -1)].sort()[0] }),
    idlePlaces: placesWithoutActivity(db, span),
    communication: null,
  };
}
