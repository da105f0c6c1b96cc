// A SQLite command never evaluates PostgreSQL code: node-postgres, Kysely's PostgreSQL dialect
// and src/store/postgres load only for a PostgreSQL URL (start-up time, issue of the bench).
// Nor Kysely at all: the SQLite store runs the repositories' templates (src/store/sql.ts) itself.
// Traced on the built tool with bench/startup-modules.mjs (files loaded + the build's dist/meta.json).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addTestPlaces, openTestStore, tempDb, tempDir } from '../harness.js';

interface Modules {
  status: number;
  files: number;
  sourceModules: number;
  postgres: string[];
  chunks: { inputs: { path: string }[] }[];
}
const { startupModules } = (await import(new URL('../../bench/startup-modules.mjs', import.meta.url).href)) as {
  startupModules: (args: string[], root?: string) => Modules;
};
const root = join(import.meta.dirname, '..', '..');

describe('what a command evaluates at start-up', () => {
  it.each([[['charter-status']], [['logbook', 'list']], [['sessions', 'list']]])('« %s » on SQLite: no PostgreSQL code', (args) => {
    const db = tempDb();
    if (/^postgres/.test(db)) return; // this test is about the SQLite start-up path
    const result = startupModules(['--db', db, ...args], root);
    expect(result.status).toBe(0);
    expect(result.sourceModules).toBeGreaterThan(10); // the trace did see the bundle
    expect(result.postgres).toEqual([]);
    const inputs = result.chunks.flatMap((chunk) => chunk.inputs.map((input) => input.path));
    expect(inputs.some((path) => path.startsWith('src/store/sqliteStore.ts'))).toBe(true);
    expect(inputs.filter((path) => path.includes('node_modules/kysely/'))).toEqual([]);
  });

  it('« charter-status » on PostgreSQL evaluates neither Kysely nor the migrations of an up-to-date store', async () => {
    const db = tempDb();
    if (!/^postgres/.test(db)) return; // the PostgreSQL start-up path
    await (await openTestStore(db)).close(); // creates and migrates the store
    const result = startupModules(['--db', db, 'charter-status'], root);
    expect(result.status).toBe(0);
    const inputs = result.chunks.flatMap((chunk) => chunk.inputs.map((input) => input.path));
    expect(inputs.some((path) => path.includes('node_modules/pg/'))).toBe(true); // the trace did see the PostgreSQL store
    expect(inputs.filter((path) => path.includes('node_modules/kysely/') || (path.startsWith('src/store/migrations/') && !path.endsWith('latest.ts')))).toEqual([]);
  });

  it.each([[['logbook', 'list']], [['sessions', 'list']]])('« %s » loads neither zod, the personal-data guard nor the places repository', (args) => {
    const db = tempDb();
    if (/^postgres/.test(db)) return; // about the SQLite start-up path, as above
    const result = startupModules(['--db', db, ...args], root);
    expect(result.status).toBe(0);
    const inputs = result.chunks.flatMap((chunk) => chunk.inputs.map((input) => input.path));
    expect(inputs.some((path) => path.startsWith('src/store/logbook.ts') || path.startsWith('src/store/sessions/read.ts'))).toBe(true);
    expect(inputs.filter((path) => /node_modules\/(zod|libphonenumber-js)\/|^src\/(store\/places|domain\/personalData(Finder)?|commands\/logbook\/entryForm)\.ts/.test(path))).toEqual([]);
  });

  it('an up-to-date SQLite store loads no migration', () => {
    const db = tempDb();
    if (/^postgres/.test(db)) return;
    expect(startupModules(['--db', db, 'charter-status'], root).status).toBe(0); // creates and migrates the store
    const result = startupModules(['--db', db, 'charter-status'], root);
    expect(result.status).toBe(0);
    const inputs = result.chunks.flatMap((chunk) => chunk.inputs.map((input) => input.path));
    expect(inputs.filter((path) => path.startsWith('src/store/migrations/'))).toEqual(['src/store/migrations/latest.ts']);
  });

  it('« logbook add » loads the phone check (libphonenumber) only for a text with digits', async () => {
    const db = tempDb();
    if (/^postgres/.test(db)) return;
    await addTestPlaces(db);
    const add = (remarks: string, start: string) =>
      startupModules(['--db', db, 'logbook', 'add', '--date', '2026-11-20', '--debut', start, '--lieu', '1', '--type', 'decouverte-caf-fr', '--recus', '3', '--remarques', remarks, '--auteur', 'Marie Hoarau'], root);
    const phones = (result: Modules) => result.chunks.flatMap((chunk) => chunk.inputs.map((input) => input.path)).filter((path) => path.includes('node_modules/libphonenumber-js/'));
    const plain = add('Atelier calme, bonne participation.', '09:00');
    expect(plain.status).toBe(0);
    expect(phones(plain)).toEqual([]);
    const withDigits = add('Rappeler le 0692 12 34 56 demain.', '10:00');
    expect(withDigits.status).toBe(5); // the phone number is refused, as before
    expect(phones(withDigits).length).toBeGreaterThan(0);
  });

  it.each([[['--help']], [['sessions', 'add', '--help']]])('« %s » evaluates neither Kysely nor the store opener', (args) => {
    const result = startupModules(args, root);
    expect(result.status).toBe(0);
    const inputs = result.chunks.flatMap((chunk) => chunk.inputs.map((input) => input.path));
    expect(inputs.filter((path) => path.includes('node_modules/kysely/') || path.startsWith('src/store/open.ts'))).toEqual([]);
  });

  it('« poster » evaluates neither zod nor libphonenumber (a French phone number is shown without it)', async () => {
    const db = tempDb();
    if (/^postgres/.test(db)) return; // the start-up path is the engine's business elsewhere
    await addTestPlaces(db);
    const result = startupModules(['--db', db, 'poster', '--lieu', 'Médiathèque du Tampon', '--sortie', join(tempDir(), 'affiche.pdf')], root);
    expect(result.status).toBe(0);
    const inputs = result.chunks.flatMap((chunk) => chunk.inputs.map((input) => input.path));
    expect(inputs.some((path) => path.startsWith('src/render/poster/'))).toBe(true);
    expect(inputs.filter((path) => path.includes('node_modules/zod/') || path.includes('node_modules/libphonenumber-js/'))).toEqual([]);
  });

  it('« --version » loads no file of the bundle', () => {
    const result = startupModules(['--version'], root);
    expect(result.status).toBe(0);
    expect(result.files).toBe(0);
  });
});
