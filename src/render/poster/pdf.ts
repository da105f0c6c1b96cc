// PDF through pdfkit + svg-to-pdfkit, DejaVu embedded: one page per poster.
import type { PosterPlace } from '../../domain/posterSlot.js';
import { composePoster, PAPER, type PaperSize } from './compose.js';
import { faceFor } from './fonts.js';
import type { LayoutOptions } from './layout.js';
import { newPdfDocument, pdfkitMeasure } from './measure.js';
import { loadPosterTemplate, type PosterTemplate } from './template.js';
import { pdfBuffer } from '../pdfBuffer.js';

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
  const first = options.blank ? null : (places[0] ?? null);
  const doc = await newPdfDocument({
    size: [page.width, page.height],
    info: {
      Title: first ? `Affiche – ${first.name}` : 'Affiche – emplacement vierge',
      Subject: 'Vos démarches CAF en ligne : on vous accompagne !',
      Author: 'Commune du Tampon – CAF de la Réunion',
      Creator: 'cafcharte',
      ...(options.creationDate ? { CreationDate: options.creationDate, ModDate: options.creationDate } : {}),
    },
  });
  const done = pdfBuffer(doc);
  const measure = pdfkitMeasure(doc);
  for (const place of places) {
    const { svg } = composePoster(template, options.blank ? null : place, size, measure, options.layout);
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    SVGtoPDF(doc, svg, 0, 0, {
      width: page.width,
      height: page.height,
      preserveAspectRatio: 'xMidYMid meet',
      fontCallback: (_family, bold, italic) => faceFor(bold, italic),
      // Unsupported bits of a user's model (filters...) are skipped, as a viewer would.
      warningCallback: () => undefined,
    });
  }
  doc.end();
  return done;
}
