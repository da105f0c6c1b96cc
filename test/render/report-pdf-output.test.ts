// The report's document writes its lines in blocks (src/render/pdfOutput.ts) instead of
// pdfkit's Buffer per line: the PDF must be the same, byte for byte (cross-reference offsets
// included), as pdfkit alone writes it.
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

describe('report document output', () => {
  it('is the PDF pdfkit writes line by line, byte for byte', async () => {
    const model = await fixtureModel();
    // A long report, so that its output spans several blocks.
    const remark = { date: '2026-03-02', lieu: 'Médiathèque', commune: 'Le Tampon', remarque: 'Atelier calme, bonne participation.', resultats: null };
    model.remarques = Array.from({ length: 800 }, (_, i) => ({ ...remark, remarque: `Remarque ${i} : ${remark.remarque}` }));
    let hooked = 0;
    vi.resetModules();
    vi.doMock('../../src/render/pdfOutput.js', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../src/render/pdfOutput.js')>();
      return {
        writeDocumentInBlocks: (doc: PDFKit.PDFDocument) => {
          hooked++;
          real.writeDocumentInBlocks(doc);
        },
      };
    });
    const inBlocks = await (await import('../../src/render/report/pdf.js')).renderReportPdf(model, { creationDate });
    expect(hooked).toBe(1);

    vi.resetModules();
    vi.doMock('../../src/render/pdfOutput.js', () => ({ writeDocumentInBlocks: () => undefined }));
    const byLine = await (await import('../../src/render/report/pdf.js')).renderReportPdf(model, { creationDate });
    vi.doUnmock('../../src/render/pdfOutput.js');

    expect(byLine.length).toBeGreaterThan(3 * 64 * 1024);
    expect(inBlocks.equals(byLine)).toBe(true);
    const { pages } = await readPdfReport(inBlocks);
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.map((page) => page.text).join('\n')).toContain('Remarque 799');
  });
});
