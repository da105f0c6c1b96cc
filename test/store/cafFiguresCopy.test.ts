// How an import writes its figures: PostgreSQL streams them with COPY in its text format, so a
// section holding a tab, a backslash or a newline must come back as it was, as on SQLite; and a
// COPY that fails half-way (a row the server refuses, a connection cut, a transaction run again)
// must leave the store exactly as it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Store } from '../../src/store/engine.js';
import { importFigures, listFigures, listImports, type ImportInput } from '../../src/store/cafFigures.js';
import type { CafFigure, Indicator } from '../../src/domain/cafFigures/types.js';
import { UnreachableError } from '../../src/errors.js';
import { ENGINE, openTestStore, runCli, tempDb, tempDir } from '../harness.js';

const AT = '2026-11-26T12:00:00+04:00';

function figure(month: string, indicator: Indicator, value: number, siteSection: string | null = null): CafFigure {
  return { line: 0, month, perimeter: { kind: 'territoire' }, perimeterKey: 'territoire', indicator, siteSection, value };
}

/** Hands the figures over in chunks of `chunk`, with a drain between, as a file read in pieces does. */
function file(sha256: string, figures: CafFigure[], chunk = 4000, between?: (drained: number) => Promise<void>): ImportInput {
  return {
    fileName: `${sha256}.csv`,
    sha256,
    importedAt: AT,
    replace: false,
    read: async (onFigure, drain) => {
      for (let start = 0; start < figures.length; start += chunk) {
        figures.slice(start, start + chunk).forEach(onFigure);
        await drain();
        await between?.(start + chunk);
      }
      return { errors: [] };
    },
  };
}

/** Sections that COPY's text format must escape, or could mistake for something else. */
const AWKWARD = ['tab\there', 'back\\slash', 'two\\\\back', 'line\nbreak', 'carriage\rreturn', '\\N', 'quote "Mes aides"', 'l’apostrophe', 'Accès à « Mon Compte »', 'semi;colon', ' espace '];

/** 12,000 figures, a thousand a month as a file groups them: several COPY batches, and months starting within chunks. */
const MANY = Array.from({ length: 12_000 }, (_, i) => figure(`2025-${String(Math.floor(i / 1000) + 1).padStart(2, '0')}`, 'siteSection', i, `Rubrique ${i}`));

async function counts(store: Store): Promise<{ figures: number; imports: number }> {
  const row = await store.one(sql<{ figures: number; imports: number }>`
    SELECT (SELECT count(*) FROM caf_figures) AS figures, (SELECT count(*) FROM caf_imports) AS imports`);
  return { figures: Number(row!.figures), imports: Number(row!.imports) };
}

describe(`CAF figures written in bulk (${ENGINE})`, () => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(tempDb());
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores awkward sections and an empty one exactly as given', async () => {
    const figures = [
      figure('2026-01', 'consultations', 1500),
      ...AWKWARD.map((section, i) => figure('2026-01', 'siteSection', 100 - i, section)),
      figure('2026-01', 'onlineDeclaration', 0),
    ];
    const outcome = await importFigures(store, file('awkward', figures));
    expect(outcome).toMatchObject({ kind: 'imported', inserted: figures.length });
    const stored = await listFigures(store);
    expect(stored.map((f) => [f.indicator, f.siteSection, f.value])).toEqual([
      ['consultations', null, 1500],
      ...AWKWARD.map((section, i) => ['siteSection', section, 100 - i]),
      ['onlineDeclaration', null, 0],
    ]);
    // An absent section is stored as the empty string on both engines, never NULL.
    expect(await store.one(sql<{ n: number }>`SELECT count(*) AS n FROM caf_figures WHERE site_section = ''`)).toEqual({ n: 2 });
  });

  it('writes every figure of a file read in many chunks, and refuses its overlap afterwards', async () => {
    expect(await importFigures(store, file('many', MANY, 1500))).toMatchObject({ kind: 'imported', inserted: 12_000 });
    expect(await counts(store)).toEqual({ figures: 12_000, imports: 1 });
    // The same keys from another file: refused, and nothing of it written.
    const again = await importFigures(store, file('again', MANY.slice(0, 3000), 1000));
    expect(again).toMatchObject({ kind: 'occupied' });
    expect(await counts(store)).toEqual({ figures: 12_000, imports: 1 });
  });
});

describe.skipIf(ENGINE !== 'postgres')('a COPY that fails half-way (postgres)', () => {
  let db: string;
  let store: Store;
  beforeEach(async () => {
    db = tempDb();
    store = await openTestStore(db);
  });
  afterEach(async () => {
    await store.close();
  });

  it('leaves nothing when the server refuses a row after thousands were sent, and names the refusal (exit 4)', async () => {
    await store.run(sql`ALTER TABLE caf_figures ADD CONSTRAINT test_refused CHECK (site_section <> 'Refusée')`);
    const lines = ['mois;perimetre;indicateur;rubrique;valeur'];
    for (let i = 0; i < 9000; i++) lines.push(`2025-${String((i % 12) + 1).padStart(2, '0')};Territoire Sud;rubrique;Rubrique ${i};${i}`);
    lines.push('2026-01;Territoire Sud;rubrique;Refusée;5');
    const path = join(tempDir(), 'refus.csv');
    writeFileSync(path, lines.join('\n') + '\n');

    const r = await runCli(['stats', 'import', path], { db });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Erreur : « refus.csv » : la base a refusé un chiffre (');
    expect(r.stderr).toContain('test_refused');
    expect(r.stderr).toContain(') ; rien n’a été importé.');
    expect(await counts(store)).toEqual({ figures: 0, imports: 0 });
  });

  it('leaves nothing when the connection is cut during the COPY, and says so (exit 7)', async () => {
    const killer = await openTestStore(db);
    const cut = async (drained: number) => {
      if (drained !== 6000) return;
      // Every other connection to this database: the import's, mid-COPY.
      await killer.run(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    };
    try {
      const failure = await importFigures(store, file('cut', MANY, 2000, cut)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UnreachableError);
      expect((failure as UnreachableError).exitCode).toBe(7);
      expect((failure as Error).message).toMatch(/^--db : la connexion au serveur PostgreSQL \(.*\) a été coupée pendant l’opération ; le serveur l’a annulée, rien n’a été écrit\./);
      expect(await counts(killer)).toEqual({ figures: 0, imports: 0 });
    } finally {
      await killer.close();
    }
  });

  it('runs the COPY anew when the transaction is run again, writing each figure once', async () => {
    let attempts = 0;
    const input = file('retry', MANY, 3000, async (drained) => {
      // The first attempt loses a serialisation race with a COPY under way.
      if (drained === 6000 && ++attempts === 1) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    });
    expect(await importFigures(store, input)).toMatchObject({ kind: 'imported', importId: 1, inserted: 12_000 });
    expect(attempts).toBe(2);
    expect(await counts(store)).toEqual({ figures: 12_000, imports: 1 });
    expect((await listImports(store)).map((i) => [i.id, i.rowCount])).toEqual([[1, 12_000]]);
  });

  it('refuses a file already imported, without opening a COPY', async () => {
    await importFigures(store, file('once', MANY.slice(0, 10)));
    expect(await importFigures(store, file('once', MANY.slice(0, 10)))).toMatchObject({ kind: 'alreadyImported' });
    expect(await counts(store)).toEqual({ figures: 10, imports: 1 });
  });
});
