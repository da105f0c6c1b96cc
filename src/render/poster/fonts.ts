// DejaVu Sans has every French and typographic character the poster needs
// (é è ê à ç œ Œ « » ’ – →), unlike the 14 standard PDF fonts. It is embedded in the
// PDF and given to resvg, with system fonts off, so every machine renders the same.
// A PDF poster whose text stays within the usual ranges (SUBSET_RANGES there) is drawn with
// subsets of the faces made at build time (scripts/fontSubset.mjs, into dist/fonts/): pdfkit
// parses a third of the bytes. Same glyphs, same metrics, same kerning.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Whole faces, or the build's subsets. */
export type FontCoverage = 'full' | 'subset';

/** The file, beside the subsets, where the build writes the character ranges they keep. */
const RANGES_FILE = 'ranges.json';

let subsets: { dir: string | undefined; outside?: RegExp } | undefined;

/** dist/fonts/, from the bundle (dist/chunks/) or from the sources (src/render/poster/); undefined before a build. */
export function subsetFolder(): string | undefined {
  subsets ??= {
    dir: ['../fonts/', '../../../dist/fonts/']
      .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
      .find((dir) => [...Object.values(FILES), RANGES_FILE].every((file) => existsSync(join(dir, file)))),
  };
  return subsets.dir;
}

/**
 * A character outside the subsets (line ends and tabs in the model's markup are never drawn),
 * from the ranges scripts/fontSubset.mjs kept, as the build recorded them.
 */
function outsideSubsets(dir: string): RegExp {
  if (!subsets!.outside) {
    const ranges = JSON.parse(readFileSync(join(dir, RANGES_FILE), 'utf8')) as [number, number][];
    subsets!.outside = new RegExp(`[^\\t\\n\\r${ranges.map(([from, to]) => `\\u{${from.toString(16)}}-\\u{${to.toString(16)}}`).join('')}]`, 'u');
  }
  return subsets!.outside;
}

/**
 * The subsets when they are built and hold every character of `text` (all that will be drawn),
 * the whole faces otherwise: a rare letter draws as it always did.
 */
export function coverageFor(text: string): FontCoverage {
  const dir = subsetFolder();
  return dir !== undefined && !outsideSubsets(dir).test(text) ? 'subset' : 'full';
}

const fontData = new Map<string, Buffer>();

/** A face's bytes, read once per process: --tous renders many posters in a row. */
export function fontBytes(face: PosterFace, coverage: FontCoverage = 'full'): Buffer {
  const key = `${coverage}:${face}`;
  let data = fontData.get(key);
  if (!data) {
    const dir = coverage === 'subset' ? subsetFolder() : undefined;
    data = readFileSync(dir ? join(dir, FILES[face]) : fontFile(face));
    fontData.set(key, data);
  }
  return data;
}
