import { minutesOfDay, timeOfMinutes, type IsoDate, type LocalTime } from './dates.js';
import { plural } from './french.js';

/**
 * Rules of sessions (workshops, reserved slots, events) that need no store:
 * when two sessions overlap, what state a session is in, and how seats and
 * the waiting list move. The store applies them inside its transactions.
 */

/** A session's time span on one day: ISO date and 'HH:MM' times, Réunion local time. */
export interface SessionSpan {
  date: IsoDate;
  start: LocalTime;
  end: LocalTime;
}

/** Status words are the French flag values (`--statut prevue|annulee|passee`). */
export const SESSION_STATUSES = ['prevue', 'annulee', 'passee'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * Two sessions overlap when they share a date and their half-open intervals
 * [start, end) intersect: a 10:00-12:00 workshop and a 12:00-13:00 one at the
 * same place follow each other, they do not overlap.
 */
export function spansOverlap(a: SessionSpan, b: SessionSpan): boolean {
  return a.date === b.date && a.start < b.end && b.start < a.end;
}

/** 'HH:MM' plus minutes; undefined when the session would run past 23:59. */
export function addMinutesToTime(time: LocalTime, minutes: number): LocalTime | undefined {
  const total = minutesOfDay(time) + minutes;
  // Times of day stop at 23:59 (parseTime refuses 24:00): no session spans midnight.
  return total < 24 * 60 && total >= 0 ? timeOfMinutes(total) : undefined;
}

/** Minutes between two 'HH:MM' times of the same day. */
export function durationMinutes(start: LocalTime, end: LocalTime): number {
  return minutesOfDay(end) - minutesOfDay(start);
}

/**
 * A cancelled session stays cancelled; otherwise it is past once its day is
 * over. `today` is the Réunion date, given by the caller (no clock here).
 */
export function sessionStatus(session: { date: IsoDate; cancelled: boolean }, today: IsoDate): SessionStatus {
  if (session.cancelled) return 'annulee';
  return session.date < today ? 'passee' : 'prevue';
}

/** A seat request still waiting, in arrival order. */
export interface WaitingRequest {
  id: number;
  seats: number;
}

/** Seats left; never negative, even if staff overbooked a session earlier. */
export function freeSeats(capacity: number, booked: number): number {
  return Math.max(0, capacity - booked);
}

/**
 * Which waiting requests get seats, taken in arrival order (FIFO): each one is
 * promoted if it fits in what is left. A request too big for the seats left
 * keeps its place and does not block smaller ones behind it, so no seat stays
 * empty while someone who would fit is waiting.
 */
export function requestsToPromote(capacity: number, booked: number, waiting: readonly WaitingRequest[]): number[] {
  let left = freeSeats(capacity, booked);
  const promoted: number[] = [];
  for (const request of waiting) {
    if (left === 0) break;
    if (request.seats <= left) {
      promoted.push(request.id);
      left -= request.seats;
    }
  }
  return promoted;
}

/** Outcome of a new seat request on a session. */
export type BookingDecision = 'booked' | 'waiting' | 'full';

/**
 * A new request goes behind those already waiting: it gets seats only if the
 * waiting list, served first, leaves enough. Otherwise it waits when the user
 * asked for the waiting list, and is refused as full when not.
 */
export function decideBooking(
  capacity: number,
  booked: number,
  waiting: readonly WaitingRequest[],
  seats: number,
  acceptWaitingList: boolean,
): BookingDecision {
  const newcomer = { id: -1, seats };
  if (requestsToPromote(capacity, booked, [...waiting, newcomer]).includes(-1)) return 'booked';
  return acceptWaitingList ? 'waiting' : 'full';
}

/** "5/8 réservées", the seat column of listings. */
export function seatsLabel(booked: number, capacity: number): string {
  return `${booked}/${capacity} ${plural(booked, 'réservée', 'réservées')}`;
}
