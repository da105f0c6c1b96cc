// Anonymous bookings (seats only, never a name: charter art. 12) and the waiting list. Each
// change reads the seat count and writes in one store transaction (IMMEDIATE on SQLite,
// SERIALIZABLE retried on PostgreSQL), so of two processes racing for the last seat exactly
// one gets it.
import { sql } from '../sql.js';
import { count, type Store } from '../engine.js';
import { ConflictError, UsageError } from '../../errors.js';
import type { IsoDate } from '../../domain/dates.js';
import { decideBooking, requestsToPromote, sessionStatus, type WaitingRequest } from '../../domain/sessions.js';
import { countOf, plural } from '../../domain/french.js';
import { addHistory, type Stamp } from './history.js';
import { requireSession, type Session } from './read.js';

/** Outcome of a booking: confirmed seats or a place on the waiting list. */
export interface BookingResult {
  bookingId: number;
  status: 'confirmee' | 'attente';
  session: Session;
  /** Position of the request in the waiting list (1 = next), when waiting. */
  position?: number;
}

/** What a booking asks for. */
export interface BookingRequest {
  seats: number;
  acceptWaitingList: boolean;
  /** The animator's decision to seat someone anyway (as RDV Service Public allows staff to do). */
  overbook?: boolean;
  note: string | null;
  today: IsoDate;
}

/**
 * Books seats: the seat count is read and the booking written in one transaction. An overbooking
 * is kept in the history as such.
 */
export async function bookSeats(store: Store, id: number, request: BookingRequest, stamp: Stamp): Promise<BookingResult> {
  const result = await store.transaction(async (tx) => {
    const session = await requireSession(tx, id);
    if (session.cancelled) throw new ConflictError(`la séance n° ${id} est annulée (motif : ${session.cancelReason ?? '—'}) ; on ne peut plus y réserver.`);
    if (sessionStatus(session, request.today) === 'passee') throw new ConflictError(`la séance n° ${id} est passée ; on ne peut plus y réserver.`);
    if (session.capacity !== null && request.seats > session.capacity && !request.overbook) {
      throw new UsageError(`--places : ${request.seats} places demandées, la séance n° ${id} n’en compte que ${session.capacity}.`);
    }
    const decision =
      session.capacity === null || request.overbook
        ? 'booked'
        : decideBooking(session.capacity, session.booked, await waitingList(tx, id), request.seats, request.acceptWaitingList);
    if (decision === 'full') {
      throw new ConflictError(
        `la séance n° ${id} est complète (${session.booked}/${session.capacity} places réservées${session.waitingRequests ? `, ${countOf(session.waitingRequests, 'demande', 'demandes')} en liste d’attente` : ''}) ; ajoutez --liste-attente pour inscrire la demande en liste d’attente.`,
      );
    }
    const status = decision === 'booked' ? 'confirmee' : 'attente';
    const { id: bookingId } = (await tx.one<{ id: number }>(
      sql`INSERT INTO bookings (session_id, seats, status, note, created_at, updated_at)
          VALUES (${id}, ${request.seats}, ${status}, ${request.note}, ${stamp.at}, ${stamp.at}) RETURNING id`,
    ))!;
    const overbooked = request.overbook && session.capacity !== null && session.booked + request.seats > session.capacity;
    const action = status === 'attente' ? 'liste-attente' : overbooked ? 'surreservation' : 'reservation';
    await addHistory(tx, id, stamp, action, null, { reservation: bookingId, places: request.seats });
    return { bookingId, status, position: status === 'attente' ? (await waitingList(tx, id)).length : undefined } as const;
  });
  return { ...result, session: await requireSession(store, id) };
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
export async function releaseSeats(store: Store, id: number, request: { seats: number; fromWaitingList: boolean }, stamp: Stamp): Promise<UnbookResult> {
  const result = await store.transaction(async (tx) => {
    const session = await requireSession(tx, id);
    const status = request.fromWaitingList ? 'attente' : 'confirmee';
    const held = request.fromWaitingList ? session.waitingSeats : session.booked;
    if (held < request.seats) {
      const what = request.fromWaitingList ? { one: 'en liste d’attente', other: 'en liste d’attente' } : { one: 'réservée', other: 'réservées' };
      throw new ConflictError(`la séance n° ${id} n’a que ${countOf(held, 'place', 'places')} ${plural(held, what.one, what.other)} ; impossible d’en libérer ${request.seats}.`);
    }
    const bookings = await tx.all<{ id: number; seats: number }>(
      sql`SELECT id, seats FROM bookings WHERE session_id = ${id} AND status = ${status} ORDER BY id DESC`,
    );
    let left = request.seats;
    for (const booking of bookings) {
      if (left === 0) break;
      if (booking.seats <= left) {
        await tx.run(sql`UPDATE bookings SET status = 'annulee', updated_at = ${stamp.at} WHERE id = ${booking.id}`);
        left -= booking.seats;
      } else {
        await tx.run(sql`UPDATE bookings SET seats = ${booking.seats - left}, updated_at = ${stamp.at} WHERE id = ${booking.id}`);
        left = 0;
      }
    }
    await addHistory(tx, id, stamp, request.fromWaitingList ? 'retrait-attente' : 'desistement', null, { places: request.seats });
    const before = await confirmedSeats(tx, id);
    const promotedRequests = session.capacity === null || session.cancelled ? 0 : await promoteWaiting(tx, id, session.capacity, stamp);
    return { promotedRequests, promotedSeats: (await confirmedSeats(tx, id)) - before };
  });
  return { released: request.seats, ...result, session: await requireSession(store, id) };
}

/** The waiting requests of a session, in arrival order. */
async function waitingList(tx: Store, sessionId: number): Promise<WaitingRequest[]> {
  return tx.all<WaitingRequest>(sql`SELECT id, seats FROM bookings WHERE session_id = ${sessionId} AND status = 'attente' ORDER BY id`);
}

async function confirmedSeats(tx: Store, sessionId: number): Promise<number> {
  const row = await tx.one<{ n: number | string }>(
    sql`SELECT coalesce(sum(seats), 0) AS n FROM bookings WHERE session_id = ${sessionId} AND status = 'confirmee'`,
  );
  return count(row?.n);
}

/**
 * Confirms the waiting requests that now fit, in arrival order; returns how many. Runs inside the
 * caller's transaction (`tx`), after the change that freed or added seats.
 */
export async function promoteWaiting(tx: Store, sessionId: number, capacity: number | null, stamp: Stamp): Promise<number> {
  const waiting = await waitingList(tx, sessionId);
  if (waiting.length === 0) return 0;
  const promoted = capacity === null ? waiting.map((w) => w.id) : requestsToPromote(capacity, await confirmedSeats(tx, sessionId), waiting);
  for (const bookingId of promoted) {
    await tx.run(sql`UPDATE bookings SET status = 'confirmee', updated_at = ${stamp.at} WHERE id = ${bookingId}`);
    await addHistory(tx, sessionId, stamp, 'promotion', { reservation: bookingId, statut: 'attente' }, { reservation: bookingId, statut: 'confirmee' });
  }
  return promoted.length;
}
