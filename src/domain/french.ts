// How French is written in everything a person reads (terminal, Markdown, HTML, PDF, poster):
// the spaces French typography puts before high punctuation and inside « », number agreement,
// and the gender of the places. Pure: the renderers apply it at their edge, so a message is
// written once with ordinary spaces and every output gets the right ones.

/** No-break space: before ":" and inside « » (a line never starts with ":" or "»"). */
export const NBSP = '\u00a0';
/** Narrow no-break space: before ";", "!", "?", "%" and between groups of thousands. */
export const NNBSP = '\u202f';

/** A space before high punctuation, or a guillemet: what frenchSpacing may change. */
const NEEDS_SPACING = / [:;!?%»]|«/;
const BEFORE_NARROW = / [;!?%]/;

/**
 * French spacing of a text written with ordinary spaces: "Erreur : x ; « y » ?" gets a
 * no-break space before ":" and inside « », a narrow one before ";", "!", "?" and "%".
 * Only spaces already there are changed (never "14:00" or a URL's "?"), so applying it twice
 * changes nothing.
 */
export function frenchSpacing(text: string): string {
  // Most texts (a listing's rows) have nothing, or only a colon, to change: each rule runs only
  // when what it replaces is there (the rules only turn spaces into others, never add one).
  if (!NEEDS_SPACING.test(text)) return text;
  let spaced = text;
  if (spaced.includes(' :')) spaced = spaced.replace(/ (?=:(?![\w/]))/g, NBSP);
  if (spaced.includes('« ')) spaced = spaced.replace(/« +/g, `«${NBSP}`);
  if (spaced.includes(' »')) spaced = spaced.replace(/ +»/g, `${NBSP}»`);
  if (BEFORE_NARROW.test(spaced)) spaced = spaced.replace(/ (?=[;!?%](?![\w/]))/g, NNBSP);
  return spaced;
}

/**
 * French spacing of HTML or SVG: only text between tags, never tags, attributes, <style> or
 * <script> content.
 */
export function frenchSpacingMarkup(markup: string): string {
  let raw = false;
  return markup
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        if (/^<(style|script)\b/i.test(part)) raw = true;
        else if (/^<\/(style|script)\b/i.test(part)) raw = false;
        return part;
      }
      return raw ? part : frenchSpacing(part);
    })
    .join('');
}

/**
 * French spacing of Markdown: a table's alignment row ("| :--- |") keeps its ordinary spaces,
 * and so does code between backquotes.
 */
export function frenchSpacingMarkdown(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => (/^\s*\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*$/.test(line) ? line : line.split(/(`[^`]*`)/).map((p, i) => (i % 2 ? p : frenchSpacing(p))).join('')))
    .join('\n');
}

/** Typographic spaces back to ordinary ones (for tests and for matching what a user typed). */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

const pluralRules = new Intl.PluralRules('fr');

/**
 * The form of a word agreeing with a count, by French rules (0 and 1 take the singular):
 * plural(1, 'an', 'ans') → 'an'; plural(2, 'an', 'ans') → 'ans'.
 */
export function plural(count: number, one: string, other: string): string {
  return isSingular(count) ? one : other;
}

// Intl's select is slow beside the rest of a listing's row ("5/8 réservées" for ten thousand
// sessions): its answer for the small whole numbers that listings repeat is kept.
const SINGULAR_MEMO_SIZE = 1000;
const singularMemo: (boolean | undefined)[] = [];

function isSingular(count: number): boolean {
  if (!(Number.isInteger(count) && count >= 0 && count < SINGULAR_MEMO_SIZE)) return pluralRules.select(count) === 'one';
  let singular = singularMemo[count];
  if (singular === undefined) singularMemo[count] = singular = pluralRules.select(count) === 'one';
  return singular;
}

/** Groups of thousands with a narrow no-break space: "1 520". */
export function groupThousands(value: number): string {
  // Most counts a listing writes have no group to separate.
  if (Number.isInteger(value) && value >= 0 && value < 1000) return String(value);
  const sign = value < 0 ? '-' : '';
  return sign + String(Math.abs(Math.round(value))).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
}

/** A count and its noun agreeing with it: countOf(1, 'an', 'ans') → "1 an"; countOf(1520, 'place', 'places') → "1 520 places". */
export function countOf(count: number, one: string, other: string): string {
  return `${groupThousands(count)} ${plural(count, one, other)}`;
}

/** The grammatical gender of a kind of place: une médiathèque, une Maison Pour Tous, un espace numérique. */
export type Gender = 'm' | 'f';

const PLACE_GENDER: Record<string, Gender> = { mediatheque: 'f', mpt: 'f', autre: 'm' };

/** The gender a sentence about a place agrees with (an unknown kind reads as "un espace numérique"). */
export function placeGender(kind: string): Gender {
  return PLACE_GENDER[kind] ?? 'm';
}

/** The masculine or feminine form: agree('f', 'mis', 'mise') → 'mise'. */
export function agree(gender: Gender, masculine: string, feminine: string): string {
  return gender === 'f' ? feminine : masculine;
}
