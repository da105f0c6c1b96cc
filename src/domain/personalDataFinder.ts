/**
 * The personal-data guard (charter art. 12): nothing about an allocataire may be stored in
 * free text. `findPersonalData` finds what looks like personal data in a remark; the
 * commands refuse to store it (exit 5) or store `maskPersonalData`'s output under --masquer.
 *
 * Every detector is either a regular expression with bounded quantifiers or a linear scan,
 * so a megabyte of text is checked in a fraction of a second (no catastrophic backtracking).
 *
 * Phone numbers are checked by a `PhoneKey` given by the caller (./phoneKey.ts, libphonenumber):
 * the guard loads that library, the largest of its detectors, only for a text with digits.
 * ./personalData.ts binds it for every other caller.
 */
import { findPersonContext, comparableAddress } from './personContext.js';
import { allowedNameWords, findNames } from './personNames.js';
import { tokenize, type Token } from './textTokens.js';

export type PersonalDataKind =
  | 'nir'
  | 'numero_allocataire'
  | 'telephone'
  | 'courriel'
  | 'iban'
  | 'date_naissance'
  | 'civilite_nom'
  | 'nom_personne'
  | 'adresse'
  | 'proche'
  | 'situation';

/** French name of each kind, as the user reads it in refusals. */
export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  nir: 'numéro de sécurité sociale (NIR)',
  numero_allocataire: 'numéro d’allocataire',
  telephone: 'numéro de téléphone',
  courriel: 'adresse électronique',
  iban: 'IBAN',
  date_naissance: 'date de naissance',
  civilite_nom: 'nom de personne',
  nom_personne: 'nom de personne',
  adresse: 'adresse d’une personne',
  proche: 'proche désigné par son prénom ou son âge',
  situation: 'situation personnelle (dossier, santé, famille, justice)',
};

/** One piece of personal data found in a text: [start, end) are UTF-16 offsets. */
export interface PersonalDataFinding {
  kind: PersonalDataKind;
  start: number;
  end: number;
  text: string;
}

export interface FindPersonalDataOptions {
  /** Names that are not personal data here: staff, committee members, the confidentiality
   * register, registered places' names (so "Médiathèque Raphaël Barquissau" is no person). */
  allowedNames?: string[];
  /** The people the command itself names (the entry's own animators, the member being added):
   * their surname after a civility is allowed too, which a store-wide name is not. */
  closeNames?: string[];
  /** The registered places' own phone numbers (any form libphonenumber reads) and e-mails. */
  allowedPhones?: string[];
  allowedEmails?: string[];
  /** The registered places' own addresses. */
  allowedAddresses?: string[];
}

// When two detectors claim overlapping text, the more specific one wins: the digits of an
// IBAN or a NIR are also a long digit run, a phone number inside an e-mail is the e-mail.
const PRIORITY: PersonalDataKind[] = [
  'nir',
  'iban',
  'courriel',
  'date_naissance',
  'telephone',
  'adresse',
  'proche',
  'civilite_nom',
  'nom_personne',
  'situation',
  'numero_allocataire',
];

/** E.164 form of a phone number as written, or undefined when it is none (./phoneKey.ts). */
export type PhoneKey = (written: string) => string | undefined;

/** Finds personal data in `text`, phones checked by `phoneKey`: sorted by position, never overlapping. */
export function findPersonalDataWith(
  phoneKey: PhoneKey,
  text: string,
  options: FindPersonalDataOptions = {},
): PersonalDataFinding[] {
  const tokens = tokenize(text);
  const names = findNames(tokens, text, { allowed: allowedNameWords(options.allowedNames ?? [], options.closeNames ?? []) });
  const nameTokens = new Set<number>();
  for (const n of names) for (let k = n.first; k <= n.last; k++) nameTokens.add(k);
  const context = findPersonContext(tokens, text, nameTokens, {
    allowedAddresses: (options.allowedAddresses ?? []).map(comparableAddress).filter((a) => a.length > 4),
  });
  const allowedEmails = new Set((options.allowedEmails ?? []).map((e) => compactEmail(e)));
  // Identifiers that are no person's: a SIRET or SIREN said to be one, an ISBN, an update number.
  // NIR, IBAN, birth dates, phones and identifiers all hold digits: most remarks have none, and
  // skipping their detectors spares compiling a dozen Unicode expressions on a command's first check.
  const digits = /[0-9]/.test(text);
  const allowedPhones = new Set(digits ? (options.allowedPhones ?? []).map(phoneKey).filter((p): p is string => p !== undefined) : []);
  const publicIds = digits ? findPublicIdentifiers(text) : [];
  const numeric = new Set<PersonalDataKind>(['numero_allocataire', 'telephone']);
  const candidates: PersonalDataFinding[] = [
    ...(digits ? findNir(text) : []),
    ...(digits ? findIban(text) : []),
    ...findEmails(text).filter((f) => !allowedEmails.has(compactEmail(f.text))),
    ...(digits ? findBirthDates(text, tokens) : []),
    ...(digits ? findPhones(text, phoneKey).filter((f) => !allowedPhones.has(phoneKey(f.text) ?? '')) : []),
    ...names.map((n) => finding(n.withCivility ? 'civilite_nom' : 'nom_personne', text, tokens[n.first]!.start, tokens[n.last]!.end)),
    ...context.map((c) => finding(c.kind, text, c.start, c.end)),
    ...(digits ? findDigitRuns(text) : []),
  ].filter((c) => !(numeric.has(c.kind) && publicIds.some((p) => c.start < p.end && p.start < c.end)));
  return resolveOverlaps(text, candidates);
}

