// `logbook sans-public`: reserved slots where nobody came, in one command; `logbook missing`
// then lists only the real gaps and the report counts these slots apart.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addTestPlaces, openTestStore, runCli, tempDb } from '../harness.js';

const at = (iso: string) => new Date(`${iso}T08:00:00Z`);

async function storeRows(db: string, query: string): Promise<unknown[]> {
  const store = await openTestStore(db);
  try {
    return await store.all(sql.raw(query));
  } finally {
    await store.close();
  }
}

/** Place 1 (Médiathèque du Tampon) has reserved slots on Wednesday 14:00-17:00 and Saturday 9:00-12:00. */
async function setup(): Promise<{ db: string; sessions: { id: number; date: string }[] }> {
  const db = tempDb();
  await addTestPlaces(db);
  await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
  const generated = await runCli(['sessions', 'generate', '--mois', '2026-11', '--lieu', '1'], { db, now: at('2026-10-20') });
  expect(generated.code).toBe(0);
  const sessions = (await storeRows(db, `SELECT id, date FROM sessions WHERE type = 'creneau-reserve' ORDER BY date`)) as { id: number; date: string }[];
  return { db, sessions };
}

const missingDates = async (db: string) =>
  JSON.parse((await runCli(['logbook', 'missing', '--json'], { db })).stdout).map((s: { date: string }) => s.date) as string[];

describe('logbook sans-public', () => {
  it('records zero attendance for a place’s past slots of a month; missing keeps only real gaps; the report counts them apart', async () => {
    const { db, sessions } = await setup();
    // Today is Thursday 26 November 2026: slots up to the 19th are over 7 days old.
    const before = await missingDates(db);
    expect(before.length).toBeGreaterThan(3);
    // One slot really had people: it stays a normal entry.
    const real = sessions.find((s) => s.date === before[0])!;
    expect((await runCli(['logbook', 'add', '--session', String(real.id), '--recus', '5'], { db })).code).toBe(0);

    const r = await runCli(['logbook', 'sans-public', '--lieu', 'Médiathèque du Tampon', '--mois', '2026-11', '--json'], { db });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const past = sessions.filter((s) => s.date <= '2026-11-26');
    const future = sessions.filter((s) => s.date > '2026-11-26');
    expect(out.enregistrees.map((e: { session: number }) => e.session)).toEqual(past.filter((s) => s.id !== real.id).map((s) => s.id));
    expect(out.deja_au_carnet).toEqual([real.id]);
    expect(out.a_venir).toEqual(future.map((s) => s.id));
    expect(await missingDates(db)).toEqual([]);
    const rows = (await storeRows(db, `SELECT received, type, session_id FROM logbook_entries WHERE received = 0`)) as { received: number; type: string }[];
    expect(rows).toHaveLength(past.length - 1);
    expect(rows.every((e) => e.type === 'creneau-reserve')).toBe(true);

    // The report: 1 workshop held (5 people), the empty slots counted apart, not in the average.
    const report = JSON.parse((await runCli(['report', '--semestre', '2026-S2', '--format', 'json'], { db })).stdout);
    expect(report.ateliers.ateliers).toBe(1);
    expect(report.ateliers.creneaux_sans_public).toBe(past.length - 1);
    expect(report.ateliers.moyenne_par_atelier).toBe(5);
    const text = (await runCli(['report', '--semestre', '2026-S2'], { db })).stdout;
    expect(text).toMatch(new RegExp(`Créneaux réservés sans public \\(art\\. 5\\)\\s+${past.length - 1}`));

    // Run again: nothing new.
    const again = await runCli(['logbook', 'sans-public', '--lieu', '1', '--mois', '2026-11'], { db });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Aucun créneau à enregistrer');
  });

  it('takes a list of sessions or of dates', async () => {
    const { db, sessions } = await setup();
    const [a, b, c] = sessions;
    expect((await runCli(['logbook', 'sans-public', '--session', `${a.id},${b.id}`], { db })).code).toBe(0);
    const byDate = await runCli(['logbook', 'sans-public', '--lieu', '1', '--date', c.date], { db });
    expect(byDate.code).toBe(0);
    expect(byDate.stdout).toContain('1 créneau réservé sans public enregistré au carnet de bord');
    expect(await storeRows(db, 'SELECT id FROM logbook_entries')).toHaveLength(3);
  });

  it.each([
    [['--mois', '2026-11'], 2, '--lieu'],
    [['--lieu', '1'], 2, '--mois'],
    [['--lieu', '1', '--mois', '2026-13'], 2, '--mois'],
    [['--lieu', '1', '--du', '2026-11-20', '--au', '2026-11-10'], 2, '--au'],
    [['--lieu', 'Nulle part', '--mois', '2026-11'], 3, '--lieu'],
    [['--lieu', '2', '--mois', '2026-11'], 3, 'aucun créneau réservé planifié'],
    [['--lieu', '1', '--date', '2026-11-05'], 3, '--date'],
    [['--lieu', '1', '--date', '2026-11-04', '--mois', '2026-11'], 2, '--date'],
    [['--session', '999'], 2, '--session'],
  ])('refuses %j with exit %i naming %s, store unchanged', async (flags, code, text) => {
    const { db } = await setup();
    const r = await runCli(['logbook', 'sans-public', ...flags], { db });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(text);
    expect(await storeRows(db, 'SELECT id FROM logbook_entries')).toHaveLength(0);
  });

  it('refuses a session that is not a reserved slot, or one still to come', async () => {
    const { db, sessions } = await setup();
    const future = sessions.at(-1)!;
    const r = await runCli(['logbook', 'sans-public', '--session', String(future.id)], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('est à venir');
    const other = (await storeRows(db, `INSERT INTO sessions (place_id, date, start_time, end_time, type, animators, created_at, updated_at) VALUES (1, '2026-11-10', '10:00', '11:00', 'courriel', '[]', 'x', 'x') RETURNING id`)) as { id: number }[];
    const workshop = await runCli(['logbook', 'sans-public', '--session', String(other[0]!.id)], { db });
    expect(workshop.code).toBe(2);
    expect(workshop.stderr).toContain('pas un créneau réservé');
    expect(await storeRows(db, 'SELECT id FROM logbook_entries')).toHaveLength(0);
  });
});
