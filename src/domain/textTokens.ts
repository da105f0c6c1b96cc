// Words of a remark, as the personal-data guard's context rules read them: where each word is,
// its comparable form (lower case, no accents), its capitalisation, and whether it opens a
// sentence (a capital there says nothing about a name).

/** One word (letters with inner hyphens, or a run of digits) of a text. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Lower case, accents removed, typographic apostrophe as ASCII: "Técher" -> "techer". */
  norm: string;
  /** "Payet", "PAYET", "Jean-Marc" (first letter upper case). */
  capitalised: boolean;
  /** "PAYET": two letters or more, all upper case. */
  upper: boolean;
  /** First word of the text or after . ! ? or a line break. */
  sentenceStart: boolean;
  /** Text between the previous word and this one (its punctuation matters). */
  gapBefore: string;
  /** Index of the sentence (split on . ! ? ; and line breaks) the word is in. */
  sentence: number;
}

// A word is a letter, then letters and marks (accents written apart), with inner hyphens before a
// letter ("Jean-Marc", "grand-mère", "Saint-Pierre"); or a run of digits. Apostrophes split words
// ("l'allocataire" -> "l", "allocataire"). As one expression, /\p{L}[\p{L}\p{M}]*(?:-\p{L}
// [\p{L}\p{M}]*)*|\p{N}+/gu, which the tests keep as the reference: compiling its five Unicode
// classes was most of the guard's first check in `logbook add` (about 4 ms of CPU). The scanner
// below asks three one-class expressions about each character instead (once per character).
const LETTER = /^\p{L}$/u;
const MARK = /^\p{M}$/u;
const NUMBER = /^\p{N}$/u;

type CharacterKind = 'letter' | 'mark' | 'number' | 'other';
const kinds = new Map<number, CharacterKind>();

/** The Unicode category of a code point, as the word grammar needs it (a lone surrogate is 'other'). */
function kindOf(codePoint: number): CharacterKind {
  if (codePoint < 0x80) {
    if ((codePoint >= 0x41 && codePoint <= 0x5a) || (codePoint >= 0x61 && codePoint <= 0x7a)) return 'letter';
    return codePoint >= 0x30 && codePoint <= 0x39 ? 'number' : 'other';
  }
  let kind = kinds.get(codePoint);
  if (kind === undefined) {
    const c = String.fromCodePoint(codePoint);
    kind = LETTER.test(c) ? 'letter' : MARK.test(c) ? 'mark' : NUMBER.test(c) ? 'number' : 'other';
    kinds.set(codePoint, kind);
  }
  return kind;
}

const isLetterOrMark = (kind: CharacterKind) => kind === 'letter' || kind === 'mark';
const isNumber = (kind: CharacterKind) => kind === 'number';

/** Where the run of characters that `accepts` takes, starting at `i`, ends. */
function endOfRun(text: string, i: number, accepts: (kind: CharacterKind) => boolean): number {
  while (i < text.length) {
    const codePoint = text.codePointAt(i)!;
    if (!accepts(kindOf(codePoint))) break;
    i += codePoint > 0xffff ? 2 : 1;
  }
  return i;
}

/** The words of `text`, as [start, end) offsets, in order. */
export function wordSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let i = 0;
  while (i < text.length) {
    const codePoint = text.codePointAt(i)!;
    const kind = kindOf(codePoint);
    let end = i + (codePoint > 0xffff ? 2 : 1);
    if (kind === 'letter') {
      end = endOfRun(text, end, isLetterOrMark);
      // A hyphen joins the next letters to the word; a hyphen before anything else ends it.
      while (text[end] === '-' && end + 1 < text.length && kindOf(text.codePointAt(end + 1)!) === 'letter') {
        end = endOfRun(text, end + 1, isLetterOrMark);
      }
      spans.push([i, end]);
    } else if (kind === 'number') {
      end = endOfRun(text, end, isNumber);
      spans.push([i, end]);
    }
    i = end;
  }
  return spans;
}

const comparableWords = new Map<string, string>();

/** Lower case without accents: how words are compared with the lists. */
export function comparable(word: string): string {
  if (word.length > 40) return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/’/g, "'");
  let c = comparableWords.get(word);
  if (c === undefined) {
    // A remark's words repeat; the cache stays small (a few thousand distinct words at most).
    c = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/’/g, "'");
    if (comparableWords.size > 20_000) comparableWords.clear();
    comparableWords.set(word, c);
  }
  return c;
}

const ABBREVIATIONS = new Set(['mme', 'mmes', 'mlle', 'mr', 'dr', 'av', 'bd', 'st', 'ste', 'ch', 'imp', 'lot', 'rte', 'tel', 'naiss', 'vve', 'ep', 'fam', 'no']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  let sentence = 0;
  for (const [start, end] of wordSpans(text)) {
    const word = text.slice(start, end);
    const gap = text.slice(previousEnd, start);
    // An abbreviation's dot ("M.", "Mme.", "av.") does not end a sentence; a full stop does.
    const previous = tokens.at(-1);
    const abbreviation = previous !== undefined && (previous.text.length === 1 || ABBREVIATIONS.has(previous.norm)) && /^\.\s*$/.test(gap.replace(/\n/g, '!'));
    const endsSentence = /[!?;\n]/.test(gap) || (gap.includes('.') && !abbreviation);
    if (tokens.length > 0 && endsSentence) sentence++;
    const first = word[0]!;
    // The first UTF-16 unit, as /\p{L}/u.test(word[0]) read it: half of a surrogate pair is no letter.
    const isLetter = kindOf(word.charCodeAt(0)) === 'letter';
    tokens.push({
      text: word,
      start,
      end,
      norm: comparable(word),
      capitalised: isLetter && first !== first.toLowerCase(),
      upper: isLetter && word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase(),
      sentenceStart: tokens.length === 0 || (endsSentence && !/;/.test(gap)) || /^\s*[-•*]\s*$/.test(gap),
      gapBefore: gap,
      sentence,
    });
    previousEnd = end;
  }
  return tokens;
}

/** True when only spaces separate two words ("Jean-Marc Payet", not "Payet, Jean"). */
export function adjacent(next: Token): boolean {
  return /^[ \t\u00a0\u202f]+$/.test(next.gapBefore);
}
