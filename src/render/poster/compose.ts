// One poster = the model + the slot text laid out with real font metrics. Every output
// format (SVG, PDF, PNG) starts from this same SVG, so they cannot drift apart.
import { posterHeader, posterSlotParagraphs, type PosterPlace } from '../../domain/posterSlot.js';
import { layoutSlot, type LayoutOptions, type LineBox, type Measure } from './layout.js';
import { fillTemplate, type PosterTemplate } from './template.js';

/** Paper sizes in PDF points (the poster is designed for A4 and scaled for A3). */
export const PAPER = {
  A4: { width: 595, height: 842 },
  A3: { width: 842, height: 1191 },
} as const;
export type PaperSize = keyof typeof PAPER;

/** The filled SVG and the slot lines it contains (empty for a blank poster). */
export interface ComposedPoster {
  svg: string;
  lines: LineBox[];
}

/** Fills the model's slot with the place (or leaves it blank when place is null). */
export function composePoster(
  template: PosterTemplate,
  place: PosterPlace | null,
  size: PaperSize,
  measure: Measure,
  layout?: LayoutOptions,
): ComposedPoster {
  const lines = place ? layoutSlot(posterSlotParagraphs(place), template.frame, measure, layout) : [];
  return { svg: fillTemplate(template, lines, PAPER[size], posterHeader(place)), lines };
}
