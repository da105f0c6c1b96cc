// The built tool starts from V8's code cache (bin/codeCache.js, made by scripts/codeCache.mjs at
// build time): V8 accepts it for every bundle file a daily command loads. A damaged or missing
// cache changes nothing but speed: the same output, the same exit code.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestStore, tempDb, tempSqliteDb } from '../harness.js';

const root = join(import.meta.dirname, '..', '..');
const tracer = join(root, 'test', 'fixtures', 'trace-code-cache.cjs');
const env = { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'Indian/Reunion' };

function run(toolRoot: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--require', tracer, join(toolRoot, 'bin', 'cafcharte'), ...args], { encoding: 'utf8', env });
  const lines = r.stderr.trimEnd().split('\n');
  const compiled = JSON.parse(lines.at(-1) ?? '[]') as { file: string; cache: string }[];
  return { status: r.status, stdout: r.stdout, stderr: lines.slice(0, -1).join('\n'), compiled };
}

/** A copy of the built tool (bin/, dist/, package.json; node_modules linked) whose cache can be spoilt. */
const copy = mkdtempSync(join(tmpdir(), 'cafcharte-code-cache-'));
for (const entry of ['bin', 'dist', 'package.json']) cpSync(join(root, entry), join(copy, entry), { recursive: true });
symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('V8 code cache of the bundle', () => {
  it.each([[['charter-status']], [['logbook', 'list']], [['sessions', 'list']]])('« %s » compiles every bundle file it loads from an accepted cache', (args) => {
    const db = tempSqliteDb();
    expect(run(root, ['--db', db, 'charter-status']).status).toBe(0); // creates the store
    const r = run(root, ['--db', db, ...args]);
    expect(r.status).toBe(0);
    const bundleFiles = r.compiled.filter((c) => c.file.startsWith(join(root, 'dist')));
    expect(bundleFiles.length).toBeGreaterThan(3);
    expect(bundleFiles.filter((c) => c.cache !== 'accepté')).toEqual([]);
  });

  it('on PostgreSQL, « charter-status » compiles every bundle file it loads (node-postgres among them) from an accepted cache', async () => {
    const db = tempDb();
    if (!/^postgres/.test(db)) return; // the PostgreSQL part of the training (a server at build time)
    await (await openTestStore(db)).close(); // creates and migrates the store
    const r = run(root, ['--db', db, 'charter-status']);
    expect(r.status).toBe(0);
    const bundleFiles = r.compiled.filter((c) => c.file.startsWith(join(root, 'dist')));
    expect(bundleFiles.length).toBeGreaterThan(3);
    expect(bundleFiles.filter((c) => c.cache !== 'accepté')).toEqual([]);
  });

  it('a damaged or missing cache: V8 refuses it, and the command does the same as with it', () => {
    const db = tempSqliteDb();
    const good = run(copy, ['--db', db, 'charter-status']);
    const again = run(copy, ['--db', db, 'charter-status']);
    const cacheDir = join(copy, 'dist', 'code-cache');
    const files = readdirSync(cacheDir);
    files.forEach((name, i) => (i % 2 ? rmSync(join(cacheDir, name)) : writeFileSync(join(cacheDir, name), 'pas un cache V8')));
    const spoilt = run(copy, ['--db', db, 'charter-status']);
    expect(spoilt.compiled.some((c) => c.cache === 'refusé')).toBe(true);
    expect(spoilt.compiled.some((c) => c.cache === 'aucun')).toBe(true);
    expect(spoilt.status).toBe(0);
    expect(spoilt.stdout).toBe(again.stdout);
    expect(spoilt.stderr).toBe(again.stderr);
    expect(good.status).toBe(0);
  });
});
