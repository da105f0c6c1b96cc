// 1. Crash during import: the import is one transaction, so a SIGKILL at any moment leaves the
// store with none or all of the file, and a store that `check` finds sound.
import { describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, FULL, query, startCli, writeFiguresCsv } from './support.js';
import { tempDir } from '../harness.js';

const ROWS = 200_000;

describe('crash during stats import', () => {
  it(`leaves none or all of a ${ROWS}-row import after SIGKILL at random moments`, async () => {
    const folder = tempDir();
    const csv = join(folder, 'chiffres.csv');
    writeFiguresCsv(csv, ROWS);
    const template = join(folder, 'vide.sqlite');
    expect(cli(['--db', template, 'check']).code).toBe(0);

    // How long a whole import takes here, so the kills fall across all of it.
    const full = join(folder, 'complet.sqlite');
    copyFileSync(template, full);
    const started = Date.now();
    const done = cli(['--db', full, 'stats', 'import', csv]);
    const duration = Date.now() - started;
    expect(done.code).toBe(0);
    expect(query<{ n: number }>(full, 'SELECT count(*) AS n FROM caf_figures').n).toBe(ROWS);

    const iterations = FULL ? 150 : 50;
    const outcomes = { none: 0, all: 0 };
    let seed = 20261126;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < iterations; i++) {
      const db = join(folder, `essai-${i}.sqlite`);
      copyFileSync(template, db);
      const child = startCli(['--db', db, 'stats', 'import', csv]);
      const exited = new Promise((r) => child.on('exit', r)); // attached now: the child may finish before the kill
      const delay = Math.floor(random() * duration * 1.1);
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      const check = cli(['--db', db, 'check']);
      expect(check.code, check.stderr).toBe(0);
      const figures = query<{ n: number }>(db, 'SELECT count(*) AS n FROM caf_figures').n;
      const imports = query<{ n: number }>(db, 'SELECT count(*) AS n FROM caf_imports').n;
      expect([0, ROWS]).toContain(figures);
      expect(imports).toBe(figures === 0 ? 0 : 1);
      outcomes[figures === 0 ? 'none' : 'all']++;
    }
    // Most kills land mid-import; the loop must have exercised that case.
    expect(outcomes.none).toBeGreaterThan(iterations / 4);
  }, 600_000); // 150 kills and checks: minutes on a busy 2-core machine
});
