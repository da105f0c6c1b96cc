// The report keeps each page's drawing operators as text until the page ends
// (src/render/pageContent.ts) instead of pdfkit's Buffer per operator: the PDF must be the
// same, byte for byte, as pdfkit alone writes it.
import { describe, expect, it } from 'vitest';
import { readPdfReport } from '../fixtures/report/readBack.js';
import { fixtureModel, renderWithAndWithout } from './reportPatches.js';

describe('report page content', () => {
  it('is the PDF pdfkit writes operator by operator, byte for byte', async () => {
    const model = await fixtureModel();
    const { patched: atOnce, plain: byOperator, hooked } = await renderWithAndWithout(model, '../../src/render/pageContent.js', 'writePageContentAtOnce');
    expect(hooked).toBe(1);
    expect(atOnce.equals(byOperator)).toBe(true);
    const { pages } = await readPdfReport(atOnce);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]!.text).toContain('Évaluation semestrielle');
  });
});
