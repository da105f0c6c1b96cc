// The poster renderer (charter art. 3). Heavy libraries load inside each renderer.
export type { PosterPlace } from '../../domain/posterSlot.js';
export { PAPER, composePoster, type PaperSize, type ComposedPoster } from './compose.js';
export { PosterFitError, PosterTemplateError } from './errors.js';
export { layoutSlot, type Frame, type LineBox, type Measure, type LayoutOptions } from './layout.js';
export { standaloneMeasure } from './measure.js';
export { renderPosterPdf, renderPostersPdf, type PosterRenderOptions } from './pdf.js';
export { renderPosterPng, rasterizePoster, PNG_DPI, type PosterRaster } from './png.js';
export { renderPosterSvg } from './svg.js';
export { loadPosterTemplate, parsePosterTemplate, defaultTemplatePath, SLOT_ID, type PosterTemplate } from './template.js';
