// Reading sessions: listings (full or summary), one session by number, overlaps at a place,
// booking rows. Counts are fetched per filter in one grouped query each, not by subqueries per
// row, and places are looked up once: listing 10,000 sessions stays well under a second.
import { sql, type Sql } from '../sql.js';
import { count, type Store } from '../engine.js';
import { NotFoundError } from '../../errors.js';
import { communeByInsee } from '../../domain/territory.js';
import { formatDateShortFr, type IsoDate, type LocalTime } from '../../domain/dates.js';
import { SESSION_TYPE_LABELS, type SessionType } from '../../domain/sessionTypes.js';
import { spansOverlap, type SessionStatus } from '../../domain/sessions.js';

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

/** Booking rows of a session (no names: seats, status, note). */
export interface Booking {
  id: number;
  seats: number;
  status: 'confirmee' | 'attente' | 'annulee';
  note: string | null;
  createdAt: string;
}

interface SessionRow {
  id: number;
  place_id: number;
  date: string;
  start_time: string;
  end_time: string;
  type: SessionType;
  capacity: number | null;
  animators: string;
  title: string | null;
  notes: string | null;
  series_id: string | null;
  generated_from: string | null;
  status: 'prevue' | 'annulee';
  cancel_reason: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

type SummaryRow = Pick<SessionRow, 'id' | 'place_id' | 'date' | 'start_time' | 'end_time' | 'type' | 'capacity' | 'status'>;

interface PlaceInfo {
  name: string;
  address: string;
  postalCode: string;
  communeInsee: string;
  communeName: string;
}

async function placeInfos(store: Store): Promise<Map<number, PlaceInfo>> {
  const rows = await store.all<{ id: number; name: string; address: string; postal_code: string; commune_insee: string }>(
    sql`SELECT id, name, address, postal_code, commune_insee FROM places`,
  );
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
  waitingSeats: number;
  waitingRequests: number;
  revision: number;
}

const NO_COUNTS: Counts = { booked: 0, waitingSeats: 0, waitingRequests: 0, revision: 0 };

/** Conditions over sessions `s` and places `p`, joined by AND (an empty list matches all). */
type Conditions = Sql<unknown>[];

const whereOf = (conditions: Conditions) => (conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``);

const BOOKING_COUNT_COLUMNS = sql.columns({ session_id: sql`b.session_id`, status: sql`b.status`, seats: sql`b.seats` });

async function countsFor(store: Store, conditions: Conditions, withRevisions: boolean): Promise<Map<number, Counts>> {
  const counts = new Map<number, Counts>();
  const entry = (id: number) => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = { ...NO_COUNTS }));
    return c;
  };
  // The booking rows themselves, added up here: a session has about one booking row per status,
  // so grouping in SQL would sort as many rows as it returns. A listing streams them (on SQLite
  // as cheaply as its own rows; nothing else runs on the store until they are all read); full
  // records, often one session, read them at once (one round trip on PostgreSQL, not a cursor).
  const query = sql<{ session_id: number; status: string; seats: number }>`SELECT ${BOOKING_COUNT_COLUMNS}
        FROM bookings b JOIN sessions s ON s.id = b.session_id JOIN places p ON p.id = s.place_id
        ${whereOf([...conditions, sql`b.status <> 'annulee'`])}`;
  const bookings = withRevisions ? [await store.all(query)] : store.stream(query);
  for await (const batch of bookings) {
    for (const b of batch) {
      const c = entry(b.session_id);
      if (b.status === 'confirmee') {
        c.booked += b.seats;
      } else {
        c.waitingSeats += b.seats;
        c.waitingRequests++;
      }
    }
  }
  if (!withRevisions) return counts;
  const revisions = await store.all<{ id: number; n: number | string }>(
    sql`SELECT h.session_id AS id, count(*) AS n
        FROM session_history h JOIN sessions s ON s.id = h.session_id JOIN places p ON p.id = s.place_id
        ${whereOf([...conditions, sql`h.action IN ('modification', 'annulation')`])} GROUP BY h.session_id`,
  );
  for (const r of revisions) entry(r.id).revision = count(r.n);
  return counts;
}

// (date, start_time, id) follows the sessions_by_date index (no sort step on SQLite) and is a
// total order, so both engines list in the same order.
const ORDER = sql`ORDER BY s.date, s.start_time, s.id`;

