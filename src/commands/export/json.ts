// The JSON form of an export table, for scripts: a `meta` block (period, filters, time of export,
// version, columns) and `lignes`, objects whose keys are the CSV's column names in the same order.
// Values stay machine-friendly: ISO dates, numbers with a dot, null when absent. No formula
// neutralisation here: JSON is read by programs, not spreadsheets.
import type { ExportColumn, ExportMeta, ExportRow, ExportTable } from '../../domain/exportRows.js';

export function renderExportJson(meta: ExportMeta, table: ExportTable, rows: Iterable<ExportRow>): string {
  const head = JSON.stringify({ ...meta, table: table.fileSuffix, colonnes: table.columns.map((c) => c.key) }, null, 2);
  const lines: string[] = [];
  for (const row of rows) lines.push(`    ${JSON.stringify(ordered(table.columns, row))}`);
  const body = lines.length > 0 ? `[\n${lines.join(',\n')}\n  ]` : '[]';
  return `{\n  "meta": ${head.replace(/\n/g, '\n  ')},\n  "lignes": ${body}\n}\n`;
}

function ordered(columns: readonly ExportColumn[], row: ExportRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c.key] = row[c.key] ?? null;
  return out;
}
