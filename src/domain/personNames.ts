// Names of people in a remark, with or without civility. The word lists (data/noms-personnes.json:
// French given names, surnames common in La Réunion and in France) say which words can be names;
// capitalisation and position say whether they are used as one. Staff names, committee
// members and the names inside registered places ("Médiathèque Raphaël Barquissau") are allowed.
import lists from '../../data/noms-personnes.json' with { type: 'json' };
import { adjacent, comparable, type Token } from './textTokens.js';

/** A name found: tokens [first, last] of the text (the civility included when there is one). */
export interface NameSpan {
  first: number;
  last: number;
  withCivility: boolean;
}

interface NameLists {
  given: Set<string>;
  givenAmbiguous: Set<string>;
  reunion: Set<string>;
  surname: Set<string>;
  surnameAmbiguous: Set<string>;
}

let cached: NameLists | undefined;

/** The lists as sets, built once per process (a few milliseconds). */
export function nameLists(): NameLists {
  cached ??= {
    given: new Set(lists.prenoms),
    givenAmbiguous: new Set(lists.prenomsMotsCourants),
    reunion: new Set(lists.nomsReunion),
    surname: new Set(lists.noms),
    surnameAmbiguous: new Set(lists.nomsMotsCourants),
  };
  return cached;
}

type Strength = 'strong' | 'ambiguous' | undefined;

/** How surely a word is a given name or surname: "Payet" strong, "Rose" ambiguous, "atelier" no. */
function nameStrength(norm: string): { strength: Strength; reunion: boolean } {
  const l = nameLists();
  if (l.reunion.has(norm)) return { strength: 'strong', reunion: true };
  if (l.given.has(norm) || l.surname.has(norm)) return { strength: 'strong', reunion: false };
  if (l.givenAmbiguous.has(norm) || l.surnameAmbiguous.has(norm)) return { strength: 'ambiguous', reunion: false };
  // Compound given names not in the list: "Jean-Hugues", "Marie-Nella", "Lou-Anne".
  const parts = norm.split('-');
  if (parts.length > 1 && parts.every((p) => l.given.has(p) || l.givenAmbiguous.has(p) || l.reunion.has(p) || l.surname.has(p))) {
    if (PLACE_PREFIXES.has(parts[0]!)) return { strength: undefined, reunion: false };
    return { strength: parts.some((p) => l.given.has(p) || l.reunion.has(p)) ? 'strong' : 'ambiguous', reunion: false };
  }
  return { strength: undefined, reunion: false };
}

// "Saint-Pierre", "Sainte-Marie", "St Louis": communes, not people.
const PLACE_PREFIXES = new Set(['saint', 'sainte', 'st', 'ste', 'grand', 'petit', 'petite', 'pont', 'bras', 'ravine', 'riviere', 'plaine', 'piton', 'notre']);

// A name right after these words is part of a place's or a street's name ("rue Hubert Delisle",
// "collège Michel Debré", "médiathèque Raphaël Barquissau").
const PLACE_WORDS = new Set(
  `rue avenue av boulevard bd chemin ch allee impasse place route rte sentier ruelle lotissement lot cite residence quartier
   ecole college lycee mediatheque bibliotheque salle stade gymnase centre maison espace complexe parc square hopital clinique
   chu pharmacie eglise mairie mpt case creche foyer association asso club magasin supermarche aeroport gare port pont
   boulangerie institut universite iut campus piscine theatre cinema musee marche jardin halle epn fondation prix
   saint sainte st ste dr docteur professeur`.split(/\s+/).filter(Boolean),
);

// Words before a name that say a person follows ("famille Payet", "allocataire : Grondin").
const PERSON_CUES = new Set(
  `famille fam allocataire usager usagere beneficiaire dame chez nomme nommee appele appelee
   jeune mamie papi maman papa tonton tata tantine gramoune`.split(/\s+/).filter(Boolean),
);

// Capitalised words that are never names on their own (sentence words, months, days, holidays,
// places), and the function words that stop a name.
const NOT_NAMES = new Set(
  `le la les l un une des du de d et ou mais pour par avec sans sur sous dans au aux en ce cet cette ces il elle ils elles on
   nous vous je tu j qui que qu quoi son sa ses leur leurs mon ma mes ton ta tes notre votre tres pas plus moins bien bon bonne
   est a ont etait sont fait rien tout tous toute toutes apres avant depuis pendant vers chez lui eux y ne n s c m
   lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout septembre octobre
   novembre decembre noel paques toussaint ascension assomption pentecote carnaval internet paris python nova eden atlas
   christ jesus prince reine fontaine riviere bois bras france reunion tampon caf mpt cafres mares creux
   monsieur madame mademoiselle mme mlle mr messieurs mesdames mm mmes mlles veuve vve epouse ep nee
   iban rib nir rsa aah apl als alf ars asf paje css cmu ame ase ccas epn cpam msa ants anah adil pmi ddn sdf oqtf rdv tel pdf
   usb wifi sms cv are ass ij siret siren isbn kb`.split(/\s+/).filter(Boolean),
);

