// The DejaVu Sans faces cut down, at build time, to the characters a poster is expected to hold:
// parsing and subsetting the whole fonts (6,000 glyphs each) took most of a poster's time. The
// subsets are made from the npm package dejavu-fonts-ttf by HarfBuzz's own subsetter (harfbuzzjs),
// which keeps the kerning and ligatures of the glyphs it keeps; a glyph keeps its id-independent
// metrics, so a text lays out the same with the subset as with the whole font. Text with a
// character outside these ranges is drawn with the whole font (src/render/poster/fonts.ts).
/* global WebAssembly */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { plainLayoutTable } from './fontLayout.mjs';

/**
 * The characters kept, as inclusive ranges: Latin with every accent (French, Réunion Creole,
 * names from elsewhere), combining accents (decomposed input), French and general punctuation
 * (« » ’ – — … and the no-break spaces), currency (€), letter-like symbols (№), arrows, a few
 * mathematical signs (− ×), geometric shapes and dingbats (• ■ ✓ ☎).
 * Written beside the subsets (ranges.json), where the renderer reads which texts they can draw.
 */
export const SUBSET_RANGES = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x2b0, 0x36f],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
  [0x20a0, 0x20cf],
  [0x2100, 0x215f],
  [0x2190, 0x21ff],
  [0x2200, 0x22ff],
  [0x25a0, 0x25ff],
  [0x2600, 0x26ff],
  [0x2700, 0x27bf],
  [0xfb00, 0xfb06],
];

export const SUBSET_FACES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'];

/** Writes the subset of each face into `outDir` (same file names). */
export async function writeFontSubsets(outDir, root = process.cwd()) {
  const require = createRequire(join(root, 'package.json'));
  const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const wasm = readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
  const { instance } = await WebAssembly.instantiate(wasm);
  const hb = instance.exports;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'ranges.json'), JSON.stringify(SUBSET_RANGES));
  for (const file of SUBSET_FACES) {
    const font = readFileSync(join(fontDir, file));
    const fontPtr = hb.malloc(font.length);
    new Uint8Array(hb.memory.buffer).set(font, fontPtr);
    const blob = hb.hb_blob_create(fontPtr, font.length, 2 /* HB_MEMORY_MODE_WRITABLE */, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob);
    const input = hb.hb_subset_input_create_or_fail();
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const [from, to] of SUBSET_RANGES) for (let c = from; c <= to; c++) hb.hb_set_add(unicodes, c);
    const subset = hb.hb_subset_or_fail(face, input);
    hb.hb_subset_input_destroy(input);
    if (!subset) throw new Error(`HarfBuzz n’a pas pu réduire ${file}`);
    const result = hb.hb_face_reference_blob(subset);
    const data = hb.hb_blob_get_data(result, 0);
    const length = hb.hb_blob_get_length(result);
    if (length === 0) throw new Error(`HarfBuzz a rendu un sous-ensemble vide pour ${file}`);
    const subsetBytes = new Uint8Array(hb.memory.buffer, data, length).slice();
    writeFileSync(join(outDir, file), subsetBytes);
    // What fontkit computes for plain words with this subset (scripts/fontLayout.mjs), named by PostScript name.
    const table = plainLayoutTable(subsetBytes, root);
    if (table) writeFileSync(join(outDir, `${table.postscriptName}.layout.json`), JSON.stringify(table));
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
    hb.hb_face_destroy(face);
    hb.free(fontPtr);
  }
}
