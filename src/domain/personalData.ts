/**
 * The personal-data guard (charter art. 12): nothing about an allocataire may be stored in
 * free text. `findPersonalData` finds what looks like personal data in a remark; the
 * commands refuse to store it (exit 5) or store `maskPersonalData`'s output under --masquer.
 *
 * Every detector is either a regular expression with bounded quantifiers or a linear scan,
 * so a megabyte of text is checked in a fraction of a second (no catastrophic backtracking).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export type PersonalDataKind =
  | 'nir'
  | 'numero_allocataire'
  | 'telephone'
  | 'courriel'
  | 'iban'
  | 'date_naissance'
  | 'civilite_nom';

/** French name of each kind, as the user reads it in refusals. */
export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  nir: 'numéro de sécurité sociale (NIR)',
  numero_allocataire: 'numéro d’allocataire',
  telephone: 'numéro de téléphone',
  courriel: 'adresse électronique',
  iban: 'IBAN',
  date_naissance: 'date de naissance',
  civilite_nom: 'nom de personne',
};

/** One piece of personal data found in a text: [start, end) are UTF-16 offsets. */
export interface PersonalDataFinding {
  kind: PersonalDataKind;
  start: number;
  end: number;
  text: string;
}

export interface FindPersonalDataOptions {
  /** Names that may appear after a civility (the animators of the entry). */
  allowedNames?: string[];
}

// When two detectors claim overlapping text, the more specific one wins: the digits of an
// IBAN or a NIR are also a long digit run, a phone number inside an e-mail is the e-mail.
const PRIORITY: PersonalDataKind[] = [
  'nir',
  'iban',
  'courriel',
  'date_naissance',
  'telephone',
  'civilite_nom',
  'numero_allocataire',
];