// After a civility, a title or an article says the person is named by function, not by name.
const TITLES = new Set(
  `le la les l du de des un une ce cette mon ma maire adjoint adjointe directeur directrice president presidente prefet prefete
   sous-prefet depute deputee conseiller conseillere responsable referent referente chef cheffe agent agente animateur animatrice
   docteur professeur x y z est a etait sera qui que et ou`.split(/\s+/).filter(Boolean),
);

const CIVILITIES = new Set(['monsieur', 'madame', 'mademoiselle', 'mme', 'mmes', 'mlle', 'mlles', 'mr', 'm', 'mm', 'messieurs', 'mesdames', 'mrs']);
const MARITAL = new Set(['veuve', 'vve', 'epouse', 'ep', 'nee']);

export interface NameOptions {
  /** Allowed names (staff, committee, register, registered places), each as its comparable words. */
  allowed: AllowedNames;
}

/** Allowed names, each kept whole as its comparable words (hyphenated parts added). */
export interface AllowedNames {
  /** Names the store knows (staff, committee, register, places): whole names only, see isAllowed. */
  known: Set<string>[];
  /** The people the command itself names (the entry's animators, the member being added): here a
   * surname after a civility is theirs too ("atelier mené par Mme Payet" by Sophie Payet). */
  close: Set<string>[];
}

function nameWords(name: string): Set<string> {
  const words = new Set<string>();
  for (const w of comparable(name).split(/[^\p{L}-]+/u).filter((x) => x.length > 1)) {
    words.add(w);
    for (const part of w.split('-')) if (part.length > 1) words.add(part);
  }
  return words;
}

/** Splits each allowed name into comparable words: "Marie-Thérèse TECHER" -> {marie-therese, marie, therese, techer}. */
export function allowedNameWords(known: readonly string[], close: readonly string[] = []): AllowedNames {
  return { known: known.map(nameWords), close: close.map(nameWords) };
}

/**
 * A name found in a text is allowed when its words all belong to ONE allowed name. For a name the
 * command was given, any part will do. For a name the store knows, at least two of its words
 * ("Nadia Técher", "Raphaël Barquissau") or a given name alone ("Nadia"): a surname alone is never
 * enough, since the common surnames of La Réunion are shared by staff and allocataires alike
 * ("Mme Payet" is not the animator Paul Payet of another workshop).
 */
function isAllowed(tokens: Token[], from: number, to: number, allowed: AllowedNames): boolean {
  const words: string[] = [];
  let civility = false;
  for (let i = from; i <= to; i++) {
    const t = tokens[i]!;
    if (CIVILITIES.has(t.norm) || MARITAL.has(t.norm)) civility = true;
    else if (t.norm !== 'et') words.push(t.norm);
  }
  if (words.length === 0) return true;
  const within = (name: Set<string>) => words.every((w) => name.has(w));
  if (allowed.close.some(within)) return true;
  const given = nameLists().given;
  return allowed.known.some((name) => within(name) && (new Set(words).size >= 2 || (!civility && words[0]!.split('-').every((part) => given.has(part)))));
}

/** A word that may stand for a name after a civility (lower case is how tired people type). */
function nameAfterCivility(t: Token): boolean {
  if (!/\p{L}/u.test(t.text[0]!)) return false;
  if (TITLES.has(t.norm) || (NOT_NAMES.has(t.norm) && !t.capitalised)) return false;
  // In lower case only a known name: "mme lebon", "mr hoarau", not "Monsieur souhaite".
  if (!t.capitalised && nameStrength(t.norm).strength === undefined) return false;
  return t.norm.length >= 2;
}

