// SVG output: the model with the slot text as plain <text> elements, still editable.
import type { PosterPlace } from '../../domain/posterSlot.js';
import { composePoster } from './compose.js';
import { standaloneMeasure } from './measure.js';
import type { PosterRenderOptions } from './pdf.js';
import { loadPosterTemplate } from './template.js';

/** One poster as SVG markup (UTF-8 text). */
export async function renderPosterSvg(place: PosterPlace | null, options: PosterRenderOptions = {}): Promise<string> {
  const template = options.template ?? (await loadPosterTemplate());
  const measure = await standaloneMeasure();
  return composePoster(template, options.blank ? null : place, options.size ?? 'A4', measure, options.layout).svg;
}
