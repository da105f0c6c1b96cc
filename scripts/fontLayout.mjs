// What fontkit would compute, once, at build time: for each poster face subset, the glyph and
// advance of every "plain" character and the pair kerning between them. At run time
// (src/render/poster/plainLayout.ts) a word made only of plain characters is laid out from this
// table instead of by fontkit's OpenType engine, which spends about a millisecond a word walking
// GSUB/GPOS in a cold process, and makes pdfkit load unicode-properties just to ask whether a
// letter is a mark. Same glyphs, same advances, same kerning: the test compares the two.
//
// A character is plain when nothing but pair kerning can happen to it: it has a glyph, it is not
// a mark (by Unicode or by the font's GDEF), not a default-ignorable, its script is Latin or
// Common (fontkit picks the OpenType script from the first such letter), and no substitution or
// other positioning can start from it. Contextual rules (DejaVu's "i + accent" → dotless i)
// count against the glyph they need besides the first, so "i" stays plain when no accent
// follows; ligatures (DejaVu's f-ligatures) are kept as sequences that send a word to fontkit.
// When the font holds anything this model cannot express, no table is written and every word
// goes through fontkit, as before.
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Loads fontkit and unicode-properties the way pdfkit resolves them. */
function libraries(root) {
  const fromPdfkit = createRequire(createRequire(join(root, 'package.json')).resolve('pdfkit'));
  const fromFontkit = createRequire(fromPdfkit.resolve('fontkit'));
  return { fontkit: fromPdfkit('fontkit'), unicode: fromFontkit('unicode-properties') };
}

/** fontkit's own list (LayoutEngine.isDefaultIgnorable): these glyphs are hidden as zero-width spaces. */
function isDefaultIgnorable(ch) {
  return (
    ch === 0xad ||
    ch === 0x34f ||
    ch === 0x61c ||
    (ch >= 0x17b4 && ch <= 0x17b5) ||
    (ch >= 0x180b && ch <= 0x180e) ||
    (ch >= 0x200b && ch <= 0x200f) ||
    (ch >= 0x202a && ch <= 0x202e) ||
    (ch >= 0x2060 && ch <= 0x206f) ||
    (ch >= 0xfe00 && ch <= 0xfe0f) ||
    ch === 0xfeff ||
    (ch >= 0xfff0 && ch <= 0xfff8)
  );
}

const coverageGlyphs = (coverage) =>
  coverage.version === 1 ? [...coverage.glyphs] : coverage.rangeRecords.flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i));

/** Every glyph id with a class in a ClassDef, by class. */
function classGlyphs(classDef) {
  const byClass = new Map();
  const add = (glyph, cls) => {
    if (!byClass.has(cls)) byClass.set(cls, []);
    byClass.get(cls).push(glyph);
  };
  if (classDef.version === 1) classDef.classValueArray.forEach((cls, i) => add(classDef.startGlyph + i, cls));
  else for (const r of classDef.classRangeRecord) for (let g = r.start; g <= r.end; g++) add(g, r.class);
  return byClass;
}

const toArray = (list) => (Array.isArray(list) ? list : list.toArray());

/** The lookups some feature of some script refers to (nested lookups act only through them). */
function featureLookups(table) {
  const indexes = new Set(table.featureList.flatMap((record) => record.feature.lookupListIndexes));
  const lookups = toArray(table.lookupList);
  return [...indexes].sort((a, b) => a - b).map((index) => ({ index, lookup: lookups[index] }));
}

/** A subtable and its lookup type, through extension subtables. */
function subtables(lookup, extensionType) {
  return toArray(lookup.subTables).map((sub) => (lookup.lookupType === extensionType ? { type: sub.extension ? sub.lookupType : sub.lookupType, table: sub.extension } : { type: lookup.lookupType, table: sub }));
}

/**
 * Glyphs one of which must be in a plain text for a (chaining) contextual subtable to act. A rule
 * needs a glyph at each of its positions (backtrack, input, lookahead): when some position can
 * hold no glyph of `candidates` (DejaVu's accent rules start from the accent), the rule never
 * acts on plain text; otherwise the smallest such set is enough to keep it out.
 */
