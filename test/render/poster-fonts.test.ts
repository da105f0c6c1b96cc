// The poster draws with subsets of DejaVu made at build time (dist/fonts/, see
// scripts/fontSubset.mjs) when they hold every character of the poster, with the whole faces
// otherwise; either way every character prints. Read back with pdftotext, as a reader would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allFaces, coverageFor, subsetFolder } from '../../src/render/poster/fonts.js';
import { renderPosterPdf } from '../../src/render/poster/index.js';
import { mediatheque } from '../fixtures/poster/places.js';

const folder = mkdtempSync(join(tmpdir(), 'cafcharte-poster-fonts-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The PDF's text as pdftotext reads it, white space (no-break included) made plain. */
function pdfText(pdf: Buffer): string {
  const path = join(folder, `poster-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0\u202f]+/g, ' ');
}

describe('poster fonts', () => {
  it('keeps in the subsets every character of the ranges the renderer checks text against', async () => {
    // The build script is plain JavaScript, untyped: imported by URL.
    const script = (await import(new URL('../../scripts/fontSubset.mjs', import.meta.url).href)) as { SUBSET_RANGES: number[][] };
    const ranges = JSON.parse(readFileSync(join(subsetFolder()!, 'ranges.json'), 'utf8')) as [number, number][];
    expect(ranges).toEqual(script.SUBSET_RANGES);
    type Font = { hasGlyphForCodePoint(codePoint: number): boolean };
    const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as { create(data: Buffer): Font };
    for (const { face, file } of allFaces()) {
      const whole = fontkit.create(readFileSync(file));
      const subset = fontkit.create(readFileSync(join(subsetFolder()!, file.split('/').pop()!)));
      const missing: number[] = [];
      for (const [from, to] of ranges) for (let c = from; c <= to; c++) if (whole.hasGlyphForCodePoint(c) && !subset.hasGlyphForCodePoint(c)) missing.push(c);
      expect(missing, face).toEqual([]);
    }
  });

  it('uses the subsets for French text, « », narrow no-break spaces and €, the whole faces for anything else', () => {
    expect(coverageFor('Médiathèque « Œuvre » : 12\u202f€, çà et là → ✓ — ‘fi’ …')).toBe('subset');
    expect(coverageFor('Ελληνικά')).toBe('full');
    expect(coverageFor('emoji 🙂')).toBe('full');
  });

  it('prints every accented and typographic character of a place with the subsets', async () => {
    const place = {
      ...mediatheque,
      name: 'Médiathèque « Œuvre » de l’Île – Ça‑et‑là',
      address: '3 bis rue Évariste de Parny\u202f; entrée 2\u00a0€',
    };
    expect(coverageFor(JSON.stringify(place))).toBe('subset');
    const text = pdfText(await renderPosterPdf(place));
    expect(text).toContain('Médiathèque « Œuvre » de l’Île');
    expect(text).toContain('3 bis rue Évariste de Parny ; entrée 2 €');
    expect(text).toContain('Vos démarches CAF en ligne :');
  });

  it('prints a character outside the subsets with the whole faces', async () => {
    const text = pdfText(await renderPosterPdf({ ...mediatheque, name: 'Salle Ω (Ŋ ŋ Ж)' }));
    expect(text).toContain('Salle Ω (Ŋ ŋ Ж)');
  });
});
