// Ctrl-C (SIGINT) in the middle of a long `stats import` run by the built CLI: exit 130, the
// store exactly as before (same figures, same imports), no temp or journal file left beside it.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../harness.js';

const root = join(import.meta.dirname, '..', '..');
const BIN = join(root, 'bin', 'cafcharte');
const EXAMPLE = join(root, 'data', 'exemple-stats-caf.csv');
const env = { PATH: process.env.PATH, NO_COLOR: '1', HOME: tempDir('cafcharte-home-') };

/** What the store holds, as a logical dump of the figures' tables. */
function figuresDump(db: string): string {
  const store = new Database(db, { readonly: true });
  try {
    const figures = store.prepare('SELECT month, perimeter, indicator, site_section, value, import_id FROM caf_figures ORDER BY 1, 2, 3, 4').all();
    const imports = store.prepare('SELECT id, file_name, sha256, row_count FROM caf_imports ORDER BY id').all();
    return JSON.stringify({ figures, imports });
  } finally {
    store.close();
  }
}

/** Bytes the process has read so far (Linux): past the file's size, it is in its second pass, the import. */
function bytesRead(pid: number): number {
  try {
    return Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

describe.runIf(process.platform === 'linux')('stats import and Ctrl-C', () => {
  it('stops at the next chunk, rolls the import back and exits 130, leaving no file behind', async () => {
    const folder = tempDir();
    const db = join(folder, 'cafcharte.sqlite');
    execFileSync(process.execPath, [BIN, '--db', db, 'stats', 'import', EXAMPLE], { env });
    const before = figuresDump(db);
    const filesBefore = readdirSync(folder).sort();
    const big = join(tempDir(), 'caf-600k.csv');
    execFileSync(process.execPath, [join(root, 'bench', 'gen-caf-csv.mjs'), '600000', '--out', big]);
    const size = statSync(big).size;

    const child = spawn(process.execPath, [BIN, '--db', db, 'stats', 'import', big], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Two chunks into the second pass: the import's transaction is open and has written figures.
    let sent = false;
    const poll = setInterval(() => {
      if (!sent && bytesRead(child.pid!) > size + 8 * 1024 * 1024) {
        sent = true;
        child.kill('SIGINT');
      }
    }, 5);
    const code = await exited;
    clearInterval(poll);

    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(stderr.replace(/[\u00a0\u202f]/g, ' ')).toBe('Erreur : import interrompu (Ctrl-C) : rien n’a été importé, le magasin est inchangé.\n');
    expect(figuresDump(db)).toBe(before);
    expect(readdirSync(folder).sort()).toEqual(filesBefore);
  });
});
