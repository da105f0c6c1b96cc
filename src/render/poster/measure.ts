// Text is measured with the very font the PDF embeds, so a line that "fits" in the
// layout fits on paper too.
import type { Measure } from './layout.js';
import { allFaces, faceFor, fontBytes, type FontCoverage } from './fonts.js';
import { loadPdfKit } from '../pdfkit.js';
import { usePlainLayout } from './plainLayout.js';

type FontWithMetrics = { ascender: number; descender: number };

/**
 * A pdfkit document with the DejaVu faces registered under their family names: the whole
 * faces, or their subsets when the caller knows every character it will draw (coverageFor).
 */
export async function newPdfDocument(options: PDFKit.PDFDocumentOptions = {}, coverage: FontCoverage = 'full'): Promise<PDFKit.PDFDocument> {
  const PDFDocument = await loadPdfKit();
  // No starting font: pdfkit would open Helvetica (and its missing glyphs), or parse DejaVu a
  // second time when the regular face is first chosen by name. Every text is drawn after a face
  // is chosen (doc.font), by svg-to-pdfkit, the measure and the tagging.
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0, font: null as unknown as string, ...options });
  for (const { face } of allFaces()) doc.registerFont(face, fontBytes(face, coverage));
  if (coverage === 'subset') layOutPlainWords(doc);
  return doc;
}

/**
 * Makes each face a pdfkit document opens (on its first use, by doc.font) lay plain words out
 * from the build's table. For documents whose faces are the build's subsets only.
 */
export function layOutPlainWords(doc: PDFKit.PDFDocument): void {
  const opened = doc as unknown as { font: (...args: unknown[]) => unknown; _font: Parameters<typeof usePlainLayout>[0] };
  const font = opened.font.bind(doc);
  opened.font = (...args: unknown[]) => {
    font(...args);
    usePlainLayout(opened._font);
    return doc;
  };
}

/**
 * Measures with a pdfkit document's registered DejaVu faces. pdfkit shapes the whole string
 * on every call (about a millisecond each), and wrapping measures the same words again and
 * again at each font size; so each word is shaped once at 1 pt and widths are summed and
 * scaled. Kerning across a space is negligible next to the slot's padding.
 */
export function pdfkitMeasure(doc: PDFKit.PDFDocument): Measure {
  doc.font(faceFor(false, false));
  // pdfkit scales font metrics to 1000 units per em.
  const font = (doc as unknown as { _font: FontWithMetrics })._font;
  const unitWidths = new Map<string, number>();
  const unitWidth = (word: string, bold: boolean): number => {
    const key = `${bold ? 'b' : 'r'}${word}`;
    let width = unitWidths.get(key);
    if (width === undefined) {
      width = doc.font(faceFor(bold, false), 1).widthOfString(word);
      unitWidths.set(key, width);
    }
    return width;
  };
  return {
    width: (text, bold, fontSize) => {
      const words = text.split(' ');
      const total = words.reduce((sum, word) => sum + (word === '' ? 0 : unitWidth(word, bold)), 0);
      return (total + (words.length - 1) * unitWidth(' ', bold)) * fontSize;
    },
    ascent: font.ascender / 1000,
    descent: -font.descender / 1000,
  };
}

let shared: Promise<Measure> | undefined;

/** A measure for outputs that are not PDF (SVG, PNG): same metrics, one document per process. */
export function standaloneMeasure(): Promise<Measure> {
  shared ??= newPdfDocument().then(pdfkitMeasure);
  return shared;
}
