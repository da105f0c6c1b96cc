// What a long operation shows while it runs, and the one line it leaves when done.
//
// On a terminal (stderr is a TTY, not CI, not --silencieux) a bar is drawn on stderr once the
// operation has lasted about a second: count done, total when known, rate and time left. In
// scripts nothing is drawn (no carriage return, no escape sequence): only the summary line,
// so logs stay clean. While it runs the operation listens for Ctrl-C: `checkpoint()` lets the
// signal in and turns it into a Cancelled error, which the caller's transaction rolls back.
import { createRequire } from 'node:module';
import { Chalk } from 'chalk';
import type { SingleBar } from 'cli-progress';
import type { Ctx } from '../context.js';
import { formatDecimalFr, formatIntFr, formatPercentFr } from '../domain/numbers.js';
import { Cancelled } from '../errors.js';
import { plural } from '../domain/french.js';

// cli-progress is loaded only when a bar is actually drawn: a fast or piped run, and every
// short command, never pays for it at start-up.
const lazyRequire = createRequire(import.meta.url);

/** What is counted: French singular and plural, or bytes (shown in Ko / Mo). */
export interface ProgressUnit {
  one: string;
  many: string;
  bytes?: boolean;
}

export const UNITS = {
  bytes: { one: 'octet', many: 'octets', bytes: true },
  lines: { one: 'ligne', many: 'lignes' },
  posters: { one: 'affiche', many: 'affiches' },
  files: { one: 'fichier', many: 'fichiers' },
  tables: { one: 'table', many: 'tables' },
  pages: { one: 'page', many: 'pages' },
  steps: { one: 'étape', many: 'étapes' },
} as const satisfies Record<string, ProgressUnit>;

export interface ProgressOptions {
  /** What the bar starts with: « Import », « Sauvegarde », « Affiches ». */
  label: string;
  unit: ProgressUnit;
  /** Unknown (a streamed workbook): count and rate only, never a made-up percentage. */
  total?: number;
  /** The message of the Cancelled error on Ctrl-C: says what was left unchanged. */
  cancelMessage: string;
}

export interface Progress {
  /** Records how much is done (and the total, if it became known). Cheap: call it often. */
  update(done: number, total?: number): void;
  /** Lets a pending Ctrl-C in (one turn of the event loop); throws Cancelled if there was one. */
  checkpoint(): Promise<void>;
  /** Throws Cancelled if Ctrl-C came (for callbacks that cannot wait). */
  throwIfCancelled(): void;
  /** Time since the start, in French: « 2,6 s », « 1 min 05 s ». */
  duration(): string;
  /** Removes the bar and writes the summary line on stderr. */
  finish(summary: string): void;
  /** Removes the bar, writes nothing (the error that follows says what happened). */
  abort(): void;
}

/** An operation this short never shows a bar. */
const SHOW_AFTER_MS = 1000;
/** At most ten drawings a second. */
const REDRAW_MS = 100;
const BAR_WIDTH = 20;

/** A bar may be drawn: stderr is a terminal, not CI, not --silencieux. */
export function progressDrawable(ctx: Ctx): boolean {
  const ci = ctx.env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  return ctx.io.stderrIsTTY === true && !inCi && !ctx.silent && ctx.env.TERM !== 'dumb';
}

export function startProgress(ctx: Ctx, options: ProgressOptions): Progress {
  const drawable = progressDrawable(ctx);
  const colour = drawable && !('NO_COLOR' in ctx.env && ctx.env.NO_COLOR !== '');
  const started = ctx.monotonic();
  let done = 0;
  let total = options.total;
  let lastDraw = -Infinity;
  let bar: SingleBar | undefined;
  let cancelled = false;
  let closed = false;
  const stopListening = ctx.interrupts.listen(() => {
    cancelled = true;
  });

  const draw = (now: number) => {
    lastDraw = now;
    const text = progressLine({ label: options.label, unit: options.unit, done, total, elapsedMs: now - started }, ctx.io.stderrColumns?.() ?? 80, colour);
    if (bar === undefined) {
      const { SingleBar: Bar } = lazyRequire('cli-progress') as typeof import('cli-progress');
      // The bar's stream is our injected stderr, seen as the terminal it is. The text is ours
      // (French, our clock): cli-progress positions and clears the line. No hidden cursor and
      // no disabled line wrapping, so nothing is left broken if the process is killed.
      const stream = { isTTY: true, get columns() { return ctx.io.stderrColumns?.() ?? 80; }, write: (t: string) => ctx.io.stderr.write(t) };
      bar = new Bar({
        stream: stream as unknown as NodeJS.WritableStream,
        format: (_options, _params, payload: { text?: string }) => payload.text ?? '',
        hideCursor: false,
        linewrap: true,
        clearOnComplete: true,
        gracefulExit: false,
        synchronousUpdate: false,
      });
      bar.start(1, 0, { text });
      return;
    }
    bar.update(0, { text });
    bar.render();
  };

  const close = () => {
    if (closed) return;
    closed = true;
    stopListening();
    bar?.stop();
    bar = undefined;
  };

  const throwIfCancelled = () => {
    if (cancelled) throw new Cancelled(options.cancelMessage);
  };

  return {
    update(value, newTotal) {
      done = value;
      if (newTotal !== undefined) total = newTotal;
      if (!drawable || closed) return;
      const now = ctx.monotonic();
      if (now - started < SHOW_AFTER_MS || now - lastDraw < REDRAW_MS) return;
      draw(now);
    },
    async checkpoint() {
      await new Promise((resolve) => setImmediate(resolve));
      throwIfCancelled();
    },
    throwIfCancelled,
    duration: () => formatDuration(ctx.monotonic() - started),
    finish(summary) {
      close();
      ctx.io.stderr.write(`${summary}\n`);
    },
    abort: close,
  };
}

