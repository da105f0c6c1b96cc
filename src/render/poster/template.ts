// The poster model is a plain SVG a user may edit in Inkscape. The tool reads the blank
// slot's rectangle from it rather than trusting fixed coordinates, so moving the rectangle
// moves the text. Only a light scan of the markup is needed: the model is never rewritten
// except for the root size and the inserted slot text.
import { readFile } from 'node:fs/promises';
import { shippedFile } from '../../shipped.js';
import { PosterTemplateError } from './errors.js';
import type { Frame, LineBox } from './layout.js';
import { POSTER_FONT_FAMILY } from './fonts.js';
import { escapeXml } from '../xml.js';
import { frenchSpacingMarkup } from '../../domain/french.js';

/** The id (or data-cafcharte value) that marks the blank slot in a model. */
export const SLOT_ID = 'emplacement-vierge';
export const SLOT_MARKER = 'emplacement';
/** The data-cafcharte value of the header text that names the place's commune. */
export const HEADER_MARKER = 'entete';

/** A model ready to be filled: its markup and where the slot rectangle is. */
export interface PosterTemplate {
  svg: string;
  /** Where the model came from, for messages. */
  source: string;
  /** The slot rectangle, in its own user space (before its transform). */
  frame: Frame;
  /** The slot rectangle's own transform, copied onto the text so both move together. */
  transform: string | undefined;
  /** Offset in `svg` just after the slot rectangle, where the text is inserted. */
  insertAt: number;
}

/** Finds the shipped templates/affiche.svg from the sources or from a bundle. */
export function defaultTemplatePath(): string {
  const path = shippedFile('templates/affiche.svg');
  if (path !== undefined) return path;
  throw new PosterTemplateError("Le modèle d’affiche livré avec cafcharte (templates/affiche.svg) est introuvable.");
}

/** Reads and checks a model; the default one when no path is given. */
export async function loadPosterTemplate(path?: string): Promise<PosterTemplate> {
  const file = path ?? defaultTemplatePath();
  let svg: string;
  try {
    svg = await readFile(file, 'utf8');
  } catch {
    throw new PosterTemplateError(`Impossible de lire le modèle d’affiche « ${file} » : vérifiez le chemin donné à --modele.`);
  }
  return parsePosterTemplate(svg, file);
}

/** Attributes of one start tag, by name. */
export function parseAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes.set(match[1]!, decodeEntities(match[2] ?? match[3] ?? ''));
  }
  return attributes;
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (entity[0] !== '#') return named[entity.toLowerCase()]!;
    return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });
}

/** Blanks out comments and CDATA (keeping offsets) so a commented-out rectangle is not found. */
function maskComments(svg: string): string {
  return svg.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => ' '.repeat(m.length));
}

function lengthOf(attributes: Map<string, string>, name: string, fallback?: number): number {
  const raw = attributes.get(name);
  if (raw === undefined && fallback !== undefined) return fallback;
  // Inkscape writes plain user units; "px" is the same thing.
  const match = raw === undefined ? null : /^\s*(-?\d*\.?\d+(?:e[-+]?\d+)?)\s*(px)?\s*$/i.exec(raw);
  if (!match) {
    throw new PosterTemplateError(
      `Le rectangle « ${SLOT_ID} » du modèle a un attribut ${name} illisible (« ${raw ?? ''} ») : ` +
        'donnez-lui une valeur numérique (en unités du document).',
    );
  }
  return Number(match[1]);
}

