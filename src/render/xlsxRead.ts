// Reads the first sheet of an XLSX workbook into rows of strings, for the CAF figures
// import. exceljs is heavy (≈1 s of module loading), so it is imported only here, lazily.

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
  // The end-of-central-directory record sits in the last 22 bytes plus a comment ≤ 65535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
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
