import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addTestPlaces, openTestStore, runCli, tempDb, tempDir } from '../harness.js';
import { sql } from 'kysely';

async function rows(db: string, table: string): Promise<unknown[]> {
  const store = await openTestStore(db);
  try {
    return await store.all(sql`SELECT * FROM ${sql.table(table)} ORDER BY id`);
  } finally {
    await store.close();
  }
}

const TITLE = 'Découvrir caf.fr';

async function ok(db: string, argv: string[]) {
  const r = await runCli(argv, { db });
  expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
  return r;
}

/** A store with the three test places, one support (v1) and two comité meetings. */
async function withSupport(): Promise<string> {
  const db = tempDb();
  await addTestPlaces(db);
  // The `=` form: `--version` is also the root's flag (see the report on program.ts).
  await ok(db, ['supports', 'add', '--titre', TITLE, '--version=v1', '--lien', 'https://www.caf.fr/allocataires/mon-compte']);
  await ok(db, ['charter', 'copil', 'meeting', 'add', '--date', '2026-06-10']);
  await ok(db, ['charter', 'copil', 'meeting', 'add', '--date', '2026-12-10']);
  return db;
}

const list = async (db: string) => JSON.parse((await runCli(['supports', 'list', '--json'], { db })).stdout);

describe('supports', () => {
  it('accepts a CAF address with a long document number (a reference, not free text)', async () => {
    const db = await withSupport();
    const r = await runCli(['supports', 'add', '--titre', 'Guide', '--version=1', '--lien', 'https://www.caf.fr/sites/default/files/caf/974/12345678.pdf'], { db });
    expect(r.code).toBe(0);
    expect((await list(db)).find((s: { titre: string }) => s.titre === 'Guide').versions[0].lien).toBe('https://www.caf.fr/sites/default/files/caf/974/12345678.pdf');
  });

  it('adds a support; the same title again is a new version of the same support', async () => {
    const db = await withSupport();
    const dir = tempDir();
    writeFileSync(join(dir, 'v2.pdf'), '%PDF-1.4');
    const r = await runCli(['supports', 'add', '--titre', 'découvrir CAF.FR', '--version=v2', '--fichier', 'v2.pdf', '--public', 'allocataires'], { db, cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nouvelle version v2 du support n° 1');
    expect(r.stderr).toContain('supports validate 1 --reunion');
    const [support] = await list(db);
    expect(support).toMatchObject({
      id: 1,
      titre: TITLE,
      public: 'allocataires',
      etat: 'a_valider',
      version_en_cours: 'v1',
      derniere_version: 'v2',
    });
    expect(support.versions).toEqual([
      { version: 'v1', public: 'animateurs', fichier: null, lien: 'https://www.caf.fr/allocataires/mon-compte', reunion_validation: null, validee_le: null },
      { version: 'v2', public: 'allocataires', fichier: join(dir, 'v2.pdf'), lien: null, reunion_validation: null, validee_le: null },
    ]);
    expect(await rows(db, 'training_materials')).toHaveLength(1);
    // Without --public, the next version keeps the public of the one before.
    await ok(db, ['supports', 'add', '--titre', TITLE, '--version=v3']);
    expect((await list(db))[0].versions[2].public).toBe('allocataires');
  });

  it('shows a pending version, then which places hold an outdated version once it is validated', async () => {
    const db = await withSupport();
    await ok(db, ['supports', 'diffuse', '1', '--lieu', 'Médiathèque du Tampon', '--date', '2026-09-01']);
    await ok(db, ['supports', 'diffuse', '1', '--lieu', 'bois court', '--date', '2026-09-02']);
    await ok(db, ['supports', 'add', '--titre', TITLE, '--version=v2']);

    // v2 awaits the comité: the places still hold the current version.
    let [support] = await list(db);
    expect(support.etat).toBe('a_valider');
    expect(support.lieux_version_perimee).toEqual([]);
    const pending = await runCli(['supports', 'diffuse', '1', '--lieu', '3', '--date', '2026-11-02'], { db });
    expect(pending.code).toBe(0);
    expect(pending.stderr).toContain('La version v2 attend la validation du comité');
    expect(pending.stdout).toContain('Version v1 de « Découvrir caf.fr » remise à Médiathèque de Saint-Pierre');
    const text = await runCli(['supports', 'list'], { db });
    expect(text.stdout).toContain('nouvelle version à valider (v2)');

    const v = await runCli(['supports', 'validate', '1', '--reunion', '2'], { db });
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('Version v2 de « Découvrir caf.fr » validée par le comité de pilotage (réunion n° 2 du 10 décembre 2026)');
    await ok(db, ['supports', 'diffuse', '1', '--lieu', '2', '--date', '2026-12-11']);
    [support] = await list(db);
    expect(support).toMatchObject({ etat: 'validee', version_en_cours: 'v2' });
    expect(support.lieux).toEqual([
      { lieu_id: 3, lieu: 'Médiathèque de Saint-Pierre', version: 'v1', remis_le: '2026-11-02' },
      { lieu_id: 1, lieu: 'Médiathèque du Tampon', version: 'v1', remis_le: '2026-09-01' },
      { lieu_id: 2, lieu: 'MPT de Bois-Court', version: 'v2', remis_le: '2026-12-11' },
    ]);
    expect(support.lieux_version_perimee.map((l: { lieu: string }) => l.lieu)).toEqual(['Médiathèque de Saint-Pierre', 'Médiathèque du Tampon']);
    const table = await runCli(['supports', 'list'], { db });
    expect(table.stdout).toContain('Médiathèque de Saint-Pierre (v1), Médiathèque du Tampon (v1)');
  });

  it('is idempotent for the same validation and the same delivery; another meeting is a conflict (4)', async () => {
    const db = await withSupport();
    await ok(db, ['supports', 'validate', '1', '--reunion', '1']);
    const again = await runCli(['supports', 'validate', '1', '--reunion', '1'], { db });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('déjà validée');
    const other = await runCli(['supports', 'validate', '1', '--reunion', '2'], { db });
    expect(other.code).toBe(4);
    await ok(db, ['supports', 'diffuse', '1', '--lieu', '1', '--date', '2026-09-01']);
    const twice = await runCli(['supports', 'diffuse', '1', '--lieu', '1', '--date', '2026-09-05'], { db });
    expect(twice.code).toBe(0);
    expect(twice.stderr).toContain('a déjà reçu la version v1');
    expect(await rows(db, 'training_material_deliveries')).toHaveLength(1);
  });

  it.each([
    [['validate', '1', '--reunion', '9'], 3, 'aucune réunion du comité n° 9'],
    [['validate', '7', '--reunion', '1'], 3, 'aucun support n° 7'],
    [['validate', 'un', '--reunion', '1'], 2, 'id'],
    [['diffuse', '1', '--lieu', 'Cilaos', '--date', '2026-09-01'], 3, '--lieu'],
    [['diffuse', '1', '--lieu', '1', '--date', '31/09/2026'], 2, '--date'],
    [['diffuse', '5', '--lieu', '1', '--date', '2026-09-01'], 3, 'aucun support n° 5'],
  ])('refuses supports %j with exit %i, store unchanged', async (argv, code, text) => {
    const db = await withSupport();
    const before = [await rows(db, 'training_material_versions'), await rows(db, 'training_material_deliveries')];
    const r = await runCli(['supports', ...argv], { db });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(text);
    expect([await rows(db, 'training_material_versions'), await rows(db, 'training_material_deliveries')]).toEqual(before);
  });

  it.each([
    [['--titre', TITLE, '--version=v1'], 4, 'déjà une version « v1 »'],
    [['--titre', 'Fiche', '--version=1', '--lien', 'ftp://caf.fr/x'], 2, '--lien'],
    [['--titre', 'Fiche', '--version=1', '--lien', 'pas une adresse'], 2, '--lien'],
    [['--titre', 'Fiche', '--version=1', '--fichier', '/nulle/part.pdf'], 2, '--fichier'],
    [['--titre', 'Fiche', '--version=1', '--fichier', '/etc/hostname', '--lien', 'https://caf.fr'], 2, 'pas les deux'],
    [['--titre', 'Fiche', '--version=1', '--public', 'tous'], 2, 'animateurs, allocataires'],
    [['--titre', 'Dossier de Mme Grondin', '--version=1'], 5, '--titre'],
    [['--titre', 'Fiche', '--version=né le 12/03/1980'], 5, '--version'],
  ])('refuses supports add %j with exit %i, store unchanged', async (flags, code, text) => {
    const db = await withSupport();
    const r = await runCli(['supports', 'add', ...flags], { db });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(text);
    expect(await rows(db, 'training_material_versions')).toHaveLength(1);
    expect(await rows(db, 'training_materials')).toHaveLength(1);
  });
});