// Overlapping findings of one kind are one item (masked whole); when kinds overlap, the more
// specific wins: the digits of an IBAN or a NIR are also a long digit run.
function resolveOverlaps(text: string, found: PersonalDataFinding[]): PersonalDataFinding[] {
  const candidates: PersonalDataFinding[] = [];
  for (const f of [...found].sort((a, b) => a.start - b.start)) {
    const same = candidates.find((c) => c.kind === f.kind && f.start < c.end && c.start < f.end);
    if (same) {
      same.end = Math.max(same.end, f.end);
      same.text = text.slice(same.start, same.end);
    } else candidates.push({ ...f });
  }
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
 * The whole item is masked: every character of an IBAN, every part of a birth date.
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

const CIVILITY_PREFIX = /^(?:monsieur|madame|mademoiselle|messieurs|mesdames|mmes|mme|mlles|mlle|mrs|mr|mm|m)\.?\s*/iu;

// ---------------------------------------------------------------------------------------
// Detectors

// Letters and digits on either side mean we are inside a longer word or number.
const BEFORE = '(?<![\\p{L}\\p{N}_])';
const AFTER = '(?![\\p{L}\\p{N}_])';
const SEP = '[ .\\-\\u00a0]?';
// The same boundaries for case-insensitive expressions, over Latin letters and without the Unicode
// flag: V8 compiles a case-insensitive \\p{L} class slowly, and a command pays it on its first check.
const BEFORE_LATIN = '(?<![A-Za-z0-9_\\u00c0-\\u024f])';
const AFTER_LATIN = '(?![A-Za-z0-9_\\u00c0-\\u024f])';

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

/**
 * An expression built on its first use. V8 parses an expression, and looks up its Unicode
 * classes, when it is built: the detectors of numbers run only on a text with digits, which most
 * remarks have none of, so a command's first check does not pay for theirs.
 */
function lazily(make: () => RegExp): () => RegExp {
  let built: RegExp | undefined;
  return () => (built ??= make());
}

// NIR: sex, year, month, département (2A/2B for Corsica), commune, order, key.
// Month 20-42 and 50-99 exist (unknown birth month), so any two digits are accepted.
const NIR_RE = lazily(() => new RegExp(
  `${BEFORE}([1-478])${SEP}(\\d{2})${SEP}(\\d{2})${SEP}(\\d{2}|2[ABab])${SEP}(\\d{3})${SEP}(\\d{3})${SEP}(\\d{2})${AFTER}`,
  'gu',
));

/** True when the 2-digit key is 97 - (13-digit number mod 97); Corsica 2A/2B count as 19/18. */
export function isValidNir(body13: string, key: string): boolean {
  const numeric = body13.replace(/2A/i, '19').replace(/2B/i, '18');
  if (!/^\d{13}$/.test(numeric) || !/^\d{2}$/.test(key)) return false;
  return 97 - mod97(numeric) === Number(key);
}

function findNir(text: string): PersonalDataFinding[] {
  return allMatches(NIR_RE(), text)
    .filter((m) => isValidNir(m.slice(1, 7).join(''), m[7]!))
    .map((m) => finding('nir', text, m.index, m.index + m[0].length));
}

// IBAN: country, check digits, then 11 to 30 letters or digits, each optionally after one space
// or dash ("FR 76 1627 …", "FR76-1627-…", RIB-like groups "18719 00001 …"). One character per step
// leaves one way to read the text (no backtracking blow-up); the tail is then trimmed until the
// mod-97 check passes, so a following word is not swallowed. Lower case is read too, for the
// countries a Réunion logbook meets.
const IBAN_RE = lazily(() => new RegExp(
  `${BEFORE}(?:[A-Z]{2}|(?:fr|mc|de|be|es|it|pt|lu|nl|ch|gb|mu|mg|Fr|Mc|De|Be|Es|It|Pt|Lu|Nl|Ch|Gb|Mu|Mg))[ \\-]?\\d{2}(?:[ \\-]?[A-Za-z0-9]){11,30}`,
  'gu',
));

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
  const re = new RegExp(IBAN_RE().source, IBAN_RE().flags);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let candidate = m[0];
    // A failed candidate ("de 14h30 FR76…") may hide the real one inside it: retry one further.
    re.lastIndex = m.index + 1;
    const expected = IBAN_LENGTHS[candidate.slice(0, 2).toUpperCase()];
    while (candidate.replace(/[ -]/g, '').length >= 15) {
      const compact = candidate.replace(/[ -]/g, '').toUpperCase();
      // An account number is mostly digits: words glued after "de 12" are not one.
      const digits = compact.slice(4).replace(/\D/g, '').length;
      if ((expected === undefined || compact.length === expected) && digits * 10 >= (compact.length - 4) * 6 && isValidIban(compact)) {
        found.push(finding('iban', text, m.index, m.index + candidate.length));
        re.lastIndex = m.index + candidate.length;
        break;
      }
      candidate = candidate.slice(0, -1).replace(/[ -]+$/, '');
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
  const spelled = findSpelledEmails(text).filter((s) => !found.some((f) => s.start < f.end && f.start < s.end));
  return [...found, ...spelled];
}

// E-mails written out or spaced: "payet arobase gmail point com", "payet (at) orange.fr",
// "payet @ orange . fr". The part after the at-sign must end with a top-level domain or be a
// known mail provider, so "rendez-vous at home" is not one.
const AT_WORD = '(?:\\s*@\\s*|\\s*[(\\[]\\s*(?:at|arobase|arobas|@)\\s*[)\\]]\\s*|\\s+(?:arobase|arrobase|arobas|arobaze|arobaz|at)\\s+)';
const DOT_WORD = '(?:\\s*\\.\\s*|\\s*[(\\[]\\s*(?:point|dot)\\s*[)\\]]\\s*|\\s+(?:point|dot)\\s+)';
const PROVIDERS = 'gmail|hotmail|yahoo|orange|wanadoo|free|sfr|laposte|outlook|live|icloud|msn|aol|gmx|protonmail|proton|caf|ymail|outlook';
const SPELLED_EMAIL_RE = new RegExp(
  `${BEFORE_LATIN}[A-Za-z0-9][A-Za-z0-9._-]{0,63}${AT_WORD}(?:[A-Za-z0-9-]{2,63}(?:${DOT_WORD}[A-Za-z0-9-]{2,63}){0,2}${DOT_WORD}(?:fr|com|net|org|re|eu|io|be|ch|info|biz)|(?:${PROVIDERS}))${AFTER_LATIN}`,
  'gi',
);

function findSpelledEmails(text: string): PersonalDataFinding[] {
  if (!/@|arob|\(at\)|\[at\]| at /i.test(text)) return [];
  return allMatches(SPELLED_EMAIL_RE, text).map((m) => finding('courriel', text, m.index, m.index + m[0].length));
}

/** An e-mail as compared with the places' own: lower case, no spaces. */
function compactEmail(email: string): string {
  return email.toLowerCase().replace(/\s+/g, '');
}

// Birth date: a date right after "né le", "NEE LE", "ne le", "né(e) à X le", "date de naissance",
// "date naiss.", "DDN", "naissance", or a year after "né(e) en". Only the date (and a correction
// in brackets after it, "(ou 1991)") is the finding. "Le partenariat est né le 15 mars 2026" is
// no person's: a thing named just before "né" and no person makes it a date like any other.
const MONTHS =
  'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|janv\\.?|f[ée]vr?\\.?|avr\\.?|juil\\.?|sept\\.?|oct\\.?|nov\\.?|d[ée]c\\.?';
const DATE =
  `(?:\\d{1,2}[/.\\-]\\d{1,2}[/.\\-](?:\\d{4}|\\d{2})|\\d{4}-\\d{2}-\\d{2}|(?:1er|\\d{1,2})\\s+(?:${MONTHS})\\s+(?:\\d{4}|\\d{2}))${AFTER_LATIN}`;
const BORN = `${BEFORE_LATIN}n(?:[ée]|e\\u0301)?(?:\\(e\\)|e)?(?:\\s+[àa]\\s+[^,;:.\\n\\d]{1,40}?)?\\s+le`;
const BIRTH_CUE = `${BEFORE_LATIN}(?:date\\s+(?:de\\s+)?naiss(?:ance|\\.)?|d\\.?d\\.?n\\.?|naissance)\\s*[:=]?\\s*(?:le\\s+|du\\s+)?`;
const BIRTH_RE = lazily(() => new RegExp(`(?:${BORN}\\s*|${BIRTH_CUE})(${DATE})(\\s*\\((?:[^()\\d]{0,20})\\d{2,4}[^()]{0,10}\\))?`, 'gi'));
const BIRTH_YEAR_RE = lazily(() => new RegExp(`${BEFORE_LATIN}n(?:[ée]|e\\u0301)(?:\\(e\\)|e)?\\s+en\\s+((?:19|20)\\d{2}|\\d{2})${AFTER_LATIN}`, 'gi'));

// Things that are "nés" too: a partnership, a project, a workshop.
const NOT_BORN = new Set(
  `partenariat projet atelier charte idee espace dispositif association reseau collaboration service site club groupe programme
   initiative accord convention comite structure mpt mediatheque epn lieu centre action cafcharte outil application`.split(/\s+/),
);
const BORN_PERSON = new Set('personne dame monsieur madame mme enfant bebe fils fille il elle mari femme jeune allocataire usager'.split(' '));

/**
 * "Le partenariat est né le…": a thing named with its determiner just before "est né" is what
 * was born, and a date before 2000 is never a thing of this charter's.
 */
function thingIsBorn(tokens: Token[], offset: number, date: string): boolean {
  const year = /(\d{4})\s*$/.exec(date)?.[1];
  if (year !== undefined && Number(year) < 2000) return false;
  let i = tokens.findIndex((t) => t.end > offset);
  if (i === -1) i = tokens.length;
  const sentence = tokens[i]?.sentence ?? tokens.at(-1)?.sentence;
  const before = tokens.slice(Math.max(0, i - 4), i).filter((t) => t.sentence === sentence).map((t) => t.norm);
  if (before.some((w) => BORN_PERSON.has(w))) return false;
  // [determiner] thing est|était|a été né: without the verb, "atelier né le…" reads as a person's.
  let verb = false;
  while (['est', 'etait', 'a', 'ete', 'officiellement', 'donc'].includes(before.at(-1) ?? '')) {
    verb = true;
    before.pop();
  }
  if (!verb) return false;
  const thing = before.pop();
  const determiner = before.pop();
  return thing !== undefined && NOT_BORN.has(thing) && determiner !== undefined && ['le', 'la', 'l', 'ce', 'cet', 'cette', 'notre', 'un', 'une', 'ton', 'votre'].includes(determiner);
}

function findBirthDates(text: string, tokens: Token[]): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  for (const m of allMatches(BIRTH_RE(), text)) {
    const whole = m[1]! + (m[2] ?? '');
    const start = m.index + m[0].length - whole.length;
    if (thingIsBorn(tokens, m.index, m[1]!)) continue;
    found.push(finding('date_naissance', text, start, start + whole.length));
  }
  for (const m of allMatches(BIRTH_YEAR_RE(), text)) {
    const start = m.index + m[0].length - m[1]!.length;
    if (thingIsBorn(tokens, m.index, m[1]!)) continue;
    found.push(finding('date_naissance', text, start, start + m[1]!.length));
  }
  return found;
}