/** Finds personal data in `text`: sorted by position, never overlapping. */
export function findPersonalData(
  text: string,
  options: FindPersonalDataOptions = {},
): PersonalDataFinding[] {
  const candidates: PersonalDataFinding[] = [
    ...findNir(text),
    ...findIban(text),
    ...findEmails(text),
    ...findBirthDates(text),
    ...findPhones(text),
    ...findCivilityNames(text, options.allowedNames ?? []),
    ...findDigitRuns(text),
  ];
  candidates.sort(
    (a, b) =>
      PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start,
  );
  const kept: PersonalDataFinding[] = [];
  for (const candidate of candidates) {
    if (!kept.some((k) => candidate.start < k.end && k.start < candidate.end)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Replaces each finding by stars, keeping spaces and separators so the shape stays readable
 * ("06 92 12 34 56" -> "** ** ** ** **"); a civility stays visible ("M. Payet" -> "M. *****").
 */
export function maskPersonalData(text: string, findings: PersonalDataFinding[]): string {
  let out = '';
  let cursor = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < cursor) continue;
    const original = text.slice(f.start, f.end);
    let kept = '';
    if (f.kind === 'civilite_nom') kept = CIVILITY_PREFIX.exec(original)?.[0] ?? '';
    out += text.slice(cursor, f.start) + kept + original.slice(kept.length).replace(/[^\s.\-/@'’()+]/gu, '*');
    cursor = f.end;
  }
  return out + text.slice(cursor);
}

// ---------------------------------------------------------------------------------------
// Detectors

// Letters and digits on either side mean we are inside a longer word or number.
const BEFORE = '(?<![\\p{L}\\p{N}_])';
const AFTER = '(?![\\p{L}\\p{N}_])';
const SEP = '[ .\\-\\u00a0]?';

function finding(kind: PersonalDataKind, text: string, start: number, end: number): PersonalDataFinding {
  return { kind, start, end, text: text.slice(start, end) };
}

function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  return [...text.matchAll(re)];
}

/** Remainder of a long decimal string modulo 97, digit by digit (no BigInt needed). */
function mod97(digits: string): number {
  let rest = 0;
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97;
  return rest;
}

// NIR: sex, year, month, département (2A/2B for Corsica), commune, order, key.
// Month 20-42 and 50-99 exist (unknown birth month), so any two digits are accepted.
const NIR_RE = new RegExp(
  `${BEFORE}([1-478])${SEP}(\\d{2})${SEP}(\\d{2})${SEP}(\\d{2}|2[ABab])${SEP}(\\d{3})${SEP}(\\d{3})${SEP}(\\d{2})${AFTER}`,
  'gu',
);

/** True when the 2-digit key is 97 - (13-digit number mod 97); Corsica 2A/2B count as 19/18. */
export function isValidNir(body13: string, key: string): boolean {
  const numeric = body13.replace(/2A/i, '19').replace(/2B/i, '18');
  if (!/^\d{13}$/.test(numeric) || !/^\d{2}$/.test(key)) return false;
  return 97 - mod97(numeric) === Number(key);
}

function findNir(text: string): PersonalDataFinding[] {
  return allMatches(NIR_RE, text)
    .filter((m) => isValidNir(m.slice(1, 7).join(''), m[7]!))
    .map((m) => finding('nir', text, m.index, m.index + m[0].length));
}

// IBAN: country, check digits, then groups of exactly 4 (spaced or not) and a last shorter one.
// Fixed-size groups leave one way to split the text: groups of 1 to 4 would let the engine try
// every split before failing (seconds on a long uppercase word). The trailing characters are
// trimmed until the mod-97 check passes, so a following uppercase word is not swallowed.
const IBAN_RE = new RegExp(`${BEFORE}[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?${AFTER}`, 'gu');

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function isValidIban(compact: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  const digits = rearranged.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return mod97(digits) === 1;
}

// Lengths of the IBANs a Réunion logbook may meet; other countries are accepted at any
// length from 15 to 34 once the checksum holds.
const IBAN_LENGTHS: Record<string, number> = {
  FR: 27, MC: 27, DE: 22, BE: 16, ES: 24, IT: 27, PT: 25, LU: 20, NL: 18, CH: 21, GB: 22, MU: 30, MG: 27,
};

function findIban(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  for (const m of allMatches(IBAN_RE, text)) {
    const expected = IBAN_LENGTHS[m[0].slice(0, 2)];
    let candidate = m[0];
    while (candidate.replace(/ /g, '').length >= 15) {
      const compact = candidate.replace(/ /g, '');
      if ((expected === undefined || compact.length === expected) && isValidIban(compact)) {
        found.push(finding('iban', text, m.index, m.index + candidate.length));
        break;
      }
      candidate = candidate.slice(0, -1).trimEnd();
    }
  }
  return found;
}

// E-mail: found from each '@' outwards, a linear scan rather than a regex whose local part
// would be retried from every letter of a long word.
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

function findEmails(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && LOCAL_CHAR.test(text[start - 1]!)) start--;
    let end = at + 1;
    while (end < text.length && DOMAIN_CHAR.test(text[end]!)) end++;
    while (start < at && text[start] === '.') start++; // a sentence's full stop is not part of it
    while (end > at + 1 && /[.-]/.test(text[end - 1]!)) end--;
    const domain = text.slice(at + 1, end);
    if (start < at && /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(domain)) {
      found.push(finding('courriel', text, start, end));
    }
    at = text.indexOf('@', Math.max(end, at + 1));
  }
  return found;
}

// Birth date: a date right after "né le", "née le", "né(e) le" (optionally "né à X le"),
// or after "date de naissance". Only the date itself is the finding.
const MONTHS =
  'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|janv\\.?|f[ée]vr?\\.?|avr\\.?|juil\\.?|sept\\.?|oct\\.?|nov\\.?|d[ée]c\\.?';
const DATE =
  `(?:\\d{1,2}[/.\\-]\\d{1,2}[/.\\-](?:\\d{4}|\\d{2})|\\d{4}-\\d{2}-\\d{2}|(?:1er|\\d{1,2})\\s+(?:${MONTHS})\\s+\\d{4})${AFTER}`;
const BORN = `${BEFORE}[Nn](?:[ée]|e\\u0301)(?:\\(e\\)|e)?(?:\\s+[àa]\\s+[^,;:.\\n\\d]{1,40}?)?\\s+le`;
const BIRTH_RE = new RegExp(
  `(?:${BORN}|${BEFORE}(?:[Dd]ate\\s+de\\s+naissance|DDN)\\s*:?)\\s*(${DATE})`,
  'gu',
);

function findBirthDates(text: string): PersonalDataFinding[] {
  return allMatches(BIRTH_RE, text).map((m) => {
    const start = m.index + m[0].length - m[1]!.length;
    return finding('date_naissance', text, start, start + m[1]!.length);
  });
}

