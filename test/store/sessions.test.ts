import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Store } from '../../src/store/engine.js';
import { openStoreAt } from '../../src/store/open.js';
import { listSessions, listSessionSummaries } from '../../src/store/sessions/read.js';
import { cancelSession, createSessions, insertGenerated, updateSession, type SessionInput } from '../../src/store/sessions/write.js';
import { bookSeats, releaseSeats } from '../../src/store/sessions/bookings.js';
import { sessionHistory } from '../../src/store/sessions/history.js';
import { ConflictError, UsageError } from '../../src/errors.js';
import { addTestPlaces, DEFAULT_NOW, ENGINE, tempDb } from '../harness.js';

const stamp = { at: '2026-11-26T12:00:00+04:00', author: 'testeur' };
const today = '2026-11-26';
let store: Store;

// addTestPlaces: 1 Médiathèque du Tampon, 2 MPT de Bois-Court (Le Tampon), 3 Médiathèque de Saint-Pierre.
const SAINT_PIERRE = 3;

const session = (over: Partial<SessionInput> = {}): SessionInput => ({
  placeId: 1,
  date: '2026-12-02',
  start: '10:00',
  end: '12:00',
  type: 'courriel',
  capacity: 4,
  animators: [],
  title: null,
  notes: null,
  ...over,
});

beforeEach(async () => {
  const db = tempDb();
  await addTestPlaces(db);
  store = await openStoreAt(db, { now: () => DEFAULT_NOW });
});
afterEach(() => store.close());

describe('listSessions', () => {
  it('filters by date range, place, commune, type and status, in date order', async () => {
    await createSessions(
      store,
      [
        session({ date: '2026-12-09' }),
        session({ date: '2026-12-02', placeId: SAINT_PIERRE, type: 'teledeclaration' }),
        session({ date: '2026-11-20' }),
        session({ date: '2027-01-06', capacity: null }),
      ],
      { allowOverlap: false },
      stamp,
    );
    const dates = async (filter: Parameters<typeof listSessions>[1]) => (await listSessions(store, filter)).map((s) => s.date);
    expect(await dates({})).toEqual(['2026-11-20', '2026-12-02', '2026-12-09', '2027-01-06']);
    expect(await dates({ from: '2026-12-01', to: '2026-12-31' })).toEqual(['2026-12-02', '2026-12-09']);
    expect(await dates({ communeInsee: ['97416'] })).toEqual(['2026-12-02']);
    expect(await dates({ placeIds: [1], types: ['courriel'] })).toEqual(['2026-11-20', '2026-12-09', '2027-01-06']);
    expect(await dates({ placeIds: [] })).toEqual([]);
    expect(await dates({ status: 'passee', today })).toEqual(['2026-11-20']);
    expect(await dates({ status: 'prevue', today })).toHaveLength(3);
    expect((await listSessions(store, {}))[1]).toMatchObject({ placeName: 'Médiathèque de Saint-Pierre', communeName: 'Saint-Pierre', booked: 0 });
  });

  it('gives the same rows in summary form as in full form', async () => {
    const [a] = await createSessions(store, [session({ date: '2026-12-09' }), session({ date: '2026-12-02', placeId: SAINT_PIERRE, capacity: null })], { allowOverlap: false }, stamp);
    await bookSeats(store, a!.id, { seats: 2, acceptWaitingList: false, note: null, today }, stamp);
    await cancelSession(store, a!.id, 'test', stamp);
    const filter = { from: '2026-12-01', to: '2026-12-31', today };
    const full = await listSessions(store, filter);
    const summaries = await listSessionSummaries(store, filter);
    expect(summaries).toEqual(
      full.map((s) => ({
        id: s.id, placeId: s.placeId, placeName: s.placeName, communeName: s.communeName, date: s.date, start: s.start, end: s.end,
        type: s.type, capacity: s.capacity, cancelled: s.cancelled, booked: s.booked, waitingSeats: s.waitingSeats, waitingRequests: s.waitingRequests,
      })),
    );
    expect(summaries.map((s) => [s.date, s.cancelled, s.booked])).toEqual([['2026-12-02', false, 0], ['2026-12-09', true, 2]]);
  });

  // The plan is SQLite's own; PostgreSQL has its own index on the same columns.
  it.skipIf(ENGINE === 'postgres')('uses the date index for a date range on SQLite (so 10,000 sessions list quickly)', async () => {
    const plan = await store.all<{ detail: string }>(
      sql`EXPLAIN QUERY PLAN SELECT * FROM sessions s JOIN places p ON p.id = s.place_id WHERE s.date >= '2026-12-01' AND s.date <= '2026-12-31'`,
    );
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX sessions_by_date/);
  });
});

describe('createSessions', () => {
  it('creates nothing when one session of a batch overlaps', async () => {
    await createSessions(store, [session({ date: '2026-12-16', start: '11:00', end: '11:30' })], { allowOverlap: false }, stamp);
    await expect(
      createSessions(store, [session({ date: '2026-12-09' }), session({ date: '2026-12-16' })], { allowOverlap: false }, stamp),
    ).rejects.toThrow(ConflictError);
    expect(await listSessions(store)).toHaveLength(1);
    expect((await sessionHistory(store, 1)).map((h) => h.action)).toEqual(['creation']);
  });
});

