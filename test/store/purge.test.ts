// The purge and the confidentiality register at the repository level, on the engine the suite
// runs on: the per-engine SQL (JSON lists unpacked, compaction) runs here on PostgreSQL too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestStore, tempDb } from '../harness.js';
import type { Store } from '../../src/store/engine.js';
import { entryHistory, getEntry, insertEntry, updateEntry } from '../../src/store/logbook.js';
import { purgeBefore, purgeEntry } from '../../src/store/purge.js';
import { addCommitment, confidentialityActions, recordStaff } from '../../src/store/confidentiality.js';
import { loadGuardAllowances } from '../../src/store/guardAllowances.js';
import { fieldsOf, type LogbookFields } from '../../src/domain/logbook.js';

const AT = '2026-11-26T12:00:00+04:00';
const STAMP = { at: AT, author: 'Karine', reason: 'téléphone saisi par erreur' };

let store: Store;

function fields(overrides: Partial<LogbookFields> = {}): LogbookFields {
  return {
    date: '2026-11-18', startTime: '14:00', placeId: 1, sessionId: null, type: 'courriel', received: 4, firstTimers: 1, durationMinutes: 60,
    animators: ['Sophie Payet'], remarks: null, resultsText: null, onlineDeclarations: 0, accountsCreated: 0, emailsSent: 1, certificates: 0, completedProcedures: 0,
    ...overrides,
  };
}

async function addSession(date: string, animators: string[], status = 'prevue', notes: string | null = null): Promise<number> {
  const row = await store.one(
    sql<{ id: number }>`INSERT INTO sessions (place_id, date, start_time, end_time, type, animators, status, notes, created_at, updated_at)
      VALUES (1, ${date}, '09:00', '11:00', 'courriel', ${JSON.stringify(animators)}, ${status}, ${notes}, ${AT}, ${AT}) RETURNING id`,
  );
  return Number(row!.id);
}

beforeEach(async () => {
  store = await openTestStore(tempDb());
  await store.run(
    sql`INSERT INTO places (name, kind, commune_insee, address, postal_code, phone, reserved_slots, opening_hours, created_at, updated_at)
      VALUES ('Médiathèque du Tampon', 'mediatheque', '97422', '1 rue Victor Le Vigoureux', '97430', '+262262000000', '[]', '[]', ${AT}, ${AT})`,
  );
});
afterEach(() => store.close());

describe('purgeEntry', () => {
  it('rewrites the entry and every history version, journals the fields without the text, and lifts the purge flag', async () => {
    const entry = await insertEntry(store, fields({ remarks: 'rappeler au 0692 12 34 56' }), 'Sophie', AT);
    await updateEntry(store, entry.id, { ...fieldsOf(entry), remarks: 'rappeler au 0692 12 34 56 demain' }, 'Sophie', AT);
    const result = await purgeEntry(store, entry.id, (text) => text.replace(/0692 12 34 56/g, '****'), STAMP);
    expect(result).toEqual({ fields: ['remarques'], historyVersions: 2 });
    expect((await getEntry(store, entry.id))?.remarks).toBe('rappeler au **** demain');
    expect(JSON.stringify(await entryHistory(store, entry.id))).not.toContain('0692');
    expect(await store.all(sql`SELECT author, scope, entry_id, fields FROM purge_journal ORDER BY id`)).toEqual([
      { author: 'Karine', scope: 'entree', entry_id: entry.id, fields: '["remarques"]' },
    ]);
    expect(await store.all(sql`SELECT id FROM purge_in_progress`)).toEqual([]);
    // Nothing to rewrite: nothing written, journal included.
    expect(await purgeEntry(store, entry.id, (text) => text, STAMP)).toEqual({ fields: [], historyVersions: 0 });
    expect(await store.all(sql`SELECT id FROM purge_journal`)).toHaveLength(1);
  });
});

