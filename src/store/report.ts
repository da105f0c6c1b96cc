// The SQL aggregates of the semester report that no other repository offers. Every figure is
// computed by the engine (GROUP BY over indexed ranges): a five-year store holds a million CAF
// figures and 100,000 logbook entries, and the report must never load them into JavaScript.
// Every ORDER BY is total, so that both engines list in the same order.
import { sql } from './sql.js';
import type { Store } from './engine.js';
import { addDaysIso, type IsoDate } from '../domain/dates.js';
import { computeCharterStatus } from '../domain/charter.js';
import type { ReportInput } from '../domain/report.js';
import { previousSemester, sameSemesterYearBefore, semesterRange, type Semester } from '../domain/semester.js';
import { TERRITORY_NAME } from '../domain/territory.js';
import type { Indicator } from '../domain/cafFigures/types.js';
import { perimeterMonthly, territoryMonthlyOf, territorySectionsMonthly, type MonthSpan } from './cafTerritory.js';
import { loadCharterFacts } from './charter.js';
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

export async function logbookGroups(store: Store, by: keyof typeof LOGBOOK_GROUPS, span: DateSpan): Promise<LogbookGroup[]> {
  const key = sql.raw(LOGBOOK_GROUPS[by]);
  return store.all(sql<LogbookGroup>`
    SELECT CAST(${key} AS TEXT) AS key, count(*) AS entries, coalesce(sum(e.received), 0) AS received
    FROM logbook_entries e JOIN places p ON p.id = e.place_id
    WHERE e.removed_at IS NULL AND e.date BETWEEN ${span.from} AND ${span.to} AND NOT ${sql.raw(NO_PUBLIC_SLOT)}
    GROUP BY ${key} ORDER BY received DESC, entries DESC, key`);
}

/** Seats booked against capacity, over the sessions of the span that take bookings (a capacity). */
export interface BookingTotals {
  sessions: number;
  capacity: number;
  confirmedSeats: number;
  waitingSeats: number;
}

export async function bookingTotals(store: Store, span: DateSpan): Promise<BookingTotals> {
  // Seats are summed per session through the (session_id, status) index: only the semester's
  // sessions are visited, never the whole bookings table.
  return (await store.one(sql<BookingTotals>`
    SELECT count(*) AS sessions, coalesce(sum(capacity), 0) AS capacity,
           coalesce(sum(confirmed), 0) AS "confirmedSeats", coalesce(sum(waiting), 0) AS "waitingSeats"
    FROM (SELECT s.capacity,
                 (SELECT sum(seats) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmee') AS confirmed,
                 (SELECT sum(seats) FROM bookings b WHERE b.session_id = s.id AND b.status = 'attente') AS waiting
          FROM sessions s
          WHERE s.status = 'prevue' AND s.capacity > 0 AND s.date BETWEEN ${span.from} AND ${span.to}) AS semester_sessions`))!;
}

