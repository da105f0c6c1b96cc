// Sessions (workshops, reserved slots, events) and their anonymous bookings. Every write that
// depends on what is already stored (overlaps, seats) runs in one IMMEDIATE transaction, so two
// processes cannot both take the last seat or both fill the same hour.
import type { Db } from './open.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { communeByInsee } from '../domain/territory.js';
import { formatDateShortFr, type IsoDate, type LocalTime } from '../domain/dates.js';
import { SESSION_TYPE_LABELS, type SessionType } from '../domain/sessionTypes.js';
import {
  decideBooking,
  requestsToPromote,
  sessionStatus,
  spansOverlap,
  type SessionStatus,
  type WaitingRequest,
} from '../domain/sessions.js';
import { countOf, plural } from '../domain/french.js';

/** What a listing shows of a session: cheap to read by the ten thousand. */
export interface SessionSummary {
  id: number;
  placeId: number;
  placeName: string;
  communeName: string;
  date: IsoDate;
  start: LocalTime;
  end: LocalTime;
  type: SessionType;
  /** null: free access, no seat limit. */
  capacity: number | null;
  cancelled: boolean;
  /** Seats confirmed. */
  booked: number;
  /** Seats asked for on the waiting list, and how many requests. */
  waitingSeats: number;
  waitingRequests: number;
}

/** A session as read back, with its place and seat counts. */
export interface Session extends SessionSummary {
  placeAddress: string;
  placePostalCode: string;
  communeInsee: string;
  animators: string[];
  title: string | null;
  notes: string | null;
  seriesId: string | null;
  generatedFrom: string | null;
  cancelReason: string | null;
  cancelledAt: string | null;
  /** Changes after creation (edits, cancellation): the ICS SEQUENCE. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

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

/** Filters of `sessions list`, `export` and the report; all optional, combined with AND. */
export interface SessionFilter {
  from?: IsoDate;
  to?: IsoDate;
  placeIds?: number[];
  communeInsee?: string[];
  types?: SessionType[];
  /** prevue/passee need `today`. */
  status?: SessionStatus;
  /** Only planned sessions with a free seat (or no seat limit). */
  available?: boolean;
  /** Réunion date of today, for status and availability. */
  today?: IsoDate;
  ids?: number[];
}

/** Who and when, for the history. */
export interface Stamp {
  at: string;
  author: string;
}

// Counts are fetched per filter in one grouped query each, not by subqueries per row, and rows
// come back as arrays (better-sqlite3's raw mode) with places looked up once: listing 10,000
// sessions stays well under a second.
const COLUMNS = [
  'id', 'place_id', 'date', 'start_time', 'end_time', 'type', 'capacity', 'animators', 'title', 'notes',
  'series_id', 'generated_from', 'status', 'cancel_reason', 'cancelled_at', 'created_at', 'updated_at',
] as const;
type SessionRow = [
  id: number, placeId: number, date: string, start: string, end: string, type: SessionType, capacity: number | null,
  animators: string, title: string | null, notes: string | null, seriesId: string | null, generatedFrom: string | null,
  status: 'prevue' | 'annulee', cancelReason: string | null, cancelledAt: string | null, createdAt: string, updatedAt: string,
];
const SELECT_COLUMNS = COLUMNS.map((c) => `s.${c}`).join(', ');
const FROM = 'FROM sessions s JOIN places p ON p.id = s.place_id';

interface PlaceInfo {
  name: string;
  address: string;
  postalCode: string;
  communeInsee: string;
  communeName: string;
}

function placeInfos(db: Db): Map<number, PlaceInfo> {
  const rows = db.prepare('SELECT id, name, address, postal_code, commune_insee FROM places').all() as {
    id: number;
    name: string;
    address: string;
    postal_code: string;
    commune_insee: string;
  }[];
  return new Map(
    rows.map((p) => [
      p.id,
      {
        name: p.name,
        address: p.address,
        postalCode: p.postal_code,
        communeInsee: p.commune_insee,
        communeName: communeByInsee(p.commune_insee)?.name ?? p.commune_insee,
      },
    ]),
  );
}

interface Counts {
  booked: number;
  waiting_seats: number;
  waiting_requests: number;
  revision: number;
}

function countsFor(db: Db, where: string, params: Record<string, unknown>, withRevisions: boolean): Map<number, Counts> {
  const counts = new Map<number, Counts>();
  const entry = (id: number) => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = { booked: 0, waiting_seats: 0, waiting_requests: 0, revision: 0 }));
    return c;
  };
  const bookings = db
    .prepare(
      `SELECT b.session_id AS id, b.status, sum(b.seats) AS seats, count(*) AS n FROM bookings b JOIN sessions s ON s.id = b.session_id
       JOIN places p ON p.id = s.place_id ${where} ${where ? 'AND' : 'WHERE'} b.status <> 'annulee' GROUP BY b.session_id, b.status`,
    )
    .all(params) as { id: number; status: string; seats: number; n: number }[];
  for (const b of bookings) {
    const c = entry(b.id);
    if (b.status === 'confirmee') {
      c.booked = b.seats;
    } else {
      c.waiting_seats = b.seats;
      c.waiting_requests = b.n;
    }
  }
  if (!withRevisions) return counts;
  const revisions = db
    .prepare(
      `SELECT h.session_id AS id, count(*) AS n FROM session_history h JOIN sessions s ON s.id = h.session_id JOIN places p ON p.id = s.place_id
       ${where} ${where ? 'AND' : 'WHERE'} h.action IN ('modification', 'annulation') GROUP BY h.session_id`,
    )
    .all(params) as { id: number; n: number }[];
  for (const r of revisions) entry(r.id).revision = r.n;
  return counts;
}

