// PNG (for a website or a message) at 150 dpi, rasterised by resvg from the same SVG.
import type { PosterPlace } from '../../domain/posterSlot.js';
import { PAPER, type PaperSize } from './compose.js';
import { allFaces, POSTER_FONT_FAMILY } from './fonts.js';
import type { PosterRenderOptions } from './pdf.js';
import { renderPosterSvg } from './svg.js';

export const PNG_DPI = 150;

/** Raw pixels of a rasterised poster (RGBA, row by row). */
export interface PosterRaster {
  width: number;
  height: number;
  pixels: Buffer;
  asPng(): Buffer;
}

/** Rasterises a filled poster SVG at 150 dpi for the paper size (A4 = 1240 px wide). */
export async function rasterizePoster(svg: string, size: PaperSize): Promise<PosterRaster> {
  const { Resvg } = await import('@resvg/resvg-js');
  const widthPx = Math.round((PAPER[size].width / 72) * PNG_DPI);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: widthPx },
    background: '#ffffff',
    // Only the bundled DejaVu faces: the image is the same on every machine.
    font: {
      fontFiles: allFaces().map(({ file }) => file),
      loadSystemFonts: false,
      defaultFontFamily: POSTER_FONT_FAMILY,
      sansSerifFamily: POSTER_FONT_FAMILY,
    },
  });
  const image = resvg.render();
  return { width: image.width, height: image.height, pixels: image.pixels, asPng: () => image.asPng() };
}

/** One poster as a PNG image. */
export async function renderPosterPng(place: PosterPlace | null, options: PosterRenderOptions = {}): Promise<Buffer> {
  const size = options.size ?? 'A4';
  return (await rasterizePoster(await renderPosterSvg(place, options), size)).asPng();
}
