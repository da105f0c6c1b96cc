// Reads a file of CAF figures (long form, one figure a row) into validated figures, and
// every bad row with its line number and the reason in French. Pure: bytes in, data out.
import { asBuffer, detectEncoding, type SourceText } from './decode.js';
import { readCsvChunks, sniffSeparator } from './csv.js';
import type { PerimeterResolver } from './perimeter.js';
import { FigureReader } from './reader.js';
import { LayoutReader } from './layout.js';
import type { CafFigure, CsvSummary, FigureSink, ParsedCsv, ParsedFigures, ReadSummary } from './types.js';


/**
 * Reads a CSV file given as successive chunks of bytes, whose encoding was detected while
 * it was hashed (see EncodingDetector): separator, header, then every row, handing each
 * valid figure to `onFigure` as it goes. Neither the file nor its figures are ever held
 * whole, which keeps a million-row import within its memory budget.
 */
export function readCafCsvChunks(
  chunks: Iterable<Uint8Array>,
  source: SourceText,
  resolvePerimeter: PerimeterResolver,
  onFigure: FigureSink,
): CsvSummary {
  const body = skipBytes(chunks, source.bomLength)[Symbol.iterator]();
  const first = body.next();
  const firstChunk = first.done ? new Uint8Array(0) : first.value;
  const separator = sniffSeparator(asBuffer(firstChunk).toString('latin1', 0, Math.min(firstChunk.length, 65536)));
  const reader = new LayoutReader(new FigureReader(resolvePerimeter, onFigure, source.cellText));
  readCsvChunks(
    first.done ? [] : prepend(firstChunk, body),
    separator,
    (cells, count, line) => reader.push(cells, count, line),
    (line) => reader.reject(line, 'guillemet ouvert jamais refermé : la fin du fichier est illisible'),
  );
  return { ...reader.finish(), encoding: source.encoding, separator };
}

/** readCafCsvChunks for a file already in memory. */
export function readCafCsv(bytes: Uint8Array, resolvePerimeter: PerimeterResolver, onFigure: FigureSink): CsvSummary {
  return readCafCsvChunks([bytes], detectEncoding(bytes), resolvePerimeter, onFigure);
}

function* skipBytes(chunks: Iterable<Uint8Array>, count: number): Generator<Uint8Array> {
  let left = count;
  for (const chunk of chunks) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

function* prepend(first: Uint8Array, rest: Iterator<Uint8Array>): Generator<Uint8Array> {
  yield first;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}

/** Reads rows already split into cells (an XLSX sheet), header found as in a CSV file. */
export function readCafRows(rows: Iterable<{ line: number; cells: string[] }>, resolvePerimeter: PerimeterResolver, onFigure: FigureSink): ReadSummary {
  const reader = new LayoutReader(new FigureReader(resolvePerimeter, onFigure));
  for (const row of rows) reader.push(row.cells, row.cells.length, row.line);
  return reader.finish();
}

/** Reads rows as they stream out of a workbook (see render/xlsxStream.ts). */
export async function readCafRowStream(
  rows: AsyncIterable<{ line: number; cells: string[] }>,
  resolvePerimeter: PerimeterResolver,
  onFigure: FigureSink,
): Promise<ReadSummary> {
  const reader = new LayoutReader(new FigureReader(resolvePerimeter, onFigure));
  for await (const row of rows) reader.push(row.cells, row.cells.length, row.line);
  return reader.finish();
}

/** readCafCsv, keeping the figures in an array: for small files and tests. */
export function parseCafCsv(bytes: Uint8Array, resolvePerimeter: PerimeterResolver): ParsedCsv {
  const figures: CafFigure[] = [];
  const { errors, encoding, separator } = readCafCsv(bytes, resolvePerimeter, (figure) => figures.push(figure));
  return { figures, errors, encoding, separator };
}

/** readCafRows, keeping the figures in an array. */
export function parseCafRows(rows: Iterable<{ line: number; cells: string[] }>, resolvePerimeter: PerimeterResolver): ParsedFigures {
  const figures: CafFigure[] = [];
  const { errors } = readCafRows(rows, resolvePerimeter, (figure) => figures.push(figure));
  return { figures, errors };
}