const SELECT_SESSIONS = sql`SELECT s.id, s.place_id, s.date, s.start_time, s.end_time, s.type, s.capacity, s.animators, s.title, s.notes,
               s.series_id, s.generated_from, s.status, s.cancel_reason, s.cancelled_at, s.created_at, s.updated_at
        FROM sessions s JOIN places p ON p.id = s.place_id`;

async function selectSessions(store: Store, conditions: Conditions): Promise<Session[]> {
  const counts = await countsFor(store, conditions, true);
  const places = await placeInfos(store);
  const rows = await store.all<SessionRow>(sql`${SELECT_SESSIONS} ${whereOf(conditions)} ${ORDER}`);
  return rows.map((row) => fromRow(row, places.get(row.place_id)!, counts.get(row.id) ?? NO_COUNTS));
}

/** selectSessions in batches, as the store reads them: the counts and places first, then the rows. */
async function* streamSelectedSessions(store: Store, conditions: Conditions): AsyncIterable<Session[]> {
  const counts = await countsFor(store, conditions, true);
  const places = await placeInfos(store);
  const rows = store.stream<SessionRow>(sql`${SELECT_SESSIONS} ${whereOf(conditions)} ${ORDER}`);
  for await (const batch of rows) yield batch.map((row) => fromRow(row, places.get(row.place_id)!, counts.get(row.id) ?? NO_COUNTS));
}

