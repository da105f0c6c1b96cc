// The logbook and the planning agree (an entry given by place, day and start time belongs to
// the session that starts then), and unlikely values are confirmed before they are saved.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addTestPlaces, openTestStore, runCli, tempDb } from '../harness.js';
import type { Store } from '../../src/store/engine.js';

// Today in the harness: 26 November 2026, 12:00 in La Réunion.
async function withStore<T>(db: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openTestStore(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A planned session, written straight to its table. */
async function addSession(db: string, date: string, start: string, end: string, type = 'decouverte-caf-fr', placeId = 1): Promise<number> {
  return withStore(db, async (s) => {
    const row = await s.one(sql<{ id: number }>`
      INSERT INTO sessions (place_id, date, start_time, end_time, type, animators, created_at, updated_at)
      VALUES (${placeId}, ${date}, ${start}, ${end}, ${type}, '["Sophie"]', 'x', 'x') RETURNING id`);
    return Number(row!.id);
  });
}

const entryCount = (db: string) => withStore(db, async (s) => Number((await s.one(sql<{ n: number }>`SELECT count(*) AS n FROM logbook_entries`))!.n));
const entries = async (db: string) => JSON.parse((await runCli(['logbook', 'list', '--json'], { db })).stdout).entrees as Record<string, unknown>[];
const SAVE = { question: 'Enregistrer cette entrée', answer: 'enregistrer' };

async function setup(): Promise<string> {
  const db = tempDb();
  await addTestPlaces(db);
  await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
  return db;
}

describe('logbook add attaches the entry to the planned session it matches', () => {
  it('one session starts then at that place: attached, its type and duration follow, logbook missing agrees', async () => {
    const db = await setup();
    const id = await addSession(db, '2026-11-18', '14:00', '16:00', 'courriel');
    expect(JSON.parse((await runCli(['logbook', 'missing', '--json'], { db })).stdout).map((s: { session: number }) => s.session)).toEqual([id]);
    // No --type, no --duree, no --session: the place, day and start time are enough.
    const r = await runCli(['logbook', 'add', '--lieu', 'Médiathèque du Tampon', '--date', '2026-11-18', '--debut', '14:00', '--recus', '6'], { db });
    expect(r.stderr.replace(/Attention : .*mise? en service.*\n/, '')).toBe('');
    expect(r.code).toBe(0);
    const [entry] = await entries(db);
    expect(entry).toMatchObject({ session: id, type: 'courriel', duree_minutes: 120, animateurs: ['Sophie'] });
    expect(JSON.parse((await runCli(['logbook', 'missing', '--json'], { db })).stdout)).toEqual([]);
  });

  it('a start time that matches no session leaves the entry outside the planning', async () => {
    const db = await setup();
    await addSession(db, '2026-11-18', '14:00', '16:00');
    const r = await runCli(['logbook', 'add', '--lieu', '1', '--date', '2026-11-18', '--debut', '09:00', '--type', 'courriel', '--recus', '3'], { db });
    expect(r.code).toBe(0);
    expect((await entries(db))[0]).toMatchObject({ session: null });
  });

  it('two sessions start then: a script is refused with exit 2 naming --session, nothing stored', async () => {
    const db = await setup();
    const a = await addSession(db, '2026-11-18', '14:00', '16:00', 'courriel');
    const b = await addSession(db, '2026-11-18', '14:00', '15:00', 'teledeclaration');
    const r = await runCli(['logbook', 'add', '--lieu', '1', '--date', '2026-11-18', '--debut', '14:00', '--recus', '6'], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--session');
    expect(r.stderr).toContain(`n° ${a}, n° ${b}`);
    expect(await entryCount(db)).toBe(0);
    // Naming it settles the question.
    expect((await runCli(['logbook', 'add', '--session', String(b), '--recus', '6'], { db })).code).toBe(0);
    expect((await entries(db))[0]).toMatchObject({ session: b, type: 'teledeclaration', duree_minutes: 60 });
  });

  it('two sessions start then: on a terminal the prompt asks which', async () => {
    const db = await setup();
    await addSession(db, '2026-11-18', '14:00', '16:00', 'courriel');
    const b = await addSession(db, '2026-11-18', '14:00', '15:00', 'teledeclaration');
    const flags = ['--lieu', '1', '--date', '2026-11-18', '--debut', '14:00', '--recus', '6', '--nouveaux', '1', '--animateur', 'Sophie', '--remarques', '', '--resultats', ''];
    const counters = ['--teledeclarations', '0', '--comptes-crees', '0', '--courriels', '0', '--attestations', '0', '--demarches-abouties', '0'];
    const r = await runCli(['logbook', 'add', ...flags, ...counters], {
      db,
      tty: true,
      answers: [{ question: 'Plusieurs séances commencent à 14h', answer: b }, SAVE],
    });
    expect(r.code).toBe(0);
    expect((await entries(db))[0]).toMatchObject({ session: b, type: 'teledeclaration' });
  });
});

describe('logbook add: unlikely values are confirmed', () => {
  const base = ['logbook', 'add', '--lieu', '1', '--type', 'teledeclaration', '--debut', '10:00'];

  it.each([
    ['a future date', ['--date', '2026-12-01', '--recus', '4'], '--date', 'dans le futur'],
    ['a date before the charter’s signature (15 March 2026)', ['--date', '2026-03-01', '--recus', '4'], '--date', 'précède la signature de la charte'],
    ['more télédéclarations than people received', ['--date', '2026-11-20', '--recus', '4', '--teledeclarations', '5'], '--teledeclarations', 'plus de télédéclarations que de personnes'],
    ['more accounts opened than people received', ['--date', '2026-11-20', '--recus', '2', '--comptes-crees', '3'], '--comptes-crees', 'plus de comptes que de personnes'],
  ])('%s: refused in a script with exit 2 naming --confirmer, store unchanged; accepted with --confirmer', async (_case, flags, flag, text) => {
    const db = await setup();
    const r = await runCli([...base, ...flags], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain(text);
    expect(r.stderr).toContain('--confirmer');
    expect(await entryCount(db)).toBe(0);
    expect((await runCli([...base, ...flags, '--confirmer'], { db })).code).toBe(0);
    expect(await entryCount(db)).toBe(1);
  });

  it('the day of the signature and today are plausible', async () => {
    const db = await setup();
    expect((await runCli([...base, '--date', '2026-03-15', '--recus', '4'], { db })).code).toBe(0);
    expect((await runCli([...base, '--date', '2026-11-26', '--debut', '11:00', '--recus', '4', '--teledeclarations', '4'], { db })).code).toBe(0);
  });

  it('on a terminal: confirmed, it is saved; declined, the field is corrected in the same run', async () => {
    const db = await setup();
    const all = ['--lieu', '1', '--type', 'teledeclaration', '--debut', '10:00', '--recus', '4', '--nouveaux', '1', '--duree', '60', '--animateur', 'Sophie', '--remarques', '', '--resultats', ''];
    const counters = ['--teledeclarations', '0', '--comptes-crees', '0', '--courriels', '0', '--attestations', '0', '--demarches-abouties', '0'];
    const yes = await runCli(['logbook', 'add', '--date', '2026-12-01', ...all, ...counters], {
      db,
      tty: true,
      answers: [{ question: 'Ces valeurs sont-elles justes', answer: true }, SAVE],
    });
    expect(yes.code).toBe(0);
    expect(yes.stderr).toContain('dans le futur');
    const no = await runCli(['logbook', 'add', '--date', '2026-12-02', ...all, ...counters], {
      db,
      tty: true,
      answers: [
        { question: 'Ces valeurs sont-elles justes', answer: false },
        { question: 'Quel champ corriger', answer: 'date' },
        { question: 'Date de l’atelier', answer: '2026-11-20' },
        SAVE,
      ],
    });
    expect(no.code).toBe(0);
    expect((await entries(db)).map((e) => e.date).sort()).toEqual(['2026-11-20', '2026-12-01']);
  });

  it('an edit does not ask again about a doubt the entry already had', async () => {
    const db = await setup();
    await runCli([...base, '--date', '2026-03-01', '--recus', '4', '--confirmer'], { db });
    expect((await runCli(['logbook', 'edit', '1', '--remarques', 'Salle froide'], { db })).code).toBe(0);
    // A new doubt is still asked about.
    const r = await runCli(['logbook', 'edit', '1', '--teledeclarations', '9'], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--confirmer');
  });
});
