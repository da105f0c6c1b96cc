import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINE, openTestStore, tempDb } from '../harness.js';
import { openStoreAt } from '../../src/store/open.js';
import { ConflictError } from '../../src/errors.js';
import type { Store } from '../../src/store/engine.js';
import {
  countSessionsWithoutLogbook,
  entryHistory,
  findDuplicate,
  insertEntry,
  listEntries,
  logbookStatusActions,
  logbookTotals,
  removeEntry,
  restoreEntry,
  sessionsWithoutLogbook,
  updateEntry,
} from '../../src/store/logbook.js';
import type { LogbookFields } from '../../src/domain/logbook.js';

const AT = '2026-11-26T12:00:00+04:00';

function fields(overrides: Partial<LogbookFields> = {}): LogbookFields {
  return {
    date: '2026-11-18',
    startTime: '14:00',
    placeId: 1,
    sessionId: null,
    type: 'teledeclaration',
    received: 8,
    firstTimers: 3,
    durationMinutes: 120,
    animators: ['Sophie'],
    remarks: 'Connexion lente',
    resultsText: null,
    onlineDeclarations: 5,
    accountsCreated: 2,
    emailsSent: 1,
    certificates: 0,
    completedProcedures: 4,
    ...overrides,
  };
}

let store: Store;
let location: string;

async function addPlace(name: string, insee: string, postal: string): Promise<number> {
  const row = await store.one(
    sql<{ id: number }>`INSERT INTO places (name, kind, commune_insee, address, postal_code, phone, reserved_slots, opening_hours, created_at, updated_at)
       VALUES (${name}, 'mediatheque', ${insee}, '1 rue', ${postal}, '+262262000000', '[]', '[]', ${AT}, ${AT}) RETURNING id`,
  );
  return Number(row!.id);
}

async function addSession(placeId: number, date: string, start = '14:00', status = 'prevue'): Promise<number> {
  const row = await store.one(
    sql<{ id: number }>`INSERT INTO sessions (place_id, date, start_time, end_time, type, animators, status, created_at, updated_at)
       VALUES (${placeId}, ${date}, ${start}, '16:00', 'teledeclaration', '["Sophie"]', ${status}, ${AT}, ${AT}) RETURNING id`,
  );
  return Number(row!.id);
}

beforeEach(async () => {
  location = tempDb();
  store = await openTestStore(location, () => new Date('2026-11-26T08:00:00Z'));
  await addPlace('Médiathèque du Tampon', '97422', '97430');
  await addPlace('Médiathèque de Saint-Pierre', '97416', '97410');
});
afterEach(() => store.close());

describe('logbook history', () => {
  it('is append-only: the store refuses to update or delete a history row', async () => {
    const entry = await insertEntry(store, fields(), 'sophie', AT);
    expect(await entryHistory(store, entry.id)).toHaveLength(1);
    await expect(store.run(sql`UPDATE logbook_history SET author = 'pirate'`)).rejects.toThrow(/modification interdite/);
    await expect(store.run(sql`DELETE FROM logbook_history`)).rejects.toThrow(/suppression interdite/);
    expect((await entryHistory(store, entry.id))[0].author).toBe('sophie');
  });

  it('records every change with its author, before and after', async () => {
    const entry = await insertEntry(store, fields(), 'sophie', AT);
    await updateEntry(store, entry.id, fields({ received: 9 }), 'paul', AT);
    await removeEntry(store, entry.id, 'doublon', 'paul', AT);
    await restoreEntry(store, entry.id, 'sophie', AT);
    const history = await entryHistory(store, entry.id);
    expect(history.map((h) => [h.action, h.author])).toEqual([
      ['ajout', 'sophie'],
      ['modification', 'paul'],
      ['suppression', 'paul'],
      ['restauration', 'sophie'],
    ]);
    expect(history[0].before).toBeNull();
    expect(history[1].before?.recus).toBe(8);
    expect(history[1].after?.recus).toBe(9);
    expect(history[2].after?.motif_suppression).toBe('doublon');
  });
});

describe('logbookTotals', () => {
  it('sums live entries only, with the same filter as the listing', async () => {
    await insertEntry(store, fields(), 'a', AT);
    await insertEntry(store, fields({ date: '2026-10-07', placeId: 2, received: 4, firstTimers: null, durationMinutes: null, type: 'courriel', onlineDeclarations: 0 }), 'a', AT);
    const removed = await insertEntry(store, fields({ date: '2026-11-19', received: 100 }), 'a', AT);
    await removeEntry(store, removed.id, 'erreur', 'a', AT);

    expect(await logbookTotals(store, {})).toEqual({
      entries: 2,
      noPublicSlots: 0,
      received: 12,
      firstTimers: 3,
      durationMinutes: 120,
      onlineDeclarations: 5,
      accountsCreated: 4,
      emailsSent: 2,
      certificates: 0,
      completedProcedures: 8,
    });
    expect((await logbookTotals(store, { from: '2026-11-01', to: '2026-11-30' })).received).toBe(8);
    expect((await logbookTotals(store, { communeInsee: ['97416'] })).received).toBe(4);
    expect((await logbookTotals(store, { placeIds: [1] })).entries).toBe(1);
    expect((await logbookTotals(store, { types: ['courriel', 'evenement'] })).received).toBe(4);
    expect(await logbookTotals(store, { from: '2027-01-01' })).toMatchObject({ entries: 0, received: 0, durationMinutes: 0 });
    expect((await listEntries(store, {})).map((e) => e.date)).toEqual(['2026-10-07', '2026-11-18']);
  });
});

