// The XLSX form of a monthly export (La Coop's habit): a first sheet « Export » stating the
// period, the filters, when it was exported and by which version, then one sheet per table.
// Cells are typed so the spreadsheet can sum, sort and filter: numbers, real dates shown
// dd/mm/yyyy, times shown hh:mm; each table has an autofilter and columns as wide as their text.
// Text is written as typed, as a string cell (never a formula). Where a spreadsheet would
// reinterpret it once someone edits the cell ("=…", "-2 personnes", "14:00"), the cell carries
// the quotePrefix style, the spreadsheet's own "this is text" mark, instead of a literal
// apostrophe in the text (the CSV keeps its OWASP apostrophe: a CSV has no styles).
// exceljs costs about a second to load: it is imported here, lazily, and only for --format xlsx.
// Its streaming writer is used: each row is committed (serialised) as it comes, which is
// twice as fast as building the whole workbook in memory on a month of 5,000 entries.
import { PassThrough } from 'node:stream';
import type { Worksheet } from 'exceljs';
import type { ExportCell, ExportColumn, ExportMeta, ExportRow } from '../domain/exportRows.js';
import { formatDateNumericFr } from '../domain/dates.js';
import { markQuotePrefixed, TEXT_FORMAT, wouldBeReinterpreted } from './xlsxText.js';

export interface XlsxSheet {
  name: string;
  columns: readonly ExportColumn[];
  rows: Iterable<ExportRow>;
}

export interface XlsxExport {
  meta: ExportMeta;
  /** "26 novembre 2026 à 12:00", for people. */
  exportedAtText: string;
  /** The tables' French names, for the filters line. */
  tableLabels: string[];
  /** Fixed creation date inside the file (the context clock, not the machine's). */
  now: Date;
  sheets: XlsxSheet[];
}

/** An ISO date as an Excel date: midnight UTC, which exceljs turns into the right serial day. */
function excelDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** "14:30" as Excel stores a time of day: the fraction of a day (0.6041…). */
export function excelTime(text: string): number | string {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) return text;
  const [, h, m, s] = match.map(Number);
  return (h * 3600 + m * 60 + (s || 0)) / 86400;
}

function cellValue(kind: ExportColumn['kind'], value: ExportCell): string | number | Date | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'date':
      return excelDate(String(value));
    case 'time':
      return excelTime(String(value));
    case 'int':
    case 'decimal':
      return Number(value);
    default:
      return String(value);
  }
}

const NUMBER_FORMATS: Partial<Record<ExportColumn['kind'], string>> = { date: 'dd/mm/yyyy', time: 'hh:mm', decimal: '0.0', int: '0' };

/** Characters a cell shows, to size its column (dates and times as formatted). */
function shownLength(kind: ExportColumn['kind'], value: ExportCell): number {
  if (value === null || value === undefined) return 0;
  if (kind === 'date') return 10;
  if (kind === 'time') return 5;
  if (kind === 'decimal') return Number(value).toFixed(1).length;
  // A multi-line remark is as wide as its longest line.
  return Math.max(...String(value).split(/\r?\n/).map((line) => line.length));
}

/** Column width in characters: the longest cell or header, a little padding, within bounds. */
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
// Half a character more than whole numbers: exceljs leaves out a column of width exactly 9 (its
// default), and the spreadsheet would then show its own, narrower default.
const fitWidth = (longest: number) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2.5));

function fillTable(sheet: Worksheet, columns: readonly ExportColumn[], rows: Iterable<ExportRow>): void {
  // The streaming writer puts the column widths before the first row: measure every row first.
  const all = [...rows];
  const longest = columns.map((c) => Math.max(c.key.length + 2 /* the filter button */, ...all.map((row) => shownLength(c.kind, row[c.key] ?? null))));
  sheet.columns = columns.map((c, i) => ({
    header: c.key,
    key: c.key,
    width: fitWidth(longest[i]),
    style: NUMBER_FORMATS[c.kind] ? { numFmt: NUMBER_FORMATS[c.kind] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const data of all) {
    const values = columns.map((c) => cellValue(c.kind, data[c.key] ?? null));
    const row = sheet.addRow(values);
    // Any string cell, a month "2026-10" as much as a remark "-2 personnes".
    values.forEach((value, i) => {
      if (typeof value === 'string' && wouldBeReinterpreted(value)) row.getCell(i + 1).numFmt = TEXT_FORMAT;
    });
    row.commit();
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: all.length + 1, column: columns.length } };
  sheet.commit();
}

function fillCover(sheet: Worksheet, spec: XlsxExport): void {
  const { meta } = spec;
  const lines: [string, string | Date][] = [
    ['Export', 'cafcharte — charte de partenariat commune du Tampon – CAF de la Réunion'],
    ['Période', meta.periode.libelle],
    ['Du', excelDate(meta.periode.du)],
    ['Au', excelDate(meta.periode.au)],
    ['Filtres', `tables : ${spec.tableLabels.join(', ')} ; tous les lieux`],
    ['Exporté le', `${spec.exportedAtText} (heure de la Réunion)`],
    ['Version de cafcharte', meta.version],
  ];
  const text = (value: string | Date) => (value instanceof Date ? formatDateNumericFr(value.toISOString().slice(0, 10)) : value);
  sheet.columns = [
    { width: fitWidth(Math.max(...lines.map(([label]) => label.length))) },
    { width: fitWidth(Math.max(...lines.map(([, value]) => text(value).length))) },
  ];
  for (const [label, value] of lines) {
    const row = sheet.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    const cell = row.getCell(2);
    if (value instanceof Date) cell.numFmt = NUMBER_FORMATS.date!;
    else if (wouldBeReinterpreted(value)) cell.numFmt = TEXT_FORMAT;
    row.commit();
  }
  sheet.commit();
}

/** The whole workbook, as bytes for an atomic write. */
export async function renderExportXlsx(spec: XlsxExport): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  workbook.creator = 'cafcharte';
  workbook.created = spec.now;
  workbook.modified = spec.now;
  fillCover(workbook.addWorksheet('Export'), spec);
  for (const sheet of spec.sheets) {
    fillTable(workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] }), sheet.columns, sheet.rows);
  }
  await workbook.commit();
  return markQuotePrefixed(Buffer.concat(chunks));
}
