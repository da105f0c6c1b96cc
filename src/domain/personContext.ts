// What a remark says about a person rather than about a topic: where they live, who their
// relatives are, the state of their file or life (benefits, health, family, justice: GDPR art. 9
// special categories). Each rule needs the words that tie it to a person ("habite", "sa fille",
// "son", "elle est", "la dame", a name); "questions sur le RSA" or "atelier sur l'AAH" are topics.
import { adjacent, comparable, type Token } from './textTokens.js';
import { isKnownName } from './personNames.js';

/** A span of the text [start, end) and the kind of thing it tells. */
export interface ContextFinding {
  kind: 'adresse' | 'proche' | 'situation';
  start: number;
  end: number;
}

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

const foldedChars = new Map<string, string>();

/** Lower case, accents removed, one character for one: offsets stay those of the original. */
export function foldSameLength(text: string): string {
  return text
    .replace(/[A-Z]+/g, (s) => s.toLowerCase())
    .replace(/[^\u0020-\u007e]/g, (ch) => {
      let folded = foldedChars.get(ch);
      if (folded === undefined) {
        const f = comparable(ch);
        folded = f.length === 1 ? f : ch;
        foldedChars.set(ch, folded);
      }
      return folded;
    });
}

// Words that point to a person near a situation, a relative or an address.
const PERSON_MARKERS = words(`son sa ses leur leurs il elle ils elles lui dame monsieur madame mademoiselle mme mmes mlle mr m
  personne usager usagere allocataire beneficiaire maman papa mere pere mari femme epouse fils fille enfant bebe jeune
  celle-ci celui-ci compagnon compagne conjoint conjointe concubin concubine veuve`);

// Words just before a term that make it a topic: "questions sur le RSA", "prévention des expulsions".
const TOPIC_MARKERS = words(`sur les des aux personnes public publics theme thematique atelier ateliers info infos information
  informations prevention sensibilisation conference presentation droits dispositif dispositifs questions question brochure
  flyer flyers documentation lutte contre simulation simulateur comment si cas formation reunion sujet guide affiche
  demarches demarche aide aides accompagnement orientation numero associations association victimes`);

const POSSESSIVES = words('son sa ses leur leurs mon ma mes');

function personNear(tokens: Token[], first: number, last: number, nameTokens: Set<number>, before = 8, after = 5): boolean {
  const sentence = tokens[first]!.sentence;
  for (let k = Math.max(0, first - before); k <= Math.min(tokens.length - 1, last + after); k++) {
    const t = tokens[k]!;
    if (t.sentence !== sentence || (k >= first && k <= last)) continue;
    if (nameTokens.has(k)) return true;
    if (!PERSON_MARKERS.has(t.norm)) continue;
    // "la personne", "cette personne" yes; "des personnes", "les personnes" are plural topics anyway.
    if (t.norm === 'personne' && !['la', 'cette', 'une'].includes(tokens[k - 1]?.norm ?? '')) continue;
    // "il y a", "il faut": impersonal.
    if (t.norm === 'il' && ['y', 'faut', 'manque', 'reste', 'suffit'].includes(tokens[k + 1]?.norm ?? '')) continue;
    return true;
  }
  return false;
}

function topicBefore(tokens: Token[], first: number): boolean {
  const sentence = tokens[first]!.sentence;
  for (let k = first - 1; k >= Math.max(0, first - 3); k--) {
    const t = tokens[k]!;
    if (t.sentence !== sentence) break;
    if (POSSESSIVES.has(t.norm) || ['il', 'elle', 'est', 'etait', 'dame'].includes(t.norm)) return false;
    if (TOPIC_MARKERS.has(t.norm)) return true;
  }
  return false;
}

/** Index of the token starting at or after offset (tokens are sorted). */
function tokenAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function tokenEndingAt(tokens: Token[], offset: number): number {
  return Math.max(0, tokenAt(tokens, offset - 1));
}

// ---------------------------------------------------------------------------------------
// Addresses

const STREET_TYPES = words(`rue chemin ch allee impasse imp lotissement lotiss lot route rte avenue av ave ruelle sentier cite
  boulevard bd bld residence res quartier lieu-dit lieudit villa`);