describe('purgeBefore', () => {
  it('counts in a dry run, then blanks the older free texts only and keeps the counts', async () => {
    await insertEntry(store, fields({ date: '2024-05-10', remarks: 'vieille remarque', resultsText: 'vieux résultat' }), 'Sophie', AT);
    await insertEntry(store, fields({ date: '2026-11-20', startTime: '10:00', remarks: 'remarque récente' }), 'Sophie', AT);
    await addSession('2024-05-11', ['Sophie Payet'], 'prevue', 'vieille note');
    const expected = { entries: 1, entryVersions: 1, sessions: 1, sessionVersions: 0, bookings: 0 };
    expect(await purgeBefore(store, '2025-01-01', STAMP, true)).toEqual(expected);
    expect(await store.all(sql`SELECT id FROM purge_journal`)).toEqual([]);
    const steps: number[] = [];
    expect(await purgeBefore(store, '2025-01-01', STAMP, false, (done) => steps.push(done))).toEqual(expected);
    expect(steps).toEqual([1, 2]);
    expect(await store.all(sql`SELECT date, remarks, results_text, received FROM logbook_entries ORDER BY date, id`)).toEqual([
      { date: '2024-05-10', remarks: null, results_text: null, received: 4 },
      { date: '2026-11-20', remarks: 'remarque récente', results_text: null, received: 4 },
    ]);
    expect(await store.all(sql`SELECT notes FROM sessions ORDER BY id`)).toEqual([{ notes: null }]);
    expect(await purgeBefore(store, '2025-01-01', STAMP, false)).toEqual({ entries: 0, entryVersions: 0, sessions: 0, sessionVersions: 0, bookings: 0 });
  });
});

describe('confidentiality register', () => {
  it('names the animators of live sessions and entries without a commitment, first spelling kept', async () => {
    await addSession('2026-11-10', ['Marie Hoarau', 'Jean Payet']);
    await addSession('2026-11-11', ['Lucie Annulée'], 'annulee');
    await insertEntry(store, fields({ animators: ['MARIE HOARAU', 'Éric Técher'] }), 'x', AT);
    const names = async () => (await confidentialityActions(store, '2026-11-26')).map((a) => a.message.match(/: ([^(]+) \(art/)?.[1]);
    expect(await names()).toEqual(['Éric Técher', 'Jean Payet', 'Marie Hoarau']);
    await addCommitment(store, { name: 'Marie Hoarau', role: 'Animatrice', committedOn: '2026-11-20', communeInsee: '97422' }, AT);
    await recordStaff(store, { name: 'Jean Payet', organisation: 'caf', communeInsee: null, role: null }, AT);
    expect(await names()).toEqual(['Éric Técher']);
    // The same person on the same day, whatever the case: refused.
    await expect(addCommitment(store, { name: 'marie hoarau', role: 'Animatrice', committedOn: '2026-11-20', communeInsee: '97422' }, AT)).rejects.toThrow(/déjà enregistré/);
    const allowances = await loadGuardAllowances(store);
    expect(allowances.names).toEqual(expect.arrayContaining(['Marie Hoarau', 'MARIE HOARAU', 'Jean Payet', 'Lucie Annulée', 'Médiathèque du Tampon']));
    expect(allowances.phones).toEqual(['+262262000000']);
  });

  it('keeps the spelling of the first session, then of the first entry, whatever the order of the lists', async () => {
    // The second list sorts before the first as text; the first row to name the person still wins.
    await addSession('2026-11-10', ['Zoé Técher']);
    await addSession('2026-11-11', ['Albert Hoarau', 'ZOÉ TÉCHER']);
    await addSession('2026-11-12', ['Zoé Técher']);
    await addSession('2026-11-13', ['Annulé Seul'], 'annulee');
    await insertEntry(store, fields({ animators: ['albert hoarau', 'Bernard Grondin'] }), 'x', AT);
    await insertEntry(store, fields({ animators: ['Bernard  Grondin', 'Anne Entrée'] }), 'x', AT);
    const names = async () => (await confidentialityActions(store, '2026-11-26')).map((a) => a.message.match(/: ([^(]+) \(art/)?.[1]);
    expect(await names()).toEqual(['Albert Hoarau', 'Anne Entrée', 'Bernard Grondin', 'Zoé Técher']);
  });
});