const NO_COUNTS: Counts = { booked: 0, waiting_seats: 0, waiting_requests: 0, revision: 0 };

/** Rows and their counts for a WHERE clause over sessions s and places p. */
function selectSessions(db: Db, where: string, params: Record<string, unknown>): Session[] {
  // (date, start_time, id) follows the sessions_by_date index: no sort step.
  const counts = countsFor(db, where, params, true);
  const places = placeInfos(db);
  const rows = db
    .prepare(`SELECT ${SELECT_COLUMNS} ${FROM} ${where} ORDER BY s.date, s.start_time, s.id`)
    .raw(true)
    .all(params) as SessionRow[];
  return rows.map((row) => fromRow(row, places.get(row[1])!, counts.get(row[0]) ?? NO_COUNTS));
}

function fromRow(row: SessionRow, place: PlaceInfo, counts: Counts): Session {
  const [id, placeId, date, start, end, type, capacity, animators, title, notes, seriesId, generatedFrom, status, cancelReason, cancelledAt, createdAt, updatedAt] = row;
  return {
    id,
    placeId,
    placeName: place.name,
    placeAddress: place.address,
    placePostalCode: place.postalCode,
    communeInsee: place.communeInsee,
    communeName: place.communeName,
    date,
    start,
    end,
    type,
    capacity,
    animators: animators === '[]' ? [] : (JSON.parse(animators) as string[]),
    title,
    notes,
    seriesId,
    generatedFrom,
    cancelled: status === 'annulee',
    cancelReason,
    cancelledAt,
    booked: counts.booked,
    waitingSeats: counts.waiting_seats,
    waitingRequests: counts.waiting_requests,
    revision: counts.revision,
    createdAt,
    updatedAt,
  };
}

type SummaryRow = [id: number, placeId: number, date: string, start: string, end: string, type: SessionType, capacity: number | null, cancelled: 0 | 1];

/** Listing rows: eight columns instead of seventeen, no history count. */
function selectSummaries(db: Db, where: string, params: Record<string, unknown>): SessionSummary[] {
  const counts = countsFor(db, where, params, false);
  const places = placeInfos(db);
  const rows = db
    .prepare(`SELECT s.id, s.place_id, s.date, s.start_time, s.end_time, s.type, s.capacity, s.status = 'annulee' ${FROM} ${where} ORDER BY s.date, s.start_time, s.id`)
    .raw(true)
    .all(params) as SummaryRow[];
  return rows.map(([id, placeId, date, start, end, type, capacity, cancelled]) => {
    const place = places.get(placeId)!;
    const c = counts.get(id) ?? NO_COUNTS;
    return {
      id,
      placeId,
      placeName: place.name,
      communeName: place.communeName,
      date,
      start,
      end,
      type,
      capacity,
      cancelled: cancelled === 1,
      booked: c.booked,
      waitingSeats: c.waiting_seats,
      waitingRequests: c.waiting_requests,
    };
  });
}

