// DejaVu Sans has every French and typographic character the poster needs
// (é è ê à ç œ Œ « » ’ – →), unlike the 14 standard PDF fonts. It is embedded in the
// PDF and given to resvg, with system fonts off, so every machine renders the same.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The family name the template and the slot text use. */
export const POSTER_FONT_FAMILY = 'DejaVu Sans';

/** The four faces, by the names svg-to-pdfkit's default lookup also understands. */
export type PosterFace = 'DejaVu Sans' | 'DejaVu Sans-Bold' | 'DejaVu Sans-Oblique' | 'DejaVu Sans-BoldOblique';

const FILES: Record<PosterFace, string> = {
  'DejaVu Sans': 'DejaVuSans.ttf',
  'DejaVu Sans-Bold': 'DejaVuSans-Bold.ttf',
  'DejaVu Sans-Oblique': 'DejaVuSans-Oblique.ttf',
  'DejaVu Sans-BoldOblique': 'DejaVuSans-BoldOblique.ttf',
};

let fontDir: string | undefined;

function dejavuDir(): string {
  // Resolved from the installed package so it works from the sources and from a bundle.
  fontDir ??= join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return fontDir;
}

/** Absolute path of one face's TTF file. */
export function fontFile(face: PosterFace): string {
  return join(dejavuDir(), FILES[face]);
}

/** Every face, with its file, for registering in pdfkit or resvg. */
export function allFaces(): { face: PosterFace; file: string }[] {
  return (Object.keys(FILES) as PosterFace[]).map((face) => ({ face, file: fontFile(face) }));
}

/**
 * Whatever family a user's model asks for, draw with DejaVu: a missing glyph on a poster
 * is worse than a different typeface.
 */
export function faceFor(bold: boolean, italic: boolean): PosterFace {
  if (bold && italic) return 'DejaVu Sans-BoldOblique';
  if (bold) return 'DejaVu Sans-Bold';
  if (italic) return 'DejaVu Sans-Oblique';
  return 'DejaVu Sans';
}

const fontData = new Map<PosterFace, Buffer>();

/** A face's bytes, read once per process: --tous renders many posters in a row. */
export function fontBytes(face: PosterFace): Buffer {
  let data = fontData.get(face);
  if (!data) {
    data = readFileSync(fontFile(face));
    fontData.set(face, data);
  }
  return data;
}
