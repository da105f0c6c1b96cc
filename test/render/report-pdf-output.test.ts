// The report's document writes its lines in blocks (src/render/pdfOutput.ts) instead of
// pdfkit's Buffer per line: the PDF must be the same, byte for byte (cross-reference offsets
// included), as pdfkit alone writes it.
import { describe, expect, it } from 'vitest';
import { readPdfReport } from '../fixtures/report/readBack.js';
import { fixtureModel, renderWithAndWithout } from './reportPatches.js';

describe('report document output', () => {
  it('is the PDF pdfkit writes line by line, byte for byte', async () => {
    const model = await fixtureModel();
    // A long report, so that its output spans several blocks.
    const remark = { date: '2026-03-02', lieu: 'Médiathèque', commune: 'Le Tampon', remarque: 'Atelier calme, bonne participation.', resultats: null };
    model.remarques = Array.from({ length: 800 }, (_, i) => ({ ...remark, remarque: `Remarque ${i} : ${remark.remarque}` }));
    const { patched: inBlocks, plain: byLine, hooked } = await renderWithAndWithout(model, '../../src/render/pdfOutput.js', 'writeDocumentInBlocks');
    expect(hooked).toBe(1);

    expect(byLine.length).toBeGreaterThan(3 * 64 * 1024);
    expect(inBlocks.equals(byLine)).toBe(true);
    const { pages } = await readPdfReport(inBlocks);
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.map((page) => page.text).join('\n')).toContain('Remarque 799');
  });
});