function filterClause(filter: SessionFilter): { where: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const inList = (column: string, name: string, values: readonly (string | number)[]) => {
    const keys = values.map((v, i) => {
      params[`${name}${i}`] = v;
      return `@${name}${i}`;
    });
    where.push(keys.length ? `${column} IN (${keys.join(', ')})` : '0');
  };
  const condition = (sql: string, values: Record<string, unknown> = {}) => {
    where.push(sql);
    Object.assign(params, values);
  };
  if (filter.from) condition('s.date >= @from', { from: filter.from });
  if (filter.to) condition('s.date <= @to', { to: filter.to });
  if (filter.placeIds) inList('s.place_id', 'place', filter.placeIds);
  if (filter.communeInsee) inList('p.commune_insee', 'commune', filter.communeInsee);
  if (filter.types) inList('s.type', 'type', filter.types);
  if (filter.ids) inList('s.id', 'id', filter.ids);
  // Past means "before today": without `today`, every planned session counts as to come.
  const today = filter.today ?? '0000-00-00';
  if (filter.status === 'annulee') condition("s.status = 'annulee'");
  if (filter.status === 'prevue' || filter.available) condition("s.status = 'prevue' AND s.date >= @today", { today });
  if (filter.status === 'passee') condition("s.status = 'prevue' AND s.date < @today", { today });
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

const hasSeat = (s: SessionSummary) => s.capacity === null || s.booked < s.capacity;

/** Sessions matching a filter, by date and time: the whole record, for JSON, exports and reports. */
export function listSessions(db: Db, filter: SessionFilter = {}): Session[] {
  const { where, params } = filterClause(filter);
  const sessions = selectSessions(db, where, params);
  return filter.available ? sessions.filter(hasSeat) : sessions;
}

/** The same sessions as listSessions, only what a table or a calendar shows. */
export function listSessionSummaries(db: Db, filter: SessionFilter = {}): SessionSummary[] {
  const { where, params } = filterClause(filter);
  const sessions = selectSummaries(db, where, params);
  return filter.available ? sessions.filter(hasSeat) : sessions;
}

export function getSession(db: Db, id: number): Session | undefined {
  return selectSessions(db, 'WHERE s.id = @id', { id })[0];
}

/** A session by number, or NotFoundError (exit 3). */
export function requireSession(db: Db, id: number): Session {
  const session = getSession(db, id);
  if (!session) throw new NotFoundError(`aucune séance n° ${id} ; voyez la liste avec « cafcharte sessions list ».`);
  return session;
}

/** One line naming a session, for conflicts and notes: "n° 4, mer. 2 déc. 2026 10:00-12:00, Télédéclaration, Médiathèque du Tampon". */
export function describeSession(s: Session): string {
  const title = s.title ? ` « ${s.title} »` : '';
  return `n° ${s.id}, ${formatDateShortFr(s.date)} ${s.start}-${s.end}, ${SESSION_TYPE_LABELS[s.type]}${title}, ${s.placeName}`;
}

/** Planned (not cancelled) sessions at a place that overlap a span. */
export function findOverlaps(db: Db, placeId: number, span: { date: IsoDate; start: LocalTime; end: LocalTime }, excludeId?: number): Session[] {
  return listSessions(db, { placeIds: [placeId], from: span.date, to: span.date }).filter(
    (s) => !s.cancelled && s.id !== excludeId && spansOverlap(s, span),
  );
}

function overlapError(conflicts: Session[]): ConflictError {
  return new ConflictError(
    'la séance chevauche une autre séance au même lieu ; changez l’horaire, ou ajoutez --chevauchement si c’est voulu (deux salles, co-animation).',
  ).withDetails(conflicts.map((c) => `  ${describeSession(c)}`));
}

// History is read by users (show --json): its keys are the French ones of the JSON output.
const HISTORY_KEYS: Record<string, string> = {
  placeId: 'lieu_id',
  date: 'date',
  start: 'debut',
  end: 'fin',
  type: 'type',
  capacity: 'capacite',
  animators: 'animateurs',
  title: 'titre',
  notes: 'notes',
  seriesId: 'serie',
  generatedFrom: 'creneau',
};

function frenchKeys(fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [HISTORY_KEYS[key] ?? key, value]));
}

