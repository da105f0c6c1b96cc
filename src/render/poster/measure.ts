// Text is measured with the very font the PDF embeds, so a line that "fits" in the
// layout fits on paper too.
import type { Measure } from './layout.js';
import { allFaces, faceFor, fontBytes } from './fonts.js';

type FontWithMetrics = { ascender: number; descender: number };

/** A pdfkit document with the DejaVu faces registered under their family names. */
export async function newPdfDocument(options: PDFKit.PDFDocumentOptions = {}): Promise<PDFKit.PDFDocument> {
  const { default: PDFDocument } = await import('pdfkit');
  // Starting on DejaVu keeps Helvetica (and its missing glyphs) out of the file.
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0, font: fontBytes('DejaVu Sans') as unknown as string, ...options });
  for (const { face } of allFaces()) doc.registerFont(face, fontBytes(face));
  return doc;
}

/** Measures with a pdfkit document's registered DejaVu faces. */
export function pdfkitMeasure(doc: PDFKit.PDFDocument): Measure {
  doc.font(faceFor(false, false));
  // pdfkit scales font metrics to 1000 units per em.
  const font = (doc as unknown as { _font: FontWithMetrics })._font;
  return {
    width: (text, bold, fontSize) => doc.font(faceFor(bold, false), fontSize).widthOfString(text),
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
