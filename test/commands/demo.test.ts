import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE, runCli, tempDir } from '../harness.js';
import { normalizeSpaces, readPdfReport } from '../fixtures/report/readBack.js';

describe('cafcharte demo', () => {
  // The demo always builds its own SQLite store: run once, not again on the PostgreSQL half. It
  // builds a year of the charter through the commands, twice: minutes on a loaded 2-core machine.
  it.skipIf(ENGINE === 'postgres')('builds a demonstration store in its own folder and prints the semester report, with PDF and HTML written', { timeout: 180_000 }, async () => {
    const cwd = tempDir();
    const everyday = join(tempDir(), 'reel.sqlite');
    const r = await runCli(['demo'], { cwd, env: { CAFCHARTE_DB: everyday } });
    expect(r.code, r.stderr).toBe(0);
    // The report of the demo's semester, with its CAF figures and workshops.
    expect(r.stdout).toContain('1er semestre 2026');
    expect(r.stdout).toMatch(/Consultations de caf\.fr/);
    expect(r.stdout).toMatch(/Ateliers tenus\s+108/);
    expect(r.stdout).toContain('Médiathèque de Saint-Louis');
    expect(r.stdout).toContain('Avenant n° 1');
    const folder = join(cwd, 'cafcharte-demo');
    const store = join(folder, 'demo.sqlite');
    expect(r.stderr).toContain(store);
    expect(statSync(store).mode & 0o077).toBe(0);
    // The everyday store named by CAFCHARTE_DB is never touched.
    expect(existsSync(everyday)).toBe(false);

    const pdf = await readPdfReport(readFileSync(join(folder, 'rapport-2026-S1.pdf')));
    expect(normalizeSpaces(pdf.pages.map((p) => p.text).join(' '))).toContain('Médiathèque du Tampon');
    expect(readFileSync(join(folder, 'rapport-2026-S1.html'), 'utf8')).toContain('Médiathèque de Saint-Pierre');

    // The store is sound and holds the year the README describes: 6 places in 4 communes.
    expect((await runCli(['check'], { db: store })).code).toBe(0);
    const places = JSON.parse((await runCli(['places', 'list', '--json'], { db: store })).stdout) as { commune: string }[];
    expect(places).toHaveLength(6);
    expect(new Set(places.map((p) => p.commune)).size).toBe(4);

    // A second run rebuilds the same demonstration rather than adding to it.
    const again = await runCli(['demo'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Ateliers tenus\s+108/);
  });

  it('refuses to write into an existing store named with --db, and leaves it as it was', async () => {
    const cwd = tempDir();
    const existing = join(cwd, 'mon-magasin.sqlite');
    writeFileSync(existing, 'pas une démonstration');
    const r = await runCli(['--db', existing, 'demo'], { cwd });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('--db');
    expect(readFileSync(existing, 'utf8')).toBe('pas une démonstration');
  });
});
