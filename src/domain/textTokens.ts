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

// Apostrophes split words ("l'allocataire" -> "l", "allocataire"), hyphens join them
// ("Jean-Marc", "grand-mère", "Saint-Pierre").
const WORD_RE = /\p{L}[\p{L}\p{M}]*(?:-\p{L}[\p{L}\p{M}]*)*|\p{N}+/gu;

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
  for (const m of text.matchAll(WORD_RE)) {
    const word = m[0];
    const gap = text.slice(previousEnd, m.index);
    // An abbreviation's dot ("M.", "Mme.", "av.") does not end a sentence; a full stop does.
    const previous = tokens.at(-1);
    const abbreviation = previous !== undefined && (previous.text.length === 1 || ABBREVIATIONS.has(previous.norm)) && /^\.\s*$/.test(gap.replace(/\n/g, '!'));
    const endsSentence = /[!?;\n]/.test(gap) || (gap.includes('.') && !abbreviation);
    if (tokens.length > 0 && endsSentence) sentence++;
    const first = word[0]!;
    const isLetter = /\p{L}/u.test(first);
    tokens.push({
      text: word,
      start: m.index,
      end: m.index + word.length,
      norm: comparable(word),
      capitalised: isLetter && first !== first.toLowerCase(),
      upper: isLetter && word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase(),
      sentenceStart: tokens.length === 0 || (endsSentence && !/;/.test(gap)) || /^\s*[-•*]\s*$/.test(gap),
      gapBefore: gap,
      sentence,
    });
    previousEnd = m.index + word.length;
  }
  return tokens;
}

/** True when only spaces separate two words ("Jean-Marc Payet", not "Payet, Jean"). */
export function adjacent(next: Token): boolean {
  return /^[ \t\u00a0\u202f]+$/.test(next.gapBefore);
}