// Phones: a linear regex finds phone-shaped candidates (0X XX XX XX XX, 0692 12 34 56,
// +262 692..., 0033 6..., any single space, dot or dash between digits), then libphonenumber
// checks each with both default regions, since "06 12 34 56 78" is only valid for FR and
// "0692 12 34 56" is a Réunion number (./phoneKey.ts). Running libphonenumber's own text scanner over a whole
// text costs about a second per megabyte and region, hence the prefilter.
const PHONE_RE = lazily(() => new RegExp(
  `(?<![\\p{L}\\p{N}_+])(?:(?:\\+|00)[ \\u00a0]?(?:33|262|269)[ .\\-\\u00a0]?(?:\\(0\\)[ .\\-\\u00a0]?)?|0)\\d(?:[ .\\-\\u00a0]?\\d){8}${AFTER}`,
  'gu',
));

// Also read: the country code glued to the number ("262692123456", "00262692123456") and
// Réunion or Mayotte numbers without their leading 0 ("692 12 34 56").
const PHONE_GLUED_RE = lazily(() => new RegExp(`(?<![\\p{L}\\p{N}_+])(?:\\+|00)?(?:262|269|33)(?:[ .\\-\\u00a0]?\\d){9}${AFTER}`, 'gu'));
const PHONE_NO_ZERO_RE = lazily(() => new RegExp(`(?<![\\p{L}\\p{N}_+])(?:262|263|269|639|692|693)(?:[ .\\-\\u00a0]?\\d{2}){3}${AFTER}`, 'gu'));

