// `store copy --vers`: the whole store on the other engine, ids and histories as they were,
// proven by a logical dump of both sides; a target that holds data, a Ctrl-C or a copy that
// differs leaves the target as it was.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import demo from '../../data/demo.json' with { type: 'json' };
import { dumpStore } from '../../src/store/copy.js';
import { openDatabase } from '../../src/store/driver.js';
import type { Interrupts } from '../../src/context.js';
import { ENGINE, openTestStore, runCli, tempDb, tempDir, tempSqliteDb } from '../harness.js';

async function dumpOf(location: string) {
  const store = await openTestStore(location);
  try {
    return await dumpStore(store);
  } finally {
    await store.close();
  }
}

async function cli(db: string, argv: string[]) {
  const result = await runCli(argv, { db });
  if (result.code !== 0) throw new Error(`${argv.join(' ')} : ${result.stderr}`);
  return result;
}

/** Adds a place through the Store API (any engine) and returns the id the store gave it. */
async function addPlaceRow(location: string): Promise<number> {
  const store = await openTestStore(location);
  try {
    const at = '2026-11-26T12:00:00+04:00';
    const row = await store.one(
      sql<{ id: number }>`INSERT INTO places (name, kind, commune_insee, address, postal_code, phone, created_at, updated_at)
        VALUES ('MPT de Bérive', 'mpt', '97422', '1 rue de Bérive', '97430', '+262262270002', ${at}, ${at}) RETURNING id`,
    );
    return Number(row!.id);
  } finally {
    await store.close();
  }
}

/** A store with something in most tables: the demonstration's set-up, a workshop, its logbook. */
async function filledStore(location: string): Promise<void> {
  for (const argv of demo.commandes) await cli(location, argv.map((a) => (a === 'data/exemple-stats-caf.csv' ? join(process.cwd(), a) : a)));
  await cli(location, ['sessions', 'add', '--lieu', '1', '--date', '2026-11-25', '--debut', '14:00', '--duree', '90', '--type', 'decouverte-caf-fr', '--capacite', '2', '--animateur', 'Nadia Técher']);
  await cli(location, ['sessions', 'add', '--lieu', '2', '--date', '2026-12-02', '--debut', '09:00', '--duree', '60', '--type', 'courriel', '--capacite', '2', '--animateur', 'Nadia Técher']);
  await cli(location, ['sessions', 'book', '2', '--places', '2']);
  await cli(location, ['logbook', 'add', '--session', '1', '--recus', '4', '--nouveaux', '1', '--remarques', 'Atelier sur l’espace Mon Compte.']);
  await cli(location, ['logbook', 'edit', '1', '--recus', '5']);
}

const TARGETS: { name: string; make: () => string }[] = [
  { name: 'a new SQLite file', make: () => join(tempDir(), 'copie.sqlite') },
  ...(ENGINE === 'postgres' ? [{ name: 'an empty PostgreSQL database', make: () => tempDb() }] : []),
];

