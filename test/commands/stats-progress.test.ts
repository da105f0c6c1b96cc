// A long `stats import` seen through the injected terminal: progress updates in bytes, then the
// summary; the same import piped writes the summary line alone (no carriage return, no escape).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDb, tempDir } from '../harness.js';

const GENERATOR = new URL('../../bench/gen-caf-csv.mjs', import.meta.url).pathname;
const ESC = String.fromCharCode(27);
/** Any of the no-break spaces French typography uses. */
const sp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** About 11 MB: three of the import's 4 MB reading chunks. */
function bigCsv(): string {
  const path = join(tempDir(), 'caf-250k.csv');
  execFileSync(process.execPath, [GENERATOR, '250000', '--out', path]);
  return path;
}

/** A clock that moves 1.1 s each time it is read: each chunk read takes « over a second ». */
function slowClock() {
  let now = 0;
  return () => (now += 1100);
}

describe('stats import: progress', () => {
  const file = bigCsv();
  const size = statSync(file).size;
  const mb = (bytes: number) => (bytes / 1048576).toFixed(1).replace('.', ',');

  it('on a terminal, shows bytes read, percentage, rate and time left, then leaves the summary', async () => {
    const r = await runCli(['stats', 'import', file], { db: tempDb(), stderrTTY: true, monotonic: slowClock() });
    expect(r.code).toBe(0);
    const err = sp(r.stderr);
    const drawn = [...err.matchAll(/Import : [█░]+ ([\d,]+) \/ ([\d,]+) Mo — (\d+) % — [\d,]+ (?:Mo|Ko)\/s(?: — \d+ s restantes?)?/g)];
    // One drawing a chunk read: 4,0 then 8,0 MB of the file.
    expect(drawn.map((m) => m[1])).toEqual(['4,0', '8,0', mb(size)]);
    expect(new Set(drawn.map((m) => m[2]))).toEqual(new Set([mb(size)]));
    expect(err).toMatch(/Import : [█░]+ 4,0 \/ [\d,]+ Mo — \d+ % — [\d,]+ Mo\/s — \d+ s restantes/);
    // The bar is redrawn in place and cleared; the summary is the last line.
    expect(err).toContain(`${ESC}[1G`);
    expect(err.split(`${ESC}[2K`).at(-1)).toBe(`Import : ${mb(size)} Mo lus en ${err.match(/lus en ([\d,]+ s)\./)![1]}.\n`);
    expect(r.stdout).toMatch(/^✓ 250 000 chiffres importés/);
  });

  it('piped, the same import writes only the summary line', async () => {
    const r = await runCli(['stats', 'import', file], { db: tempDb(), monotonic: slowClock() });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).not.toContain(ESC);
    expect(sp(r.stderr)).toMatch(new RegExp(`^Import : ${mb(size)} Mo lus en [\\d,]+ s\\.\\n$`));
  });

  it('with --silencieux on a terminal, the summary line only', async () => {
    const r = await runCli(['--silencieux', 'stats', 'import', file], { db: tempDb(), stderrTTY: true, monotonic: slowClock() });
    expect(r.code).toBe(0);
    expect(sp(r.stderr)).toMatch(new RegExp(`^Import : ${mb(size)} Mo lus en [\\d,]+ s\\.\\n$`));
  });
});
