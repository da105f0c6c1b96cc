import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMinutesToTime,
  decideBooking,
  freeSeats,
  requestsToPromote,
  seatsLabel,
  sessionStatus,
  spansOverlap,
} from '../../src/domain/sessions.js';

describe('spansOverlap', () => {
  const base = { date: '2026-12-02', start: '10:00', end: '12:00' };
  it('sees an overlap when the intervals intersect on the same day', () => {
    expect(spansOverlap(base, { date: '2026-12-02', start: '11:30', end: '13:00' })).toBe(true);
    expect(spansOverlap(base, { date: '2026-12-02', start: '09:00', end: '14:00' })).toBe(true);
    expect(spansOverlap(base, { date: '2026-12-02', start: '10:30', end: '11:00' })).toBe(true);
  });
  it('lets sessions follow each other and ignores other days', () => {
    expect(spansOverlap(base, { date: '2026-12-02', start: '12:00', end: '13:00' })).toBe(false);
    expect(spansOverlap(base, { date: '2026-12-02', start: '08:00', end: '10:00' })).toBe(false);
    expect(spansOverlap(base, { date: '2026-12-03', start: '10:00', end: '12:00' })).toBe(false);
  });
  it('is symmetric', () => {
    const time = fc.integer({ min: 0, max: 23 * 60 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
    fc.assert(
      fc.property(time, time, time, time, (a, b, c, d) => {
        const x = { date: '2026-12-02', start: a < b ? a : b, end: a < b ? b : a };
        const y = { date: '2026-12-02', start: c < d ? c : d, end: c < d ? d : c };
        expect(spansOverlap(x, y)).toBe(spansOverlap(y, x));
      }),
    );
  });
});

describe('addMinutesToTime', () => {
  it('adds a duration and refuses to pass midnight', () => {
    expect(addMinutesToTime('09:30', 90)).toBe('11:00');
    expect(addMinutesToTime('22:00', 119)).toBe('23:59');
    expect(addMinutesToTime('22:00', 120)).toBeUndefined();
  });
});

describe('sessionStatus', () => {
  it('is cancelled, past or planned', () => {
    expect(sessionStatus({ date: '2026-12-01', cancelled: true }, '2026-11-26')).toBe('annulee');
    expect(sessionStatus({ date: '2026-11-25', cancelled: false }, '2026-11-26')).toBe('passee');
    expect(sessionStatus({ date: '2026-11-26', cancelled: false }, '2026-11-26')).toBe('prevue');
  });
});

describe('seats and waiting list', () => {
  it('never counts negative free seats after an overbooking', () => {
    expect(freeSeats(8, 10)).toBe(0);
    expect(freeSeats(8, 5)).toBe(3);
  });

  it('promotes waiting requests in arrival order, skipping one too big for the seats left', () => {
    const waiting = [
      { id: 1, seats: 1 },
      { id: 2, seats: 3 },
      { id: 3, seats: 1 },
      { id: 4, seats: 1 },
    ];
    expect(requestsToPromote(8, 6, waiting)).toEqual([1, 3]);
    expect(requestsToPromote(8, 8, waiting)).toEqual([]);
    expect(requestsToPromote(8, 3, waiting)).toEqual([1, 2, 3]);
  });

  it('never promotes more seats than are free', () => {
    const request = fc.record({ id: fc.nat(), seats: fc.integer({ min: 1, max: 5 }) });
    fc.assert(
      // Request ids are unique in the store; duplicates here would count one promotion twice.
      fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(35), fc.uniqueArray(request, { selector: (r) => r.id }), (capacity, booked, waiting) => {
        const promoted = requestsToPromote(capacity, booked, waiting);
        const seats = waiting.filter((w) => promoted.includes(w.id)).reduce((n, w) => n + w.seats, 0);
        expect(seats).toBeLessThanOrEqual(freeSeats(capacity, booked));
      }),
    );
  });

  it('books while seats remain, then refuses or queues', () => {
    expect(decideBooking(8, 7, [], 1, false)).toBe('booked');
    expect(decideBooking(8, 8, [], 1, false)).toBe('full');
    expect(decideBooking(8, 8, [], 1, true)).toBe('waiting');
    expect(decideBooking(8, 6, [], 3, true)).toBe('waiting');
  });

  it('does not let a newcomer jump ahead of a request that fits', () => {
    // Normally a fitting request is already promoted; if one still waits, it is served first.
    expect(decideBooking(8, 7, [{ id: 1, seats: 1 }], 1, false)).toBe('full');
  });

  it('labels seats in French', () => {
    expect(seatsLabel(5, 8)).toBe('5/8 réservées');
    expect(seatsLabel(1, 8)).toBe('1/8 réservée');
  });
});
