// A poster page as tagged PDF. svg-to-pdfkit draws the model, and it knows nothing of tags:
// its content stream is watched as it is written, every text object (BT … ET) becomes the
// content of a structure element (a heading by its size, else a paragraph) and everything
// else (bands, frames, rules) an artifact. Text of one line (a bold "→ " then the rest) goes
// into one element; the consecutive lines of the big title into one H1.
//
// Letter-spaced text is not left to svg-to-pdfkit, which places each letter by itself, so
// readers and text extraction meet "E S PA C E S". It is drawn here as one run with the PDF's
// character spacing (Tc), and its marked content carries the text as ActualText, which
// assistive technology and poppler read in place of the spaced glyphs.
import { parseAttributes } from './template.js';
import { faceFor } from './fonts.js';
import type { PdfTags } from '../pdfTags.js';

type Element = PDFKit.PDFStructureElement;

/** A one-line <text> with letter-spacing that this module draws itself. */
export interface SpacedText {
  text: string;
  x: number;
  y: number;
  fontSize: number;
  bold: boolean;
  fill: string;
  letterSpacing: number;
  anchor: 'start' | 'middle' | 'end';
}

const decode = (text: string) => parseAttributes(`a="${text.replace(/"/g, '&quot;')}"`).get('a') ?? text;

/**
 * Takes out of the SVG the letter-spaced <text> elements it can draw exactly: plain text (no
 * tspan), numeric position and size, no transform on it or on an enclosing group. Others stay
 * for svg-to-pdfkit.
 */
export function takeSpacedTexts(svg: string): { svg: string; texts: SpacedText[] } {
  const texts: SpacedText[] = [];
  let out = '';
  let last = 0;
  // Enclosing groups with a transform, tracked through the markup.
  const groups: boolean[] = [];
  const tags = /<!--[\s\S]*?-->|<g\b[^>]*?(\/?)>|<\/g\s*>|<text\b([^>]*)>([^<]*)<\/text\s*>/g;
  for (const match of svg.matchAll(tags)) {
    const tag = match[0];
    if (tag.startsWith('<!--')) continue;
    if (tag.startsWith('</g')) {
      groups.pop();
      continue;
    }
    if (tag.startsWith('<g')) {
      if (match[1] !== '/') groups.push(parseAttributes(tag).has('transform'));
      continue;
    }
    const attributes = parseAttributes(`<text ${match[2]}>`);
    const spacing = Number(attributes.get('letter-spacing'));
    const number = (name: string) => Number(attributes.get(name));
    const anchor = attributes.get('text-anchor') ?? 'start';
    const simple =
      spacing > 0 &&
      !groups.includes(true) &&
      !attributes.has('transform') &&
      ['x', 'y', 'font-size'].every((name) => Number.isFinite(number(name))) &&
      (anchor === 'start' || anchor === 'middle' || anchor === 'end');
    if (!simple) continue;
    texts.push({
      text: decode(match[3]!.replace(/\s+/g, ' ').trim()),
      x: number('x'),
      y: number('y'),
      fontSize: number('font-size'),
      bold: attributes.get('font-weight') === 'bold' || Number(attributes.get('font-weight')) >= 600,
      fill: attributes.get('fill') ?? '#000000',
      letterSpacing: spacing,
      anchor: anchor as SpacedText['anchor'],
    });
    out += svg.slice(last, match.index);
    last = match.index + tag.length;
  }
  return { svg: out + svg.slice(last), texts };
}

/**
 * What the tool knows of text it wrote itself (the slot lines): its baseline and size as in
 * the SVG, its role, and the paragraph it belongs to (lines of one paragraph share a key).
 */
export interface LineHint {
  baseline: number;
  fontSize: number;
  role: 'H2' | 'P';
  paragraph: string;
}

/** The model's QR code group, taken out to be drawn as a Figure with its link as alternative text. */
export interface QrCode {
  /** The <g …>…</g> markup, drawn on its own inside the model's root. */
  markup: string;
  url: string;
}

/**
 * Takes out the group marked data-cafcharte="qr" when no enclosing group moves it (drawn alone,
 * it must land where it was). Otherwise it stays in the model and is drawn as decoration.
 */
export function takeQrCode(svg: string): { svg: string; qr: QrCode | undefined } {
  const transformed: boolean[] = [];
  for (const match of svg.matchAll(/<!--[\s\S]*?-->|<g\b[^>]*?(\/?)>|<\/g\s*>/g)) {
    const tag = match[0];
    if (tag.startsWith('<!--')) continue;
    if (tag.startsWith('</g')) {
      transformed.pop();
      continue;
    }
    if (match[1] === '/') continue;
    const attributes = parseAttributes(tag);
    if (attributes.get('data-cafcharte') !== 'qr') {
      transformed.push(attributes.has('transform'));
      continue;
    }
    if (transformed.includes(true)) break;
    // Its closing tag: the first </g> that balances the groups opened inside it.
    let depth = 0;
    const inner = /<g\b[^>]*?(\/?)>|<\/g\s*>/g;
    inner.lastIndex = match.index + tag.length;
    for (let next = inner.exec(svg); next; next = inner.exec(svg)) {
      if (next[0].startsWith('</g')) {
        if (depth === 0) {
          const end = next.index + next[0].length;
          return { svg: svg.slice(0, match.index) + svg.slice(end), qr: { markup: svg.slice(match.index, end), url: attributes.get('data-url') ?? '' } };
        }
        depth--;
      } else if (next[1] !== '/') depth++;
    }
    break;
  }
  return { svg, qr: undefined };
}

