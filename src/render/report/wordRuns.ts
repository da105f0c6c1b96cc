// pdfkit lays a string out word by word (each word with its following space or tab, shaped once
// and cached), then joins the words' glyphs. Its join copies the glyphs gathered so far at every
// word and tests each character against a new array: for the tens of thousands of lines of a
// busy report, that was a tenth of the drawing. This is the same walk, appending in place: the
// same words asked of the cache in the same order, the same glyph and position objects returned.

interface Run {
  glyphs: unknown[];
  positions: unknown[];
  advanceWidth: number;
}

/** What this module uses of pdfkit's embedded font (EmbeddedFont in pdfkit's sources). */
interface EmbeddedFont {
  layoutCached(text: string): Run;
  layoutRun(text: string, features: unknown): Run;
  layout(text: string, features?: unknown, onlyWidth?: boolean): { glyphs: unknown[] | null; positions: unknown[] | null; advanceWidth: number };
}

const SPACE = 32;
const TAB = 9;

const faster = new WeakSet<object>();

/** Gives an opened pdfkit font the in-place join; a font without pdfkit's word cache is left alone. */
export function joinWordRunsInPlace(font: unknown): void {
  const embedded = font as Partial<EmbeddedFont> | undefined;
  if (!embedded || typeof embedded.layoutCached !== 'function' || typeof embedded.layoutRun !== 'function' || faster.has(embedded)) return;
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
}
