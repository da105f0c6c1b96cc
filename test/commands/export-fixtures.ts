// A small, known month for the export tests: October 2026 at three places, written straight
// into the store with SQL (the export reads the tables itself, so the tests do too).
import { sql } from 'kysely';
import { openStoreAt } from '../../src/store/open.js';
import type { Store } from '../../src/store/engine.js';
import { addTestPlaces } from '../harness.js';

export const FORMULA_REMARKS = ['=HYPERLINK("http://exemple.re","clic")', '+33 consultations de plus', '@SUM(A1:A3)', '-2'];

async function withStore(path: string, fn: (tx: Store) => Promise<void>): Promise<void> {
  const store = await openStoreAt(path, { now: () => new Date('2026-11-26T08:00:00Z') });
  try {
    await store.transaction(fn);
  } finally {
    await store.close();
  }
}

const AT = '2026-11-01T10:00:00+04:00';

export async function insertSession(
  store: Store,
  s: { place: number; date: string; start: string; end: string; type: string; capacity?: number; status?: string; reason?: string; animators?: string[] },
): Promise<number> {
  const row = await store.one(sql<{ id: number }>`
    INSERT INTO sessions (place_id, date, start_time, end_time, type, capacity, animators, status, cancel_reason, created_at, updated_at)
    VALUES (${s.place}, ${s.date}, ${s.start}, ${s.end}, ${s.type}, ${s.capacity ?? null}, ${JSON.stringify(s.animators ?? [])}, ${s.status ?? 'prevue'}, ${s.reason ?? null}, ${AT}, ${AT})
    RETURNING id`);
  return Number(row!.id);
}

export interface EntrySpec {
  date: string;
  place: number;
  type: string;
  received: number;
  firstTimers?: number | null;
  start?: string | null;
  session?: number | null;
  duration?: number | null;
  animators?: string[];
  remarks?: string | null;
  results?: string | null;
  onlineDeclarations?: number;
  removed?: boolean;
}

export async function insertEntry(store: Store, e: EntrySpec): Promise<number> {
  const row = await store.one(sql<{ id: number }>`
    INSERT INTO logbook_entries (date, start_time, place_id, session_id, type, received, first_timers, duration_minutes, animators, remarks,
      online_declarations, accounts_created, emails_sent, certificates, completed_procedures, results_text, author, removed_at, removal_reason,
      created_at, updated_at)
    VALUES (${e.date}, ${e.start ?? null}, ${e.place}, ${e.session ?? null}, ${e.type}, ${e.received}, ${e.firstTimers ?? null}, ${e.duration ?? null},
      ${JSON.stringify(e.animators ?? [])}, ${e.remarks ?? null}, ${e.onlineDeclarations ?? 0}, 1, 2, 0, 1, ${e.results ?? null}, 'testeur',
      ${e.removed ? AT : null}, ${e.removed ? 'doublon' : null}, ${AT}, ${AT})
    RETURNING id`);
  return Number(row!.id);
}

/** Places 1-3 (harness), then October 2026: 3 sessions, 5 live entries, 1 removed, CAF figures; plus out-of-month noise. */
export async function seedOctober(path: string): Promise<void> {
  await addTestPlaces(path);
  await withStore(path, async (db) => {
    const s1 = await insertSession(db, { place: 1, date: '2026-10-07', start: '14:00', end: '17:00', type: 'creneau-reserve', capacity: 10, animators: ['Awa Payet'] });
    await insertSession(db, { place: 3, date: '2026-10-09', start: '13:30', end: '16:30', type: 'teledeclaration', status: 'annulee', reason: 'Panne du réseau' });
    await insertSession(db, { place: 1, date: '2026-11-04', start: '14:00', end: '17:00', type: 'creneau-reserve' });
    const book = (seats: number, status: string) =>
      db.run(sql`INSERT INTO bookings (session_id, seats, status, created_at, updated_at) VALUES (${s1}, ${seats}, ${status}, ${AT}, ${AT})`);
    await book(3, 'confirmee');
    await book(2, 'confirmee');
    await book(1, 'attente');
    await book(4, 'annulee');

    await insertEntry(db, { date: '2026-10-07', start: '14:00', place: 1, session: s1, type: 'creneau-reserve', received: 5, firstTimers: 2, duration: 180, animators: ['Awa Payet', 'Jean Hoarau'], remarks: FORMULA_REMARKS[0], onlineDeclarations: 3 });
    await insertEntry(db, { date: '2026-10-14', place: 1, type: 'teledeclaration', received: 4, remarks: FORMULA_REMARKS[1], results: 'Déclarations trimestrielles faites' });
    await insertEntry(db, { date: '2026-10-21', start: '09:00', place: 2, type: 'courriel', received: 3, firstTimers: 1, remarks: FORMULA_REMARKS[2], results: 'Deux comptes créés; "trois" courriels\nenvoyés' });
    await insertEntry(db, { date: '2026-10-22', place: 2, type: 'courriel', received: 9, removed: true, remarks: 'saisie en double' });
    await insertEntry(db, { date: '2026-10-31', place: 3, type: 'decouverte-caf-fr', received: 2, firstTimers: 0, remarks: FORMULA_REMARKS[3] });
    await insertEntry(db, { date: '2026-09-30', place: 3, type: 'decouverte-caf-fr', received: 7 });

    const imp = (await db.one(sql<{ id: number }>`INSERT INTO caf_imports (file_name, sha256, imported_at, row_count) VALUES ('caf.csv', 'abc', ${AT}, 3) RETURNING id`))!.id;
    const fig = (perimeter: string, indicator: string, value: number) =>
      db.run(sql`INSERT INTO caf_figures (import_id, month, perimeter, indicator, value) VALUES (${imp}, '2026-10', ${perimeter}, ${indicator}, ${value})`);
    await fig('territoire', 'consultations', 1520);
    await fig('territoire', 'teledeclarations', 310);
    await fig('lieu:1', 'consultations', 200);
  });
}

/** Many entries in one month, for the speed check. */
export async function seedBusyMonth(path: string, count: number): Promise<void> {
  await addTestPlaces(path);
  await withStore(path, async (db) => {
    for (let i = 0; i < count; i++) {
      const day = String((i % 31) + 1).padStart(2, '0');
      await insertEntry(db, { date: `2026-10-${day}`, start: '14:00', place: (i % 3) + 1, type: 'teledeclaration', received: (i % 7) + 1, firstTimers: i % 2, remarks: `Séance n° ${i} ; tout s’est bien passé`, animators: ['Awa Payet'] });
    }
  });
}

