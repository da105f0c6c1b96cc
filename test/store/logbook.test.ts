import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src/store/open.js';
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

let db: Db;

function addPlace(name: string, insee: string, postal: string): number {
  const info = db
    .prepare(
      `INSERT INTO places (name, kind, commune_insee, address, postal_code, phone, reserved_slots, opening_hours, created_at, updated_at)
       VALUES (?, 'mediatheque', ?, '1 rue', ?, '+262262000000', '[]', '[]', ?, ?)`,
    )
    .run(name, insee, postal, AT, AT);
  return Number(info.lastInsertRowid);
}

function addSession(placeId: number, date: string, start = '14:00', status = 'prevue'): number {
  const info = db
    .prepare(
      `INSERT INTO sessions (place_id, date, start_time, end_time, type, animators, status, created_at, updated_at)
       VALUES (?, ?, ?, '16:00', 'teledeclaration', '["Sophie"]', ?, ?, ?)`,
    )
    .run(placeId, date, start, status, AT, AT);
  return Number(info.lastInsertRowid);
}

beforeEach(async () => {
  db = await openStore(':memory:', { now: () => new Date('2026-11-26T08:00:00Z') });
  addPlace('Médiathèque du Tampon', '97422', '97430');
  addPlace('Médiathèque de Saint-Pierre', '97416', '97410');
});
afterEach(() => db.close());

describe('logbook history', () => {
  it('is append-only: the store refuses to update or delete a history row', () => {
    const entry = insertEntry(db, fields(), 'sophie', AT);
    expect(entryHistory(db, entry.id)).toHaveLength(1);
    expect(() => db.prepare("UPDATE logbook_history SET author = 'pirate'").run()).toThrow(/modification interdite/);
    expect(() => db.prepare('DELETE FROM logbook_history').run()).toThrow(/suppression interdite/);
    expect(entryHistory(db, entry.id)[0].author).toBe('sophie');
  });

  it('records every change with its author, before and after', () => {
    const entry = insertEntry(db, fields(), 'sophie', AT);
    updateEntry(db, entry.id, fields({ received: 9 }), 'paul', AT);
    removeEntry(db, entry.id, 'doublon', 'paul', AT);
    restoreEntry(db, entry.id, 'sophie', AT);
    const history = entryHistory(db, entry.id);
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
  it('sums live entries only, with the same filter as the listing', () => {
    insertEntry(db, fields(), 'a', AT);
    insertEntry(db, fields({ date: '2026-10-07', placeId: 2, received: 4, firstTimers: null, durationMinutes: null, type: 'courriel', onlineDeclarations: 0 }), 'a', AT);
    const removed = insertEntry(db, fields({ date: '2026-11-19', received: 100 }), 'a', AT);
    removeEntry(db, removed.id, 'erreur', 'a', AT);

    expect(logbookTotals(db, {})).toEqual({
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
    expect(logbookTotals(db, { from: '2026-11-01', to: '2026-11-30' }).received).toBe(8);
    expect(logbookTotals(db, { communeInsee: ['97416'] }).received).toBe(4);
    expect(logbookTotals(db, { placeIds: [1] }).entries).toBe(1);
    expect(logbookTotals(db, { types: ['courriel', 'evenement'] }).received).toBe(4);
    expect(logbookTotals(db, { from: '2027-01-01' })).toMatchObject({ entries: 0, received: 0, durationMinutes: 0 });
    expect(listEntries(db, {}).map((e) => e.date)).toEqual(['2026-10-07', '2026-11-18']);
  });
});

describe('findDuplicate', () => {
  it('matches the same session, or the same place, date and start time', () => {
    const session = addSession(1, '2026-11-18');
    const first = insertEntry(db, fields({ sessionId: session }), 'a', AT);
    expect(findDuplicate(db, { sessionId: session, placeId: 2, date: '2026-01-01', startTime: null })?.id).toBe(first.id);
    expect(findDuplicate(db, { sessionId: null, placeId: 1, date: '2026-11-18', startTime: '14:00' })?.id).toBe(first.id);
    expect(findDuplicate(db, { sessionId: null, placeId: 1, date: '2026-11-18', startTime: '09:00' })).toBeUndefined();
    expect(findDuplicate(db, { sessionId: null, placeId: 1, date: '2026-11-18', startTime: null })).toBeUndefined();
    expect(findDuplicate(db, first, first.id)).toBeUndefined();
  });
});

describe('sessions without a logbook entry', () => {
  it('lists sessions more than 7 days old, not cancelled, with no live entry', () => {
    const today = '2026-11-26';
    const old = addSession(1, '2026-11-18'); // 8 days ago
    addSession(1, '2026-11-19'); // exactly 7 days: not yet due
    addSession(1, '2026-11-10', '14:00', 'annulee');
    const linked = addSession(2, '2026-11-02');
    insertEntry(db, fields({ placeId: 2, date: '2026-11-02', sessionId: linked }), 'a', AT);
    const sameSlot = addSession(1, '2026-11-04', '09:00');
    const unlinked = insertEntry(db, fields({ date: '2026-11-04', startTime: '09:00' }), 'a', AT);
    expect(sessionsWithoutLogbook(db, today).map((s) => s.id)).toEqual([old]);
    expect(countSessionsWithoutLogbook(db, today)).toBe(1);
    // A removed entry no longer covers its session.
    removeEntry(db, unlinked.id, 'erreur', 'a', AT);
    expect(sessionsWithoutLogbook(db, today).map((s) => s.id)).toEqual([sameSlot, old]);
    expect(logbookStatusActions(db, today)).toEqual([
      {
        code: 'carnet_de_bord_manquant',
        message: '2 séances de plus de 7 jours sans entrée au carnet de bord (art. 5) : voyez « cafcharte logbook missing ».',
      },
    ]);
    expect(logbookStatusActions(db, '2026-11-01')).toEqual([]);
  });
});
