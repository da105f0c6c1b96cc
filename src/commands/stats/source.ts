// Reading the file given to `stats import`: two passes over its chunks (hash and encoding,
// then the figures), never the whole file in memory; XLSX is recognised by its content.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { NotFoundError, UsageError } from '../../errors.js';
import { EncodingDetector, readCafCsvChunkStream, readCafRowStream, type FigureSink, type ReadSummary, type SourceText } from '../../domain/cafFigures/index.js';
import type { PerimeterResolver } from '../../domain/cafFigures/index.js';

// Chunks of 4 MB: the file is read twice (to hash it, then to import it) and never held
// whole, so a million-row import stays within its memory budget.
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The file's chunks, read from disk one at a time into two buffers used in turn: a chunk
 * stays valid while the next one is read (the CSV reader reads one ahead), no longer.
 */
function* fileChunks(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  try {
    for (let turn = 0; ; turn ^= 1) {
      const chunk = buffers[turn]!;
      const length = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (length === 0) return;
      yield length < CHUNK_BYTES ? chunk.subarray(0, length) : chunk;
    }
  } finally {
    closeSync(fd);
  }
}

export interface FileScan {
  sha256: string;
  /** Bytes, for the progress of the second pass. */
  size: number;
  isZip: boolean;
  source: SourceText;
}

/** First pass over the file: its SHA-256, its encoding, whether it is a zip (XLSX). */
export function scanFile(path: string, given: string): FileScan {
  const hash = createHash('sha256');
  const detector = new EncodingDetector();
  let head: Buffer | undefined;
  let size = 0;
  try {
    for (const chunk of fileChunks(path)) {
      size += chunk.length;
      head ??= Buffer.from(chunk.subarray(0, 2));
      hash.update(chunk);
      detector.update(chunk);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`« ${given} » : fichier introuvable.`);
    if (code === 'EISDIR') throw new UsageError(`« ${given} » est un dossier ; attendu un fichier CSV ou XLSX.`);
    throw new UsageError(`« ${given} » : lecture impossible (${code ?? 'erreur'}).`);
  }
  const isZip = head !== undefined && head.length === 2 && head[0] === 0x50 && head[1] === 0x4b;
  return { sha256: hash.digest('hex'), size, isZip, source: detector.result() };
}

/** What reading reports as it goes (see render/progress.ts); Ctrl-C is heard at `checkpoint`. */
export interface ReadProgress {
  update(done: number, total?: number): void;
  checkpoint(): Promise<void>;
}

/** Reading a workbook pauses for Ctrl-C every so many rows (a row is a few microseconds). */
const ROWS_BETWEEN_CHECKPOINTS = 5000;

/** A file ready to be read: `read` may run inside the import transaction. */
export interface Source {
  /** Bytes for a CSV file (its size known), rows for a workbook (their number unknown until the end). */
  /** `drain` is awaited between chunks (CSV) or every so many rows (XLSX), for the figures handed over so far. */
  read: (onFigure: FigureSink, progress?: ReadProgress, drain?: () => Promise<void>) => Promise<ReadSummary>;
  /** How the file was read, in French; known once `read` has run. */
  format: () => string;
}

/** CSV or XLSX, decided by the content (a zip starts with "PK"), not by the file's name. */
export async function openSource(path: string, fileName: string, scan: FileScan, resolvePerimeter: PerimeterResolver): Promise<Source> {
  if (scan.isZip) {
    const { checkWorkbook, streamFirstSheet, XlsxReadError } = await import('../../render/xlsxRead.js');
    const asUsage = (error: unknown) => (error instanceof XlsxReadError ? new UsageError(`« ${fileName} » : ${error.message}`) : error);
    try {
      await checkWorkbook(readFileSync(path));
    } catch (error) {
      throw asUsage(error);
    }
    return {
      read: async (onFigure, progress, drain) => {
        try {
          return await readCafRowStream(countedRows(streamFirstSheet(path), progress, drain), resolvePerimeter, onFigure);
        } catch (error) {
          throw asUsage(error);
        }
      },
      format: () => 'classeur XLSX, première feuille',
    };
  }
  const encoding = { 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 avec BOM', 'windows-1252': 'Windows-1252' }[scan.source.encoding];
  let separator = '';
  return {
    read: async (onFigure, progress, drain) => {
      // Hashed again as it is read: what is imported is exactly the file that was recorded.
      const hash = createHash('sha256');
      const chunks = (async function* () {
        let bytesRead = 0;
        for (const chunk of fileChunks(path)) {
          hash.update(chunk);
          yield chunk;
          bytesRead += chunk.length;
          progress?.update(bytesRead, scan.size);
          await drain?.();
          await progress?.checkpoint();
        }
      })();
      const summary = await readCafCsvChunkStream(chunks, scan.source, resolvePerimeter, onFigure);
      if (hash.digest('hex') !== scan.sha256) {
        throw new UsageError(`« ${fileName} » a changé pendant l’import ; rien n’a été importé. Relancez la commande.`);
      }
      separator = summary.separator === '\t' ? 'tabulation' : `« ${summary.separator} »`;
      return summary;
    },
    format: () => `CSV ${encoding}, séparateur ${separator}`,
  };
}


/**
 * The rows of a workbook, counted as they stream out, with a pause now and then for Ctrl-C and
 * for the figures read so far to be written.
 */
async function* countedRows<T>(rows: AsyncIterable<T>, progress: ReadProgress | undefined, drain: (() => Promise<void>) | undefined): AsyncGenerator<T> {
  let count = 0;
  for await (const row of rows) {
    yield row;
    progress?.update(++count);
    if (count % ROWS_BETWEEN_CHECKPOINTS === 0) {
      await drain?.();
      await progress?.checkpoint();
    }
  }
}
