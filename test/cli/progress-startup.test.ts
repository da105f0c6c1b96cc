// Start-up never pays for the progress bar: the bundle's entry does not contain cli-progress,
// and short commands run by the built CLI never load it (it is required only when a bar is drawn).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempSqliteDb } from '../harness.js';

const root = join(import.meta.dirname, '..', '..');
const tracer = join(root, 'test', 'fixtures', 'trace-progress-load.mjs');

function runBuilt(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', tracer, join(root, 'bin', 'cafcharte'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env },
  });
}

describe('progress bar and start-up', () => {
  it('keeps cli-progress out of the bundle: required by name, at run time, from one lazily loaded chunk', () => {
    const entry = readFileSync(join(root, 'dist', 'cafcharte.cjs'), 'utf8');
    expect(entry).not.toContain('cli-progress');
    const chunks = readdirSync(join(root, 'dist', 'chunks')).map((name) => readFileSync(join(root, 'dist', 'chunks', name), 'utf8'));
    // Its code (the SingleBar class, its ETA buffer) is bundled nowhere.
    expect(chunks.filter((text) => text.includes('etaBufferLength'))).toEqual([]);
    expect(chunks.filter((text) => text.includes('"cli-progress"'))).toHaveLength(1);
  });

  it('is not loaded by « cafcharte --version » nor by « logbook add »', () => {
    const version = runBuilt(['--version']);
    expect(version.status).toBe(0);
    expect(version.stderr).toBe('[cli-progress absent]\n');
    // Start-up of the bundle on a SQLite store: the same on either half of the suite.
    const db = tempSqliteDb();
    execFileSync(process.execPath, [join(root, 'bin', 'cafcharte'), '--db', db, 'places', 'list'], { env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    const add = runBuilt(['--db', db, 'logbook', 'add', '--lieu', 'inconnu']);
    expect(add.status).not.toBe(0);
    expect(add.stderr).toContain('[cli-progress absent]');
  });
});
