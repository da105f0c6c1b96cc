import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src/store/open.js';
import { insertPlace } from '../../src/store/places.js';
import {
  bookSeats,
  cancelSession,
  createSessions,
  insertGenerated,
  listSessions,
  listSessionSummaries,
  releaseSeats,
  sessionHistory,
  updateSession,
  type SessionInput,
} from '../../src/store/sessions.js';
import { ConflictError, UsageError } from '../../src/errors.js';
import { tempDir } from '../harness.js';

const stamp = { at: '2026-11-26T12:00:00+04:00', author: 'testeur' };
const today = '2026-11-26';
let db: Db;

const placeInput = (name: string, communeInsee: string, postalCode: string) => ({
  name,
  kind: 'mediatheque' as const,
  communeInsee,
  address: '1 rue du Test',
  postalCode,
  phone: '+262262578686',
  email: null,
  reservedSlots: [],
  openingHours: [],
  siret: null,
});

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
  db = await openStore(join(tempDir(), 'store.sqlite'), { now: () => new Date('2026-11-26T08:00:00Z') });
  insertPlace(db, placeInput('Médiathèque du Tampon', '97422', '97430'), stamp.at);
  insertPlace(db, placeInput('Médiathèque de Saint-Pierre', '97416', '97410'), stamp.at);
});
afterEach(() => db.close());

describe('listSessions', () => {
  it('filters by date range, place, commune, type and status, in date order', () => {
    createSessions(
      db,
      [
        session({ date: '2026-12-09' }),
        session({ date: '2026-12-02', placeId: 2, type: 'teledeclaration' }),
        session({ date: '2026-11-20' }),
        session({ date: '2027-01-06', capacity: null }),
      ],
      { allowOverlap: false },
      stamp,
    );
    const dates = (filter: Parameters<typeof listSessions>[1]) => listSessions(db, filter).map((s) => s.date);
    expect(dates({})).toEqual(['2026-11-20', '2026-12-02', '2026-12-09', '2027-01-06']);
    expect(dates({ from: '2026-12-01', to: '2026-12-31' })).toEqual(['2026-12-02', '2026-12-09']);
    expect(dates({ communeInsee: ['97416'] })).toEqual(['2026-12-02']);
    expect(dates({ placeIds: [1], types: ['courriel'] })).toEqual(['2026-11-20', '2026-12-09', '2027-01-06']);
    expect(dates({ status: 'passee', today })).toEqual(['2026-11-20']);
    expect(dates({ status: 'prevue', today })).toHaveLength(3);
    expect(listSessions(db, {})[1]).toMatchObject({ placeName: 'Médiathèque de Saint-Pierre', communeName: 'Saint-Pierre', booked: 0 });
  });

  it('gives the same rows in summary form as in full form', () => {
    const [a] = createSessions(db, [session({ date: '2026-12-09' }), session({ date: '2026-12-02', placeId: 2, capacity: null })], { allowOverlap: false }, stamp);
    bookSeats(db, a!.id, { seats: 2, acceptWaitingList: false, note: null, today }, stamp);
    cancelSession(db, a!.id, 'test', stamp);
    const filter = { from: '2026-12-01', to: '2026-12-31', today };
    const full = listSessions(db, filter);
    const summaries = listSessionSummaries(db, filter);
    expect(summaries).toEqual(
      full.map((s) => ({
        id: s.id, placeId: s.placeId, placeName: s.placeName, communeName: s.communeName, date: s.date, start: s.start, end: s.end,
        type: s.type, capacity: s.capacity, cancelled: s.cancelled, booked: s.booked, waitingSeats: s.waitingSeats, waitingRequests: s.waitingRequests,
      })),
    );
    expect(summaries.map((s) => [s.date, s.cancelled, s.booked])).toEqual([['2026-12-02', false, 0], ['2026-12-09', true, 2]]);
  });

  it('uses the date index for a date range (so 10,000 sessions list quickly)', () => {
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT * FROM sessions s JOIN places p ON p.id = s.place_id WHERE s.date >= '2026-12-01' AND s.date <= '2026-12-31'")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX sessions_by_date/);
  });
});