describe('store copy', () => {
  // The source is filled through the commands on SQLite; PostgreSQL is the copy's target (and
  // the source of the copy back).
  let source: string;
  beforeAll(async () => {
    source = tempSqliteDb();
    await filledStore(source);
  });

  for (const target of TARGETS) {
    it(`copies every table to ${target.name}, ids and histories included, and the copy goes on where the original stops`, async () => {
      const to = target.make();
      const result = await runCli(['store', 'copy', '--vers', to], { db: source });
      expect(result.stderr).toMatch(/^Copie : \d+ lignes copiées et vérifiées en 0,0 s\.$/m);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Magasin copié vers .+ : \d+ tables, \d+ lignes, copie identique à l’original\./);
      const want = await dumpOf(source);
      const have = await dumpOf(to);
      expect(have).toEqual(want);
      expect(want.get('logbook_history')!.rows).toBeGreaterThan(1);
      expect(want.get('caf_figures')!.rows).toBeGreaterThan(0);
      if (/^postgres/.test(to)) {
        // The planner has the copied tables' statistics at once, not after autovacuum's visit.
        const copy = await openTestStore(to);
        try {
          expect((await copy.one(sql<{ n: number }>`SELECT count(*) AS n FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'sessions'`))?.n).toBeGreaterThan(0);
        } finally {
          await copy.close();
        }
      }
      // Six places in the source: the next one gets id 7 on the copy too (identity reset on PostgreSQL).
      expect(await addPlaceRow(to)).toBe(7);
    });
  }

  it('copies a store back from a copy: the round trip gives the original dump', async () => {
    const there = TARGETS.at(-1)!.make();
    const back = tempSqliteDb();
    expect((await runCli(['store', 'copy', '--vers', there], { db: source })).code).toBe(0);
    expect((await runCli(['store', 'copy', '--vers', back], { db: there })).code).toBe(0);
    expect(await dumpOf(back)).toEqual(await dumpOf(source));
  });

  it('refuses a target that already holds data (exit 2, --vers named) and leaves it as it was', async () => {
    const target = tempSqliteDb();
    await cli(target, ['places', 'add', '--nom', 'MPT de Bérive', '--type', 'mpt', '--commune', 'Le Tampon', '--adresse', '1 rue de Bérive', '--code-postal', '97430', '--telephone', '0262 27 00 02']);
    const before = await dumpOf(target);
    const result = await runCli(['store', 'copy', '--vers', target], { db: source });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--vers : la cible');
    expect(result.stderr).toContain('n’est pas un magasin vide (la table places contient déjà des données)');
    expect(await dumpOf(target)).toEqual(before);
  });

  it('refuses to copy a store onto itself, and a target that is not a store, naming --vers', async () => {
    const itself = await runCli(['store', 'copy', '--vers', source], { db: source });
    expect(itself.code).toBe(2);
    expect(itself.stderr).toContain('--vers : « ');
    expect(itself.stderr).toContain('est le magasin lui-même');
    const folder = tempDir();
    const notAStore = await runCli(['store', 'copy', '--vers', folder], { db: source });
    expect(notAStore.code).toBe(2);
    expect(notAStore.stderr).toMatch(/^Erreur : --vers : « .+ » est un dossier/m);
    const empty = await runCli(['store', 'copy', '--vers', '  '], { db: source });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--vers : attendu le chemin d’un fichier SQLite ou l’URL d’une base PostgreSQL');
  });

  it('on Ctrl-C, exits 130 and leaves no target file behind', async () => {
    const target = join(tempDir(), 'copie.sqlite');
    // Ctrl-C is pressed as the copy starts: it is heard after the first rows.
    const interrupts: Interrupts = { listen: (onInterrupt) => (onInterrupt(), () => undefined) };
    const result = await runCli(['store', 'copy', '--vers', target], { db: source, interrupts });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('copie interrompue (Ctrl-C) : la cible n’a pas été modifiée.');
    expect(existsSync(target)).toBe(false);
  });

  // The target is a SQLite file prepared by hand with a trigger that alters what is written.
  it('compares both dumps: a copy that differs is rolled back and exits 1', async () => {
    const target = tempSqliteDb();
    (await openTestStore(target)).close();
    const raw = openDatabase(target);
    raw.exec("CREATE TRIGGER alter_copy AFTER INSERT ON places BEGIN UPDATE places SET phone = '+262262000000' WHERE id = new.id; END;");
    raw.close();
    const result = await runCli(['store', 'copy', '--vers', target], { db: source });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('diffère de l’original (table places : mêmes effectifs, contenu différent) ; elle a été annulée, la cible n’a pas été modifiée.');
    expect((await dumpOf(target)).get('places')!.rows).toBe(0);
  });
});

describe.runIf(ENGINE === 'postgres')('backup on PostgreSQL', () => {
  it('writes the portable SQLite backup file that restore reads back into a SQLite store, row for row', async () => {
    const desk = tempSqliteDb();
    await filledStore(desk);
    const source = tempDb();
    expect((await runCli(['store', 'copy', '--vers', source], { db: desk })).code).toBe(0);
    const file = join(tempDir(), 'sauvegarde.sqlite');
    const backup = await runCli(['backup', '--sortie', file], { db: source });
    expect(backup.stderr).toMatch(/^Sauvegarde : \d+ lignes copiées et vérifiées en 0,0 s\.$/m);
    expect(backup.code).toBe(0);
    expect(backup.stdout.trim()).toBe(file);
    const restored = tempSqliteDb();
    const restore = await runCli(['restore', file, '--oui'], { db: restored });
    expect(restore.code).toBe(0);
    expect(await dumpOf(restored)).toEqual(await dumpOf(source));
  });
});