function findCivilityNames(tokens: Token[], text: string, allowed: AllowedNames): NameSpan[] {
  const spans: NameSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const civility = tokens[i]!;
    if (!CIVILITIES.has(civility.norm)) continue;
    let j = i + 1;
    const dotted = text[civility.end] === '.';
    const next = tokens[j];
    if (!next || next.sentence !== civility.sentence && !dotted) continue;
    // "M" without a dot is a civility only before a capitalised known name: "M Turpin".
    if (civility.norm === 'm' || civility.norm === 'mm') {
      const upperM = civility.text[0] === 'M';
      const known = nameStrength(next.norm).strength !== undefined;
      if (!dotted && !(upperM && next.capitalised && (known || next.upper))) continue;
      if (dotted && !upperM && !known && !next.capitalised) continue;
    }
    if (!/^\.?[ \t\u00a0\u202f]*$/.test(next.gapBefore)) continue;
    if (MARITAL.has(next.norm) && tokens[j + 1]) j++;
    // Lower-case full civilities ("madame est venue") need a name that looks like one.
    const full = civility.norm.length > 4;
    let last = -1;
    let k = j;
    while (k < tokens.length && k < j + 3) {
      const t = tokens[k]!;
      if (k > j && !adjacent(t) && !/^\s*-\s*$/.test(t.gapBefore)) break;
      if (!nameAfterCivility(t)) break;
      if (full && !civility.capitalised && !t.capitalised && nameStrength(t.norm).strength === undefined) break;
      if (k > j && !t.capitalised && nameStrength(t.norm).strength === undefined) break;
      last = k;
      k++;
      // "Mmes Payet et Hoarau": the second name belongs to the same civility.
      if (tokens[k]?.norm === 'et' && tokens[k + 1] && nameAfterCivility(tokens[k + 1]!) && (tokens[k + 1]!.capitalised || nameStrength(tokens[k + 1]!.norm).strength)) {
        if (/s$/.test(civility.norm) || civility.norm === 'mm') k++;
      }
    }
    if (last === -1) continue;
    // A single letter ("M. X") is a placeholder.
    if (last === j && tokens[j]!.norm.length < 2) continue;
    if (isAllowed(tokens, j, last, allowed)) continue;
    spans.push({ first: i, last, withCivility: true });
    i = last;
  }
  return spans;
}

function isPlaceContext(tokens: Token[], i: number): boolean {
  const previous = tokens[i - 1];
  if (!previous) return false;
  if (PLACE_WORDS.has(previous.norm)) return true;
  // "médiathèque de Trois-Mares", "école Jules Ferry": look one more word back over de/du/des.
  const before = tokens[i - 2];
  return ['de', 'du', 'des'].includes(previous.norm) && before !== undefined && PLACE_WORDS.has(before.norm) && before.norm !== 'chez';
}

interface WordInfo {
  strength: Strength;
  reunion: boolean;
  /** Capitalised unknown word, not a function word: may be an unknown surname next to a known name. */
  unknownCapital: boolean;
}

function wordInfo(t: Token): WordInfo {
  if (!/\p{L}/u.test(t.text[0]!) || NOT_NAMES.has(t.norm)) return { strength: undefined, reunion: false, unknownCapital: false };
  const { strength, reunion } = nameStrength(t.norm);
  // Short upper-case words are acronyms (CAF, MPT, RSA, AAH), not names.
  const unknownCapital = strength === undefined && t.capitalised && !(t.upper && t.text.length <= 4) && t.norm.length >= 3;
  return { strength, reunion, unknownCapital };
}

/** Names without civility: known given names and surnames, by capitalisation and position. */
function findBareNames(tokens: Token[], taken: Set<number>, allowed: AllowedNames): NameSpan[] {
  const spans: NameSpan[] = [];
  const info = tokens.map(wordInfo);
  let i = 0;
  while (i < tokens.length) {
    if (taken.has(i) || (info[i]!.strength === undefined && !info[i]!.unknownCapital)) {
      i++;
      continue;
    }
    // A run of name-like words separated by spaces only.
    let j = i;
    while (j + 1 < tokens.length && !taken.has(j + 1) && adjacent(tokens[j + 1]!) && (info[j + 1]!.strength !== undefined || info[j + 1]!.unknownCapital)) j++;
    const span = judgeRun(tokens, info, i, j, allowed);
    if (span) spans.push(span);
    i = j + 1;
  }
  return spans;
}

// Words before a name that say it is a member of staff ("animé par Sophie", "avec l'animatrice
// Karine"): staff names are not personal data in the sense of art. 12.
const STAFF_CUES = new Set(
  `anime animee animes animees animateur animatrice animateurs animatrices collegue collegues stagiaire stagiaires benevole
   benevoles referent referente remplace remplacee mediateur mediatrice conseiller conseillere agent agente responsable
   directeur directrice coordinateur coordinatrice civique accueillis accueillies`.split(/\s+/).filter(Boolean),
);

