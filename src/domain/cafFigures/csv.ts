// A small RFC 4180 reader: quoted fields with "" escapes, separators and newlines inside
// quotes, CRLF or LF. Written by hand because it runs on a million rows.
//
// It reads the file chunk by chunk, each as a Latin-1 view (one char per byte, see
// decode.ts): the whole file is never in memory, as bytes or as one big string, which keeps
// a million-row import within its memory budget.

/** Separators a French spreadsheet may use, in order of preference on a tie. */
export type Separator = ';' | '\t' | ',';

/**
 * Receives each record: its first `count` cells, and the file line it starts on (line 1 =
 * the header). The array is reused for the next record, and may hold stale cells past
 * `count`: never keep it, never read beyond `count`.
 */
export type RecordSink = (cells: readonly string[], count: number, line: number) => void;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Picks the separator that occurs most in the header line, outside quotes. */
export function sniffSeparator(text: string): Separator {
  const counts = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ';' || c === '\t' || c === ',')) counts[c]++;
  }
  let best: Separator = ';';
  for (const candidate of [';', '\t', ','] as const) if (counts[candidate] > counts[best]) best = candidate;
  return best;
}

/**
 * Calls `sink` for every record of a file given as successive chunks of bytes (a chunk may
 * end anywhere, even inside a character or a quoted field), and `onUnclosedQuote` when the
 * file ends inside quotes (that last record is then dropped: its cells cannot be trusted).
 * Each chunk is read as a Latin-1 view; the records it cuts short are read again with the
 * next chunk.
 */
export function readCsvChunks(chunks: Iterable<Uint8Array>, separator: Separator, sink: RecordSink, onUnclosedQuote: (line: number) => void): void {
  const reader = new CsvChunkReader(separator, sink, onUnclosedQuote);
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
}

/**
 * readCsvChunks with the chunks pushed one at a time, so that they may come from an
 * asynchronous source. A chunk is read once the next one arrives (or at `end`): the last
 * chunk must read its last record whole. So a pushed chunk must stay unchanged until the
 * next push, no longer.
 */
export class CsvChunkReader {
  private pending: Uint8Array | undefined;
  private carry = Buffer.alloc(0);
  private line = 1;

  constructor(
    private readonly separator: Separator,
    private readonly sink: RecordSink,
    private readonly onUnclosedQuote: (line: number) => void,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.pending !== undefined) this.read(this.pending, false);
    this.pending = chunk;
  }

  end(): void {
    if (this.pending !== undefined) this.read(this.pending, true);
    this.pending = undefined;
  }

  private read(chunk: Uint8Array, final: boolean): void {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const result = readWindow(data.toString('latin1'), this.separator, this.sink, final, this.line, this.onUnclosedQuote);
    this.line = result.line;
    // Copied: the caller may reuse the chunk's memory for the next one.
    this.carry = Buffer.from(data.subarray(result.consumed));
  }
}

/**
 * Reads a whole CSV text, each record as its own array of cells (with the line it starts
 * on). The simple form, for small texts: tests read the tool's CSV exports with it.
 */
export function readCsv(text: string, separator: Separator, sink: (cells: string[], line: number) => void, onUnclosedQuote: (line: number) => void): void {
  readWindow(text, separator, (cells, count, line) => sink(cells.slice(0, count), line), true, 1, onUnclosedQuote);
}

/**
 * Reads the complete records of one window. Returns how many chars it consumed (a record
 * cut by the window's end is left for the next window, unless this one is the last) and
 * the line the next record starts on.
 */
function readWindow(
  text: string,
  separator: Separator,
  sink: RecordSink,
  final: boolean,
  firstLine: number,
  onUnclosedQuote: (line: number) => void,
): { consumed: number; line: number } {
  const sep = separator.charCodeAt(0);
  const end = text.length;
  let i = 0;
  let line = firstLine;
  // One array for all records, never shrunk (setting length = 0 frees its storage, and
  // reallocating it a million times is measurable).
  const cells: string[] = [];
  let count = 0;
  // Most records hold no quote: for them, native indexOf finds line ends and separators
  // faster than the char-by-char loop below, which handles everything else.
  const fastPathAllowed = !hasLoneCarriageReturn(text);
  let nextQuote = text.indexOf('"');
  while (i < end) {
    const recordStart = i;
    const recordLine = line;
    count = 0;
    if (fastPathAllowed) {
      if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf('"', i);
      let lineEnd = text.indexOf('\n', i);
      if (lineEnd === -1) {
        if (!final) return { consumed: recordStart, line: recordLine };
        lineEnd = end;
      }
      if (nextQuote === -1 || nextQuote > lineEnd) {
        const stop = lineEnd > i && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
        let from = i;
        for (;;) {
          const at = text.indexOf(separator, from);
          if (at === -1 || at >= stop) break;
          cells[count++] = text.slice(from, at);
          from = at + 1;
        }
        cells[count++] = text.slice(from, stop);
        i = lineEnd + 1;
        if (lineEnd < end) line++;
        sink(cells, count, recordLine);
        continue;
      }
    }
    // One iteration per field; the record ends at a newline or at the end of the text.
    for (;;) {
      if (i < end && text.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = ++i;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close === -1) {
            if (!final) return { consumed: recordStart, line: recordLine };
            onUnclosedQuote(recordLine);
            return { consumed: end, line };
          }
          for (let k = i; k < close; k++) if (text.charCodeAt(k) === LF) line++;
          if (close + 1 === end && !final) return { consumed: recordStart, line: recordLine }; // "" may straddle
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += text.slice(from, close + 1);
            i = from = close + 2;
            continue;
          }
          value += text.slice(from, close);
          i = close + 1;
          break;
        }
        // Excel tolerates text after a closing quote ("a"b); keep it rather than fail.
        const tail = i;
        while (i < end) {
          const c = text.charCodeAt(i);
          if (c === sep || c === LF || c === CR) break;
          i++;
        }
        cells[count++] = tail === i ? value : value + text.slice(tail, i);
      } else {
        const from = i;
        while (i < end) {
          const c = text.charCodeAt(i);
          if (c === sep || c === LF || c === CR) break;
          i++;
        }
        cells[count++] = text.slice(from, i);
      }
      if (i < end && text.charCodeAt(i) === sep) {
        i++;
        continue;
      }
      break;
    }
    // The record is complete only once its line break is inside the window.
    if (i >= end || (text.charCodeAt(i) === CR && i + 1 >= end)) {
      if (!final) return { consumed: recordStart, line: recordLine };
    }
    // Consume the line break: CRLF, LF, or a lone CR (old Mac files).
    if (i < end) {
      if (text.charCodeAt(i) === CR) i++;
      if (i < end && text.charCodeAt(i) === LF) i++;
      line++;
    }
    sink(cells, count, recordLine);
  }
  return { consumed: end, line };
}

/** True when some line ends with a CR alone (old Mac files): only the slow path reads those. */
function hasLoneCarriageReturn(text: string): boolean {
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) {
    if (at + 1 < text.length && text.charCodeAt(at + 1) !== LF) return true;
  }
  return false;
}