// The area code in brackets: "(0262) 27 12 34", "(+262) 692 12 34 56".
const PHONE_BRACKETS_RE = lazily(() => new RegExp(`(?<![\\p{L}\\p{N}_])\\((?:\\+|00)?\\d{1,4}\\)[ .\\-\\u00a0]?\\d(?:[ .\\-\\u00a0]?\\d){4,9}${AFTER}`, 'gu'));

function findPhones(text: string, phoneKey: PhoneKey): PersonalDataFinding[] {
  return [PHONE_RE(), PHONE_GLUED_RE(), PHONE_NO_ZERO_RE(), PHONE_BRACKETS_RE()]
    .flatMap((re) => allMatches(re, text))
    .filter((m) => phoneKey(m[0]) !== undefined)
    .map((m) => finding('telephone', text, m.index, m.index + m[0].length));
}

// Allocataire numbers and other identifiers: 7 digits or more in a row, unless it is an amount
// in euros ("1250000 €") or glued to letters like a software update ("KB5034441").
const DIGIT_RUN_RE = lazily(() => /(?<![\d\p{L}])\d{7,}(?!\d)(?!(?:[.,]\d{1,2})?\s?(?:€|euros?\b|EUR\b))/gu);

function findDigitRuns(text: string): PersonalDataFinding[] {
  return allMatches(DIGIT_RUN_RE(), text).map((m) =>
    finding('numero_allocataire', text, m.index, m.index + m[0].length),
  );
}

