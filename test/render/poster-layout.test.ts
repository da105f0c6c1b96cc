import { beforeAll, describe, expect, it } from 'vitest';
import { posterSlotParagraphs } from '../../src/domain/posterSlot.js';
import { layoutSlot, wrapWords, type Frame, type LineBox, type Measure } from '../../src/render/poster/layout.js';
import { newPdfDocument, standaloneMeasure } from '../../src/render/poster/measure.js';
import { PosterFitError } from '../../src/render/poster/errors.js';
import { longName, longPlace, mediatheque } from '../fixtures/poster/places.js';

// The shipped template's slot.
const FRAME: Frame = { x: 40, y: 432, width: 515, height: 196 };
const PADDING = 14;

let measure: Measure;
beforeAll(async () => {
  measure = await standaloneMeasure();
});

function expectInside(lines: LineBox[], frame: Frame, padding: number): void {
  for (const line of lines) {
    expect(line.x).toBeGreaterThanOrEqual(frame.x + padding - 1e-6);
    expect(line.y).toBeGreaterThanOrEqual(frame.y + padding - 1e-6);
    expect(line.x + line.width).toBeLessThanOrEqual(frame.x + frame.width - padding + 1e-6);
    expect(line.y + line.height).toBeLessThanOrEqual(frame.y + frame.height - padding + 1e-6);
    // The glyphs themselves (ascent above, descent below the baseline) stay in the box.
    expect(line.baseline - measure.ascent * line.fontSize).toBeGreaterThanOrEqual(line.y - 1e-6);
    expect(line.baseline + measure.descent * line.fontSize).toBeLessThanOrEqual(line.y + line.height + 1e-6);
  }
}

describe('slot layout with the real DejaVu metrics', () => {
  it('measures with the embedded font (bold is wider than regular)', () => {
    const regular = measure.width('Médiathèque', false, 10);
    expect(regular).toBeGreaterThan(50);
    expect(measure.width('Médiathèque', true, 10)).toBeGreaterThan(regular);
    expect(measure.width('Médiathèque', false, 20)).toBeCloseTo(regular * 2, 5);
  });

  it('sums cached word widths to within 0.5 % of pdfkit shaping the whole line', async () => {
    const doc = await newPdfDocument();
    for (const [text, bold] of [[longName, true], ['Créneaux réservés aux allocataires : mercredi 14h-17h30', false]] as const) {
      const whole = doc.font(bold ? 'DejaVu Sans-Bold' : 'DejaVu Sans', 12).widthOfString(text);
      expect(Math.abs(measure.width(text, bold, 12) - whole) / whole).toBeLessThan(0.005);
    }
  });

  it('starts at 18 pt for the body and a larger bold name when there is room', () => {
    const lines = layoutSlot(posterSlotParagraphs({ ...mediatheque, reservedSlots: [] }), FRAME, measure);
    expect(lines.map((l) => l.fontSize)).toEqual([18 * 1.4, 18, 18, 18]);
    expectInside(lines, FRAME, PADDING);
  });

  it('lays a place with slots out at the largest size that fits, inside the frame', () => {
    const paragraphs = posterSlotParagraphs(mediatheque);
    const lines = layoutSlot(paragraphs, FRAME, measure);
    expect(lines[0]).toMatchObject({ role: 'name', bold: true, text: 'Médiathèque du Tampon' });
    const body = lines.find((l) => l.role === 'address')!.fontSize;
    // The two-line slots sentence does not fit at 18 pt; half a point larger than chosen no longer fits.
    expect(body).toBeLessThan(18);
    expect(() => layoutSlot(paragraphs, FRAME, measure, { minFontSize: body + 0.5 })).toThrow(PosterFitError);
    expect(lines[0]!.fontSize).toBeGreaterThan(lines[1]!.fontSize);
    expectInside(lines, FRAME, PADDING);
    // Lines follow one another without overlapping.
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.y).toBeGreaterThanOrEqual(lines[i - 1]!.y + lines[i - 1]!.height - 1e-6);
  });

  it('wraps and shrinks a 120-character name and a long address, every line box inside the frame', () => {
    expect(longName).toHaveLength(120);
    const lines = layoutSlot(posterSlotParagraphs(longPlace), FRAME, measure);
    const nameLines = lines.filter((l) => l.role === 'name');
    expect(nameLines.length).toBeGreaterThan(1);
    expect(nameLines.map((l) => l.text).join(' ').replace(/\u00a0/g, ' ')).toBe(longName);
    // French spacing glues « and » to their words: no line ends with « or starts with ».
    expect(nameLines.every((l) => !l.text.endsWith('«') && !l.text.startsWith('»'))).toBe(true);
    expect(lines.find((l) => l.role === 'address')!.fontSize).toBeLessThan(18);
    expect(lines.every((l) => l.fontSize >= 9)).toBe(true);
    expectInside(lines, FRAME, PADDING);
  });

  it('keeps every line inside a frame moved and resized elsewhere on the page', () => {
    const frame: Frame = { x: 300, y: 60, width: 260, height: 240 };
    const lines = layoutSlot(posterSlotParagraphs(longPlace), frame, measure);
    expectInside(lines, frame, PADDING);
  });

  it('never breaks inside no-break spaces (phone number, "mercredi 14h-17h30")', () => {
    const narrow: Frame = { x: 0, y: 0, width: 200, height: 400 };
    const lines = layoutSlot(posterSlotParagraphs(mediatheque), narrow, measure);
    expect(lines.some((l) => l.text.replace(/\u00a0/g, ' ') === 'Tél. 0262 57 87 87')).toBe(true);
    expect(lines.some((l) => l.text.includes('mercredi\u00a014h-17h30'))).toBe(true);
    expect(lines.some((l) => /mercredi$/.test(l.text))).toBe(false);
  });

  it('refuses with a French message when the text cannot fit even at 9 pt', () => {
    const tiny: Frame = { x: 0, y: 0, width: 150, height: 40 };
    expect(() => layoutSlot(posterSlotParagraphs(longPlace), tiny, measure)).toThrow(PosterFitError);
    expect(() => layoutSlot(posterSlotParagraphs(longPlace), tiny, measure)).toThrow(/ne tient pas dans le cadre, même en 9 pt/);
  });

  it('refuses a single word wider than the frame instead of cutting it', () => {
    const paragraphs = [{ role: 'name' as const, text: 'Anticonstitutionnellementissimement-numérique' }];
    expect(() => layoutSlot(paragraphs, { x: 0, y: 0, width: 120, height: 300 }, measure)).toThrow(PosterFitError);
  });

  it('wraps greedily at spaces', () => {
    const width = (s: string): number => s.length;
    expect(wrapWords('un deux trois quatre', 9, width)).toEqual(['un deux', 'trois', 'quatre']);
    expect(wrapWords('anticonstitutionnel', 5, width)).toBeNull();
  });
});