export async function cancelledSessionCount(store: Store, span: DateSpan): Promise<number> {
  const row = await store.one(sql<{ n: number }>`SELECT count(*) AS n FROM sessions WHERE status = 'annulee' AND date BETWEEN ${span.from} AND ${span.to}`);
  return Number(row!.n);
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
export async function logbookRemarks(store: Store, span: DateSpan): Promise<RemarkRow[]> {
  return store.all(sql<RemarkRow>`
    SELECT e.date, p.name AS "placeName", p.commune_insee AS "communeInsee",
           trim(coalesce(e.remarks, '')) AS remarks, trim(coalesce(e.results_text, '')) AS results
    FROM logbook_entries e JOIN places p ON p.id = e.place_id
    WHERE e.removed_at IS NULL AND e.date BETWEEN ${span.from} AND ${span.to}
      AND (trim(coalesce(e.remarks, '')) <> '' OR trim(coalesce(e.results_text, '')) <> '')
    ORDER BY e.date, p.name, e.id`);
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
export async function sessionsWithoutEntry(store: Store, span: DateSpan): Promise<UnloggedSession[]> {
  return store.all(sql<UnloggedSession>`
    SELECT s.id, s.date, s.start_time AS "startTime", s.type, p.name AS "placeName"
    FROM sessions s JOIN places p ON p.id = s.place_id
    WHERE s.status <> 'annulee' AND s.date BETWEEN ${span.from} AND ${span.to} AND ${sql.raw(SESSION_HAS_NO_ENTRY)}
    ORDER BY s.date, s.start_time, s.id`);
}

/** Places with no live logbook entry in the span. */
export async function placesWithoutActivity(store: Store, span: DateSpan): Promise<{ id: number; name: string; communeInsee: string }[]> {
  return store.all(sql<{ id: number; name: string; communeInsee: string }>`
    SELECT p.id, p.name, p.commune_insee AS "communeInsee" FROM places p
    WHERE NOT EXISTS (SELECT 1 FROM logbook_entries e WHERE e.place_id = p.id AND e.removed_at IS NULL AND e.date BETWEEN ${span.from} AND ${span.to})
    ORDER BY p.name, p.id`);
}

/** Place names by id, for the groups keyed by place. */
export async function placeNames(store: Store): Promise<Map<number, { name: string; communeInsee: string }>> {
  const rows = await store.all(sql<{ id: number; name: string; communeInsee: string }>`SELECT id, name, commune_insee AS "communeInsee" FROM places ORDER BY id`);
  return new Map(rows.map((r) => [r.id, { name: r.name, communeInsee: r.communeInsee }]));
}

/** Meetings, avenants and breaches that concern the span. */
export async function committeeFacts(store: Store, span: DateSpan) {
  return {
    meetings: await store.all(sql<{ heldOn: IsoDate; place: string | null }>`
      SELECT held_on AS "heldOn", place FROM copil_meetings WHERE held_on BETWEEN ${span.from} AND ${span.to} ORDER BY held_on, id`),
    amendments: await store.all(sql<{ number: number; signedOn: IsoDate; subject: string }>`
      SELECT number, signed_on AS "signedOn", subject FROM amendments WHERE signed_on BETWEEN ${span.from} AND ${span.to} ORDER BY number`),
    // A breach concerns the semester when it was notified before its end and not resolved before its start.
    breaches: await store.all(sql<{ id: number; byParty: 'commune' | 'caf'; receivedOn: IsoDate; reason: string; resolvedOn: IsoDate | null }>`
      SELECT id, by_party AS "byParty", received_on AS "receivedOn", reason, resolved_on AS "resolvedOn" FROM breaches
      WHERE received_on <= ${span.to} AND (resolved_on IS NULL OR resolved_on >= ${span.from}) ORDER BY received_on, id`),
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
export async function loadReportInput(store: Store, semester: Semester, today: IsoDate): Promise<ReportInput> {
  const dates = semesterRange(semester);
  const span: DateSpan = { from: dates.from, to: dates.to };
  const months = monthSpan(semester);
  const previous = monthSpan(previousSemester(semester));
  const yearBefore = monthSpan(sameSemesterYearBefore(semester));
  // The three indicators of each period in one read of its rows.
  const indicators: Indicator[] = ['consultations', 'onlineDeclaration', 'siteSection'];
  const byPeriod = {
    current: await territoryMonthlyOf(store, indicators, months),
    previous: await territoryMonthlyOf(store, indicators, previous),
    yearBefore: await territoryMonthlyOf(store, indicators, yearBefore),
  };
  const periods = (indicator: Indicator) => ({
    current: byPeriod.current.get(indicator)!,
    previous: byPeriod.previous.get(indicator)!,
    yearBefore: byPeriod.yearBefore.get(indicator)!,
  });
  const charter = computeCharterStatus(await loadCharterFacts(store), dates.to);
  const consultations = periods('consultations');
  const onlineDeclarations = periods('onlineDeclaration');
  // The sections follow the « rubrique » territory figures of their months (a month has no
  // figure for a section without rows, so the whole span's figures decide the same way).
  const sectionsTotal = periods('siteSection');
  return {
    semester,
    today,
    territory: TERRITORY_NAME,
    charter,
    caf: {
      consultations,
      onlineDeclarations,
      sectionsTotal,
      sections: {
        current: await territorySectionsMonthly(store, months, sectionsTotal.current),
        previous: await territorySectionsMonthly(store, previous, sectionsTotal.previous),
        yearBefore: await territorySectionsMonthly(store, yearBefore, sectionsTotal.yearBefore),
      },
      perimeters: await perimeterMonthly(store, months),
    },
    logbook: {
      totals: await logbookTotals(store, span),
      byType: await logbookGroups(store, 'type', span),
      byPlace: await logbookGroups(store, 'place', span),
      byCommune: await logbookGroups(store, 'commune', span),
      byMonth: await logbookGroups(store, 'month', span),
    },
    places: await placeNames(store),
    bookings: await bookingTotals(store, span),
    cancelledSessions: await cancelledSessionCount(store, span),
    committee: await committeeFacts(store, span),
    remarks: await logbookRemarks(store, span),
    // A session still to come (the semester in progress) is not missing its entry yet.
    unloggedSessions: await sessionsWithoutEntry(store, { from: span.from, to: [span.to, addDaysIso(today, -1)].sort()[0] }),
    idlePlaces: await placesWithoutActivity(store, span),
    communication: null,
  };
}