/** Runs `work` with a progress; the bar is removed whatever happens. */
export async function withProgress<T>(ctx: Ctx, options: ProgressOptions, work: (progress: Progress) => Promise<T>): Promise<T> {
  const progress = startProgress(ctx, options);
  try {
    return await work(progress);
  } finally {
    progress.abort(); // after finish() this does nothing
  }
}

export interface ProgressState {
  label: string;
  unit: ProgressUnit;
  done: number;
  total?: number;
  elapsedMs: number;
}

/**
 * « Import : ███████░░░░░░░░░░░░░ 412 000 / 1 048 576 lignes — 38 % — 45 000 lignes/s — 9 s restantes »,
 * or without a total « Import : 412 000 lignes — 45 000 lignes/s ». Cut to the terminal's width
 * (the bar goes first) so that it never wraps onto a second line.
 */
export function progressLine(state: ProgressState, columns: number, colour = false): string {
  const { unit, done, total } = state;
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  const parts: string[] = [];
  let bar = '';
  if (total !== undefined && total > 0) {
    const ratio = Math.min(1, Math.max(0, done / total));
    const filled = Math.round(ratio * BAR_WIDTH);
    bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    parts.push(unit.bytes ? bytesPair(done, total) : `${formatIntFr(done)} / ${formatIntFr(total)} ${plural(total, unit.one, unit.many)}`);
    parts.push(formatPercentFr(Math.floor(ratio * 100), { digits: 0 }));
    if (rate > 0) parts.push(rateText(rate, unit));
    if (rate > 0 && done < total) parts.push(timeLeft((total - done) / rate));
  } else {
    parts.push(amount(done, unit));
    if (rate > 0) parts.push(rateText(rate, unit));
  }
  const tail = parts.join(' — ');
  const width = Math.max(20, columns - 1);
  const withBar = bar === '' ? `${state.label} : ${tail}` : `${state.label} : ${bar} ${tail}`;
  if ([...withBar].length <= width) return colour && bar !== '' ? withBar.replace(bar, new Chalk({ level: 1 }).green(bar)) : withBar;
  const plain = `${state.label} : ${tail}`;
  return [...plain].length <= width ? plain : [...plain].slice(0, width - 1).join('') + '…';
}

/** « 1 048 576 lignes », « 45,2 Mo ». */
export function amount(value: number, unit: ProgressUnit): string {
  if (unit.bytes) return bytesText(value);
  return `${formatIntFr(value)} ${plural(value, unit.one, unit.many)}`;
}

const KB = 1024;
const MB = 1024 * 1024;

function bytesText(value: number): string {
  if (value < MB) return `${formatIntFr(Math.ceil(value / KB))} Ko`;
  return `${formatDecimalFr(value / MB, 1)} Mo`;
}

/** « 17,2 / 45,0 Mo » (one unit for both, the total's). */
function bytesPair(done: number, total: number): string {
  if (total < MB) return `${formatIntFr(Math.ceil(done / KB))} / ${formatIntFr(Math.ceil(total / KB))} Ko`;
  return `${formatDecimalFr(done / MB, 1)} / ${formatDecimalFr(total / MB, 1)} Mo`;
}

function rateText(perSecond: number, unit: ProgressUnit): string {
  if (unit.bytes) return `${bytesText(perSecond)}/s`;
  return `${formatIntFr(perSecond)} ${unit.many}/s`;
}

/** « 9 s restantes », « 1 s restante », « 2 min 05 s restantes ». */
export function timeLeft(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return `${whole} s ${plural(whole, 'restante', 'restantes')}`;
  return `${minutes(whole)} restantes`;
}

/** « 0,4 s », « 2,6 s », « 42 s », « 1 min 05 s ». */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 10) return `${formatDecimalFr(seconds, 1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return minutes(Math.round(seconds));
}

function minutes(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const min = Math.floor((seconds % 3600) / 60);
  const sec = seconds % 60;
  if (hours > 0) return `${hours} h ${String(min).padStart(2, '0')} min`;
  return `${min} min ${String(sec).padStart(2, '0')} s`;
}
