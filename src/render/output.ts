// Output that adapts to where it goes (STYLE habit 5): aligned tables and colour on a terminal,
// tab-separated plain text when piped, JSON with --json. Every text a person reads gets French
// spacing here (frenchSpacing), so messages are written with ordinary spaces; JSON and
// documents (printDocument) are printed as they are.
import { createRequire } from 'node:module';
import { Chalk, type ChalkInstance } from 'chalk';
import type TableClass from 'cli-table3';
import type { Ctx } from '../context.js';
import { frenchSpacing } from '../domain/french.js';
import { escapeForTerminal } from '../domain/controlCharacters.js';

// cli-table3 (and its string-width, emoji tables...) is loaded only when a table is drawn on a
// terminal: piped output and commands that print no table never pay for it at start-up.
const lazyRequire = createRequire(import.meta.url);

export function paint(ctx: Ctx): ChalkInstance {
  return new Chalk({ level: ctx.color ? 1 : 0 });
}

// Stored text may hold control characters (an imported rubrique, a store from elsewhere): on a
// terminal they are shown escaped, never interpreted. stderr is assumed to be a terminal.
const forStdout = (ctx: Ctx, text: string) => (ctx.io.stdoutIsTTY ? escapeForTerminal(text) : text);

export function printLine(ctx: Ctx, text = ''): void {
  ctx.io.stdout.write(`${frenchSpacing(forStdout(ctx, text))}\n`);
}

/** A rendered document (Markdown, HTML, CSV...) printed byte for byte: its renderer did the typography. */
export function printDocument(ctx: Ctx, text: string): void {
  const shown = forStdout(ctx, text);
  ctx.io.stdout.write(shown.endsWith('\n') ? shown : `${shown}\n`);
}

/** A note for the user on stderr (so piped stdout stays clean). */
export function printNote(ctx: Ctx, text: string): void {
  ctx.io.stderr.write(`${frenchSpacing(escapeForTerminal(text))}\n`);
}

export function printWarning(ctx: Ctx, text: string): void {
  ctx.io.stderr.write(`${frenchSpacing(`${paint(ctx).yellow('Attention :')} ${escapeForTerminal(text)}`)}\n`);
}

export function printSuccess(ctx: Ctx, text: string): void {
  ctx.io.stdout.write(`${frenchSpacing(`${paint(ctx).green('✓')} ${forStdout(ctx, text)}`)}\n`);
}

export function printJson(ctx: Ctx, value: unknown): void {
  ctx.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export type Cell = string | number | null | undefined;

/** What makes a cell more than text to join: a tab or a line break to flatten, or French spacing to apply. */
const CELL_NEEDS_WORK = /[\t\r\n«]| [:;!?%»]/;

/**
 * Whether a text cell of a piped row needs more than joining (see plainLine). A listing that
 * makes its own lines joins its cells by tabs when none of them does, and hands the others'
 * cells to plainLine: the same bytes, without a cell array and a test per cell for every row.
 */
export const cellNeedsWork = (text: string): boolean => CELL_NEEDS_WORK.test(text);
const BREAK = /[\t\r\n]/;

const text = (c: Cell) => (c === null || c === undefined ? '' : typeof c === 'number' ? String(c) : frenchSpacing(c));
/** A cell of a piped listing: one line, no tab, so each row stays one tab-separated line. */
const plainCell = (c: Cell) => {
  const shown = text(c);
  return BREAK.test(shown) ? shown.replace(/[\t\r\n]+/g, ' ') : shown;
};
/**
 * A row of a piped listing: its cells joined by tabs. French spacing never reaches across a tab
 * (each rule needs a space right next to the punctuation, and a tab ends a cell as the end of
 * the text does), so a line is spaced once, and only when one of its cells needs it: most rows
 * of a listing need nothing, and are only joined. A cell with a tab or a line break is spaced
 * first, then flattened, as it always was.
 */
export const plainLine = (row: Cell[]): string => {
  let spacing = false;
  for (let i = 0; i < row.length; i++) {
    const cell = row[i];
    if (typeof cell === 'string' && CELL_NEEDS_WORK.test(cell)) {
      if (BREAK.test(cell)) return row.map(plainCell).join('\t');
      spacing = true;
    }
  }
  // join writes null and undefined as '', and numbers as String() does.
  const line = row.join('\t');
  return spacing ? frenchSpacing(line) : line;
};

// JSON.stringify escapes every line break inside strings: the only ones in its output are its
// own indentation, which each nesting level shifts right by two spaces.
const nestedJson = (value: unknown, indent: string) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);

/**
 * The items of a JSON array nested at `indent`, as JSON.stringify(..., 2) writes them, after
 * `opening`, a batch per write. Between batches the event loop turns, so a closed pipe ends the
 * process there. Returns the text that closes the array, still to write.
 */
async function writeJsonItems(ctx: Ctx, opening: string, batches: AsyncIterable<unknown[]>, indent: string): Promise<string> {
  let text = `${opening}[`;
  let count = 0;
  for await (const batch of batches) {
    for (const item of batch) text += `${count++ === 0 ? '' : ','}\n${indent}  ${nestedJson(item, `${indent}  `)}`;
    ctx.io.stdout.write(text);
    text = '';
    await new Promise((resolve) => setImmediate(resolve));
  }
  return count === 0 ? `${text}]` : `${text}\n${indent}]`;
}

