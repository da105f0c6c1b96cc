// CSV writing. Two dialects:
// - the French spreadsheet one of the monthly exports (Conseiller Numérique's habit): UTF-8 with
//   BOM so Excel reads the accents, « ; » because the comma is the decimal sign, CRLF, dates
//   dd/mm/yyyy, decimals with a comma, and text cells neutralised against formula injection;
// - the plain RFC 4180 one of open-data standards (comma, no BOM, values untouched).
import { formatDateNumericFr } from '../domain/dates.js';
import { neutraliseFormula, type ExportCell, type ExportColumn, type ExportRow } from '../domain/exportRows.js';

export interface CsvDialect {
  delimiter: ';' | ',';
  bom: boolean;
}

export const FRENCH_SPREADSHEET: CsvDialect = { delimiter: ';', bom: true };
export const OPEN_DATA: CsvDialect = { delimiter: ',', bom: false };

const BOM = '\ufeff';
const CRLF = '\r\n';

/** RFC 4180: a field holding the delimiter, a quote, CR or LF is quoted, its quotes doubled. */
export function csvField(text: string, delimiter: string): string {
  const needsQuotes = text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r');
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRecord(cells: readonly string[], delimiter: string): string {
  return cells.map((c) => csvField(c, delimiter)).join(delimiter) + CRLF;
}

/** A value in the French spreadsheet form; only text can carry a formula, so only text is neutralised. */
export function frenchCsvCell(kind: ExportColumn['kind'], value: ExportCell): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'date':
      return formatDateNumericFr(String(value));
    case 'decimal':
      // Always one decimal, as the stats are rounded: « 40,0 », « 4,5 ».
      return Number(value).toFixed(1).replace('.', ',');
    case 'int':
      return String(value);
    case 'text':
      return neutraliseFormula(String(value));
    default:
      return String(value);
  }
}

/** A whole export table in the French spreadsheet dialect; rows are consumed as they come. */
export function renderExportCsv(columns: readonly ExportColumn[], rows: Iterable<ExportRow>): Buffer {
  const { delimiter } = FRENCH_SPREADSHEET;
  const parts: string[] = [BOM, csvRecord(columns.map((c) => c.key), delimiter)];
  for (const row of rows) parts.push(csvRecord(columns.map((c) => frenchCsvCell(c.kind, row[c.key] ?? null)), delimiter));
  return Buffer.from(parts.join(''), 'utf8');
}

/** Plain rows of text in a given dialect (for open-data files, whose values must stay as they are). */
export function renderCsv(header: readonly string[], rows: Iterable<readonly string[]>, dialect: CsvDialect): string {
  const parts: string[] = dialect.bom ? [BOM] : [];
  parts.push(csvRecord(header, dialect.delimiter));
  for (const row of rows) parts.push(csvRecord(row, dialect.delimiter));
  return parts.join('');
}
