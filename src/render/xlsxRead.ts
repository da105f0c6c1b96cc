// Reads the first sheet of an XLSX workbook into rows of strings, for the CAF figures
// import. exceljs is heavy (≈1 s of module loading), so it is imported only here, lazily.
// The import streams the sheet (streamFirstSheet) after checkWorkbook has bounded what the
// archive really inflates to; readFirstSheet loads a small workbook whole.
import { createInflateRaw } from 'node:zlib';

/** A refused workbook; the message is French and ready to show. */
export class XlsxReadError extends Error {
  override readonly name = 'XlsxReadError';
}

/** One sheet row: its Excel row number (1 = header) and its cells as text. */
export interface SheetRow {
  line: number;
  cells: string[];
}

/** Limits that keep a hostile or broken file from exhausting memory. */
export interface XlsxLimits {
  maxFileBytes: number;
  maxUncompressedBytes: number;
  maxEntries: number;
  maxRatio: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxUncompressedBytes: 512 * 1024 * 1024,
  maxEntries: 10_000,
  // Spreadsheet XML compresses well, but not a thousand to one: beyond that it is a bomb.
  maxRatio: 1000,
};

/** True when the bytes start like a zip archive, which is what an XLSX is. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Reads the first worksheet; throws XlsxReadError with a French message on any problem. */
export async function readFirstSheet(bytes: Uint8Array, limits: XlsxLimits = DEFAULT_XLSX_LIMITS): Promise<SheetRow[]> {
  checkZipDirectory(bytes, limits);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings want its own Buffer type; a Node Buffer view of the same bytes is it.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (error) {
    throw new XlsxReadError(`classeur XLSX illisible (${error instanceof Error ? error.message : String(error)}) : enregistrez-le de nouveau depuis Excel, ou en CSV`);
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new XlsxReadError('le classeur XLSX ne contient aucune feuille');
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    // row.values is 1-based, with holes for empty cells.
    const values = row.values as unknown[];
    for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
    rows.push({ line: rowNumber, cells });
  });
  return rows;
}

/** A cell's value as the text a CSV export would have held. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'VRAI' : 'FAUX';
  if (value instanceof Date) {
    // Excel stores a typed "juil. 2026" as the first of the month at midnight UTC.
    const year = value.getUTCFullYear();
    const month = String(value.getUTCMonth() + 1).padStart(2, '0');
    const day = String(value.getUTCDate()).padStart(2, '0');
    return day === '01' ? `${year}-${month}` : `${year}-${month}-${day}`;
  }
  if (typeof value === 'object') {
    const cell = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return cellText(cell.result); // formula: its last computed value
    if (typeof cell.text === 'string') return cell.text; // hyperlink
    if (typeof cell.error === 'string') return cell.error; // '#N/A' and the like
  }
  return String(value);
}

/**
 * Checks the zip central directory before anything is decompressed: too big, too many
 * entries, or an entry declaring an absurd compression ratio is refused. Declared sizes
 * can lie; the zip library then stops on the size mismatch after inflating, so this
 * guard plus the file-size cap bound the work.
 */
export function checkZipDirectory(bytes: Uint8Array, limits: XlsxLimits): void {
  if (!looksLikeZip(bytes)) throw new XlsxReadError('ce fichier n’est pas un classeur XLSX (ce n’est pas une archive zip)');
  if (bytes.length > limits.maxFileBytes) {
    throw new XlsxReadError(`classeur XLSX trop gros (${Math.round(bytes.length / 1048576)} Mo, au plus ${Math.round(limits.maxFileBytes / 1048576)} Mo) : exportez-le en CSV`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = endOfDirectory(bytes, view);
  if (eocd < 0) throw new XlsxReadError('classeur XLSX tronqué ou endommagé (répertoire de l’archive introuvable)');
  const entries = view.getUint16(eocd + 10, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (entries > limits.maxEntries) throw new XlsxReadError(`classeur XLSX suspect : ${entries} fichiers dans l’archive`);
  let offset = directoryOffset;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) {
      throw new XlsxReadError('classeur XLSX endommagé (répertoire de l’archive illisible)');
    }
    const compressed = view.getUint32(offset + 20, true);
    const uncompressed = view.getUint32(offset + 24, true);
    if (uncompressed === 0xffffffff || compressed === 0xffffffff) throw new XlsxReadError('classeur XLSX trop gros (archive zip64)');
    total += uncompressed;
    if (total > limits.maxUncompressedBytes || (uncompressed > 1048576 && uncompressed > compressed * limits.maxRatio)) {
      throw new XlsxReadError('classeur XLSX refusé : son contenu décompressé serait démesuré (archive piégée ?)');
    }
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
}

/** One entry of the zip central directory: what the archive says it holds. */
interface DirectoryEntry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

/** Where the end-of-central-directory record starts (-1 if none): in the last 22 bytes plus a comment ≤ 65535. */
function endOfDirectory(bytes: Uint8Array, view: DataView): number {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) return i;
  }
  return -1;
}

