// A small RFC 4180 reader: quoted fields with "" escapes, separators and newlines inside
// quotes, CRLF or LF. Written by hand because it runs on a million rows: one pass over
// char codes, no regex, no per-row allocation beyond the cells themselves.

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
 * Calls `sink` for every record, and `onUnclosedQuote` when the file ends inside quotes
 * (that last record is then dropped: its cells cannot be trusted).
 */
export function readCsv(text: string, separator: Separator, sink: RecordSink, onUnclosedQuote: (line: number) => void): void {
  const sep = separator.charCodeAt(0);
  const end = text.length;
  let i = 0;
  let line = 1;
  // One array for all records, never shrunk (setting length = 0 frees its storage, and
  // reallocating it a million times is measurable).
  const cells: string[] = [];
  let count = 0;
  // Most records hold no quote: for them, native indexOf finds line ends and separators
  // several times faster than the char-by-char loop below, which handles everything else.
  const fastPathAllowed = !hasLoneCarriageReturn(text);
  let nextQuote = text.indexOf('"');
  while (i < end) {
    const recordLine = line;
    count = 0;
    if (fastPathAllowed) {
      if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf('"', i);
      let lineEnd = text.indexOf('\n', i);
      if (lineEnd === -1) lineEnd = end;
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
            onUnclosedQuote(recordLine);
            return;
          }
          for (let k = i; k < close; k++) if (text.charCodeAt(k) === LF) line++;
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
    // Consume the line break: CRLF, LF, or a lone CR (old Mac files).
    if (i < end) {
      if (text.charCodeAt(i) === CR) i++;
      if (i < end && text.charCodeAt(i) === LF) i++;
      line++;
    }
    sink(cells, count, recordLine);
  }
}

/** True when some line ends with a CR alone (old Mac files): only the slow path reads those. */
function hasLoneCarriageReturn(text: string): boolean {
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== LF) return true;
  }
  return false;
}
