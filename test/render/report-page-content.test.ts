// The report keeps each page's drawing operators as text until the page ends
// (src/render/pageContent.ts) instead of pdfkit's Buffer per operator: the PDF must be the
// same, byte for byte, as pdfkit alone writes it.
import { describe, expect, it, vi } from 'vitest';
import type { SemesterReport } from '../../src/domain/report.js';
import { runCli, tempDb, tempDir } from '../harness.js';
import { buildReportFixture } from '../fixtures/report/dataset.js';
import { readPdfReport } from '../fixtures/report/readBack.js';

const creationDate = new Date('2026-07-01T08:00:00Z');

async function fixtureModel(): Promise<SemesterReport> {
  const db = tempDb();
  await buildReportFixture(db);
  const r = await runCli(['report', '--format', 'json'], { db, cwd: tempDir() });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as SemesterReport;
}

describe('report page content', () => {
  it('is the PDF pdfkit writes operator by operator, byte for byte', async () => {
    const model = await fixtureModel();
    // First with the pages' text kept, counting the documents it was put on (so the comparison is not idle).
    let hooked = 0;
    vi.resetModules();
    vi.doMock('../../src/render/pageContent.js', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../src/render/pageContent.js')>();
      return {
        writePageContentAtOnce: (doc: PDFKit.PDFDocument) => {
          hooked++;
          real.writePageContentAtOnce(doc);
        },
      };
    });
    const atOnce = await (await import('../../src/render/report/pdf.js')).renderReportPdf(model, { creationDate });
    expect(hooked).toBe(1);

    vi.resetModules();
    vi.doMock('../../src/render/pageContent.js', () => ({ writePageContentAtOnce: () => undefined }));
    const byOperator = await (await import('../../src/render/report/pdf.js')).renderReportPdf(model, { creationDate });
    vi.doUnmock('../../src/render/pageContent.js');

    expect(atOnce.equals(byOperator)).toBe(true);
    const { pages } = await readPdfReport(atOnce);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]!.text).toContain('Évaluation semestrielle');
  });
});
