import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDb, tempDir } from '../harness.js';
import { seedBusyMonth } from './export-fixtures.js';

// Speed is measured by `npm run bench`; this checks that a busy month is exported whole.
describe('export: a busy month', () => {
  it('exports 5,000 logbook entries in CSV, JSON and XLSX, every row present', async () => {
    const db = tempDb();
    await seedBusyMonth(db, 5000);
    const dir = tempDir();
    for (const format of ['csv', 'json', 'xlsx']) {
      const r = await runCli(['export', '--mois', '2026-10', '--format', format, '--sortie', dir], { db });
      expect(r.code, r.stderr).toBe(0);
    }
    // Header + 5,000 records, CRLF-terminated, one line each (no newline inside these cells).
    expect(readFileSync(join(dir, 'cafcharte-2026-10-journal.csv'), 'utf8').split('\r\n').length - 1).toBe(5001);
    expect(JSON.parse(readFileSync(join(dir, 'cafcharte-2026-10-journal.json'), 'utf8')).lignes).toHaveLength(5000);
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'cafcharte-2026-10.xlsx'));
    expect(workbook.getWorksheet('Journal')!.actualRowCount).toBe(5001);
  });
});