/** The role of a line of poster text, from its size: the first big run is the H1. */
function roleFor(fontSize: number, seenTitle: boolean): 'H1' | 'H2' | 'P' {
  if (fontSize >= 24 && !seenTitle) return 'H1';
  if (fontSize >= 15) return 'H2';
  return 'P';
}

/** What svg-to-pdfkit needs of the document; a Proxy stands in for it. */
type Draw = (doc: PDFKit.PDFDocument) => void;

/**
 * Draws the SVG through `draw` (svg-to-pdfkit) with its text tagged under the current
 * structure parent and the rest as artifacts; then the letter-spaced texts, in the same
 * viewBox transform.
 */
export function drawTaggedSvg(
  doc: PDFKit.PDFDocument,
  tags: PdfTags,
  draw: Draw,
  spaced: SpacedText[],
  viewBox: { scale: number; x: number; y: number },
  hints: LineHint[] = [],
): void {
  // The spaced texts come first in reading order (in the shipped model: the banner line above the title).
  const spacedElements = spaced.map((text) => tags.start('P', { actual: text.text }));

  let current: { element: Element; role: string; baseline: number; size: number; paragraph?: string } | undefined;
  let seenTitle = false;
  let block: string[] | undefined;
  const closeCurrent = () => {
    if (current && current.role === 'H1') seenTitle = true;
    current?.element.end();
    current = undefined;
  };
  const flushBlock = (lines: string[]) => {
    // "/F1 30 Tf" and the first "a b c d e f Tm" give the size and the baseline.
    const size = Number(/\s([\d.]+) Tf$/m.exec(lines.join('\n'))?.[1] ?? 0);
    const matrix = lines.find((line) => line.endsWith(' Tm'))?.split(' ').map(Number);
    const baseline = matrix ? matrix[5] : NaN;
    const hint = hints.find((h) => Math.abs(h.baseline - baseline) < 0.01 && Math.abs(h.fontSize - size) < 0.01);
    const role = hint?.role ?? roleFor(size, seenTitle);
    const sameLine = current && Math.abs(current.baseline - baseline) < 0.5;
    // The big title's lines read as one heading; a wrapped slot paragraph as one paragraph.
    const continues =
      current &&
      (hint ? current.paragraph === hint.paragraph : current.paragraph === undefined && role === 'H1' && current.role === 'H1' && Math.abs(current.size - size) < 0.5);
    if (!sameLine && !continues) {
      closeCurrent();
      current = { element: tags.start(role), role, baseline, size, paragraph: hint?.paragraph };
    } else if (current) {
      current.baseline = baseline;
    }
    doc.endMarkedContent(); // the artifact around the drawing
    tags.mark(
      current!.element,
      () => {
        for (const line of lines) doc.addContent(line);
      },
      current!.role,
    );
    doc.markContent('Artifact', { type: 'Layout' });
  };

  const proxy: PDFKit.PDFDocument = new Proxy(doc, {
    get(target, property) {
      if (property === 'addContent') {
        return (data: string) => {
          if (data === 'BT') block = ['BT'];
          else if (block) {
            block.push(data);
            if (data === 'ET') {
              const lines = block;
              block = undefined;
              flushBlock(lines);
            }
          } else target.addContent(data);
          return proxy;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' && property !== 'constructor' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set(target, property, value) {
      return Reflect.set(target, property, value, target);
    },
  });

  doc.markContent('Artifact', { type: 'Layout' });
  draw(proxy);
  doc.endMarkedContent();
  closeCurrent();

  spaced.forEach((text, i) => drawSpacedText(doc, tags, spacedElements[i]!, text, viewBox));
}

interface EncodingFont {
  id: string;
  ref(): unknown;
  encode(text: string): [string[], unknown[]];
}

/**
 * One letter-spaced line as a single text object: the glyphs in one Tj, the spacing as Tc.
 * Written by hand rather than with doc.text(), which wraps the text in its own coordinate
 * flip: the marked content must open and close under the very transform the glyphs are drawn
 * in, or poppler places the ActualText off the page.
 */
function drawSpacedText(doc: PDFKit.PDFDocument, tags: PdfTags, element: Element, text: SpacedText, viewBox: { scale: number; x: number; y: number }): void {
  doc.font(faceFor(text.bold, false)).fontSize(text.fontSize);
  const width = doc.widthOfString(text.text, { characterSpacing: text.letterSpacing }) + text.letterSpacing;
  const x = text.anchor === 'middle' ? text.x - width / 2 : text.anchor === 'end' ? text.x - width : text.x;
  const font = (doc as unknown as { _font: EncodingFont })._font;
  const page = doc.page as unknown as { fonts: Record<string, unknown> };
  page.fonts[font.id] ??= font.ref();
  const [glyphs] = font.encode(text.text);
  doc.save();
  doc.transform(viewBox.scale, 0, 0, viewBox.scale, viewBox.x, viewBox.y);
  doc.fillColor(text.fill);
  // ActualText on the marked content (a Span): the words, whatever the spacing between glyphs.
  tags.mark(
    element,
    () => {
      doc.addContent('BT');
      doc.addContent(`/${font.id} ${text.fontSize} Tf`);
      doc.addContent(`${text.letterSpacing} Tc`);
      // The page space is y-down here (pdfkit's default), so the text matrix flips the glyphs upright.
      doc.addContent(`1 0 0 -1 ${x} ${text.y} Tm`);
      doc.addContent(`<${glyphs.join('')}> Tj`);
      doc.addContent('ET');
    },
    'Span',
    { actual: text.text },
  );
  doc.restore();
  element.end();
}