function readDirectory(bytes: Uint8Array, limits: XlsxLimits): { entries: DirectoryEntry[]; directoryOffset: number } {
  checkZipDirectory(bytes, limits);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = endOfDirectory(bytes, view);
  const count = view.getUint16(eocd + 10, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  const entries: DirectoryEntry[] = [];
  let offset = directoryOffset;
  for (let n = 0; n < count; n++) {
    const nameLength = view.getUint16(offset + 28, true);
    entries.push({
      name: Buffer.from(bytes.buffer, bytes.byteOffset + offset + 46, nameLength).toString('utf8'),
      method: view.getUint16(offset + 10, true),
      compressed: view.getUint32(offset + 20, true),
      uncompressed: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return { entries, directoryOffset };
}

const BOMB = 'classeur XLSX refusé : son contenu décompressé serait démesuré (archive piégée ?)';
const lying = (detail: string) => `classeur XLSX refusé : ${detail} (archive piégée ?)`;

/**
 * Checks a workbook before any spreadsheet code reads it: the directory (sizes declared within
 * the limits), then every entry in the order a streaming reader meets them, each inflated here
 * with its output counted and thrown away. An entry that inflates to more than it declares, an
 * entry the directory does not list, or compressed data that does not end where declared is
 * refused: the real inflated bytes are bounded by the declared ones, themselves bounded.
 */
export async function checkWorkbook(bytes: Uint8Array, limits: XlsxLimits = DEFAULT_XLSX_LIMITS): Promise<void> {
  const { entries, directoryOffset } = readDirectory(bytes, limits);
  const byOffset = new Map(entries.map((entry) => [entry.localOffset, entry]));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  let total = 0;
  while (offset < directoryOffset) {
    if (offset + 30 > bytes.length || view.getUint32(offset, true) !== 0x04034b50) throw new XlsxReadError('classeur XLSX endommagé (contenu de l’archive illisible)');
    const entry = byOffset.get(offset);
    if (entry === undefined) throw new XlsxReadError(lying('une entrée de l’archive n’est pas dans son répertoire'));
    const flags = view.getUint16(offset + 6, true);
    const dataStart = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    const data = bytes.subarray(dataStart, dataStart + entry.compressed);
    if (data.length !== entry.compressed) throw new XlsxReadError('classeur XLSX tronqué ou endommagé');
    let inflated: number;
    if (entry.method === 0) inflated = entry.compressed;
    else if (entry.method === 8) inflated = await inflatedSize(data, entry.uncompressed);
    else throw new XlsxReadError(`classeur XLSX illisible (méthode de compression ${entry.method} inconnue) : enregistrez-le de nouveau depuis Excel`);
    if (inflated !== entry.uncompressed) throw new XlsxReadError(lying(`« ${entry.name} » ne fait pas la taille annoncée`));
    total += inflated;
    if (total > limits.maxUncompressedBytes) throw new XlsxReadError(BOMB);
    let next = dataStart + entry.compressed;
    // A data descriptor (flag bit 3) follows the data: 12 bytes, or 16 with its signature.
    if (flags & 0x08) next += next + 4 <= bytes.length && view.getUint32(next, true) === 0x08074b50 ? 16 : 12;
    offset = next;
  }
}

/**
 * Inflates raw deflate data, counting and discarding the output, and stops as soon as it
 * passes `declared`: a lying entry costs at most its declared size. The deflate stream must
 * also end exactly with the data (a streaming reader would otherwise read on).
 */
function inflatedSize(data: Uint8Array, declared: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      reject(new XlsxReadError(message));
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > declared) fail(lying('une entrée de l’archive se décompresse en plus que sa taille annoncée'));
    });
    inflate.on('error', (error) => fail(`classeur XLSX illisible (${error.message}) : enregistrez-le de nouveau depuis Excel, ou en CSV`));
    inflate.on('end', () => {
      if (settled) return;
      settled = true;
      if (inflate.bytesWritten !== data.length) reject(new XlsxReadError(lying('des données compressées n’ont pas la longueur annoncée')));
      else resolve(size);
    });
    // Fed in slices so that the count is checked as it grows, never after the whole entry.
    let at = 0;
    const feed = () => {
      while (!settled && at < data.length) {
        const slice = data.subarray(at, at + 65536);
        at += slice.length;
        if (!inflate.write(slice)) return void inflate.once('drain', feed);
      }
      if (!settled) inflate.end();
    };
    feed();
  });
}

/**
 * Streams the first worksheet row by row with exceljs's streaming reader: the sheet is never
 * held whole (a 1,048,576-row sheet loaded whole takes gigabytes). Call checkWorkbook first.
 */
export async function* streamFirstSheet(path: string): AsyncGenerator<SheetRow> {
  const { default: ExcelJS } = await import('exceljs');
  // styles: 'cache' so that a date cell (a month in a header) comes as a Date.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  // exceljs reads a sheet as soon as it meets it when the shared strings came first, and then
  // looks up the sheet's name in a workbook part it may not have met yet (LibreOffice writes
  // xl/workbook.xml last): an empty model until then, so the order of the zip entries is free.
  const partial = reader as unknown as { model?: { sheets?: unknown[] } };
  partial.model ??= { sheets: [] };
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: string[] = [];
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
        yield { line: row.number, cells };
      }
      return; // the first sheet only
    }
  } catch (error) {
    if (error instanceof XlsxReadError) throw error;
    throw new XlsxReadError(`classeur XLSX illisible (${error instanceof Error ? error.message : String(error)}) : enregistrez-le de nouveau depuis Excel, ou en CSV`);
  }
}
