// Every published JSON Schema (docs/schemas, draft 2020-12) is valid, and the outputs it
// describes validate against it, on a rich store and an empty one. An object output carries
// its schema's id and version in `schema`; an array cannot, its schema says so.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ENGINE, addTestPlaces, runCli, tempDb } from './harness.js';
import { buildReportFixture } from './fixtures/report/dataset.js';

const SCHEMAS = join(import.meta.dirname, '..', 'docs', 'schemas');
const ajv = new Ajv2020({ allErrors: true, strict: true });
const schemas = new Map<string, object>();
for (const file of readdirSync(SCHEMAS)) {
  const schema = JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as { $id: string };
  expect(file).toBe(`${schema.$id.replace(/\/\d+$/, '')}.schema.json`);
  schemas.set(schema.$id, schema);
  ajv.addSchema(schema);
}

/** One logbook entry added, edited, removed and restored: every kind of history line. */
async function buildEditedEntry(db: string): Promise<void> {
  await addTestPlaces(db);
  for (const argv of [
    ['logbook', 'add', '--date', '2026-11-25', '--debut', '14:00', '--lieu', 'Médiathèque du Tampon', '--type', 'teledeclaration', '--recus', '8'],
    ['logbook', 'edit', '1', '--recus', '7'],
    ['logbook', 'remove', '1', '--motif', 'saisie en double'],
    ['logbook', 'restore', '1'],
  ]) {
    const r = await runCli(argv, { db });
    if (r.code !== 0) throw new Error(`${argv.join(' ')} : ${r.stderr}`);
  }
}

let rich: string;
let empty: string;

async function json(db: string, argv: string[]): Promise<unknown> {
  const r = await runCli([...argv, '--json'], { db });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} : ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Validates and says where it fails, in one readable line per error. */