// Phones: a linear regex finds phone-shaped candidates (0X XX XX XX XX, 0692 12 34 56,
// +262 692..., 0033 6..., any single space, dot or dash between digits), then libphonenumber
// checks each with both default regions, since "06 12 34 56 78" is only valid for FR and
// "0692 12 34 56" is a Réunion number. Running libphonenumber's own text scanner over a whole
// text costs about a second per megabyte and region, hence the prefilter.
const PHONE_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_+])(?:(?:\\+|00)[ \\u00a0]?(?:33|262|269)[ .\\-\\u00a0]?(?:\\(0\\)[ .\\-\\u00a0]?)?|0)\\d(?:[ .\\-\\u00a0]?\\d){8}${AFTER}`,
  'gu',
);

function findPhones(text: string): PersonalDataFinding[] {
  return allMatches(PHONE_RE, text)
    .filter((m) => ['FR', 'RE'].some((region) => parsePhoneNumberFromString(m[0], region as 'FR' | 'RE')?.isValid()))
    .map((m) => finding('telephone', text, m.index, m.index + m[0].length));
}

// Civility followed by a capitalised name. "M. le Maire" or "Madame la directrice" is a
// function, not a person: an article or a title after the civility is not a name.
const CIVILITY = '(?:Monsieur|Madame|Mademoiselle|Mme|Mlle|Mr|M)';
const CIVILITY_PREFIX = new RegExp(`^${CIVILITY}\\.?\\s*`, 'u');
const NAME_WORD = "\\p{Lu}[\\p{L}'’]*(?:-\\p{Lu}[\\p{L}'’]*)?";
const CIVILITY_RE = new RegExp(
  `${BEFORE}(${CIVILITY})(?:\\.[ \\t\\u00a0\\u202f]*|[ \\t\\u00a0\\u202f]+)(${NAME_WORD}(?:[ \\t\\u00a0]${NAME_WORD}){0,2})`,
  'gu',
);
const NOT_A_NAME = new Set(
  [
    'le', 'la', 'les', "l'", 'l’', 'du', 'de', 'des', 'un', 'une', 'ce', 'cette', 'mon', 'ma',
    'maire', 'adjoint', 'adjointe', 'directeur', 'directrice', 'président', 'présidente',
    'préfet', 'préfète', 'sous-préfet', 'député', 'députée', 'conseiller', 'conseillère',
    'responsable', 'référent', 'référente', 'chef', 'cheffe', 'agent', 'agente', 'animateur',
    'animatrice', 'docteur', 'professeur', 'x', 'y', 'z',
  ].map((w) => w.normalize('NFC')),
);

function comparable(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function findCivilityNames(text: string, allowedNames: string[]): PersonalDataFinding[] {
  const allowed = new Set(allowedNames.flatMap((n) => n.split(/[\s]+/)).filter(Boolean).map(comparable));
  const found: PersonalDataFinding[] = [];
  for (const m of allMatches(CIVILITY_RE, text)) {
    const civility = m[1]!;
    let words = m[2]!.split(/[ \t\u00a0]/);
    // "M" alone (no dot) is too common as a letter: only "M." is a civility.
    if (civility === 'M' && !m[0].startsWith('M.')) continue;
    // Stop the name at the first word that is an article or a title.
    const firstOther = words.findIndex((w) => NOT_A_NAME.has(w.toLowerCase()) || /^[Ll]['’]/.test(w));
    if (firstOther !== -1) words = words.slice(0, firstOther);
    // Single letters ("M. X") are placeholders, not names.
    if (words.length === 0 || words[0]!.length < 2) continue;
    if (words.every((w) => allowed.has(comparable(w)))) continue;
    const nameLength = words.join(' ').length;
    const nameStart = m.index + m[0].length - m[2]!.length;
    found.push(finding('civilite_nom', text, m.index, nameStart + nameLength));
  }
  return found;
}

// Allocataire numbers and other identifiers: 7 digits or more in a row, unless it is an
// amount in euros ("1250000 €").
const DIGIT_RUN_RE = /(?<!\d)\d{7,}(?!\d)(?!(?:[.,]\d{1,2})?\s?(?:€|euros?\b|EUR\b))/gu;

function findDigitRuns(text: string): PersonalDataFinding[] {
  return allMatches(DIGIT_RUN_RE, text).map((m) =>
    finding('numero_allocataire', text, m.index, m.index + m[0].length),
  );
}
