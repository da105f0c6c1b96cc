// pdfkit lays a string out word by word (each word with its following space or tab, shaped once
// and cached), then joins the words' glyphs. Its join copies the glyphs gathered so far at every
// word and tests each character against a new array: for the tens of thousands of lines of a
// busy report, that was a tenth of the drawing. This is the same walk, appending in place: the
// same words asked of the cache in the same order, the same glyph and position objects returned.
// Drawing a line encodes it (glyph ids as hex, each glyph added to the embedded subset): that is
// kept per word too, since a word encodes the same way on every line it appears on.

interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: unknown;
}

interface Run {
  glyphs: Glyph[];
  positions: unknown[];
  advanceWidth: number;
}

/** What this module uses of pdfkit's embedded font (EmbeddedFont in pdfkit's sources). */
interface EmbeddedFont {
  layoutCached(text: string): Run;
  layoutRun(text: string, features: unknown): Run;
  layout(text: string, features?: unknown, onlyWidth?: boolean): { glyphs: unknown[] | null; positions: unknown[] | null; advanceWidth: number };
  encode(text: string, features?: unknown): [string[], unknown[]];
  subset: { includeGlyph(id: number): number };
  widths: (number | undefined)[];
  unicode: unknown[];
  scale: number;
}

/** A word as drawn: its glyphs' ids in the subset, in hex, and their positions. */
interface EncodedWord {
  hex: string[];
  positions: unknown[];
}

const SPACE = 32;
const TAB = 9;

const faster = new WeakSet<object>();

/** Gives an opened pdfkit font the in-place join; a font without pdfkit's word cache is left alone. */
export function joinWordRunsInPlace(font: unknown): void {
  const embedded = font as Partial<EmbeddedFont> | undefined;
  if (!embedded || typeof embedded.layoutCached !== 'function' || typeof embedded.layoutRun !== 'function' || typeof embedded.encode !== 'function' || faster.has(embedded)) return;
  faster.add(embedded);
  const face = embedded as EmbeddedFont;
  face.layout = (text, features, onlyWidth) => {
    if (features) return face.layoutRun(text, features);
    const glyphs: unknown[] | null = onlyWidth ? null : [];
    const positions: unknown[] | null = onlyWidth ? null : [];
    let advanceWidth = 0;
    let last = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === SPACE || code === TAB || index === text.length - 1) {
        const run = face.layoutCached(text.slice(last, index + 1));
        if (glyphs && positions) {
          for (const glyph of run.glyphs) glyphs.push(glyph);
          for (const position of run.positions) positions.push(position);
        }
        advanceWidth += run.advanceWidth;
        last = index + 1;
      }
    }
    return { glyphs, positions, advanceWidth };
  };
  // pdfkit's encode, word by word. A word met again has had its glyphs added to the subset the
  // first time, so the subset's numbering and each glyph's width and characters come out the same.
  const encodedWords = new Map<string, EncodedWord>();
  const encodeWord = (word: string): EncodedWord => {
    let encoded = encodedWords.get(word);
    if (encoded === undefined) {
      const run = face.layoutCached(word);
      const hex: string[] = [];
      for (const glyph of run.glyphs) {
        const id = face.subset.includeGlyph(glyph.id);
        hex.push(`0000${id.toString(16)}`.slice(-4));
        if (face.widths[id] == null) face.widths[id] = glyph.advanceWidth * face.scale;
        if (face.unicode[id] == null) face.unicode[id] = glyph.codePoints;
      }
      encoded = { hex, positions: run.positions };
      encodedWords.set(word, encoded);
    }
    return encoded;
  };
  const encode = face.encode.bind(face);
  face.encode = (text, features) => {
    if (features) return encode(text, features);
    const hex: string[] = [];
    const positions: unknown[] = [];
    let last = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === SPACE || code === TAB || index === text.length - 1) {
        const word = encodeWord(text.slice(last, index + 1));
        for (const h of word.hex) hex.push(h);
        for (const position of word.positions) positions.push(position);
        last = index + 1;
      }
    }
    return [hex, positions];
  };
}