describe('findDuplicate', () => {
  it('matches the same session, or the same place, date and start time', async () => {
    const session = await addSession(1, '2026-11-18');
    const first = await insertEntry(store, fields({ sessionId: session }), 'a', AT);
    expect((await findDuplicate(store, { sessionId: session, placeId: 2, date: '2026-01-01', startTime: null }))?.id).toBe(first.id);
    expect((await findDuplicate(store, { sessionId: null, placeId: 1, date: '2026-11-18', startTime: '14:00' }))?.id).toBe(first.id);
    expect(await findDuplicate(store, { sessionId: null, placeId: 1, date: '2026-11-18', startTime: '09:00' })).toBeUndefined();
    expect(await findDuplicate(store, { sessionId: null, placeId: 1, date: '2026-11-18', startTime: null })).toBeUndefined();
    expect(await findDuplicate(store, first, first.id)).toBeUndefined();
  });

  // Ten desks adding the same workshop at once, each with its own connection to the server: the
  // check runs inside the insert's transaction, so exactly one is saved and nine are refused.
  // (On SQLite, processes race the same way in test/reliability/duplicates.test.ts.)
  it.skipIf(ENGINE !== 'postgres')('lets one of ten concurrent identical adds through on PostgreSQL', async () => {
    const desks = await Promise.all(Array.from({ length: 10 }, () => openStoreAt(location, { now: () => new Date() })));
    const refuse = (duplicate: unknown) => {
      if (duplicate) throw new ConflictError('doublon');
    };
    try {
      const outcomes = await Promise.allSettled(desks.map((desk, i) => insertEntry(desk, fields(), `desk-${i}`, AT, refuse)));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConflictError);
      expect(await listEntries(store, {})).toHaveLength(1);
    } finally {
      await Promise.all(desks.map((desk) => desk.close()));
    }
  });
});

describe('sessions without a logbook entry', () => {
  it('lists sessions more than 7 days old, not cancelled, with no live entry', async () => {
    const today = '2026-11-26';
    const old = await addSession(1, '2026-11-18'); // 8 days ago
    await addSession(1, '2026-11-19'); // exactly 7 days: not yet due
    await addSession(1, '2026-11-10', '14:00', 'annulee');
    const linked = await addSession(2, '2026-11-02');
    await insertEntry(store, fields({ placeId: 2, date: '2026-11-02', sessionId: linked }), 'a', AT);
    const sameSlot = await addSession(1, '2026-11-04', '09:00');
    const unlinked = await insertEntry(store, fields({ date: '2026-11-04', startTime: '09:00' }), 'a', AT);
    expect((await sessionsWithoutLogbook(store, today)).map((s) => s.id)).toEqual([old]);
    expect(await countSessionsWithoutLogbook(store, today)).toBe(1);
    // A removed entry no longer covers its session.
    await removeEntry(store, unlinked.id, 'erreur', 'a', AT);
    expect((await sessionsWithoutLogbook(store, today)).map((s) => s.id)).toEqual([sameSlot, old]);
    expect(await logbookStatusActions(store, today)).toEqual([
      {
        code: 'carnet_de_bord_manquant',
        message: '2 séances de plus de 7 jours sans entrée au carnet de bord (art. 5) : voyez « cafcharte logbook missing ».',
      },
    ]);
    expect(await logbookStatusActions(store, '2026-11-01')).toEqual([]);
  });

  it('counts a session covered only by a removed linked entry, and not one whose linked entry has another slot', async () => {
    const today = '2026-11-26';
    const first = await addSession(1, '2026-10-01', '09:00');
    const second = await addSession(1, '2026-10-02', '09:00');
    const third = await addSession(2, '2026-10-03', '10:00');
    // Linked to the first session, written with another day and time: it covers the session.
    await insertEntry(store, fields({ date: '2026-10-05', startTime: '15:00', sessionId: first }), 'a', AT);
    const removed = await insertEntry(store, fields({ date: '2026-10-02', startTime: '11:00', sessionId: second }), 'a', AT);
    // Entries linked to no session at all, at other slots: they cover nothing.
    await insertEntry(store, fields({ date: '2026-10-03', startTime: '11:00', placeId: 2 }), 'a', AT);
    await insertEntry(store, fields({ date: '2026-10-04', startTime: '10:00', placeId: 2 }), 'a', AT);
    expect((await sessionsWithoutLogbook(store, today)).map((s) => s.id)).toEqual([third]);
    await removeEntry(store, removed.id, 'erreur', 'a', AT);
    expect((await sessionsWithoutLogbook(store, today)).map((s) => s.id)).toEqual([second, third]);
    expect(await countSessionsWithoutLogbook(store, today)).toBe(2);
    await restoreEntry(store, removed.id, 'a', AT);
    expect(await countSessionsWithoutLogbook(store, today)).toBe(1);
  });
});
