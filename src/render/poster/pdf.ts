// PDF through pdfkit + svg-to-pdfkit, DejaVu embedded: one page per poster, tagged (see
// tagging.ts), each page a section with its own bookmark.
import { posterHeader, posterSlotParagraphs, type PosterPlace } from '../../domain/posterSlot.js';
import { composePoster, PAPER, type PaperSize } from './compose.js';
import { coverageFor, faceFor } from './fonts.js';
import type { LayoutOptions } from './layout.js';
import { newPdfDocument, pdfkitMeasure } from './measure.js';
import { loadPosterTemplate, type PosterTemplate } from './template.js';
import { pdfBuffer } from '../pdfBuffer.js';
import { PdfTags, TAGGED_DOCUMENT_OPTIONS } from '../pdfTags.js';
import { drawTaggedSvg, takeQrCode, takeSpacedTexts, type LineHint } from './tagging.js';
import type { LineBox } from './layout.js';
import { parseAttributes } from './template.js';

/** What every renderer accepts; all fields optional so a caller can just pass a place. */
export interface PosterRenderOptions {
  size?: PaperSize;
  /** A parsed model (see loadPosterTemplate); the shipped templates/affiche.svg otherwise. */
  template?: PosterTemplate;
  /** Leave the slot empty (the charter's annex mock-up). */
  blank?: boolean;
  /** Written in the PDF's metadata; passed in because the renderer never reads the clock. */
  creationDate?: Date;
  layout?: LayoutOptions;
  /** Called after each page of a multi-page PDF (progress, and a chance to hear Ctrl-C). */
  onPage?: (pagesDone: number) => Promise<void>;
}

/** One poster as a one-page PDF. */
export async function renderPosterPdf(place: PosterPlace | null, options: PosterRenderOptions = {}): Promise<Buffer> {
  return renderPostersPdf([place], options);
}

/** Several posters in one PDF, one page each, in the order given. */
export async function renderPostersPdf(places: (PosterPlace | null)[], options: PosterRenderOptions = {}): Promise<Buffer> {
  const size = options.size ?? 'A4';
  const page = PAPER[size];
  const template = options.template ?? (await loadPosterTemplate());
  const { default: SVGtoPDF } = await import('svg-to-pdfkit');
  const titleOf = (place: PosterPlace | null) => (place && !options.blank ? `Affiche – ${place.name}` : 'Affiche – emplacement vierge');
  // Everything that can be drawn: the model (markup included, to be safe) and each slot's text.
  const drawn = [template.svg, ...places.map((place) => (place ? JSON.stringify([posterHeader(place), posterSlotParagraphs(place)]) : ''))].join('');
  const doc = await newPdfDocument({
    ...TAGGED_DOCUMENT_OPTIONS,
    size: [page.width, page.height],
    info: {
      Title: places.length === 1 ? titleOf(places[0] ?? null) : `Affiches des espaces numériques (${places.length} lieux)`,
      Subject: 'Vos démarches CAF en ligne : on vous accompagne !',
      Author: 'Commune du Tampon – CAF de la Réunion',
      Creator: 'cafcharte',
      ...(options.creationDate ? { CreationDate: options.creationDate, ModDate: options.creationDate } : {}),
    },
  }, coverageFor(drawn));
  const done = pdfBuffer(doc);
  const measure = pdfkitMeasure(doc);
  const tags = new PdfTags(doc);
  let pagesDone = 0;
  for (const place of places) {
    const composed = composePoster(template, options.blank ? null : place, size, measure, options.layout);
    const spaced = takeSpacedTexts(composed.svg);
    const { svg, qr } = takeQrCode(spaced.svg);
    const texts = spaced.texts;
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    const title = titleOf(place);
    doc.outline.addItem(title);
    const drawOptions = {
      width: page.width,
      height: page.height,
      preserveAspectRatio: 'xMidYMid meet',
      fontCallback: (_family: string, bold: boolean, italic: boolean) => faceFor(bold, italic),
      // Unsupported bits of a user's model (filters...) are skipped, as a viewer would.
      warningCallback: () => undefined,
    };
    tags.group(
      'Sect',
      () => {
        drawTaggedSvg(doc, tags, (target) => SVGtoPDF(target, svg, 0, 0, drawOptions), texts, viewBoxTransform(svg, page), slotHints(composed.lines));
        // The QR code, drawn alone in the model's own root, is a figure that says where it leads.
        if (qr) {
          const alone = `${rootTag(svg)}${qr.markup}</svg>`;
          tags.figure(`Code QR menant au site ${qr.url || 'de la CAF'}`, undefined, () => SVGtoPDF(doc, alone, 0, 0, drawOptions));
        }
      },
      { title },
    );
    await options.onPage?.(++pagesDone);
  }
  doc.end();
  return done;
}

/** Where the root viewBox puts the model on the page (xMidYMid meet): scale and offset. */
function viewBoxTransform(svg: string, page: { width: number; height: number }): { scale: number; x: number; y: number } {
  const [minX, minY, width, height] = (parseAttributes(rootTag(svg)).get('viewBox') ?? `0 0 ${page.width} ${page.height}`).split(/[\s,]+/).map(Number);
  const scale = Math.min(page.width / width, page.height / height);
  return { scale, x: (page.width - width * scale) / 2 - minX * scale, y: (page.height - height * scale) / 2 - minY * scale };
}

/** The slot lines: the place's name is the slot's heading, the rest paragraphs, a wrapped one kept whole. */
function slotHints(lines: LineBox[]): LineHint[] {
  let paragraph = 0;
  return lines.map((line, i) => {
    if (i > 0 && lines[i - 1]!.role !== line.role) paragraph++;
    // As the SVG writes them (see slotTextGroup): two decimals.
    const round = (n: number) => Math.round(n * 100) / 100;
    return { baseline: round(line.baseline), fontSize: round(line.fontSize), role: line.role === 'name' ? 'H2' : 'P', paragraph: `slot-${paragraph}` };
  });
}

/** The model's root <svg …> start tag (comments, which may mention "<svg", skipped). */
function rootTag(svg: string): string {
  return /<svg\b[^>]*>/.exec(svg.replace(/<!--[\s\S]*?-->/g, ''))?.[0] ?? '<svg>';
}
