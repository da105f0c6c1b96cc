// The report draws with the build's DejaVu subsets when every character of its model is in them
// (src/render/report/faces.ts), with the whole faces otherwise: either way every character
// prints, and the subsets put the same text at the same places on the same pages. Read back with
// pdfjs (positions) and pdffonts (the embedded faces), as a reader's tools would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SemesterReport } from '../../src/domain/report.js';
import { OutsideSubsets, registerReportFaces, reportCoverage } from '../../src/render/report/faces.js';
import { drawReportPdf, renderReportPdf } from '../../src/render/report/pdf.js';
import { loadPdfKit } from '../../src/render/pdfkit.js';
import { faceFor } from '../../src/render/poster/fonts.js';
import { runCli, tempDb, tempDir } from '../harness.js';
import { buildReportFixture } from '../fixtures/report/dataset.js';
import { normalizeSpaces, pdfTextBoxes, readPdfReport } from '../fixtures/report/readBack.js';

const folder = mkdtempSync(join(tmpdir(), 'cafcharte-report-fonts-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const creationDate = new Date('2026-07-01T08:00:00Z');

/** The embedded fonts as pdffonts lists them (name, type, embedded, subset, ToUnicode). */
function fonts(pdf: Buffer): string[] {
  const path = join(folder, `rapport-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync('pdffonts', [path], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => line.split(/\s+/).slice(0, 8).join(' '));
}

let model: SemesterReport;

beforeAll(async () => {
  const db = tempDb();
  await buildReportFixture(db);
  const r = await runCli(['report', '--format', 'json'], { db, cwd: tempDir() });
  expect(r.stderr).toBe('');
  model = JSON.parse(r.stdout) as SemesterReport;
});

describe('report PDF faces', () => {
  it('draws a French report with the subsets, the same text at the same places as the whole faces', async () => {
    expect(reportCoverage(model)).toBe('subset');
    const subset = await drawReportPdf(model, { creationDate }, 'subset');
    const whole = await drawReportPdf(model, { creationDate }, 'full');
    const boxes = await pdfTextBoxes(subset);
    expect(boxes.length).toBeGreaterThan(100);
    expect(boxes).toEqual(await pdfTextBoxes(whole));
    expect(fonts(subset)).toEqual(fonts(whole));
    expect(fonts(subset).map((line) => line.split(' ')[0]!.replace(/^[A-Z]{6}\+/, ''))).toEqual(['DejaVuSans-Bold', 'DejaVuSans']);
  });

  it('prints a remark with characters outside the subsets, with the whole faces', async () => {
    const remark = 'Salle Ω : Ŋ ŋ Ж';
    const odd = { ...model, remarques: [{ ...model.remarques[0]!, remarque: remark, resultats: null }] };
    expect(reportCoverage(odd)).toBe('full');
    const { pages } = await readPdfReport(await renderReportPdf(odd, { creationDate }));
    expect(pages.map((page) => page.text).join(' ')).toContain(normalizeSpaces(remark));
  });

  it('stops a drawing with the subsets at a character they lack, for the report to draw it again whole', async () => {
    const PDFDocument = await loadPdfKit();
    const doc = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
    registerReportFaces(doc, [faceFor(false, false)], 'subset');
    doc.addPage().font(faceFor(false, false));
    expect(() => doc.text('Bonne participation', 50, 50)).not.toThrow();
    expect(() => doc.text('Салют', 50, 80)).toThrow(OutsideSubsets);
  });
});