function staffBefore(tokens: Token[], from: number): boolean {
  const sentence = tokens[from]!.sentence;
  for (let k = from - 1; k >= Math.max(0, from - 6); k--) {
    const t = tokens[k]!;
    if (t.sentence !== sentence) return false;
    if (STAFF_CUES.has(t.norm)) return true;
    // Over "par", "avec", "l'", "et", and other names: "animé par Sophie et Karine".
    if (!['par', 'avec', 'l', 'la', 'le', 'et', 'de', 'du', 'notre', 'nos'].includes(t.norm) && !(t.capitalised && wordInfo(t).strength !== undefined)) return false;
  }
  return false;
}

function judgeRun(tokens: Token[], info: WordInfo[], from: number, to: number, allowed: AllowedNames): NameSpan | undefined {
  // "Médiathèque Raphaël Barquissau", "rue Hubert Delisle", "collège de Bourg-Murat": places.
  if (isPlaceContext(tokens, from) || PLACE_WORDS.has(tokens[from]!.norm)) return undefined;
  if (staffBefore(tokens, from)) return undefined;
  const run = info.slice(from, to + 1);
  const known = run.filter((w) => w.strength !== undefined);
  if (known.length === 0) {
    // Unknown capitalised words are a name only after a cue: "famille Sinimalé", "allocataire : Abdallah".
    return cueBefore(tokens, from) && tokens[from]!.capitalised ? checkAllowed(tokens, from, to, allowed) : undefined;
  }
  const anyStrong = known.some((w) => w.strength === 'strong');
  const capitalised = tokens.slice(from, to + 1).map((t) => t.capitalised);
  if (to > from) {
    // Two words or more: a known name next to another name-like word.
    const allCapital = capitalised.every(Boolean);
    const allKnown = known.length === run.length;
    if (anyStrong && (allCapital || allKnown)) return checkAllowed(tokens, from, to, allowed);
    if (!anyStrong && allCapital && (known.length >= 2 || !tokens[from]!.sentenceStart)) return checkAllowed(tokens, from, to, allowed);
    if (cueBefore(tokens, from)) return checkAllowed(tokens, from, to, allowed);
    return undefined;
  }
  const t = tokens[from]!;
  const w = info[from]!;
  if (cueBefore(tokens, from) && (t.capitalised || w.strength !== undefined)) return checkAllowed(tokens, from, to, allowed);
  if (w.strength === 'strong') {
    if (t.capitalised) return checkAllowed(tokens, from, to, allowed);
    // In lower case only the surnames of La Réunion, which are no French words ("payet", "hoarau").
    if (w.reunion && !['le', 'la', 'un', 'une', 'du', 'de', 'des', 'au', 'aux', 'ce', 'cette'].includes(tokens[from - 1]?.norm ?? '')) return checkAllowed(tokens, from, to, allowed);
    return undefined;
  }
  if (w.strength === 'ambiguous' && t.capitalised && (t.upper || !t.sentenceStart)) {
    const previous = tokens[from - 1];
    // "la Rose", "une Fontaine": an article before a capital is a thing or a place.
    if (previous && ['le', 'la', 'les', 'l', 'un', 'une', 'du', 'de', 'des', 'au', 'aux'].includes(previous.norm) && !t.upper) return undefined;
    return checkAllowed(tokens, from, to, allowed);
  }
  return undefined;
}

function cueBefore(tokens: Token[], i: number): boolean {
  const previous = tokens[i - 1];
  if (!previous || previous.sentence !== tokens[i]!.sentence) return false;
  if (PERSON_CUES.has(previous.norm)) return true;
  // "chez les Payet", "la famille des Hoarau", "la fille Payet"
  const before = tokens[i - 2];
  return ['les', 'des', 'de'].includes(previous.norm) && before !== undefined && PERSON_CUES.has(before.norm);
}

function checkAllowed(tokens: Token[], from: number, to: number, allowed: AllowedNames): NameSpan | undefined {
  return isAllowed(tokens, from, to, allowed) ? undefined : { first: from, last: to, withCivility: false };
}

/** Every name in the text: after a civility first, then without. */
export function findNames(tokens: Token[], text: string, options: NameOptions): NameSpan[] {
  const withCivility = findCivilityNames(tokens, text, options.allowed);
  const taken = new Set<number>();
  for (const s of withCivility) for (let k = s.first; k <= s.last; k++) taken.add(k);
  // The words right after a civility that were judged a function ("M. le Maire") stay free.
  const bare = findBareNames(tokens, taken, options.allowed);
  return [...withCivility, ...bare];
}

/** True when the word is a known given name (for "sa fille Kelly"). */
export function isKnownName(t: Token): boolean {
  return wordInfo(t).strength !== undefined;
}