function addHistory(db: Db, sessionId: number, stamp: Stamp, action: string, before: unknown, after: unknown): void {
  db.prepare('INSERT INTO session_history (session_id, at, author, action, before, after) VALUES (?, ?, ?, ?, ?, ?)').run(
    sessionId,
    stamp.at,
    stamp.author,
    action,
    before === null ? null : JSON.stringify(before),
    after === null ? null : JSON.stringify(after),
  );
}

/**
 * Creates sessions all together or not at all: one overlap refuses the whole series (unless
 * allowed), so a half-created series never has to be cleaned up by hand.
 */
export function createSessions(db: Db, inputs: SessionInput[], options: { allowOverlap: boolean }, stamp: Stamp): Session[] {
  const insert = db.prepare(
    `INSERT INTO sessions (place_id, date, start_time, end_time, type, capacity, animators, title, notes, series_id, generated_from, created_at, updated_at)
     VALUES (@placeId, @date, @start, @end, @type, @capacity, @animators, @title, @notes, @seriesId, @generatedFrom, @at, @at)`,
  );
  return db
    .transaction(() => {
      if (!options.allowOverlap) {
        const conflicts = inputs.flatMap((input) => findOverlaps(db, input.placeId, input));
        if (conflicts.length > 0) throw overlapError(conflicts);
      }
      return inputs.map((input) => {
        const info = insert.run({
          ...input,
          animators: JSON.stringify(input.animators),
          seriesId: input.seriesId ?? null,
          generatedFrom: input.generatedFrom ?? null,
          at: stamp.at,
        });
        const id = Number(info.lastInsertRowid);
        addHistory(db, id, stamp, 'creation', null, frenchKeys(input));
        return id;
      });
    })
    .immediate()
    .map((id) => getSession(db, id)!);
}

/** Fields `sessions edit` may change. */
export type SessionChanges = Partial<Omit<SessionInput, 'seriesId' | 'generatedFrom'>>;

/**
 * Applies changes to a future session, keeping before/after in the history. `isFuture` is
 * checked inside the transaction against the stored row, not a stale copy.
 */
