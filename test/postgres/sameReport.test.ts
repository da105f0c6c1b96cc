// The same facts give the same report on both engines: byte for byte, apart from when it was made.
import { describe, expect, it } from 'vitest';
import { ENGINE, runCli, tempDb, tempSqliteDb } from '../harness.js';
import { buildReportFixture } from '../fixtures/report/dataset.js';

/** The JSON report with its production time blanked, as bytes. */
async function reportBytes(db: string, semester: string): Promise<string> {
  const r = await runCli(['report', '--semestre', semester, '--format', 'json'], { db });
  expect([r.code, r.stderr]).toEqual([0, '']);
  return r.typeset.stdout.replace(/"produit_le": "[^"]*"/, '"produit_le": ""');
}

describe.skipIf(ENGINE !== 'postgres')('report --format json on SQLite and PostgreSQL', () => {
  it('is byte-identical for the same dataset', async () => {
    const sqlite = tempSqliteDb();
    const postgres = tempDb();
    await buildReportFixture(sqlite);
    await buildReportFixture(postgres);
    for (const semester of ['2026-S1', '2025-S2']) {
      const [a, b] = [await reportBytes(sqlite, semester), await reportBytes(postgres, semester)];
      expect(a).toContain('"produit_le": ""');
      expect(b).toBe(a);
    }
  });
});