/** Checks the model and locates its blank slot. */
export function parsePosterTemplate(original: string, source: string): PosterTemplate {
  // A poster saved as SVG can serve as a model again: its old slot text is dropped.
  const svg = original.replace(/\n?<g id="emplacement-texte"[^>]*>[\s\S]*?<\/g>/g, '');
  const masked = maskComments(svg);
  const root = /<svg\b[^>]*>/.exec(masked);
  if (!root) throw new PosterTemplateError(`Le modèle « ${source} » n’est pas un fichier SVG (aucune balise <svg>).`);
  if (!parseAttributes(root[0]).has('viewBox')) {
    throw new PosterTemplateError(
      `Le modèle « ${source} » n’a pas d’attribut viewBox sur la balise <svg> : enregistrez-le en « SVG Inkscape » ou « SVG simple ».`,
    );
  }
  for (const match of masked.matchAll(/<rect\b[^>]*?(\/?)>/g)) {
    const attributes = parseAttributes(match[0]);
    if (attributes.get('id') !== SLOT_ID && attributes.get('data-cafcharte') !== SLOT_MARKER) continue;
    const frame: Frame = {
      x: lengthOf(attributes, 'x', 0),
      y: lengthOf(attributes, 'y', 0),
      width: lengthOf(attributes, 'width'),
      height: lengthOf(attributes, 'height'),
    };
    if (frame.width <= 0 || frame.height <= 0) {
      throw new PosterTemplateError(`Le rectangle « ${SLOT_ID} » du modèle « ${source} » a une largeur ou une hauteur nulle.`);
    }
    let insertAt = match.index + match[0].length;
    if (match[1] !== '/') {
      const close = masked.indexOf('</rect>', insertAt);
      insertAt = close === -1 ? insertAt : close + '</rect>'.length;
    }
    return { svg, source, frame, transform: attributes.get('transform'), insertAt };
  }
  throw new PosterTemplateError(
    `Le modèle « ${source} » n’a pas d’emplacement vierge : ajoutez-y un rectangle d’identifiant « ${SLOT_ID} » ` +
      '(dans Inkscape : Objet > Propriétés de l’objet > Id), là où le lieu doit être écrit.',
  );
}


const round = (n: number): string => String(Math.round(n * 100) / 100);

const ROLE_COLOUR: Record<LineBox['role'], string> = {
  name: '#0a4f8f',
  address: '#1a1a1a',
  commune: '#1a1a1a',
  phone: '#1a1a1a',
  slots: '#8a4b00',
};

/** The slot text as an SVG group, in the rectangle's own user space. */
export function slotTextGroup(lines: LineBox[], transform: string | undefined): string {
  const texts = lines.map(
    (line) =>
      `<text x="${round(line.x)}" y="${round(line.baseline)}" font-family="${POSTER_FONT_FAMILY}" ` +
      `font-size="${round(line.fontSize)}"${line.bold ? ' font-weight="bold"' : ''} fill="${ROLE_COLOUR[line.role]}">` +
      `${escapeXml(line.text)}</text>`,
  );
  const transformAttribute = transform ? ` transform="${escapeXml(transform)}"` : '';
  return `\n<g id="emplacement-texte" data-cafcharte="texte"${transformAttribute}>\n${texts.join('\n')}\n</g>`;
}

/**
 * The model with the slot text inserted right after the slot rectangle (same parent, same
 * transform) and the root sized to the paper, the viewBox scaling the drawing to it.
 */
export function fillTemplate(
  template: PosterTemplate,
  lines: LineBox[],
  page: { width: number; height: number },
  header?: string,
): string {
  const filled = lines.length === 0
    ? template.svg
    : template.svg.slice(0, template.insertAt) + slotTextGroup(lines, template.transform) + template.svg.slice(template.insertAt);
  // French spacing on every text of the model too ("en ligne : on vous accompagne !").
  return frenchSpacingMarkup(resizeRoot(header === undefined ? filled : fillHeader(filled, header), page));
}

/**
 * Writes the header (in capitals, as the model's small banner line) into every <text>
 * marked data-cafcharte="entete"; a model without the marker keeps its own wording.
 */
function fillHeader(svg: string, header: string): string {
  const masked = maskComments(svg);
  let out = '';
  let last = 0;
  for (const match of masked.matchAll(/<text\b[^>]*>/g)) {
    if (parseAttributes(match[0]).get('data-cafcharte') !== HEADER_MARKER) continue;
    const start = match.index + match[0].length;
    const end = masked.indexOf('</text>', start);
    if (end === -1) continue;
    out += svg.slice(last, start) + escapeXml(header.toLocaleUpperCase('fr-FR'));
    last = end;
  }
  return out + svg.slice(last);
}

function resizeRoot(svg: string, page: { width: number; height: number }): string {
  const masked = maskComments(svg);
  const root = /<svg\b[^>]*>/.exec(masked)!;
  const tag = svg.slice(root.index, root.index + root[0].length);
  const resized = tag
    .replace(/\s(width|height)\s*=\s*("[^"]*"|'[^']*')/g, '')
    .replace(/^<svg\b/, `<svg width="${page.width}pt" height="${page.height}pt"`);
  return svg.slice(0, root.index) + resized + svg.slice(root.index + root[0].length);
}
