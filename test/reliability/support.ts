// Shared helpers of the reliability suite: child processes of the built tool, a logical dump of
// a store (to prove a refused command changed nothing), and generated input files.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';

export const BIN = fileURLToPath(new URL('../../bin/cafcharte', import.meta.url));
export const WORKER = fileURLToPath(new URL('./worker.mjs', import.meta.url));
/** RELIABILITY_FULL=1 runs the long loops with more iterations (CI sets it). */
export const FULL = process.env.RELIABILITY_FULL === '1';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof BetterSqlite3;

export function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...options.env }, input: options.input });
  // Plain spaces for the French no-break ones, as the in-process harness reads them.
  const plain = (text: string) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');
  return { code: r.status ?? -1, stdout: plain(r.stdout), stderr: plain(r.stderr), signal: r.signal };
}

export function startCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
}

/** Runs the worker (many commands in one process) and resolves with its exit code and output. */
export function runWorker(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WORKER, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // The worker's own summary is its last line (the commands print before it).
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: stdout.trim().split('\n').at(-1) ?? '', stderr }));
  });
}

/** Every row of every table, in a stable order: equal dumps mean an unchanged store. */
export function logicalDump(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const parts = [`user_version=${db.pragma('user_version', { simple: true })}`];
    for (const t of tables) parts.push(`${t}:${JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all())}`);
    return parts.join('\n');
  } finally {
    db.close();
  }
}

export function query<T>(path: string, sql: string, ...params: unknown[]): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

export function execSql(path: string, sql: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.exec(sql);
  } finally {
    db.close();
  }
}

/** A CAF figures CSV of `rows` distinct figures (months x perimeters x indicators/sections). */
export function writeFiguresCsv(path: string, rows: number): void {
  const perimeters = ['Territoire Sud', 'Étang-Salé', 'Les Avirons', 'Saint-Louis', 'Entre-Deux', 'Cilaos', 'Saint-Pierre', 'Le Tampon', 'Petite-Île', 'Saint-Joseph', 'Saint-Philippe'];
  const kinds: [string, string][] = [['consultations', ''], ['teledeclarations', '']];
  for (let i = 1; kinds.length < 40; i++) kinds.push(['rubrique', `Rubrique ${i}`]);
  const lines = ['mois;perimetre;indicateur;rubrique;valeur'];
  outer: for (let year = 2001; year < 2100; year++) {
    for (let month = 1; month <= 12; month++) {
      for (const perimeter of perimeters) {
        for (const [indicator, section] of kinds) {
          if (lines.length > rows) break outer;
          lines.push(`${year}-${String(month).padStart(2, '0')};${perimeter};${indicator};${section};${(lines.length * 7919) % 5000}`);
        }
      }
    }
  }
  writeFileSync(path, lines.join('\n') + '\n');
}
