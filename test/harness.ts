// The in-process CLI harness (STYLE habit 9): the real program with in-memory streams, a fixed
// clock, a scripted prompter and a temp store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, type Interrupts } from '../src/context.js';
import { run } from '../src/main.js';
import { openStoreAt } from '../src/store/open.js';
import type { Choice, Prompter } from '../src/prompts/prompter.js';
import type { Store } from '../src/store/engine.js';
import { ensureDatabase, freshDatabaseUrl } from './postgres/databases.js';

/**
 * The engine the suite runs on: SQLite by default, PostgreSQL when CAFCHARTE_TEST_ENGINE=postgres
 * (`npm test -- --engine postgres` starts a real server for the run, test/postgres/globalSetup.ts).
 */
export const ENGINE: 'sqlite' | 'postgres' = process.env.CAFCHARTE_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** A scripted answer: matched against the question's message (substring or regex). */
export interface ScriptedAnswer {
  question: string | RegExp;
  answer: string | boolean | number | ((choices?: Choice<unknown>[]) => unknown);
}

/** A prompter that answers in order and fails on any question it did not expect. */
export function scriptedPrompter(answers: ScriptedAnswer[]): Prompter & { asked: string[]; remaining: () => number } {
  const queue = [...answers];
  const asked: string[] = [];
  const next = (message: string, choices?: Choice<unknown>[]) => {
    asked.push(message);
    const expected = queue.shift();
    if (!expected) throw new Error(`question inattendue : « ${message} »`);
    const matches = typeof expected.question === 'string' ? message.includes(expected.question) : expected.question.test(message);
    if (!matches) throw new Error(`question inattendue : « ${message} » (attendu : ${String(expected.question)})`);
    return typeof expected.answer === 'function' ? expected.answer(choices) : expected.answer;
  };
  return {
    asked,
    remaining: () => queue.length,
    async input(q) {
      const answer = next(q.message);
      const text = answer === '' && q.default !== undefined ? q.default : String(answer);
      if (q.validate) {
        const valid = q.validate(text);
        if (valid !== true) throw new Error(`réponse refusée par la validation : ${valid}`);
      }
      return text;
    },
    async select(q) {
      const answer = next(q.message, q.choices as Choice<unknown>[]);
      const byValue = q.choices.find((c) => c.value === answer);
      const byName = q.choices.find((c) => typeof answer === 'string' && c.name.includes(answer));
      const choice = byValue ?? byName;
      if (!choice) throw new Error(`choix « ${String(answer)} » absent de : ${q.choices.map((c) => c.name).join(', ')}`);
      return choice.value;
    },
    async confirm(q) {
      return Boolean(next(q.message));
    },
    async password(q) {
      return String(next(q.message));
    },
  };
}

export interface RunOptions {
  /** Simulate a terminal (tables, prompts). Default: piped. */
  tty?: boolean;
  answers?: ScriptedAnswer[];
  now?: Date;
  env?: Record<string, string | undefined>;
  db?: string;
  cwd?: string;
  /** stderr is a terminal (progress bars are drawn). Default: piped. */
  stderrTTY?: boolean;
  /** Width of that terminal. Default 100. */
  columns?: number;
  /** The monotonic clock (ms) of durations and rates. Default: always 0. */
  monotonic?: () => number;
  /** Simulated Ctrl-C. Default: none. */
  interrupts?: Interrupts;
}

export interface RunResult {
  code: number;
  /** What the CLI printed, typographic spaces (no-break, narrow no-break) read as ordinary ones. */
  stdout: string;
  stderr: string;
  /** Byte for byte what the CLI printed, for the tests of French typography (test/typography.test.ts). */
  typeset: { stdout: string; stderr: string };
  asked: string[];
}

/**
 * Most tests assert wording, not spacing: they read output with ordinary spaces, so a message
 * is written once in a test as in the source. The typography has its own tests on `typeset`.
 */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

export const DEFAULT_NOW = new Date('2026-11-26T08:00:00Z'); // 12:00 in La Réunion

export function tempDir(prefix = 'cafcharte-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A fresh store location on the suite's engine: a temp SQLite file path, or the URL of a new
 * PostgreSQL database, created when the store is first opened (runCli, openTestStore).
 */
export function tempDb(): string {
  return ENGINE === 'postgres' ? freshDatabaseUrl() : join(tempDir(), 'cafcharte.sqlite');
}

/** A fresh SQLite store path whatever the engine, for the tests about SQLite files themselves. */
export function tempSqliteDb(): string {
  return join(tempDir(), 'cafcharte.sqlite');
}

/**
 * Opens (and migrates) the store at `location` as the CLI would, creating a tempDb() database on
 * PostgreSQL first. Close it with `await store.close()`.
 */
export async function openTestStore(location: string, now: () => Date = () => DEFAULT_NOW): Promise<Store> {
  await ensureDatabase(location);
  return openStoreAt(location, { now });
}

/** Runs the CLI in-process. `db` is passed as --db unless argv already has one. */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const prompter = scriptedPrompter(options.answers ?? []);
  const now = options.now ?? DEFAULT_NOW;
  const ctx = createContext({
    io: {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      stdoutIsTTY: options.tty ?? false,
      interactive: options.tty ?? false,
      stderrIsTTY: options.stderrTTY ?? false,
      stderrColumns: () => options.columns ?? 100,
    },
    env: { NO_COLOR: '1', USER: 'testeur', ...options.env },
    now: () => now,
    cwd: options.cwd ?? process.cwd(),
    prompter,
    // A fixed clock: summaries read « en 0,0 s » and no bar ever shows unless a test moves it.
    monotonic: options.monotonic ?? (() => 0),
    interrupts: options.interrupts,
    homedir: tempDir('cafcharte-home-'),
    platform: 'linux',
    openStore: async (location, clock, from) => {
      await ensureDatabase(location);
      return openStoreAt(location, { now: clock, ...from });
    },
  });
  const args = options.db && !argv.includes('--db') ? ['--db', options.db, ...argv] : argv;
  const code = await run(args, ctx);
  if (options.answers && prompter.remaining() > 0) throw new Error(`réponses préparées non utilisées : ${prompter.remaining()}`);
  return { code, stdout: plain(stdout), stderr: plain(stderr), typeset: { stdout, stderr }, asked: prompter.asked };
}

/** Standard places for tests. */
export async function addTestPlaces(db: string): Promise<void> {
  const places = [
    ['Médiathèque du Tampon', 'mediatheque', 'Le Tampon', '16 rue Victor Le Vigoureux', '97430', '0262 57 86 86', ['mer 14:00-17:00', 'sam 09:00-12:00']],
    ['MPT de Bois-Court', 'mpt', 'Le Tampon', '2 chemin Bois-Court', '97418', '0262 27 00 01', []],
    ['Médiathèque de Saint-Pierre', 'mediatheque', 'Saint-Pierre', '1 rue Méziaire Guignard', '97410', '0262 96 21 41', ['ven 13:30-16:30']],
  ] as const;
  for (const [nom, type, commune, adresse, cp, tel, slots] of places) {
    const args = ['places', 'add', '--nom', nom, '--type', type, '--commune', commune, '--adresse', adresse, '--code-postal', cp, '--telephone', tel];
    for (const s of slots) args.push('--creneau', s);
    const r = await runCli(args, { db });
    if (r.code !== 0) throw new Error(`addTestPlaces: ${r.stderr}`);
  }
}