/** Luhn check (SIREN, SIRET). */
export function isValidLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISBN-10 (key 0-9 or X) and ISBN-13 (978/979) checks. */
export function isValidIsbn(compact: string): boolean {
  if (/^97[89]\d{10}$/.test(compact)) {
    const sum = [...compact].reduce((acc, c, i) => acc + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
    return sum % 10 === 0;
  }
  if (/^\d{9}[\dX]$/i.test(compact)) {
    const sum = [...compact].reduce((acc, c, i) => acc + (c.toUpperCase() === 'X' ? 10 : Number(c)) * (10 - i), 0);
    return sum % 11 === 0;
  }
  return false;
}

// "SIRET 362 521 879 00034", "SIREN : 362521879", "ISBN 978-2-07-036822-8": numbers of
// organisations and books, checked by their key; without a valid key they stay refused.
const SIRE_RE = lazily(() => /(?<![A-Za-z\u00c0-\u024f])(siret|siren)\s*(?:n°|no|num[ée]ro)?\s*[:=]?\s*(\d(?:[ .\u00a0]?\d){8,13})(?!\d)/gi);
const ISBN_RE = lazily(() => /(?<![A-Za-z0-9\u00c0-\u024f])(?:(isbn)(?:-1[03])?\s*:?\s*)?(97[89][ -]?(?:\d[ -]?){9}\d|\d(?:[ -]?\d){8}[ -]?[\dXx])(?![A-Za-z0-9\u00c0-\u024f])/gi);

function findPublicIdentifiers(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  // Most remarks have no run of nine digits: nothing to look for.
  if (!/\d(?:[ .\u00a0-]?\d){8}/.test(text)) return spans;
  for (const m of allMatches(SIRE_RE(), text)) {
    const digits = m[2]!.replace(/\D/g, '');
    const kind = m[1]!.toLowerCase();
    if ((digits.length === 14 || (digits.length === 9 && kind === 'siren')) && isValidLuhn(digits)) {
      spans.push({ start: m.index + m[0].length - m[2]!.length, end: m.index + m[0].length });
    }
  }
  for (const m of allMatches(ISBN_RE(), text)) {
    const compact = m[2]!.replace(/[ -]/g, '');
    // A 13-digit ISBN carries its own prefix; a 10-digit one must be called an ISBN.
    if ((compact.length === 13 || m[1]) && isValidIsbn(compact)) spans.push({ start: m.index + m[0].length - m[2]!.length, end: m.index + m[0].length });
  }
  return spans;
}
