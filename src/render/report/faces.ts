// The report's two faces. A busy semester's report draws tens of thousands of words: with the
// whole DejaVu faces, fontkit parses three times the bytes and shapes every new word with its
// OpenType engine. The build's subsets (the poster's, see poster/fonts.ts) hold every character of
// French text with the same glyphs, metrics and kerning, and their plain words are laid out from
// the build's table (poster/plainLayout.ts): same glyphs and positions, so the same lines and pages.
// A character outside the subsets must never be drawn as a blank box: the model's text is checked
// first, and a face that still meets one (a label, a chart) stops the drawing, which is then done
// again with the whole faces. Either way, each face joins its word runs in place (wordRuns.ts).
import { coverageFor, fontBytes, type FontCoverage, type PosterFace } from '../poster/fonts.js';
import { layOutPlainWords } from '../poster/measure.js';
import { joinWordRunsInPlace } from './wordRuns.js';

/** Thrown while drawing with the subsets when a text needs a glyph they lack. */
export class OutsideSubsets extends Error {
  constructor(text: string) {
    super(`caractère hors des polices réduites : ${JSON.stringify(text)}`);
  }
}

/** The faces to start with for a report whose model is `model`. */
export function reportCoverage(model: unknown): FontCoverage {
  return coverageFor(JSON.stringify(model));
}

type Run = { glyphs: { id: number }[] };
type OpenedFace = { font?: { layout: (text: string, ...rest: unknown[]) => Run } };

/** Calls `opened` once for each face the document opens (on its first use, by doc.font). */
function onFaceOpened(doc: PDFKit.PDFDocument, opened: (face: OpenedFace) => void): void {
  const seen = new WeakSet<object>();
  const fonts = doc as unknown as { font: (...args: unknown[]) => unknown; _font: OpenedFace | undefined };
  const font = fonts.font.bind(doc);
  fonts.font = (...args: unknown[]) => {
    font(...args);
    const face = fonts._font;
    if (face && !seen.has(face)) {
      seen.add(face);
      opened(face);
    }
    return doc;
  };
}

/** Registers `faces` on `doc`, from the subsets (laid out from the table, and guarded) or whole. */
export function registerReportFaces(doc: PDFKit.PDFDocument, faces: PosterFace[], coverage: FontCoverage): void {
  for (const face of faces) doc.registerFont(face, fontBytes(face, coverage));
  if (coverage === 'subset') layOutPlainWords(doc);
  onFaceOpened(doc, (face) => {
    joinWordRunsInPlace(face);
    const fontkitFont = face.font;
    if (coverage === 'full' || !fontkitFont) return;
    // Glyph 0 is .notdef: fontkit gives it for a character the face's character map lacks.
    const layout = fontkitFont.layout.bind(fontkitFont);
    fontkitFont.layout = (text: string, ...rest: unknown[]) => {
      const run = layout(text, ...rest);
      if (run.glyphs.some((glyph) => glyph.id === 0)) throw new OutsideSubsets(text);
      return run;
    };
  });
}
