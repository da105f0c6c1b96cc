// Reads a file of CAF figures (long form, one figure a row) into validated figures, and
// every bad row with its line number and the reason in French. Pure: bytes in, data out.
import { asBuffer, detectEncoding, type SourceText } from './decode.js';
import { CsvChunkReader, sniffSeparator, type Separator } from './csv.js';
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
  const reader = new CafCsvReader(source, resolvePerimeter, onFigure);
  for (const chunk of chunks) reader.push(chunk);
  return reader.finish();
}

/** readCafCsvChunks over chunks that come asynchronously (a command may pause between them). */
export async function readCafCsvChunkStream(
  chunks: AsyncIterable<Uint8Array>,
  source: SourceText,
  resolvePerimeter: PerimeterResolver,
  onFigure: FigureSink,
): Promise<CsvSummary> {
  const reader = new CafCsvReader(source, resolvePerimeter, onFigure);
  for await (const chunk of chunks) reader.push(chunk);
  return reader.finish();
}

/**
 * The chunks of a CSV file pushed one at a time: the byte order mark skipped, the separator
 * sniffed from the first chunk, then every record read. A pushed chunk must stay unchanged
 * until the next push (see CsvChunkReader).
 */
class CafCsvReader {
  private bomLeft: number;
  private csv: CsvChunkReader | undefined;
  private separator: Separator = ';';
  private readonly reader: LayoutReader;

  constructor(
    private readonly source: SourceText,
    resolvePerimeter: PerimeterResolver,
    onFigure: FigureSink,
  ) {
    this.bomLeft = source.bomLength;
    this.reader = new LayoutReader(new FigureReader(resolvePerimeter, onFigure, source.cellText));
  }

  push(raw: Uint8Array): void {
    if (this.bomLeft >= raw.length) {
      this.bomLeft -= raw.length;
      return;
    }
    const chunk = this.bomLeft > 0 ? raw.subarray(this.bomLeft) : raw;
    this.bomLeft = 0;
    if (this.csv === undefined) {
      this.separator = sniffSeparator(asBuffer(chunk).toString('latin1', 0, Math.min(chunk.length, 65536)));
      this.csv = new CsvChunkReader(
        this.separator,
        (cells, count, line) => this.reader.push(cells, count, line),
        (line) => this.reader.reject(line, 'guillemet ouvert jamais refermé : la fin du fichier est illisible'),
      );
    }
    this.csv.push(chunk);
  }

  finish(): CsvSummary {
    this.csv?.end();
    return { ...this.reader.finish(), encoding: this.source.encoding, separator: this.separator };
  }
}

/** readCafCsvChunks for a file already in memory. */
export function readCafCsv(bytes: Uint8Array, resolvePerimeter: PerimeterResolver, onFigure: FigureSink): CsvSummary {
  return readCafCsvChunks([bytes], detectEncoding(bytes), resolvePerimeter, onFigure);
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