function expectValid(id: string, value: unknown): void {
  const validate = ajv.getSchema(id)!;
  const ok = validate(value);
  // A key added to an output must be added to its schema too (docs/schemas, same version).
  expect(ok ? [] : validate.errors!.map((e) => `${id} ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
  if (!Array.isArray(value)) expect((value as { schema: string }).schema).toBe(id);
}

beforeAll(async () => {
  rich = tempDb();
  empty = tempDb();
  await buildReportFixture(rich);
}, 120_000);

describe('published JSON Schemas', () => {
  it('are draft 2020-12 schemas that compile in strict mode', () => {
    expect(schemas.size).toBeGreaterThanOrEqual(4);
    for (const [id, schema] of schemas) {
      expect((schema as { $schema: string }).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(ajv.getSchema(id)).toBeTypeOf('function');
    }
  });

  it('report --format json (cafcharte-rapport/1)', async () => {
    for (const db of [rich, empty]) {
      for (const semester of ['2026-S1', '2025-S2']) {
        const r = await runCli(['report', '--semestre', semester, '--format', 'json'], { db });
        expectValid('cafcharte-rapport/1', JSON.parse(r.stdout));
      }
    }
  });

  it('charter-status --json (cafcharte-etat-charte/1), before signature, in force, after termination', async () => {
    for (const date of ['2025-01-01', '2026-05-10', '2026-12-01']) expectValid('cafcharte-etat-charte/1', await json(rich, ['charter-status', '--date', date]));
    expectValid('cafcharte-etat-charte/1', await json(empty, ['charter-status']));
    const db = tempDb();
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
    await runCli(['charter', 'breach', '--par', 'caf', '--recu', '2026-10-02', '--motif', 'chiffres non transmis'], { db });
    await runCli(['charter', 'terminate', '--par', 'commune', '--recu', '2026-11-10', '--manquement', '1'], { db });
    const terminated = (await json(db, ['charter-status', '--date', '2026-11-20'])) as { manquements: unknown[]; resiliation: unknown };
    expect(terminated.resiliation).not.toBeNull();
    expectValid('cafcharte-etat-charte/1', terminated);
  });

  it('places show --json (cafcharte-lieu/1) and places list --json (cafcharte-lieux/1)', async () => {
    const list = (await json(rich, ['places', 'list'])) as { id: number }[];
    expect(list.length).toBeGreaterThan(0);
    expectValid('cafcharte-lieux/1', list);
    expectValid('cafcharte-lieux/1', await json(empty, ['places', 'list']));
    for (const place of list) expectValid('cafcharte-lieu/1', await json(rich, ['places', 'show', String(place.id)]));
  });

  it('logbook list --json (cafcharte-carnet/1) and sessions list --json (cafcharte-seances/1)', async () => {
    for (const db of [rich, empty]) {
      expectValid('cafcharte-carnet/1', await json(db, ['logbook', 'list', '--semestre', '2026-S1']));
      expectValid('cafcharte-seances/1', await json(db, ['sessions', 'list']));
    }
    const sessions = await json(rich, ['sessions', 'list']);
    expect((sessions as unknown[]).length).toBeGreaterThan(0);
  });

  it('charter show --json (cafcharte-charte/1), signed, terminated, empty', async () => {
    expectValid('cafcharte-charte/1', await json(rich, ['charter', 'show']));
    expectValid('cafcharte-charte/1', await json(empty, ['charter', 'show']));
    const db = tempDb();
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
    await runCli(['charter', 'terminate', '--par', 'caf', '--recu', '2027-01-10'], { db });
    const terminated = (await json(db, ['charter', 'show'])) as { resiliation: { partie: string } };
    expect(terminated.resiliation.partie).toBe('caf');
    expectValid('cafcharte-charte/1', terminated);
  });

  it('stats list --json (cafcharte-chiffres/1) and stats imports --json (cafcharte-imports/1)', async () => {
    const figures = (await json(rich, ['stats', 'list'])) as { source: string }[];
    expect(figures.length).toBeGreaterThan(0);
    expectValid('cafcharte-chiffres/1', figures);
    expectValid('cafcharte-chiffres/1', await json(rich, ['stats', 'list', '--perimetre', 'territoire']));
    const imports = (await json(rich, ['stats', 'imports'])) as unknown[];
    expect(imports.length).toBeGreaterThan(0);
    expectValid('cafcharte-imports/1', imports);
    expectValid('cafcharte-chiffres/1', await json(empty, ['stats', 'list']));
    expectValid('cafcharte-imports/1', await json(empty, ['stats', 'imports']));
  });

  it('logbook show, history and missing --json (cafcharte-entree-carnet/1, -historique-carnet/1, -seances-sans-carnet/1)', async () => {
    const { entrees } = (await json(rich, ['logbook', 'list', '--semestre', '2026-S1'])) as { entrees: { id: number }[] };
    expect(entrees.length).toBeGreaterThan(0);
    for (const { id } of entrees.slice(0, 5)) {
      expectValid('cafcharte-entree-carnet/1', await json(rich, ['logbook', 'show', String(id)]));
      expectValid('cafcharte-historique-carnet/1', await json(rich, ['logbook', 'history', String(id)]));
    }
    // An edited entry: its history carries both snapshots and the changed keys.
    const db = tempDb();
    await buildEditedEntry(db);
    const edited = (await json(db, ['logbook', 'history', '1'])) as { action: string }[];
    expect(edited.map((h) => h.action)).toEqual(['ajout', 'modification', 'suppression', 'restauration']);
    expectValid('cafcharte-historique-carnet/1', edited);
    expectValid('cafcharte-entree-carnet/1', await json(db, ['logbook', 'show', '1']));
    for (const db of [rich, empty]) expectValid('cafcharte-seances-sans-carnet/1', await json(db, ['logbook', 'missing', '--date', '2026-12-31']));
  });

  it('sessions show --json (cafcharte-seance/1), with bookings and history', async () => {
    const sessions = (await json(rich, ['sessions', 'list'])) as { id: number }[];
    expect(sessions.length).toBeGreaterThan(0);
    for (const { id } of sessions.slice(0, 5)) expectValid('cafcharte-seance/1', await json(rich, ['sessions', 'show', String(id)]));
    // A full session with a booking, a waiting list and an edit: every list of the output filled.
    const db = tempDb();
    await addTestPlaces(db);
    for (const argv of [
      ['sessions', 'add', '--lieu', '1', '--date', '2026-12-02', '--debut', '09:30', '--duree', '90', '--type', 'decouverte-caf-fr', '--capacite', '2', '--animateur', 'Nadia Técher'],
      ['sessions', 'book', '1', '--places', '2'],
      ['sessions', 'book', '1', '--liste-attente'],
    ]) {
      const r = await runCli(argv, { db });
      if (r.code !== 0) throw new Error(`${argv.join(' ')} : ${r.stderr}`);
    }
    const shown = (await json(db, ['sessions', 'show', '1'])) as { reservations: unknown[]; historique: unknown[] };
    expect(shown.reservations).toHaveLength(2);
    expect(shown.historique.length).toBeGreaterThan(0);
    expectValid('cafcharte-seance/1', shown);
    // book, unbook and edit print the session after the change.
    const waiting = (await json(db, ['sessions', 'book', '1', '--liste-attente'])) as { statut: string; rang_attente: number | null };
    expect([waiting.statut, waiting.rang_attente]).toEqual(['attente', 2]);
    expectValid('cafcharte-reservation/1', waiting);
    expectValid('cafcharte-seances/1', await json(db, ['sessions', 'add', '--lieu', '1', '--date', '2026-12-03', '--debut', '09:30', '--duree', '90', '--type', 'courriel']));
    const booked = (await json(db, ['sessions', 'book', '2'])) as { statut: string; rang_attente: number | null };
    expect([booked.statut, booked.rang_attente]).toEqual(['confirmee', null]);
    expectValid('cafcharte-reservation/1', booked);
    const freed = (await json(db, ['sessions', 'unbook', '1', '--places', '2'])) as { demandes_promues: number };
    expect(freed.demandes_promues).toBeGreaterThan(0);
    expectValid('cafcharte-liberation/1', freed);
    expectValid('cafcharte-seance-modifiee/1', await json(db, ['sessions', 'edit', '1', '--capacite', '4']));
  });

  it('charter copil, confidentialite and personnel lists --json', async () => {
    for (const db of [rich, empty]) {
      expectValid('cafcharte-membres-comite/1', await json(db, ['charter', 'copil', 'members', 'list', '--tous']));
      expectValid('cafcharte-reunions-comite/1', await json(db, ['charter', 'copil', 'meeting', 'list']));
      expectValid('cafcharte-confidentialite/1', await json(db, ['charter', 'confidentialite', 'list']));
      expectValid('cafcharte-personnel/1', await json(db, ['charter', 'personnel', 'list']));
    }
    expect(((await json(rich, ['charter', 'copil', 'meeting', 'list'])) as unknown[]).length).toBeGreaterThan(0);
  });

  it('campagnes list and show --json (cafcharte-campagnes/1, cafcharte-campagne/1), supports list --json (cafcharte-supports/1)', async () => {
    const campaigns = (await json(rich, ['campagnes', 'list'])) as { id: number }[];
    expect(campaigns.length).toBeGreaterThan(0);
    expectValid('cafcharte-campagnes/1', campaigns);
    for (const { id } of campaigns) {
      const shown = (await json(rich, ['campagnes', 'show', String(id)])) as { diffusions: unknown[] };
      expect(shown.diffusions.length).toBeGreaterThan(0);
      expectValid('cafcharte-campagne/1', shown);
    }
    expectValid('cafcharte-campagnes/1', await json(empty, ['campagnes', 'list']));
    expectValid('cafcharte-supports/1', await json(empty, ['supports', 'list']));
    // Two versions of a support, the first validated and given to a place: every list filled.
    const db = tempDb();
    await addTestPlaces(db);
    for (const argv of [
      ['charter', 'copil', 'meeting', 'add', '--date', '2026-02-05'],
      ['supports', 'add', '--titre', 'Découvrir caf.fr', '--version=2026-1', '--lien', 'https://www.caf.fr/'],
      ['supports', 'validate', '1', '--reunion', '1'],
      ['supports', 'diffuse', '1', '--lieu', '1', '--date', '2026-03-02'],
      ['supports', 'add', '--titre', 'Découvrir caf.fr', '--version=2026-2', '--lien', 'https://www.caf.fr/'],
    ]) {
      const r = await runCli(argv, { db });
      if (r.code !== 0) throw new Error(`${argv.join(' ')} : ${r.stderr}`);
    }
    const supports = (await json(db, ['supports', 'list'])) as { versions: unknown[]; lieux: unknown[] }[];
    expect(supports).toHaveLength(1);
    expect(supports[0]!.versions).toHaveLength(2);
    expect(supports[0]!.lieux).toHaveLength(1);
    expectValid('cafcharte-supports/1', supports);
  });

  it('sessions generate --json (cafcharte-seances/1) and logbook sans-public --json (cafcharte-carnet-sans-public/1)', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
    const generated = await runCli(['sessions', 'generate', '--mois', '2026-11', '--lieu', '1', '--json'], { db, now: new Date('2026-10-20T08:00:00Z') });
    expect(generated.code).toBe(0);
    const created = JSON.parse(generated.stdout) as unknown[];
    expect(created.length).toBeGreaterThan(3);
    expectValid('cafcharte-seances/1', created);
    const missing = (await json(db, ['logbook', 'missing', '--date', '2026-11-26'])) as unknown[];
    expect(missing.length).toBeGreaterThan(0);
    expectValid('cafcharte-seances-sans-carnet/1', missing);
    const recorded = (await json(db, ['logbook', 'sans-public', '--lieu', '1', '--mois', '2026-11'])) as { enregistrees: unknown[]; a_venir: unknown[] };
    expect(recorded.enregistrees.length).toBeGreaterThan(0);
    expectValid('cafcharte-carnet-sans-public/1', recorded);
    const again = (await json(db, ['logbook', 'sans-public', '--lieu', '1', '--mois', '2026-11'])) as { deja_au_carnet: unknown[] };
    expect(again.deja_au_carnet.length).toBeGreaterThan(0);
    expectValid('cafcharte-carnet-sans-public/1', again);
  });

  it('places mise-en-service --json (cafcharte-mise-en-service/1), a place still in preparation', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const first = (await json(db, ['places', 'mise-en-service', '1', '--verifie-par', 'Chef d’antenne', '--date', '2026-11-20', '--coche', 'ordinateurs'])) as { liste: unknown[] };
    expect(first.liste.length).toBeGreaterThan(0);
    expectValid('cafcharte-mise-en-service/1', first);
  });

  // check inspects a SQLite file; on PostgreSQL it says so (exit 2).
  it.skipIf(ENGINE === 'postgres')('check --json (cafcharte-controle/1), whose older `schema` key is the store version', async () => {
    const validate = ajv.getSchema('cafcharte-controle/1')!;
    for (const db of [rich, empty]) {
      const r = await runCli(['check', '--json'], { db });
      const value = JSON.parse(r.stdout) as { schema: number; effectifs: Record<string, number> };
      expect(Object.keys(value.effectifs).length).toBeGreaterThan(0);
      expect(validate(value) ? [] : validate.errors).toEqual([]);
    }
  });
});