describe('seats', () => {
  it('books, queues, then promotes the waiting list first-fit in arrival order', async () => {
    const [s] = await createSessions(store, [session({ capacity: 4 })], { allowOverlap: false }, stamp);
    const book = (seats: number, acceptWaitingList = true) => bookSeats(store, s!.id, { seats, acceptWaitingList, note: null, today }, stamp);
    expect((await book(3)).status).toBe('confirmee');
    expect(await book(2)).toMatchObject({ status: 'attente', position: 1 }); // 1 seat left, 2 asked
    // The 2-seat request cannot use the last seat, so it does not keep a 1-seat request out.
    expect((await book(1)).status).toBe('confirmee');
    await expect(book(1, false)).rejects.toThrow(ConflictError);
    expect(await book(1)).toMatchObject({ status: 'attente', position: 2 });
    await expect(book(5)).rejects.toThrow(UsageError);

    // Freeing 2 seats: the 2-seat request, first in line, takes them; the 1-seat one keeps waiting.
    const freed = await releaseSeats(store, s!.id, { seats: 2, fromWaitingList: false }, stamp);
    expect(freed).toMatchObject({ promotedRequests: 1, promotedSeats: 2 });
    expect(freed.session).toMatchObject({ booked: 4, waitingSeats: 1, waitingRequests: 1 });

    // Withdrawing the last waiting request empties the list without touching confirmed seats.
    const withdrawn = await releaseSeats(store, s!.id, { seats: 1, fromWaitingList: true }, stamp);
    expect(withdrawn.session).toMatchObject({ booked: 4, waitingSeats: 0 });
  });

  it('gives the last seats to exactly as many concurrent bookings as fit, the others refused whole', async () => {
    const [s] = await createSessions(store, [session({ capacity: 3 })], { allowOverlap: false }, stamp);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => bookSeats(store, s!.id, { seats: 1, acceptWaitingList: false, note: null, today }, stamp)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect((await listSessions(store))[0]).toMatchObject({ booked: 3, waitingRequests: 0 });
    expect((await sessionHistory(store, s!.id)).map((h) => h.action)).toEqual(['creation', 'reservation', 'reservation', 'reservation']);
  });

  it('never limits a free-access slot', async () => {
    const [s] = await createSessions(store, [session({ capacity: null })], { allowOverlap: false }, stamp);
    for (let i = 0; i < 30; i++) await bookSeats(store, s!.id, { seats: 1, acceptWaitingList: false, note: null, today }, stamp);
    expect((await listSessions(store))[0]!.booked).toBe(30);
  });

  it('promotes the waiting list when the capacity grows', async () => {
    const [s] = await createSessions(store, [session({ capacity: 1 })], { allowOverlap: false }, stamp);
    await bookSeats(store, s!.id, { seats: 1, acceptWaitingList: false, note: null, today }, stamp);
    await bookSeats(store, s!.id, { seats: 1, acceptWaitingList: true, note: null, today }, stamp);
    const { promoted, session: after } = await updateSession(store, s!.id, { capacity: 2 }, { allowOverlap: false, isFuture: () => true }, stamp);
    expect(promoted).toBe(1);
    expect(after).toMatchObject({ booked: 2, waitingRequests: 0, revision: 1 });
    expect((await sessionHistory(store, s!.id)).map((h) => h.action)).toEqual(['creation', 'reservation', 'liste-attente', 'modification', 'promotion']);
  });
});

describe('cancel and generated sessions', () => {
  it('keeps a cancelled session and refuses a second cancellation', async () => {
    const [s] = await createSessions(store, [session()], { allowOverlap: false }, stamp);
    const cancelled = await cancelSession(store, s!.id, 'salle inondée', stamp);
    expect(cancelled).toMatchObject({ cancelled: true, cancelReason: 'salle inondée', cancelledAt: stamp.at });
    await expect(cancelSession(store, s!.id, 'encore', stamp)).rejects.toThrow(ConflictError);
    expect(await listSessions(store, { status: 'annulee' })).toHaveLength(1);
  });

  it('inserts a generated slot once per date', async () => {
    const slot = session({ type: 'creneau-reserve', generatedFrom: 'slot:1:we:14:00', start: '14:00', end: '17:00' });
    expect(await insertGenerated(store, [slot, { ...slot, date: '2026-12-09' }], stamp)).toHaveLength(2);
    // The next number follows on: a skipped slot takes none (a PostgreSQL sequence would).
    expect((await insertGenerated(store, [slot, { ...slot, date: '2026-12-09' }, { ...slot, date: '2026-12-16' }], stamp)).map((s) => [s.id, s.date])).toEqual([[3, '2026-12-16']]);
    expect(await listSessions(store)).toHaveLength(3);
    expect((await sessionHistory(store, 3)).map((h) => h.action)).toEqual(['creation']);
  });
});