function contextTriggers(table, candidates) {
  const found = new Set();
  const rule = (positions) => {
    const sets = positions.map((glyphs) => glyphs.filter((g) => candidates.has(g)));
    if (sets.some((glyphs) => glyphs.length === 0)) return;
    sets.sort((a, b) => a.length - b.length)[0].forEach((g) => found.add(g));
  };
  if (table.version === 3) {
    const coverages = [...(table.backtrackCoverage ?? []), ...(table.inputCoverage ?? table.coverages), ...(table.lookaheadCoverage ?? [])];
    rule(coverages.map(coverageGlyphs));
    return found;
  }
  const first = coverageGlyphs(table.coverage);
  if (table.version === 1) {
    toArray(table.chainRuleSets ?? table.ruleSets).forEach((rules, i) => {
      for (const r of toArray(rules ?? [])) rule([[first[i]], ...[...(r.backtrack ?? []), ...r.input, ...(r.lookahead ?? [])].map((g) => [g])]);
    });
    return found;
  }
  // Format 2: classes; class 0 is every glyph the ClassDef leaves out.
  const inClass = (classDef) => {
    const byClass = classDef ? classGlyphs(classDef) : new Map();
    const classified = new Set([...byClass.values()].flat());
    const zero = [...candidates].filter((g) => !classified.has(g));
    return (cls) => (cls === 0 ? zero : (byClass.get(cls) ?? []));
  };
  const input = inClass(table.inputClassDef ?? table.classDef);
  const backtrack = inClass(table.backtrackClassDef);
  const lookahead = inClass(table.lookaheadClassDef);
  toArray(table.chainClassSet ?? table.classSet).forEach((rules, cls) => {
    const firsts = first.filter((g) => input(cls).includes(g));
    for (const r of toArray(rules ?? [])) {
      rule([firsts, ...(r.backtrack ?? []).map(backtrack), ...(r.input ?? r.classes).map(input), ...(r.lookahead ?? []).map(lookahead)]);
    }
  });
  return found;
}

class Unsupported extends Error {}

