// Lays out a word of "plain" characters (Latin, digits, French punctuation: see
// scripts/fontLayout.mjs) from a table made at build time, where fontkit would run its OpenType
// engine: in a fresh process that costs about a millisecond a word, plus loading
// unicode-properties, and a poster has a few hundred words. The table holds what fontkit finds
// for these characters (glyph, advance, pair kerning), so the glyphs, widths and positions are
// the same; a word with any other character (an accent on its own, a ligature "fi", Greek) is
// left to fontkit. Only for the build's DejaVu subsets: the whole faces have other glyph ids.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { subsetFolder } from './fonts.js';

/** The table as scripts/fontLayout.mjs writes it. */
interface LayoutTable {
  postscriptName: string;
  numGlyphs: number;
  /** [code point, glyph id, advance in font units, 1 if a Latin letter] */
  chars: [number, number, number, number][];
  /** Character sequences that make a ligature: a word holding one goes to fontkit. */
  ligatures: string[];
  /** Pair kerning lookups, in the order fontkit applies them, for Latin text and for text with no letter. */
  kerning: { latin: PairSubtable[][]; common: PairSubtable[][] };
}

type PairSubtable =
  | [1, Record<number, [number, number][]>]
  | [2, Record<number, number>, Record<number, number>, number[][]];

interface PlainGlyph {
  readonly id: number;
  readonly advanceWidth: number;
  readonly codePoints: readonly number[];
}

interface PlainRun {
  glyphs: PlainGlyph[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
  readonly advanceWidth: number;
}

interface Layout {
  chars: Map<number, { glyph: PlainGlyph; latin: boolean }>;
  ligatures: string[];
  kerning: { latin: PairSubtable[][]; common: PairSubtable[][] };
}

/** The kerning one subtable gives the pair, or undefined when it does not apply (fontkit's PairPos). */
function pairAdjustment(subtable: PairSubtable, first: number, second: number): number | undefined {
  if (subtable[0] === 1) return subtable[1][first]?.find(([glyph]) => glyph === second)?.[1];
  const class1 = subtable[1][first];
  if (class1 === undefined) return undefined;
  return subtable[3][class1]?.[subtable[2][second] ?? 0] ?? 0;
}

/** The run fontkit would return for `text`, or null when a character is not plain. */
export function plainRun(layout: Layout, text: string): PlainRun | null {
  const glyphs: PlainGlyph[] = [];
  let latin = false;
  for (let i = 0; i < text.length; i++) {
    const entry = layout.chars.get(text.charCodeAt(i));
    if (!entry) return null;
    glyphs.push(entry.glyph);
    latin ||= entry.latin;
  }
  if (layout.ligatures.some((sequence) => text.includes(sequence))) return null;
  const positions = glyphs.map((glyph) => ({ xAdvance: glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
  // Lookup after lookup, glyph after glyph; the first subtable that applies to a pair ends the lookup.
  for (const lookup of latin ? layout.kerning.latin : layout.kerning.common) {
    for (let i = 0; i + 1 < glyphs.length; i++) {
      for (const subtable of lookup) {
        const adjustment = pairAdjustment(subtable, glyphs[i]!.id, glyphs[i + 1]!.id);
        if (adjustment !== undefined) {
          positions[i]!.xAdvance += adjustment;
          break;
        }
      }
    }
  }
  return {
    glyphs,
    positions,
    // A getter, as fontkit's: pdfkit scales the positions after the layout and reads it then.
    get advanceWidth() {
      return positions.reduce((sum, position) => sum + position.xAdvance, 0);
    },
  };
}

const layouts = new Map<string, Layout | null>();

/** The table of the subset face named `postscriptName`, read once; null when the build made none. */
export function plainLayoutFor(postscriptName: string, numGlyphs: number): Layout | null {
  if (!layouts.has(postscriptName)) {
    const folder = subsetFolder();
    const file = folder && /^[\w-]+$/.test(postscriptName) ? join(folder, `${postscriptName}.layout.json`) : undefined;
    let layout: Layout | null = null;
    if (file && existsSync(file)) {
      const table = JSON.parse(readFileSync(file, 'utf8')) as LayoutTable;
      layout = {
        chars: new Map(table.chars.map(([codePoint, id, advanceWidth, latin]) => [codePoint, { glyph: Object.freeze({ id, advanceWidth, codePoints: Object.freeze([codePoint]) }), latin: latin === 1 }])),
        ligatures: table.ligatures,
        kerning: table.kerning,
      };
      // The table belongs to this very subset, not to a whole face of the same name.
      if (table.postscriptName !== postscriptName || table.numGlyphs !== numGlyphs) layout = null;
    }
    layouts.set(postscriptName, layout);
  }
  return layouts.get(postscriptName)!;
}

/** What this module needs of pdfkit's embedded font and of the fontkit font inside it. */
interface EmbeddedFont {
  name?: string;
  font?: { numGlyphs: number; layout: (text: string, ...rest: unknown[]) => unknown };
}

const installed = new WeakSet<object>();

/**
 * Makes pdfkit's font lay plain words out from the table (pdfkit calls font.layout(word) with no
 * features for every word it measures or draws); anything else still goes to fontkit.
 */
export function usePlainLayout(embedded: EmbeddedFont | undefined): void {
  const font = embedded?.font;
  if (!font || !embedded.name || installed.has(font)) return;
  installed.add(font);
  const layout = plainLayoutFor(embedded.name, font.numGlyphs);
  if (!layout) return;
  const fontkitLayout = font.layout.bind(font);
  font.layout = (text: string, ...rest: unknown[]) =>
    (typeof text === 'string' && rest.every((argument) => argument === undefined) ? plainRun(layout, text) : null) ?? fontkitLayout(text, ...rest);
}
