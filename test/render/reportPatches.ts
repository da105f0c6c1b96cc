// For the tests of the report's pdfkit patches (pageContent.ts, pdfOutput.ts): a report model
// from the fixture store, and the same model rendered with a patch and without it.
import { expect, vi } from 'vitest';
import type { SemesterReport } from '../../src/domain/report.js';
import { runCli, tempDb, tempDir } from '../harness.js';
import { buildReportFixture } from '../fixtures/report/dataset.js';

const creationDate = new Date('2026-07-01T08:00:00Z');

export async function fixtureModel(): Promise<SemesterReport> {
  const db = tempDb();
  await buildReportFixture(db);
  const r = await runCli(['report', '--format', 'json'], { db, cwd: tempDir() });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as SemesterReport;
}

/**
 * The report PDF of `model` twice: with the patch `name` of `module` (a path from this folder,
 * whose export takes the document), counting the documents it was applied to so a comparison is
 * never idle; then with the patch replaced by nothing, which leaves pdfkit alone.
 */
export async function renderWithAndWithout(model: SemesterReport, module: string, name: string): Promise<{ patched: Buffer; plain: Buffer; hooked: number }> {
  let hooked = 0;
  vi.resetModules();
  vi.doMock(module, async (importOriginal) => {
    const real = await importOriginal<Record<string, (doc: PDFKit.PDFDocument) => void>>();
    return {
      [name]: (doc: PDFKit.PDFDocument) => {
        hooked++;
        real[name]!(doc);
      },
    };
  });
  const patched = await (await import('../../src/render/report/pdf.js')).renderReportPdf(model, { creationDate });

  vi.resetModules();
  vi.doMock(module, () => ({ [name]: () => undefined }));
  const plain = await (await import('../../src/render/report/pdf.js')).renderReportPdf(model, { creationDate });
  vi.doUnmock(module);
  vi.resetModules();
  return { patched, plain, hooked };
}
