#!/usr/bin/env node
// Generates a deterministic XLSX of CAF figures in the import format (header + N rows, at most
// 1,048,575: Excel's last row is 1,048,576), written with exceljs's streaming writer, for
// measuring `cafcharte stats import` on a workbook (peak memory above all).
//   node bench/gen-caf-xlsx.mjs 1048575 --out /tmp/caf-1m.xlsx
// The rows are those of gen-caf-csv.mjs: every key unique, the file imports cleanly.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const args = process.argv.slice(2);
const rows = Math.min(Number(args.find((arg) => /^\d+$/.test(arg)) ?? 1000), 1048575);
const outIndex = args.indexOf('--out');
if (outIndex < 0) throw new Error('--out FICHIER.xlsx attendu');
const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: args[outIndex + 1], useSharedStrings: true, useStyles: false });
const sheet = workbook.addWorksheet('Chiffres CAF');
const csv = spawn(process.execPath, [fileURLToPath(new URL('./gen-caf-csv.mjs', import.meta.url)), String(rows)], { stdio: ['ignore', 'pipe', 'inherit'] });
for await (const line of createInterface({ input: csv.stdout })) {
  const cells = line.split(';');
  if (cells[4] !== 'valeur') cells[4] = Number(cells[4]);
  sheet.addRow(cells).commit();
}
sheet.commit();
await workbook.commit();