const RESIDENCE_CUES = words(`habite habitent habitait habitant habitante habitants vit vivent vivait vivant domicilie domiciliee
  domicilies domiciliees domicile reside residant residante demeurant demeure adresse chez demenage demenagee demenagement
  emmenage emmenagee heberge hebergee loge logee installe installee case maison logement appart appartement`);
const PLACE_CUES = words(`salle mediatheque mpt mairie locaux bureau bureaux antenne agence caf site permanence espace atelier rdv
  ccas epn centre pole accueil ecole college lycee`);
const ADDRESS_STOP = words(`et ou pour mais depuis avec elle il ils elles qui que car donc a est sont etait vient venue venu veut
  doit pas ne n se s sa son ses leur au aux en dans sur chez pres vers apres avant tel telephone mail courriel`);

export interface ContextOptions {
  /** Folded (foldSameLength + collapsed spaces) addresses of the registered places. */
  allowedAddresses: string[];
}

function collapse(text: string): string {
  return foldSameLength(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Comparable form of a registered address, for ContextOptions.allowedAddresses. */
export function comparableAddress(address: string): string {
  return collapse(address);
}

function findAddresses(tokens: Token[], text: string, nameTokens: Set<number>, options: ContextOptions): ContextFinding[] {
  const found: ContextFinding[] = [];
  const used = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!STREET_TYPES.has(t.norm)) continue;
    const next = tokens[i + 1];
    if (!next || next.sentence !== t.sentence) continue;
    // "lot" and "res" are ordinary words too ("un lot de 10 flyers"): only before a capital or "de/des".
    if (['lot', 'res', 'ave', 'ch', 'imp', 'av'].includes(t.norm) && !next.capitalised && !['de', 'des', 'du', 'la', 'le', 'les', 'l', 'd'].includes(next.norm)) continue;
    let first = i;
    const previous = tokens[i - 1];
    let numbered = false;
    if (previous && /^\d{1,4}$/.test(previous.norm) && previous.sentence === t.sentence) {
      first = i - 1;
      numbered = true;
    } else if (previous && ['bis', 'ter'].includes(previous.norm) && /^\d{1,4}$/.test(tokens[i - 2]?.norm ?? '')) {
      first = i - 2;
      numbered = true;
    }
    let last = i;
    for (let k = i + 1; k < tokens.length && k <= i + 6; k++) {
      const w = tokens[k]!;
      if (w.sentence !== t.sentence || /[,;:()]/.test(w.gapBefore) || ADDRESS_STOP.has(w.norm)) break;
      if (/^\d+$/.test(w.norm) && !/^974\d\d$/.test(w.norm)) break;
      last = k;
      if (/^974\d\d$/.test(w.norm)) break;
    }
    if (last === i) continue;
    // A postal code just after the street ("..., 97430").
    const after = tokens[last + 1];
    if (after && /^974\d\d$/.test(after.norm) && after.sentence === t.sentence) last++;
    const spanText = collapse(text.slice(tokens[first]!.start, tokens[last]!.end)).replace(/ 974\d\d$/, '');
    if (options.allowedAddresses.some((a) => a.includes(spanText.replace(/^\d+ /, '')) || spanText.includes(a))) continue;
    const residence = cueBefore(tokens, first, RESIDENCE_CUES, 10);
    const person = residence || personNear(tokens, first, last, nameTokens, 8, 0);
    const place = cueBefore(tokens, first, PLACE_CUES, 10);
    if (!(residence || (person && !place) || (numbered && !place))) continue;
    found.push({ kind: 'adresse', start: tokens[first]!.start, end: tokens[last]!.end });
    for (let k = first; k <= last; k++) used.add(k);
  }
  // A Réunion postal code where a person lives: "habite 97430", "domiciliée au Tampon 97430".
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i) || !/^974\d\d$/.test(tokens[i]!.norm)) continue;
    if (cueBefore(tokens, i, RESIDENCE_CUES, 6) && !cueBefore(tokens, i, PLACE_CUES, 6)) found.push({ kind: 'adresse', start: tokens[i]!.start, end: tokens[i]!.end });
  }
  return found;
}