/** printJson of an array that comes in batches (a store stream), byte for byte, never all in memory. */
export async function printJsonArrayStream(ctx: Ctx, batches: AsyncIterable<unknown[]>): Promise<void> {
  ctx.io.stdout.write(`${await writeJsonItems(ctx, '', batches, '')}\n`);
}

/**
 * printJson of an object whose one array comes in batches: `{ ...before, [key]: [...items],
 * ...after() }`, byte for byte; `after` is asked once every item is out (totals gathered on the way).
 */
export async function printJsonStream(
  ctx: Ctx,
  before: Record<string, unknown>,
  key: string,
  batches: AsyncIterable<unknown[]>,
  after: () => Record<string, unknown>,
): Promise<void> {
  const members = (object: Record<string, unknown>) => Object.entries(object).filter(([, value]) => value !== undefined && typeof value !== 'function');
  let opening = '{';
  for (const [name, value] of members(before)) opening += `\n  ${JSON.stringify(name)}: ${nestedJson(value, '  ')},`;
  let text = await writeJsonItems(ctx, `${opening}\n  ${JSON.stringify(key)}: `, batches, '  ');
  for (const [name, value] of members(after())) text += `,\n  ${JSON.stringify(name)}: ${nestedJson(value, '  ')}`;
  ctx.io.stdout.write(`${text}\n}\n`);
}

/** A table on a terminal; a header line and tab-separated rows when piped. */
export function printTable(ctx: Ctx, head: string[], rows: Cell[][], options: { alignRight?: number[] } = {}): void {
  if (!ctx.io.stdoutIsTTY) {
    ctx.io.stdout.write([head.map(frenchSpacing), ...rows].map(plainLine).join('\n') + '\n');
    return;
  }
  const Table = lazyRequire('cli-table3') as typeof TableClass;
  const table = new Table({
    head: head.map((h) => paint(ctx).bold(frenchSpacing(h))),
    style: { head: [], border: ctx.color ? ['grey'] : [] },
    colAligns: head.map((_, i) => (options.alignRight?.includes(i) ? 'right' : 'left')),
    wordWrap: true,
  });
  for (const row of rows) table.push(row.map((c) => escapeForTerminal(text(c))));
  ctx.io.stdout.write(`${table.toString()}\n`);
}

/** "label : value" lines for a `show` command. */
export function printFields(ctx: Ctx, fields: [string, Cell][]): void {
  const width = Math.max(...fields.map(([label]) => label.length));
  for (const [label, value] of fields) {
    const shown = value === null || value === undefined || value === '' ? '—' : forStdout(ctx, String(value));
    ctx.io.stdout.write(`${frenchSpacing(`${paint(ctx).bold(label.padEnd(width))} : ${shown}`)}\n`);
  }
}

/** Piped output is written in pieces of about this size: few write calls, little held in memory. */
const CHUNK = 64 * 1024;

/**
 * printTable for rows that arrive in batches (a store stream). Piped, the header and the rows
 * are written as they come, in chunks of ~64 KB, byte for byte what printTable writes; between
 * chunks the event loop turns, so a closed pipe (`| head`) ends the process there (see cli()).
 * On a terminal the table needs every row for its widths: they are gathered, then drawn.
 * With no row at all, `empty` (when given) is printed instead of the table. Returns the row count.
 */
export async function printTableStream(
  ctx: Ctx,
  head: string[],
  batches: AsyncIterable<Cell[][]>,
  options: { alignRight?: number[]; empty?: string } = {},
): Promise<number> {
  if (ctx.io.stdoutIsTTY) {
    const all: Cell[][] = [];
    for await (const batch of batches) all.push(...batch);
    if (all.length === 0 && options.empty !== undefined) printLine(ctx, options.empty);
    else printTable(ctx, head, all, options);
    return all.length;
  }
  return printLinesStream(ctx, head, plainLines(batches), options);
}

async function* plainLines(batches: AsyncIterable<Cell[][]>): AsyncIterable<{ text: string; count: number }> {
  for await (const batch of batches) yield { text: batch.length ? `\n${batch.map(plainLine).join('\n')}` : '', count: batch.length };
}

/**
 * printTableStream's piped output, for a listing that makes its own lines (plainLine's, or the
 * same bytes made faster): the header and the lines as they come, in chunks of ~64 KB, the
 * event loop turning between chunks (a closed pipe ends the process there). Returns the line count.
 */
export async function printLinesStream(ctx: Ctx, head: string[], batches: AsyncIterable<{ text: string; count: number }>, options: { empty?: string } = {}): Promise<number> {
  let count = 0;
  let pending = '';
  for await (const batch of batches) {
    if (batch.count === 0) continue;
    pending += `${count === 0 ? plainLine(head.map(frenchSpacing)) : ''}${batch.text}`;
    count += batch.count;
    if (pending.length >= CHUNK) {
      ctx.io.stdout.write(pending);
      pending = '';
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (count === 0) {
    if (options.empty !== undefined) printLine(ctx, options.empty);
    else ctx.io.stdout.write(`${plainLine(head.map(frenchSpacing))}\n`);
  } else {
    ctx.io.stdout.write(`${pending}\n`);
  }
  return count;
}
