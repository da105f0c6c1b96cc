// The report's faces join a string's word runs in place (src/render/report/wordRuns.ts) instead of
// pdfkit's copying join: a reader must see no difference, so the result is pdfkit's own, the same
// glyph and position objects in the same order, for every way a string can start and end.
import { describe, expect, it } from 'vitest';
import { loadPdfKit } from '../../src/render/pdfkit.js';
import { faceFor, fontBytes } from '../../src/render/poster/fonts.js';
import { joinWordRunsInPlace } from '../../src/render/report/wordRuns.js';

type Layout = (text: string, features?: unknown, onlyWidth?: boolean) => { glyphs: unknown[] | null; positions: unknown[] | null; advanceWidth: number };

interface OpenedFace {
  layout: Layout;
  encode: (text: string) => [string[], unknown[]];
  widths: unknown[];
  unicode: unknown[];
  subset: { glyphs: number[] };
}

async function openedFace(): Promise<OpenedFace> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
  doc.registerFont('regular', fontBytes(faceFor(false, false)));
  doc.font('regular');
  return (doc as unknown as { _font: OpenedFace })._font;
}

type Glyph = { id: number; codePoints: number[]; advanceWidth: number };

/** What pdfkit reads of a layout: each glyph, its position, the width (deep-comparing fontkit's glyphs would walk the whole font). */
const summary = (run: ReturnType<Layout>) => ({
  glyphs: run.glyphs && (run.glyphs as Glyph[]).map((glyph) => [glyph.id, [...glyph.codePoints], glyph.advanceWidth]),
  positions: run.positions,
  advanceWidth: run.advanceWidth,
});

const TEXTS = [
  '',
  ' ',
  'mot',
  'Atelier calme, bonne participation.',
  ' espace au début',
  'espace à la fin ',
  'deux  espaces\tune tabulation\t',
  '\t',
  'Connexion lente | réseau coupé 10\u202fmin : « dossier » transmis ; ok ?',
  'efficace fleur affiche',
];

describe('report word runs', () => {
  it('lay every string out as pdfkit does: same glyphs, same positions, same width, widths only as well', async () => {
    const reference = await openedFace();
    const joined = await openedFace();
    joinWordRunsInPlace(joined);
    expect(joined.layout).not.toBe(reference.layout);
    for (const text of TEXTS) {
      expect(summary(joined.layout(text)), JSON.stringify(text)).toEqual(summary(reference.layout(text)));
      expect(joined.layout(text, undefined, true), JSON.stringify(text)).toEqual(reference.layout(text, undefined, true));
    }
  });

  it('returns the cached runs’ own glyph and position objects, as pdfkit does', async () => {
    const face = await openedFace();
    const original = face.layout.bind(face);
    joinWordRunsInPlace(face);
    const text = 'les mêmes objets, les mêmes mots ';
    const before = original(text);
    const after = face.layout(text);
    expect(after.glyphs!.length).toBe(before.glyphs!.length);
    after.glyphs!.forEach((glyph, i) => expect(glyph).toBe(before.glyphs![i]));
    after.positions!.forEach((position, i) => expect(position).toBe(before.positions![i]));
  });
});

describe('report word encoding', () => {
  it('encodes every line as pdfkit does, and fills the subset in the same order with the same widths and characters', async () => {
    const reference = await openedFace();
    const joined = await openedFace();
    joinWordRunsInPlace(joined);
    expect(joined.encode).not.toBe(reference.encode);
    // Words met again, alone or inside other lines, and new glyphs arriving in between.
    const lines = [...TEXTS, ...TEXTS, 'mot mot', 'Quelle participation ! Zèbre, œuvre.', 'Atelier calme, bonne participation. mot'];
    for (const text of lines) expect(joined.encode(text), JSON.stringify(text)).toEqual(reference.encode(text));
    expect(joined.subset.glyphs.length).toBeGreaterThan(20);
    expect(joined.subset.glyphs).toEqual(reference.subset.glyphs);
    expect(joined.widths).toEqual(reference.widths);
    expect(joined.unicode).toEqual(reference.unicode);
  });
});
