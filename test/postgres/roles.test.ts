// Rights in the territory store, enforced by PostgreSQL: group roles, GRANTs, row-level security
// on the logbook, authors set by the database. Checked through the tool (exit 6, store unchanged)
// and through a raw connection as the person's own role.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, openTestStore, runCli, tempDb, tempDir } from '../harness.js';

const PASSWORD = 'mot-de-passe-de-test';

describe.skipIf(ENGINE !== 'postgres')('territory roles on PostgreSQL', () => {
  let db: string;
  let env: Record<string, string>;
  const admin = () => openTestStore(db);
  /** The same database, connected as `login` (its password comes from PGPASSFILE, never the URL). */
  const as = (login: string) => db.replace('://postgres@', `://${login}@`);

  async function snapshot(): Promise<string> {
    const store = await admin();
    try {
      const tables = ['logbook_entries', 'logbook_history', 'amendments', 'caf_figures', 'caf_imports', 'places', 'bookings'];
      const parts: unknown[] = [];
      for (const table of tables) parts.push((await store.all(sql`SELECT * FROM ${sql.table(table)}`)).map((row) => JSON.stringify(row)).sort());
      return JSON.stringify(parts);
    } finally {
      await store.close();
    }
  }

  beforeAll(async () => {
    db = tempDb();
    const passfile = join(tempDir(), 'pgpass');
    writeFileSync(passfile, ['anim1', 'anim2', 'coord', 'lect'].map((login) => `*:*:*:${login}:${PASSWORD}`).join('\n') + '\n', { mode: 0o600 });
    env = { PGPASSFILE: passfile };
    const owner = (argv: string[]) => runCli(argv, { db, env });
    const init = await owner(['territoire', 'init']);
    expect([init.code, init.stderr]).toEqual([0, '']);
    for (const [login, name, organisation, commune, role] of [
      ['anim1', 'Nadia Técher', 'caf', 'Saint-Louis', 'animation'],
      ['anim2', 'Paul Hoarau', 'caf', 'Saint-Pierre', 'animation'],
      ['coord', 'Julie Grondin', 'commune', 'Le Tampon', 'coordination'],
      ['lect', 'Marc Payet', 'commune', 'Le Tampon', 'lecture'],
    ]) {
      const r = await owner(['territoire', 'personnes', 'add', '--identifiant', login!, '--nom', name!, '--organisation', organisation!, '--commune', commune!, '--role', role!]);
      expect([r.code, r.stderr]).toEqual([0, '']);
    }
    // The password is set as a person would with \password; the tool never takes one on its command line.
    const store = await admin();
    for (const login of ['anim1', 'anim2', 'coord', 'lect']) await store.run(sql.raw(`ALTER ROLE ${login} PASSWORD '${PASSWORD}'`));
    await store.close();
    expect((await owner(['charter', 'sign', '--date', '2026-01-05'])).code).toBe(0);
    const place = await owner(['places', 'add', '--nom', 'Médiathèque de Saint-Louis', '--type', 'mediatheque', '--commune', 'Saint-Louis', '--adresse', '1 rue du Centre', '--code-postal', '97450', '--telephone', '0262 91 00 00']);
    expect([place.code, place.stderr]).toEqual([0, '']);
  });

  it('lists the people with their role', async () => {
    const r = await runCli(['territoire', 'personnes', 'list', '--json'], { db, env });
    expect(JSON.parse(r.stdout)).toEqual([
      { identifiant: 'anim1', nom: 'Nadia Técher', role: 'animation', connexion: true },
      { identifiant: 'anim2', nom: 'Paul Hoarau', role: 'animation', connexion: true },
      { identifiant: 'coord', nom: 'Julie Grondin', role: 'coordination', connexion: true },
      { identifiant: 'lect', nom: 'Marc Payet', role: 'lecture', connexion: true },
    ]);
  });

  it('an animator adds an entry, authored by its role whatever --auteur says', async () => {
    const r = await runCli(['logbook', 'add', '--lieu', '1', '--date', '2026-11-20', '--type', 'decouverte-caf-fr', '--recus', '4', '--auteur', 'Quelqu’un d’autre'], { db: as('anim1'), env });
    expect([r.code, r.stderr]).toEqual([0, expect.stringContaining('--auteur est ignoré sur PostgreSQL')]);
    const store = await admin();
    const rows = await store.all(sql<{ author: string }>`SELECT author FROM logbook_entries ORDER BY id`);
    await store.close();
    expect(rows.at(-1)!.author).toBe('anim1');
  });

  it('an animator cannot change another animator’s entry, through the tool or through psql', async () => {
    const added = await runCli(['logbook', 'add', '--lieu', '1', '--date', '2026-11-21', '--type', 'decouverte-caf-fr', '--recus', '3'], { db: as('anim1'), env });
    expect(added.code, added.stderr).toBe(0);

    const id = Number(/n° (\d+)/.exec(added.stdout)![1]);
    const before = await snapshot();
    const r = await runCli(['logbook', 'edit', String(id), '--recus', '9'], { db: as('anim2'), env });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/droit refusé : le rôle « anim2 » \(animation\) ne peut pas modifier une entrée du carnet écrite par une autre personne/);
    expect(await snapshot()).toBe(before);

    const url = new URL(as('anim2'));
    const raw = new pg.Client({ host: url.hostname, port: Number(url.port), database: url.pathname.slice(1), user: 'anim2', password: PASSWORD });
    await raw.connect();
    try {
      await expect(raw.query('UPDATE logbook_entries SET received = 9 WHERE id = $1', [id])).rejects.toMatchObject({ code: '42501' });
      await expect(raw.query('UPDATE logbook_entries SET author = current_user WHERE id = $1', [id])).rejects.toMatchObject({ code: '42501' });
      await expect(raw.query('INSERT INTO amendments DEFAULT VALUES')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await raw.end();
    }
    expect(await snapshot()).toBe(before);

    // Its own author may change it.
    expect((await runCli(['logbook', 'edit', String(id), '--recus', '5'], { db: as('anim1'), env })).code).toBe(0);
  });

  it('an animator cannot amend the charter nor import CAF figures (exit 6, store unchanged)', async () => {
    const before = await snapshot();
    const amend = await runCli(['charter', 'amend', '--date', '2026-09-01', '--objet', 'Délai de préavis', '--elements', 'Article 10'], { db: as('anim1'), env });
    expect([amend.code, amend.stderr]).toEqual([6, expect.stringContaining('seule la coordination peut enregistrer un avenant')]);
    const csv = join(tempDir(), 'chiffres.csv');
    writeFileSync(csv, 'mois;perimetre;indicateur;rubrique;valeur\n2026-07;Territoire Sud;consultations;;1520\n');
    const imported = await runCli(['stats', 'import', csv], { db: as('anim1'), env });
    expect([imported.code, imported.stderr]).toEqual([6, expect.stringContaining('seule la coordination peut importer les chiffres de la CAF')]);
    expect(await snapshot()).toBe(before);
  });

  it('a reader writes nothing, and reads the report', async () => {
    const before = await snapshot();
    const entry = await runCli(['logbook', 'add', '--lieu', '1', '--date', '2026-11-22', '--type', 'decouverte-caf-fr', '--recus', '2'], { db: as('lect'), env });
    expect([entry.code, entry.stderr]).toEqual([6, expect.stringContaining('le rôle « lect » (lecture)')]);
    const place = await runCli(['places', 'add', '--nom', 'MPT de Bois-Court', '--type', 'mpt', '--commune', 'Le Tampon', '--adresse', '2 chemin Bois-Court', '--code-postal', '97418', '--telephone', '0262 27 00 01'], { db: as('lect'), env });
    expect(place.code).toBe(6);
    expect(await snapshot()).toBe(before);
    const report = await runCli(['report', '--semestre', '2026-S2', '--format', 'json'], { db: as('lect'), env });
    expect(report.code).toBe(0);
  });

  it('coordination can do all: amend the charter, import figures', async () => {
    const amend = await runCli(['charter', 'amend', '--date', '2026-09-01', '--objet', 'Délai de préavis', '--elements', 'Article 10'], { db: as('coord'), env });
    expect([amend.code, amend.stderr]).toEqual([0, '']);
    const csv = join(tempDir(), 'chiffres.csv');
    writeFileSync(csv, 'mois;perimetre;indicateur;rubrique;valeur\n2026-07;Territoire Sud;consultations;;1520\n');
    expect((await runCli(['stats', 'import', csv], { db: as('coord'), env })).code).toBe(0);
  });

  it('two animators adding entries at once from two processes: every entry, each with its author', async () => {
    const cli = join(process.cwd(), 'bin', 'cafcharte');
    const run = promisify(execFile);
    const add = (login: string, day: number) =>
      run(process.execPath, [cli, '--db', as(login), 'logbook', 'add', '--lieu', '1', '--date', `2026-10-${String(day).padStart(2, '0')}`, '--type', 'decouverte-caf-fr', '--recus', '1'], {
        env: { ...process.env, ...env, NO_COLOR: '1' },
      });
    const results = await Promise.all(Array.from({ length: 6 }, (_, k) => [add('anim1', k + 1), add('anim2', k + 11)]).flat());
    for (const result of results) expect(result.stdout).toMatch(/Entrée n° \d+/);
    const store = await admin();
    const rows = await store.all(sql<{ date: string; author: string }>`SELECT date, author FROM logbook_entries WHERE date LIKE '2026-10-%' ORDER BY date`);
    await store.close();
    expect(rows).toHaveLength(12);
    for (const row of rows) expect(row.author).toBe(Number(row.date.slice(8)) > 10 ? 'anim2' : 'anim1');
  });

  it('a removed person can no longer connect; its entries stay under its name', async () => {
    expect((await runCli(['territoire', 'personnes', 'remove', '--identifiant', 'anim2'], { db, env })).code).toBe(0);
    const r = await runCli(['logbook', 'list'], { db: as('anim2'), env });
    expect(r.code).not.toBe(0);
    const store = await admin();
    const authors = await store.all(sql<{ n: number }>`SELECT count(*) AS n FROM logbook_entries WHERE author = 'anim2'`);
    await store.close();
    expect(authors[0]!.n).toBeGreaterThan(0);
  });

  it('an animator books seats, recorded under its role; a reader may not; only coordination plans', async () => {
    const planned = await runCli(['sessions', 'add', '--lieu', '1', '--date', '2026-12-16', '--debut', '10:00', '--fin', '12:00', '--type', 'courriel', '--capacite', '6', '--force'], { db: as('coord'), env });
    expect(planned.code, planned.stderr).toBe(0);
    const id = /n° (\d+)/.exec(planned.stdout)![1]!;
    const booked = await runCli(['sessions', 'book', id, '--places', '2'], { db: as('anim1'), env });
    expect(booked.code, booked.stderr).toBe(0);
    const store = await admin();
    const history = await store.all(sql<{ author: string }>`SELECT author FROM session_history WHERE session_id = ${Number(id)} ORDER BY id`);
    await store.close();
    expect(history.at(-1)!.author).toBe('anim1');
    const reader = await runCli(['sessions', 'book', id, '--places', '1'], { db: as('lect'), env });
    expect([reader.code, reader.stderr]).toEqual([6, expect.stringContaining('le rôle « lect » (lecture)')]);
    const plan = await runCli(['sessions', 'add', '--lieu', '1', '--date', '2026-12-17', '--debut', '10:00', '--fin', '12:00', '--type', 'courriel', '--force'], { db: as('anim1'), env });
    expect([plan.code, plan.stderr]).toEqual([6, expect.stringContaining('seule la coordination peut planifier les séances')]);
  });

  it('runs init again (after an upgrade) without changing who may do what; only the owner may', async () => {
    const again = await runCli(['territoire', 'init'], { db, env });
    expect([again.code, again.stderr]).toEqual([0, '']);
    const byCoordination = await runCli(['territoire', 'init'], { db: as('coord'), env });
    expect([byCoordination.code, byCoordination.stderr]).toEqual([2, expect.stringContaining('propriétaire de la base')]);
    const refused = await runCli(['charter', 'amend', '--date', '2026-10-01', '--objet', 'Horaires', '--elements', 'Article 6'], { db: as('lect'), env });
    expect(refused.code).toBe(6);
  });

  it('refuses the territory commands on a SQLite store and a bad login', async () => {
    const sqlite = join(tempDir(), 'bureau.sqlite');
    const r = await runCli(['territoire', 'init'], { db: sqlite });
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('PostgreSQL')]);
    const bad = await runCli(['territoire', 'personnes', 'add', '--identifiant', 'Marie Payet', '--nom', 'Marie Payet', '--organisation', 'caf', '--role', 'animation'], { db, env });
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--identifiant')]);
    const role = await runCli(['territoire', 'personnes', 'add', '--identifiant', 'mpayet', '--nom', 'Marie Payet', '--organisation', 'caf', '--role', 'chef'], { db, env });
    expect([role.code, role.stderr]).toEqual([2, expect.stringContaining('--role')]);
  });

  afterAll(() => undefined);
});