/** The layout table of one face (see the top of this file), or null when the model does not fit it. */
export function plainLayoutTable(fontBytes, root = process.cwd()) {
  const { fontkit, unicode } = libraries(root);
  const font = fontkit.create(fontBytes);
  try {
    return buildTable(font, unicode);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

function buildTable(font, unicode) {
  const gdefMarks = new Set();
  if (font.GDEF?.glyphClassDef) for (const [cls, glyphs] of classGlyphs(font.GDEF.glyphClassDef)) if (cls === 3) glyphs.forEach((g) => gdefMarks.add(g));
  // Glyphs a text can hold before any lookup is considered.
  const candidates = new Map();
  for (const codePoint of font.characterSet) {
    const glyph = font.glyphForCodePoint(codePoint);
    const script = unicode.getScript(codePoint);
    if (glyph.id === 0 || codePoint > 0xffff || unicode.isMark(codePoint) || isDefaultIgnorable(codePoint) || gdefMarks.has(glyph.id)) continue;
    if (script !== 'Latin' && script !== 'Common' && script !== 'Unknown') continue;
    candidates.set(codePoint, { glyph, latin: script === 'Latin' });
  }
  const candidateGlyphs = new Set([...candidates.values()].map(({ glyph }) => glyph.id));
  const triggers = new Set();
  const ligatures = [];
  // GSUB: nothing may start from a plain glyph, except ligatures, kept as sequences.
  if (font.GSUB) {
    for (const { lookup } of featureLookups(font.GSUB)) {
      for (const { type, table } of subtables(lookup, 7)) {
        if (type === 4) {
          coverageGlyphs(table.coverage).forEach((first, i) => {
            for (const ligature of toArray(table.ligatureSets.get(i))) ligatures.push([first, ...ligature.components]);
          });
        } else if (type === 5 || type === 6) contextTriggers(table, candidateGlyphs).forEach((g) => triggers.add(g));
        else coverageGlyphs(table.coverage).forEach((g) => triggers.add(g));
      }
    }
  }
  // GPOS: pair kerning is modelled; everything else must not touch a plain glyph.
  const pairLookups = new Set();
  if (font.GPOS) {
    for (const { index, lookup } of featureLookups(font.GPOS)) {
      for (const { type, table } of subtables(lookup, 9)) {
        if (type === 2) {
          const flags = lookup.flags;
          if (lookup.flags.markAttachmentType || Object.values(flags.flags ?? flags).some(Boolean)) throw new Unsupported('flagged pair lookup');
          pairLookups.add(index);
        } else if (type === 4 || type === 5) coverageGlyphs(table.markCoverage).forEach((g) => triggers.add(g));
        else if (type === 6) coverageGlyphs(table.mark1Coverage).forEach((g) => triggers.add(g));
        else if (type === 7 || type === 8) contextTriggers(table, candidateGlyphs).forEach((g) => triggers.add(g));
        else coverageGlyphs(table.coverage).forEach((g) => triggers.add(g));
      }
    }
  }
  if (font.kern && !font.GPOS) throw new Unsupported('legacy kern table');

  // The plain characters: code point, glyph, advance, Latin (1) or not (0).
  const chars = [];
  for (const [codePoint, { glyph, latin }] of candidates) if (!triggers.has(glyph.id)) chars.push([codePoint, glyph.id, glyph.advanceWidth, latin ? 1 : 0]);
  const glyphsOf = new Map();
  for (const [codePoint, glyph] of chars) glyphsOf.set(glyph, [...(glyphsOf.get(glyph) ?? []), codePoint]);

  // The kerning fontkit applies for Latin text, and for text with no letter of any script.
  const kerning = {};
  for (const [key, script] of [['latin', 'latn'], ['common', 'Zzzz']]) {
    const processor = font._layoutEngine.engine.GPOSProcessor;
    if (!processor) {
      kerning[key] = [];
      continue;
    }
    processor.selectScript(script);
    const applied = processor.lookupsForFeatures(Object.keys(processor.features)).filter(({ index }) => pairLookups.has(index));
    kerning[key] = applied.map(({ lookup }) => subtables(lookup, 9).map(({ table }) => pairSubtable(table, glyphsOf)));
  }
  // Ligature sequences, as strings of the plain characters that make them.
  const sequences = [];
  for (const glyphs of ligatures) {
    let strings = [''];
    for (const glyph of glyphs) strings = strings.flatMap((s) => (glyphsOf.get(glyph) ?? []).map((c) => s + String.fromCodePoint(c)));
    sequences.push(...strings);
  }
  return { postscriptName: font.postscriptName, numGlyphs: font.numGlyphs, chars, ligatures: [...new Set(sequences)].sort(), kerning };
}

/** Checks a ValueRecord changes the first glyph's advance only; returns that change. */
function advanceOnly(value1, value2) {
  const moved = (value, keys) => value && keys.some((key) => value[key] !== undefined && value[key] !== 0 && key in value);
  if (moved(value1, ['xPlacement', 'yPlacement', 'yAdvance', 'xPlaDevice', 'yPlaDevice', 'xAdvDevice', 'yAdvDevice'])) throw new Unsupported('value1');
  if (moved(value2, ['xPlacement', 'yPlacement', 'xAdvance', 'yAdvance', 'xPlaDevice', 'yPlaDevice', 'xAdvDevice', 'yAdvDevice'])) throw new Unsupported('value2');
  return value1?.xAdvance ?? 0;
}

/**
 * One PairPos subtable restricted to plain glyphs. Format 1: [1, {first: [[second, dx]...]}]
 * (a listed pair stops the lookup even at 0). Format 2: [2, {first: class1}, {second: class2},
 * rows of dx by class2] (a first glyph in the coverage always stops the lookup).
 */
function pairSubtable(table, glyphsOf) {
  const plain = (g) => glyphsOf.has(g);
  const first = coverageGlyphs(table.coverage);
  if (table.version === 1) {
    const pairs = {};
    first.forEach((glyph, i) => {
      if (!plain(glyph)) return;
      const list = [];
      for (const pair of toArray(table.pairSets.get(i))) if (plain(pair.secondGlyph)) list.push([pair.secondGlyph, advanceOnly(pair.value1, pair.value2)]);
      if (list.length) pairs[glyph] = list;
    });
    return [1, pairs];
  }
  const classOf = (classDef, glyph) => {
    if (classDef.version === 1) return classDef.classValueArray[glyph - classDef.startGlyph] ?? 0;
    return classDef.classRangeRecord.find((r) => r.start <= glyph && glyph <= r.end)?.class ?? 0;
  };
  const class1 = {};
  for (const glyph of first) if (plain(glyph)) class1[glyph] = classOf(table.classDef1, glyph);
  const class2 = {};
  for (const glyph of glyphsOf.keys()) {
    const cls = classOf(table.classDef2, glyph);
    if (cls !== 0) class2[glyph] = cls;
  }
  const rows = toArray(table.classRecords).map((row) => toArray(row).map((record) => advanceOnly(record.value1, record.value2)));
  return [2, class1, class2, rows];
}