export function updateSession(
  db: Db,
  id: number,
  changes: SessionChanges,
  options: { allowOverlap: boolean; isFuture: (s: Session) => boolean },
  stamp: Stamp,
): { session: Session; promoted: number } {
  const result = db
    .transaction(() => {
      const current = requireSession(db, id);
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
        const conflicts = findOverlaps(db, next.placeId, next, id);
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
      if (Object.keys(after).length === 0) return { promoted: 0 };
      db.prepare(
        `UPDATE sessions SET place_id = @placeId, date = @date, start_time = @start, end_time = @end, type = @type, capacity = @capacity,
           animators = @animators, title = @title, notes = @notes, updated_at = @at WHERE id = @id`,
      ).run({ ...next, animators: JSON.stringify(next.animators), at: stamp.at, id });
      addHistory(db, id, stamp, 'modification', frenchKeys(before), frenchKeys(after));
      // More seats may let the waiting list in.
      return { promoted: promoteWaiting(db, id, next.capacity, stamp) };
    })
    .immediate();
  return { session: requireSession(db, id), promoted: result.promoted };
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

/** Marks a session cancelled with its reason; nothing is deleted, bookings are kept as they were. */
export function cancelSession(db: Db, id: number, reason: string, stamp: Stamp): Session {
  db.transaction(() => {
    const current = requireSession(db, id);
    if (current.cancelled) throw new ConflictError(`la séance n° ${id} est déjà annulée (motif : ${current.cancelReason ?? '—'}).`);
    db.prepare("UPDATE sessions SET status = 'annulee', cancel_reason = ?, cancelled_at = ?, updated_at = ? WHERE id = ?").run(
      reason,
      stamp.at,
      stamp.at,
      id,
    );
    addHistory(db, id, stamp, 'annulation', { statut: 'prevue' }, { statut: 'annulee', motif: reason });
  }).immediate();
  return requireSession(db, id);
}

/** Outcome of a booking: confirmed seats or a place on the waiting list. */
export interface BookingResult {
  bookingId: number;
  status: 'confirmee' | 'attente';
  session: Session;
  /** Position of the request in the waiting list (1 = next), when waiting. */
  position?: number;
}

/**
 * Books seats in one IMMEDIATE transaction: the seat count is read and written under the
 * write lock, so of two processes racing for the last seat exactly one gets it. `overbook` is
 * the animator's decision to seat someone anyway (as RDV Service Public allows staff to do);
 * it is kept in the history as such.
 */
export function bookSeats(
  db: Db,
  id: number,
  request: { seats: number; acceptWaitingList: boolean; overbook?: boolean; note: string | null; today: IsoDate },
  stamp: Stamp,
): BookingResult {
  const result = db
    .transaction(() => {
      const session = requireSession(db, id);
      if (session.cancelled) throw new ConflictError(`la séance n° ${id} est annulée (motif : ${session.cancelReason ?? '—'}) ; on ne peut plus y réserver.`);
      if (sessionStatus(session, request.today) === 'passee') throw new ConflictError(`la séance n° ${id} est passée ; on ne peut plus y réserver.`);
      if (session.capacity !== null && request.seats > session.capacity && !request.overbook) {
        throw new UsageError(`--places : ${request.seats} places demandées, la séance n° ${id} n’en compte que ${session.capacity}.`);
      }
      const decision =
        session.capacity === null || request.overbook
          ? 'booked'
          : decideBooking(session.capacity, session.booked, waitingList(db, id), request.seats, request.acceptWaitingList);
      if (decision === 'full') {
        throw new ConflictError(
          `la séance n° ${id} est complète (${session.booked}/${session.capacity} places réservées${session.waitingRequests ? `, ${countOf(session.waitingRequests, 'demande', 'demandes')} en liste d’attente` : ''}) ; ajoutez --liste-attente pour inscrire la demande en liste d’attente.`,
        );
      }
      const status = decision === 'booked' ? 'confirmee' : 'attente';
      const info = db
        .prepare('INSERT INTO bookings (session_id, seats, status, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, request.seats, status, request.note, stamp.at, stamp.at);
      const bookingId = Number(info.lastInsertRowid);
      const overbooked = request.overbook && session.capacity !== null && session.booked + request.seats > session.capacity;
      const action = status === 'attente' ? 'liste-attente' : overbooked ? 'surreservation' : 'reservation';
      addHistory(db, id, stamp, action, null, { reservation: bookingId, places: request.seats });
      return { bookingId, status, position: status === 'attente' ? waitingList(db, id).length : undefined } as const;
    })
    .immediate();
  return { ...result, session: requireSession(db, id) };
}

/** Outcome of freeing seats. */
export interface UnbookResult {
  released: number;
  /** Seats moved from the waiting list to confirmed. */
  promotedSeats: number;
  promotedRequests: number;
  session: Session;
}

/**
 * Frees seats, most recent bookings first (a booking larger than what is freed is reduced), or
 * withdraws waiting-list requests; then serves the waiting list in arrival order.
 */
export function releaseSeats(db: Db, id: number, request: { seats: number; fromWaitingList: boolean }, stamp: Stamp): UnbookResult {
  const result = db
    .transaction(() => {
      const session = requireSession(db, id);
      const status = request.fromWaitingList ? 'attente' : 'confirmee';
      const held = request.fromWaitingList ? session.waitingSeats : session.booked;
      if (held < request.seats) {
        const what = request.fromWaitingList ? { one: 'en liste d’attente', other: 'en liste d’attente' } : { one: 'réservée', other: 'réservées' };
        throw new ConflictError(`la séance n° ${id} n’a que ${countOf(held, 'place', 'places')} ${plural(held, what.one, what.other)} ; impossible d’en libérer ${request.seats}.`);
      }
      const bookings = db
        .prepare('SELECT id, seats FROM bookings WHERE session_id = ? AND status = ? ORDER BY id DESC')
        .all(id, status) as { id: number; seats: number }[];
      let left = request.seats;
      for (const booking of bookings) {
        if (left === 0) break;
        if (booking.seats <= left) {
          db.prepare("UPDATE bookings SET status = 'annulee', updated_at = ? WHERE id = ?").run(stamp.at, booking.id);
          left -= booking.seats;
        } else {
          db.prepare('UPDATE bookings SET seats = seats - ?, updated_at = ? WHERE id = ?').run(left, stamp.at, booking.id);
          left = 0;
        }
      }
      addHistory(db, id, stamp, request.fromWaitingList ? 'retrait-attente' : 'desistement', null, { places: request.seats });
      const before = requireSession(db, id).booked;
      const promotedRequests = session.capacity === null || session.cancelled ? 0 : promoteWaiting(db, id, session.capacity, stamp);
      return { promotedRequests, promotedSeats: requireSession(db, id).booked - before };
    })
    .immediate();
  return { released: request.seats, ...result, session: requireSession(db, id) };
}

function waitingList(db: Db, sessionId: number): WaitingRequest[] {
  return db.prepare("SELECT id, seats FROM bookings WHERE session_id = ? AND status = 'attente' ORDER BY id").all(sessionId) as WaitingRequest[];
}

/** Confirms the waiting requests that now fit, in arrival order. Call inside a transaction. */
function promoteWaiting(db: Db, sessionId: number, capacity: number | null, stamp: Stamp): number {
  const waiting = waitingList(db, sessionId);
  if (waiting.length === 0) return 0;
  const booked = (
    db.prepare("SELECT coalesce(sum(seats), 0) AS n FROM bookings WHERE session_id = ? AND status = 'confirmee'").get(sessionId) as { n: number }
  ).n;
  const promoted = capacity === null ? waiting.map((w) => w.id) : requestsToPromote(capacity, booked, waiting);
  for (const bookingId of promoted) {
    db.prepare("UPDATE bookings SET status = 'confirmee', updated_at = ? WHERE id = ?").run(stamp.at, bookingId);
    addHistory(db, sessionId, stamp, 'promotion', { reservation: bookingId, statut: 'attente' }, { reservation: bookingId, statut: 'confirmee' });
  }
  return promoted.length;
}

/** One line of a session's history. */
export interface HistoryEntry {
  at: string;
  author: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export function sessionHistory(db: Db, id: number): HistoryEntry[] {
  const rows = db.prepare('SELECT at, author, action, before, after FROM session_history WHERE session_id = ? ORDER BY id').all(id) as {
    at: string;
    author: string;
    action: string;
    before: string | null;
    after: string | null;
  }[];
  return rows.map((r) => ({ ...r, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) }));
}

/** Booking rows of a session (no names: seats, status, note). */
export interface Booking {
  id: number;
  seats: number;
  status: 'confirmee' | 'attente' | 'annulee';
  note: string | null;
  createdAt: string;
}

export function sessionBookings(db: Db, id: number): Booking[] {
  return (
    db.prepare('SELECT id, seats, status, note, created_at FROM bookings WHERE session_id = ? ORDER BY id').all(id) as (Omit<Booking, 'createdAt'> & {
      created_at: string;
    })[]
  ).map(({ created_at, ...b }) => ({ ...b, createdAt: created_at }));
}

/**
 * Inserts generated reserved-slot sessions, skipping any (generated_from, date) already there:
 * running `sessions generate` twice creates nothing new. Returns the sessions created.
 */
export function insertGenerated(db: Db, inputs: SessionInput[], stamp: Stamp): Session[] {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO sessions (place_id, date, start_time, end_time, type, capacity, animators, title, notes, series_id, generated_from, created_at, updated_at)
     VALUES (@placeId, @date, @start, @end, @type, @capacity, @animators, @title, @notes, NULL, @generatedFrom, @at, @at)`,
  );
  const ids = db
    .transaction(() =>
      inputs.flatMap((input) => {
        const info = insert.run({ ...input, animators: JSON.stringify(input.animators), generatedFrom: input.generatedFrom ?? null, at: stamp.at });
        if (info.changes === 0) return [];
        const id = Number(info.lastInsertRowid);
        addHistory(db, id, stamp, 'creation', null, frenchKeys(input));
        return [id];
      }),
    )
    .immediate();
  return ids.map((id) => getSession(db, id)!);
}