describe('createSessions', () => {
  it('creates nothing when one session of a batch overlaps', () => {
    createSessions(db, [session({ date: '2026-12-16', start: '11:00', end: '11:30' })], { allowOverlap: false }, stamp);
    expect(() =>
      createSessions(db, [session({ date: '2026-12-09' }), session({ date: '2026-12-16' })], { allowOverlap: false }, stamp),
    ).toThrow(ConflictError);
    expect(listSessions(db)).toHaveLength(1);
  });
});

describe('seats', () => {
  it('books, queues, then promotes the waiting list first-fit in arrival order', () => {
    const [s] = createSessions(db, [session({ capacity: 4 })], { allowOverlap: false }, stamp);
    const book = (seats: number, acceptWaitingList = true) => bookSeats(db, s!.id, { seats, acceptWaitingList, note: null, today }, stamp);
    expect(book(3).status).toBe('confirmee');
    expect(book(2).status).toBe('attente'); // 1 seat left, 2 asked
    // The 2-seat request cannot use the last seat, so it does not keep a 1-seat request out.
    expect(book(1).status).toBe('confirmee');
    expect(() => book(1, false)).toThrow(ConflictError);
    expect(book(1).status).toBe('attente');
    expect(() => book(5)).toThrow(UsageError);

    // Freeing 2 seats: the 2-seat request, first in line, takes them; the 1-seat one keeps waiting.
    const freed = releaseSeats(db, s!.id, { seats: 2, fromWaitingList: false }, stamp);
    expect(freed).toMatchObject({ promotedRequests: 1, promotedSeats: 2 });
    expect(freed.session).toMatchObject({ booked: 4, waitingSeats: 1, waitingRequests: 1 });

    // Withdrawing the last waiting request empties the list without touching confirmed seats.
    const withdrawn = releaseSeats(db, s!.id, { seats: 1, fromWaitingList: true }, stamp);
    expect(withdrawn.session).toMatchObject({ booked: 4, waitingSeats: 0 });
  });

  it('never limits a free-access slot', () => {
    const [s] = createSessions(db, [session({ capacity: null })], { allowOverlap: false }, stamp);
    for (let i = 0; i < 30; i++) bookSeats(db, s!.id, { seats: 1, acceptWaitingList: false, note: null, today }, stamp);
    expect(listSessions(db)[0]!.booked).toBe(30);
  });

  it('promotes the waiting list when the capacity grows', () => {
    const [s] = createSessions(db, [session({ capacity: 1 })], { allowOverlap: false }, stamp);
    bookSeats(db, s!.id, { seats: 1, acceptWaitingList: false, note: null, today }, stamp);
    bookSeats(db, s!.id, { seats: 1, acceptWaitingList: true, note: null, today }, stamp);
    const { promoted, session: after } = updateSession(db, s!.id, { capacity: 2 }, { allowOverlap: false, isFuture: () => true }, stamp);
    expect(promoted).toBe(1);
    expect(after).toMatchObject({ booked: 2, waitingRequests: 0, revision: 1 });
    expect(sessionHistory(db, s!.id).map((h) => h.action)).toEqual(['creation', 'reservation', 'liste-attente', 'modification', 'promotion']);
  });
});

describe('cancel and generated sessions', () => {
  it('keeps a cancelled session and refuses a second cancellation', () => {
    const [s] = createSessions(db, [session()], { allowOverlap: false }, stamp);
    const cancelled = cancelSession(db, s!.id, 'salle inondée', stamp);
    expect(cancelled).toMatchObject({ cancelled: true, cancelReason: 'salle inondée', cancelledAt: stamp.at });
    expect(() => cancelSession(db, s!.id, 'encore', stamp)).toThrow(ConflictError);
    expect(listSessions(db, { status: 'annulee' })).toHaveLength(1);
  });

  it('inserts a generated slot once per date', () => {
    const slot = session({ type: 'creneau-reserve', generatedFrom: 'slot:1:we:14:00', start: '14:00', end: '17:00' });
    expect(insertGenerated(db, [slot, { ...slot, date: '2026-12-09' }], stamp)).toHaveLength(2);
    expect(insertGenerated(db, [slot, { ...slot, date: '2026-12-09' }, { ...slot, date: '2026-12-16' }], stamp).map((s) => s.date)).toEqual(['2026-12-16']);
    expect(listSessions(db)).toHaveLength(3);
  });
});