function cueBefore(tokens: Token[], index: number, cues: Set<string>, distance: number): boolean {
  const sentence = tokens[index]!.sentence;
  for (let k = index - 1; k >= Math.max(0, index - distance); k--) {
    if (tokens[k]!.sentence !== sentence) return false;
    if (cues.has(tokens[k]!.norm)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Relatives with a first name or an age

const RELATIVES = words(`fille filles fils mari epoux epouse femme compagnon compagne concubin concubine conjoint conjointe
  enfant enfants bebe bebes pere mere frere freres soeur soeurs grand-mere grand-pere grands-parents petit-fils petite-fille
  petits-enfants petits-fils petites-filles neveu niece nieces neveux cousin cousine oncle tante belle-fille beau-fils gendre
  belle-mere beau-pere belle-soeur beau-frere garcon garcons ado ados aine ainee cadet cadette benjamin benjamine maman papa
  tonton tantine tata copain copine fiance fiancee ex ex-mari ex-femme ex-compagnon ex-compagne marmaille nourrisson
  jumeaux jumelles jumeau jumelle petit petite dernier derniere`);
const DETERMINERS = words('son sa ses leur leurs mon ma mes la le les l un une');
const AGE_UNITS = words('ans an mois semaines');
const SKIPPABLE = words('aine ainee cadet cadette de d age agee ages agees qui est a petit petite grand grande dernier derniere jeune');

function findRelatives(tokens: Token[]): ContextFinding[] {
  const found: ContextFinding[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!RELATIVES.has(t.norm)) continue;
    // The determiner may sit one word back: "sa petite fille", "son fils", "ses 3 enfants".
    let determiner: string | undefined;
    for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
      const d = tokens[k]!;
      if (d.sentence !== t.sentence) break;
      if (DETERMINERS.has(d.norm)) {
        determiner = d.norm;
        break;
      }
      if (!(/^\d+$/.test(d.norm) || ['petit', 'petite', 'grand', 'grande', 'jeune', 'deux', 'trois', 'quatre', 'cinq'].includes(d.norm))) break;
    }
    if (!determiner) continue;
    const possessive = POSSESSIVES.has(determiner);
    let end = -1;
    for (let k = i + 1; k < tokens.length && k <= i + 8; k++) {
      const w = tokens[k]!;
      if (w.sentence !== t.sentence) break;
      // A first name: "sa fille Kelly", "leur fils enzo", "son mari Jean".
      if (k <= i + 3 && /\p{L}/u.test(w.text[0]!) && (isKnownName(w) || (w.capitalised && !w.sentenceStart && w.norm.length > 2 && !w.upper))) {
        if (!SKIPPABLE.has(w.norm) && (adjacent(w) || /^\s*[,(:]\s*$/.test(w.gapBefore))) {
          end = w.end;
          if (possessive || isKnownName(w)) break;
          end = -1;
        }
      }
      // An age: "sa fille de 4 ans", "ses enfants (2, 5 et 8 ans)", "son fils âgé de 17 ans".
      if (possessive && AGE_UNITS.has(w.norm) && /^\d{1,2}$/.test(tokens[k - 1]?.norm ?? '')) {
        end = w.end;
        break;
      }
      if (end !== -1) break;
    }
    if (end !== -1) found.push({ kind: 'proche', start: t.start, end });
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// Situations of a file or a life

const BENEFIT = `(?:rsa|aah|apl|als|alf|prime d'activite|prime activite|allocations? familiales|paje|aeeh|asf|ars|css|cmu|retraite|pension|chomage|are|ass|aides? au logement|allocations? (?:de )?logement|alloc|allocs|allocations?|prestations?|droits|indemnites|ij|caf|bourse)`;
const STATE = `(?:suspendue?s?|supprimee?s?|coupee?s?|bloquee?s?|arretee?s?|interrompue?s?|refusee?s?|rejetee?s?|en cours|en attente|en instruction|(?:pas|plus|non|jamais) (?:encore )?(?:versee?s?|payee?s?|recue?s?|verse|paye)|revue?s? a la baisse|diminuee?s?|recalculee?s?|gelee?s?|en controle|annulee?s?|stoppee?s?|perdue?s?)`;
const AMOUNT = `\\d[\\d  .,]{0,12}\\s?(?:€|euros?|eur)`;

interface SituationRule {
  re: RegExp;
  /** 'inherent': the words alone describe a person; 'person': only with a person near. */
  needs: 'inherent' | 'person';
  /** Five-letter beginnings of the rule's words, in groups: a text without a word of every
   * group cannot match, and the rule's regular expression is then neither compiled nor run
   * (most remarks: compiling the larger rules costs milliseconds at a command's start). */
  triggers: Set<string>[];
}

const TRIGGER_STOP = new Set(['son', 'sa', 'ses', 'leur', 'leurs', 'les', 'est', 'sont', 'ete', 'etait', 'des', 'pas', 'plus', 'non', 'de', 'du', 'la', 'le', 'en', 'a', 'au', 'd', 'l', 's', 'e']);

/** Beginnings of the literal words of a rule's source (a superset of what it can match). */
function triggersOf(source: string): Set<string> {
  const words = source.replace(/\\[a-z]/g, ' ').split(/[^a-z]+/).filter((w) => w.length >= 2 && !TRIGGER_STOP.has(w));
  return new Set(words.map((w) => w.slice(0, 5)));
}

// The rules read the folded text (lower case, no accents): plain ASCII classes, no Unicode flag,
// which V8 compiles several times faster than \p{L} classes (a command pays it on its first check).
const B = '(?<![a-z0-9])';
const E = '(?![a-z0-9])';
const rule = (source: string, needs: SituationRule['needs'], groups: string[] = [source]): SituationRule => ({
  re: new RegExp(`${B}(?:${source})${E}`, 'g'),
  needs,
  triggers: groups.map(triggersOf),
});
const DEBTS = `indu|trop percu|dette|rappel|retenue|recouvrement|penalite|amende|contentieux|rembourser`;
const RECEIVING = `touche|touchait|percoit|percevait|beneficie|beneficiait|beneficiaire|allocataire|titulaire|droit`;

const SITUATION_RULES: SituationRule[] = [
  // A benefit and its state: "son RSA suspendu", "dossier AAH en cours", "APL pas encore versées".
  rule(`(?:(?:son|sa|ses|leur|leurs|le|la|les|l') )?(?:dossier (?:de |d')?)?${BENEFIT}(?: [a-z'-]+){0,2}? (?:est |sont |a ete |ont ete |etait |toujours |encore )?${STATE}`, 'inherent', [BENEFIT, STATE]),
  rule(`(?:son|sa|ses|leur|leurs) dossier(?: [a-z'-]+){0,2}? (?:est |etait )?${STATE}`, 'inherent', ['dossier', STATE]),
  // Debts: "indu de 1 200 € à rembourser", "son trop-perçu".
  rule(`(?:indu|trop[- ]percu|dette|rappel|retenue|recouvrement|penalite|amende)s?(?: [a-z'-]+){0,3}? ${AMOUNT}`, 'inherent', [DEBTS]),
  rule(`${AMOUNT}(?: (?:d'|de |du )(?:indu|trop[- ]percu|dette|rappel|retenue|penalite|amende)s?| a rembourser)`, 'inherent', [DEBTS]),
  rule(`(?:son|sa|ses|leur|leurs) (?:indu|trop[- ]percu|dette|rappel|retenue|recouvrement|penalite|amende|contentieux)s?`, 'inherent', [DEBTS]),
  rule(`radiee?|surendettee?|endettee?|sans ressources?|sans revenus?|en fin de droits|au rsa|au chomage|sans emploi|licenciee?`, 'person'),
  // Receiving a benefit is the state of a file: "il touche l'AAH", "allocataire RSA et AAH".
  rule(`(?:touche|touchait|percoit|percevait|beneficie|beneficiait|beneficiaire|allocataire|titulaire|a droit|avait droit|n'a plus droit|n'a pas droit)(?: (?:a|de|du|des|au|aux|le|la|les|l'|d'|a l'|de l'|a la))? ?${BENEFIT}`, 'person', [RECEIVING, BENEFIT]),
  // Work and money: "il a perdu son emploi", "dossier de surendettement", "loyers impayés".
  rule(`perdu (?:son|sa|leur) (?:emploi|travail|boulot|job|logement|maison|case)`, 'inherent'),
  rule(`surendettement|impayes? de loyer|loyers? impayes?|dettes? de loyer|retard de loyer|huissiers?|saisie sur (?:salaire|compte)|interdit(?:e)? bancaire|demandeu(?:r|se) d'emploi|en recherche d'emploi|inscrite? (?:a|au) (?:pole emploi|france travail)`, 'person'),
  rule(`radiee? (?:de|du|des) [a-z' -]{2,20}`, 'inherent'),
  // Health and disability.
  rule(`handicapee?|en situation de handicap|invalide|en invalidite|hospitalisee?|sous traitement|sous chimio(?:therapie)?|en chimio(?:therapie)?|dialysee?|sous dialyse|en arret (?:maladie|de travail)|en depression|depressive?|alcoolique|toxicomane|diabetique|bipolaire|schizophrene|autiste|trisomique|enceinte de \\d+ mois|en maternite|paralysee?|amputee?|aveugle|malvoyante?|sourde?`, 'inherent'),
  rule(`enceinte|malade|cancer|maladie|grossesse|handicap|addiction|alcool|drogue|operee?|accident|dialyse|hopital`, 'person'),
  // Family and legal situation.
  rule(`en instance de divorce|divorcee?|veuf|incarceree?|emprisonnee?|en prison|en detention|detenue?|decedee?|defunte?|sous curatelle|sous tutelle|sous sauvegarde de justice|sous main de justice|en garde a vue|condamnee?|sous bracelet(?: electronique)?|victime de violences?(?: conjugales?)?|battue?|maltraitee?|violentee?|expulsee?|menacee? d'expulsion|sans domicile(?: fixe)?|sdf|sans[- ]papiers?|en situation irreguliere|sous oqtf|placee?s? (?:en foyer|a l'ase|en famille d'accueil)`, 'inherent'),
  // Family: "séparée depuis l'an dernier", "elle vit seule avec les enfants", "mère isolée".
  rule(`separee(?! (?:par|des|du|de la))|separee? de (?:son|sa|leur)|vit seule?|vivent seuls?|mere isolee|pere isole|parent isole|seule? avec (?:ses|les|son|sa|leurs) enfants?|en deuil|deuil|rqth|travailleu(?:r|se) handicapee?|casier judiciaire|sursis|spip|mesure de protection`, 'inherent'),
  rule(`violences? conjugales?|violences? intrafamiliales?|expulsion|divorce|separation|separee?|deces|victime|violences?|hospitalisation|curatelle|tutelle|curateur|curatrice|tuteur|tutrice|jugement|tribunal|avocate?|juge|prison|garde alternee|garde des enfants|pension alimentaire|ase|aide sociale a l'enfance|placement|titre de sejour|oqtf|plainte|veuve`, 'person'),
];

// Topic words that the 'person' terms also name in ordinary remarks ("assurance maladie",
// "l'enceinte bluetooth", "accident de connexion").
const NOT_A_SITUATION = [/assurance maladie/, /carte (?:d'|de )?invalidite/, /pension de (?:reversion|retraite)/];

function findSituations(tokens: Token[], folded: string, nameTokens: Set<number>): ContextFinding[] {
  const found: ContextFinding[] = [];
  const beginnings = new Set(tokens.flatMap((t) => t.norm.split('-').map((w) => w.slice(0, 5))));
  for (const { re, needs, triggers } of SITUATION_RULES) {
    if (!triggers.every((group) => [...group].some((t) => beginnings.has(t)))) continue;
    for (const m of folded.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      const first = tokenAt(tokens, start);
      const last = tokenEndingAt(tokens, end);
      if (first >= tokens.length) continue;
      const around = folded.slice(Math.max(0, start - 12), Math.min(folded.length, end + 12));
      if (NOT_A_SITUATION.some((r) => r.test(around))) continue;
      // "l'enceinte", "une enceinte": the loudspeaker; "Mme veuve Payet": a civility.
      const previous = tokens[first - 1]?.norm ?? '';
      if (m[0] === 'enceinte' && ['l', 'une', 'les', 'des', 'la', 'cette', 'petite', 'grande'].includes(previous)) continue;
      if (m[0] === 'veuve' && ['mme', 'madame'].includes(previous)) continue;
      if (topicBefore(tokens, first)) continue;
      if (needs === 'person' && !personNear(tokens, first, last, nameTokens)) continue;
      found.push({ kind: 'situation', start, end });
    }
  }
  return found;
}

/** Addresses, relatives and situations said of a person. */
export function findPersonContext(tokens: Token[], text: string, nameTokens: Set<number>, options: ContextOptions): ContextFinding[] {
  const folded = foldSameLength(text);
  return [...findAddresses(tokens, text, nameTokens, options), ...findRelatives(tokens), ...findSituations(tokens, folded, nameTokens)];
}