function fromRow(row: SessionRow, place: PlaceInfo, counts: Counts): Session {
  return {
    id: row.id,
    placeId: row.place_id,
    placeName: place.name,
    placeAddress: place.address,
    placePostalCode: place.postalCode,
    communeInsee: place.communeInsee,
    communeName: place.communeName,
    date: row.date,
    start: row.start_time,
    end: row.end_time,
    type: row.type,
    capacity: row.capacity,
    animators: row.animators === '[]' ? [] : (JSON.parse(row.animators) as string[]),
    title: row.title,
    notes: row.notes,
    seriesId: row.series_id,
    generatedFrom: row.generated_from,
    cancelled: row.status === 'annulee',
    cancelReason: row.cancel_reason,
    cancelledAt: row.cancelled_at,
    booked: counts.booked,
    waitingSeats: counts.waitingSeats,
    waitingRequests: counts.waitingRequests,
    revision: counts.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const SUMMARY_COLUMNS = sql.columns({
  id: sql`s.id`,
  place_id: sql`s.place_id`,
  date: sql`s.date`,
  start_time: sql`s.start_time`,
  end_time: sql`s.end_time`,
  type: sql`s.type`,
  capacity: sql`s.capacity`,
  status: sql`s.status`,
});

/**
 * Listing rows: eight columns instead of seventeen, no history count. The counts and places are
 * read first, so the rows themselves can stream (the store runs one query at a time).
 */
async function* streamSummaries(store: Store, conditions: Conditions): AsyncIterable<SessionSummary[]> {
  const counts = await countsFor(store, conditions, false);
  const places = await placeInfos(store);
  const rows = store.stream<SummaryRow>(
    sql`SELECT ${SUMMARY_COLUMNS}
        FROM sessions s JOIN places p ON p.id = s.place_id ${whereOf(conditions)} ${ORDER}`,
  );
  const summary = (row: SummaryRow): SessionSummary => {
    const place = places.get(row.place_id)!;
    const c = counts.get(row.id) ?? NO_COUNTS;
    return {
      id: row.id,
      placeId: row.place_id,
      placeName: place.name,
      communeName: place.communeName,
      date: row.date,
      start: row.start_time,
      end: row.end_time,
      type: row.type,
      capacity: row.capacity,
      cancelled: row.status === 'annulee',
      booked: c.booked,
      waitingSeats: c.waitingSeats,
      waitingRequests: c.waitingRequests,
    };
  };
  for await (const batch of rows) yield batch.map(summary);
}

function filterConditions(filter: SessionFilter): Conditions {
  const conditions: Conditions = [];
  // An empty list matches nothing (`1 = 0`: PostgreSQL wants a boolean, not SQLite's bare 0).
  const inList = (column: Sql<unknown>, values: readonly (string | number)[]) =>
    conditions.push(values.length ? sql`${column} IN (${sql.join(values)})` : sql`1 = 0`);
  if (filter.from) conditions.push(sql`s.date >= ${filter.from}`);
  if (filter.to) conditions.push(sql`s.date <= ${filter.to}`);
  if (filter.placeIds) inList(sql`s.place_id`, filter.placeIds);
  if (filter.communeInsee) inList(sql`p.commune_insee`, filter.communeInsee);
  if (filter.types) inList(sql`s.type`, filter.types);
  if (filter.ids) inList(sql`s.id`, filter.ids);
  // Past means "before today": without `today`, every planned session counts as to come.
  const today = filter.today ?? '0000-00-00';
  if (filter.status === 'annulee') conditions.push(sql`s.status = 'annulee'`);
  if (filter.status === 'prevue' || filter.available) conditions.push(sql`s.status = 'prevue' AND s.date >= ${today}`);
  if (filter.status === 'passee') conditions.push(sql`s.status = 'prevue' AND s.date < ${today}`);
  return conditions;
}

const hasSeat = (s: SessionSummary) => s.capacity === null || s.booked < s.capacity;

/** Sessions matching a filter, by date and time: the whole record, for JSON, exports and reports. */
export async function listSessions(store: Store, filter: SessionFilter = {}): Promise<Session[]> {
  const sessions = await selectSessions(store, filterConditions(filter));
  return filter.available ? sessions.filter(hasSeat) : sessions;
}

/**
 * listSessions in batches, as the store reads them (a long listing's JSON). Run no other query
 * on the store until the iteration ends (see Store.stream).
 */
export async function* streamSessions(store: Store, filter: SessionFilter = {}): AsyncIterable<Session[]> {
  for await (const batch of streamSelectedSessions(store, filterConditions(filter))) yield filter.available ? batch.filter(hasSeat) : batch;
}

/** The same sessions as listSessions, only what a table or a calendar shows. */
export async function listSessionSummaries(store: Store, filter: SessionFilter = {}): Promise<SessionSummary[]> {
  const sessions: SessionSummary[] = [];
  for await (const batch of streamSessionSummaries(store, filter)) sessions.push(...batch);
  return sessions;
}

/**
 * listSessionSummaries in batches, as the store reads them. Run no other query on the store
 * until the iteration ends (see Store.stream).
 */
export async function* streamSessionSummaries(store: Store, filter: SessionFilter = {}): AsyncIterable<SessionSummary[]> {
  for await (const batch of streamSummaries(store, filterConditions(filter))) yield filter.available ? batch.filter(hasSeat) : batch;
}

/** A session by number, with its place and seat counts, or undefined. */
export async function getSession(store: Store, id: number): Promise<Session | undefined> {
  return (await selectSessions(store, [sql`s.id = ${id}`]))[0];
}

/** A session by number, or NotFoundError (exit 3). */
export async function requireSession(store: Store, id: number): Promise<Session> {
  const session = await getSession(store, id);
  if (!session) throw new NotFoundError(`aucune séance n° ${id} ; voyez la liste avec « cafcharte sessions list ».`);
  return session;
}

/** One line naming a session, for conflicts and notes: "n° 4, mer. 2 déc. 2026 10:00-12:00, Télédéclaration, Médiathèque du Tampon". */
export function describeSession(s: Session): string {
  const title = s.title ? ` « ${s.title} »` : '';
  return `n° ${s.id}, ${formatDateShortFr(s.date)} ${s.start}-${s.end}, ${SESSION_TYPE_LABELS[s.type]}${title}, ${s.placeName}`;
}

/** Planned (not cancelled) sessions at a place that overlap a span. */
export async function findOverlaps(
  store: Store,
  placeId: number,
  span: { date: IsoDate; start: LocalTime; end: LocalTime },
  excludeId?: number,
): Promise<Session[]> {
  return (await listSessions(store, { placeIds: [placeId], from: span.date, to: span.date })).filter(
    (s) => !s.cancelled && s.id !== excludeId && spansOverlap(s, span),
  );
}

/** The booking rows of a session, in arrival order. */
export async function sessionBookings(store: Store, id: number): Promise<Booking[]> {
  const rows = await store.all<Omit<Booking, 'createdAt'> & { created_at: string }>(
    sql`SELECT id, seats, status, note, created_at FROM bookings WHERE session_id = ${id} ORDER BY id`,
  );
  return rows.map(({ created_at, ...b }) => ({ ...b, createdAt: created_at }));
}
