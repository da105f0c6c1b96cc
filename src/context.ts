// The injected context: every byte of I/O, the clock, the environment, prompts and the store
// go through it, so tests drive the real CLI in-process with fakes (STYLE habit 3).
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Prompter } from './prompts/prompter.js';
import { describeControlCharacter, findControlCharacter } from './domain/controlCharacters.js';
import type { Db } from './store/open.js';
import type { Store } from './store/engine.js';
import { UsageError } from './errors.js';

export interface Output {
  write(text: string): unknown;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  /** stdout is a terminal: tables and colour; otherwise plain, stable output. */
  stdoutIsTTY: boolean;
  /** stdin and stdout are terminals: the tool may ask questions. Never true in scripts. */
  interactive: boolean;
  /** stderr is a terminal: long operations may draw a progress bar there. */
  stderrIsTTY?: boolean;
  /** Width of the stderr terminal, read when a progress line is drawn. */
  stderrColumns?: () => number | undefined;
  /** Standard input, for the commands that read `-` (stats import -). */
  stdin?: AsyncIterable<Buffer | string>;
}

/** Ctrl-C: a long operation listens while it runs, and stops cleanly at its next checkpoint. */
export interface Interrupts {
  /** Calls `onInterrupt` on each interrupt until the returned function is called. */
  listen(onInterrupt: () => void): () => void;
}

/** Nobody presses Ctrl-C (tests that do not simulate it). */
export const noInterrupts: Interrupts = { listen: () => () => undefined };

export interface Ctx {
  io: Io;
  env: Record<string, string | undefined>;
  now(): Date;
  cwd: string;
  prompter: Prompter;
  /** Colour only on a terminal and when NO_COLOR is not set (chalk ignores NO_COLOR by itself). */
  color: boolean;
  /** The --db option, set by the program before an action runs. */
  dbOption?: string;
  /** --silencieux: no progress bar, only the summary line. Set before an action runs. */
  silent: boolean;
  /** Milliseconds from an arbitrary origin, for durations and rates (never a date). */
  monotonic(): number;
  interrupts: Interrupts;
  /** The store: --db, else CAFCHARTE_DB, else the user data folder. A file path or a PostgreSQL URL. */
  dbPath(): string;
  /** Opens (once), checks and migrates the store, on either engine. */
  store(): Promise<Store>;
  /**
   * The raw SQLite connection, for what only SQLite does (the backup API, the integrity check,
   * swapping the file on restore); it refuses on PostgreSQL (exit 2).
   */
  sqliteDb(): Promise<Db>;
  /** Opens (and migrates) another store than --db, e.g. the target of a copy; the caller closes it. */
  openOtherStore(location: string): Promise<Store>;
  /** Who acts, for histories: a person's PostgreSQL login; else the OS user (--auteur goes through guardAuthor). */
  user(): string;
  /** Exit code set by the action that ran. */
  exitCode: number;
  close(): Promise<void>;
}

export interface ContextBase {
  io: Io;
  env: Record<string, string | undefined>;
  now: () => Date;
  cwd: string;
  prompter: Prompter;
  /** Default: performance.now(). */
  monotonic?: () => number;
  /** Default: nobody interrupts. */
  interrupts?: Interrupts;
  homedir?: string;
  platform?: NodeJS.Platform;
  /** `from` carries the environment and home folder where PostgreSQL's conventions are read. */
  openStore: (location: string, now: () => Date, from: { env: Record<string, string | undefined>; home: string }) => Promise<Store>;
}

/** XDG on Linux (~/.local/share/cafcharte), Application Support on macOS, %APPDATA% on Windows. */
export function defaultDbPath(env: Record<string, string | undefined>, home: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'cafcharte', 'cafcharte.sqlite');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'cafcharte', 'cafcharte.sqlite');
  const dataHome = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(dataHome, 'cafcharte', 'cafcharte.sqlite');
}

export function createContext(base: ContextBase): Ctx {
  let store: Store | undefined;
  const ctx: Ctx = {
    io: base.io,
    env: base.env,
    now: base.now,
    cwd: base.cwd,
    prompter: refusingControlCharacters(base.prompter),
    color: base.io.stdoutIsTTY && !('NO_COLOR' in base.env && base.env.NO_COLOR !== '') && base.env.TERM !== 'dumb',
    exitCode: 0,
    silent: false,
    monotonic: base.monotonic ?? (() => performance.now()),
    interrupts: base.interrupts ?? noInterrupts,
    dbPath() {
      return ctx.dbOption ?? (base.env.CAFCHARTE_DB || defaultDbPath(base.env, base.homedir ?? homedir(), base.platform ?? process.platform));
    },
    async store() {
      store ??= await base.openStore(ctx.dbPath(), base.now, { env: base.env, home: base.homedir ?? homedir() });
      return store;
    },
    async sqliteDb() {
      const opened = await ctx.store();
      if (opened.engine === 'sqlite') return (opened as unknown as { db: Db }).db;
      throw new UsageError('--db : cette opération ne concerne qu’un magasin SQLite (fichier) ; une copie SQLite du magasin PostgreSQL se fait avec « store copy --vers FICHIER ».');
    },
    openOtherStore(location) {
      return base.openStore(location, base.now, { env: base.env, home: base.homedir ?? homedir() });
    },
    user() {
      if (store?.role !== undefined) return store.role;
      if (base.env.USER || base.env.USERNAME || base.env.LOGNAME) return (base.env.USER || base.env.USERNAME || base.env.LOGNAME)!;
      try {
        return userInfo().username;
      } catch {
        return 'inconnu';
      }
    },
    async close() {
      const open = store;
      store = undefined;
      await open?.close();
    },
  };
  return ctx;
}

/**
 * Typed answers obey the rule of flags: a control character is refused (the question is asked
 * again), so that nothing typed at a prompt can carry a terminal escape or a NUL into the store.
 */
function refusingControlCharacters(prompter: Prompter): Prompter {
  return {
    ...prompter,
    input: (question) =>
      prompter.input({
        ...question,
        validate: (value) => {
          const found = findControlCharacter(value);
          if (found !== undefined) return `caractère de contrôle interdit (${describeControlCharacter(found)}) ; retirez-le.`;
          return question.validate ? question.validate(value) : true;
        },
      }),
  };
}
