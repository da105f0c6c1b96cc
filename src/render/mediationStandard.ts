// The espaces numériques in the national standard's file forms. CSV as the standard's own example:
// comma-separated, UTF-8 without BOM, RFC 4180 quoting, every column in the schema's order.
// Values are written as they are — no formula neutralisation — because the file is read by
// data pipelines against the schema's patterns (a telephone must start with « + »).
import { STANDARD_COLUMNS, type StandardRow } from '../domain/mediationStandard.js';
import { OPEN_DATA, renderCsv } from './csv.js';

export function renderStandardCsv(rows: readonly StandardRow[]): string {
  return renderCsv(STANDARD_COLUMNS, rows.map((row) => STANDARD_COLUMNS.map((c) => row[c])), OPEN_DATA);
}

/** An array of objects with every column, in order; null where the CSV has an empty cell. */
export function renderStandardJson(rows: readonly StandardRow[]): string {
  const objects = rows.map((row) => Object.fromEntries(STANDARD_COLUMNS.map((c) => [c, row[c] === '' ? null : row[c]])));
  return `${JSON.stringify(objects, null, 2)}\n`;
}
