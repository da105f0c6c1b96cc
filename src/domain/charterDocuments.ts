// What the comité's and the charter's documents say, worked out from the recorded facts: the
// models the templates (templates/documents/*.md.hbs) read. Dates come from the charter
// calendar (computeCharterStatus), never recomputed here, so a letter and charter-status agree.
import { computeCharterStatus, PARTY_LABELS, type Amendment, type Breach, type CharterFacts, type CharterTerms, type Party } from './charter.js';
import { formatDateFr, formatDateLongFr, formatTimeFr, type IsoDate, type LocalTime } from './dates.js';
import { formatIntFr } from './numbers.js';
import { ARTICLE_10 } from './charterText.js';
import { semesterLabelFr, type Semester } from './semester.js';
import { plural as agreeWith } from './french.js';

/** A party as data/charte.json describes it. */
export interface PartyDescription {
  nom: string;
  representant: string;
  adresse?: string;
}

export type Parties = Record<Party, PartyDescription>;

export const ORGANISATION_LABELS: Record<Party, string> = { commune: 'Commune du Tampon', caf: 'CAF de la Réunion' };

/** Art. 10 as signed (data/charte-texte.json), its three sentences quoted in the letters. */
const ARTICLE_10_TEXT = [ARTICLE_10.freeTermination, ARTICLE_10.breachTermination, ARTICLE_10.effect];

export const ATTENDANCE = ['present', 'excuse', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE)[number];
export const ATTENDANCE_LABELS: Record<Attendance, string> = { present: 'présent(e)', excuse: 'excusé(e)', absent: 'absent(e)' };

export const otherParty = (party: Party): Party => (party === 'caf' ? 'commune' : 'caf');

function partyBlock(parties: Parties, party: Party) {
  const p = parties[party];
  return {
    nom: p.nom,
    representant: p.representant,
    // "À l’attention du Maire", "de la Directrice": French contracts "de le" and "de les".
    a_l_attention: `À l’attention ${`de ${p.representant}`.replace(/^de le /i, 'du ').replace(/^de les /i, 'des ')}`,
    adresse: p.adresse ?? '',
    libelle: PARTY_LABELS[party],
    organisation: ORGANISATION_LABELS[party],
  };
}

/** "Pour la CAF de la Réunion", "Le Directeur". */
function signatureOf(parties: Parties, party: Party) {
  return { pour: `Pour ${PARTY_LABELS[party]}`, qualite: capitalize(parties[party].representant) };
}

/** Both signature blocks, commune first as in the charter. */
function signatures(parties: Parties) {
  return (['commune', 'caf'] as Party[]).map((party) => signatureOf(parties, party));
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export interface MeetingFacts {
  id: number;
  heldOn: IsoDate;
  place: string | null;
  start: LocalTime | null;
  end: LocalTime | null;
}

export interface MemberFacts {
  id: number;
  organisation: Party;
  role: string;
  name: string;
}

/**
 * The default agenda of art. 7: the semester's evaluation on the CAF figures and the logbook,
 * the training materials, the places still to put into service, and the charter's life.
 */
export function defaultAgenda(input: { facts: CharterFacts; meetingOn: IsoDate; semester: Semester; placesToCommission: string[] }): string[] {
  const status = computeCharterStatus(input.facts, input.meetingOn);
  const life: string[] = [];
  if (status.renegotiationFrom && status.period) {
    life.push(
      input.meetingOn < status.renegotiationFrom
        ? `fenêtre de renégociation à partir du ${formatDateFr(status.renegotiationFrom)}`
        : `renégociation ouverte depuis le ${formatDateFr(status.renegotiationFrom)}, à conclure avant le ${formatDateFr(status.period.end)}`,
    );
  }
  life.push(status.amendments.length ? `avenants (${status.amendments.length} signé${agreeWith(status.amendments.length, '', 's')})` : 'avenants éventuels');
  life.push(status.openBreaches.length ? `manquements en cours (${status.openBreaches.map((b) => `n° ${b.id}`).join(', ')})` : 'manquements (aucun en cours)');
  return [
    `Évaluation du ${semesterLabelFr(input.semester)} : chiffres de la CAF (consultations de caf.fr, rubriques consultées, télédéclarations mensuelles) et carnet de bord des ateliers`,
    'Validation de l’actualisation des supports mis à la disposition des espaces numériques',
    input.placesToCommission.length
      ? `Espaces numériques à mettre en service : ${input.placesToCommission.join(', ')}`
      : 'Espaces numériques à mettre en service (aucun en attente)',
    `Vie de la charte : ${life.join(' ; ')}`,
    'Questions diverses',
  ];
}

function meetingBlock(meeting: MeetingFacts) {
  return {
    numero: meeting.id,
    date: formatDateLongFr(meeting.heldOn),
    heure_debut: meeting.start ? formatTimeFr(meeting.start) : '',
    heure_fin: meeting.end ? formatTimeFr(meeting.end) : '',
    lieu: meeting.place ?? 'lieu à préciser',
  };
}

function memberBlock(m: MemberFacts) {
  return { nom: m.name, fonction: m.role, organisation: ORGANISATION_LABELS[m.organisation] };
}

export function convocationModel(input: {
  parties: Parties;
  meeting: MeetingFacts;
  members: MemberFacts[];
  agenda: string[];
  semester: Semester;
  annexFile: string;
  today: IsoDate;
}) {
  return {
    titre: 'Convocation au comité de pilotage',
    charte: 'Charte de partenariat « Promotion des contacts dématérialisés avec la CAF » — commune du Tampon et CAF de la Réunion',
    emetteur: partyBlock(input.parties, 'caf'),
    reunion: meetingBlock(input.meeting),
    membres: input.members.map(memberBlock),
    ordre_du_jour: input.agenda,
    annexe: { semestre: semesterLabelFr(input.semester), fichier: input.annexFile },
    signature: signatureOf(input.parties, 'caf'),
    etabli_le: formatDateFr(input.today),
  };
}

/** The semester's key figures for the minutes, as label / value pairs. */
export interface KeyFigure {
  libelle: string;
  valeur: string;
}

export function minutesModel(input: {
  parties: Parties;
  meeting: MeetingFacts;
  members: (MemberFacts & { attendance: Attendance | null })[];
  agenda: string[];
  semester: Semester;
  figures: KeyFigure[];
  decisions: { id: number; text: string }[];
  today: IsoDate;
}) {
  const byStatus = (s: Attendance) => input.members.filter((m) => m.attendance === s).map(memberBlock);
  return {
    titre: 'Compte rendu du comité de pilotage',
    charte: 'Charte de partenariat « Promotion des contacts dématérialisés avec la CAF » — commune du Tampon et CAF de la Réunion',
    reunion: meetingBlock(input.meeting),
    membres: input.members.map((m) => ({ ...memberBlock(m), presence: m.attendance ? ATTENDANCE_LABELS[m.attendance] : 'non renseignée' })),
    presents: byStatus('present'),
    excuses: byStatus('excuse'),
    absents: byStatus('absent'),
    ordre_du_jour: input.agenda,
    semestre: semesterLabelFr(input.semester),
    chiffres: input.figures,
    decisions: input.decisions.map((d, i) => ({ numero: i + 1, texte: d.text })),
    signatures: signatures(input.parties),
    etabli_le: formatDateFr(input.today),
  };
}

export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? 'non disponible' : formatIntFr(value);
}

function datesOfBreach(facts: CharterFacts, breach: Breach) {
  // The calendar as it stood when the breach was notified, then the earliest termination the
  // creditor could send: its effect date is the calendar's, whatever art. 10 reading it holds.
  const status = computeCharterStatus(facts, breach.receivedOn);
  const open = status.openBreaches.find((b) => b.id === breach.id);
  const cureDeadline = open?.cureDeadline ?? breach.receivedOn;
  const canTerminateFrom = open?.canTerminateFrom ?? breach.receivedOn;
  const earliest = computeCharterStatus(
    { ...facts, terminations: [{ id: 0, byParty: otherParty(breach.byParty), receivedOn: canTerminateFrom, breachId: breach.id }] },
    canTerminateFrom,
  );
  return { cureDeadline, canTerminateFrom, earliestEffect: earliest.terminationEffective ?? canTerminateFrom, terms: status.terms };
}

export function breachLetterModel(input: { parties: Parties; facts: CharterFacts; breach: Breach; letterDate: IsoDate; signedOn: IsoDate | null }) {
  const { breach } = input;
  const creditor = otherParty(breach.byParty);
  const dates = datesOfBreach(input.facts, breach);
  return {
    titre: 'Notification d’un manquement',
    mention: 'Lettre recommandée avec accusé de réception',
    expediteur: partyBlock(input.parties, creditor),
    destinataire: partyBlock(input.parties, breach.byParty),
    date: formatDateFr(input.letterDate),
    lieu: creditor === 'commune' ? 'Le Tampon' : 'Sainte-Marie',
    objet: `Manquement aux obligations de la charte de partenariat (article 10) — manquement n° ${breach.id}`,
    charte_signee_le: input.signedOn ? formatDateFr(input.signedOn) : '',
    manquement: { numero: breach.id, motif: breach.reason },
    article_10: ARTICLE_10_TEXT,
    dates: {
      reception: formatDateFr(breach.receivedOn),
      delai_jours: dates.terms.breachCureDays,
      echeance: formatDateFr(dates.cureDeadline),
      resiliation_possible_le: formatDateFr(dates.canTerminateFrom),
      effet_au_plus_tot: formatDateFr(dates.earliestEffect),
    },
    signature: signatureOf(input.parties, creditor),
  };
}

export function terminationLetterModel(input: {
  parties: Parties;
  facts: CharterFacts;
  byParty: Party;
  receivedOn: IsoDate;
  breach: Breach | null;
  letterDate: IsoDate;
  signedOn: IsoDate | null;
}) {
  const facts: CharterFacts = input.facts.terminations.some((t) => t.receivedOn === input.receivedOn && t.byParty === input.byParty)
    ? input.facts
    : { ...input.facts, terminations: [{ id: 0, byParty: input.byParty, receivedOn: input.receivedOn, breachId: input.breach?.id ?? null }] };
  const status = computeCharterStatus(facts, input.receivedOn);
  const breach = input.breach ? { ...datesOfBreach(input.facts, input.breach), breach: input.breach } : null;
  return {
    titre: 'Résiliation de la charte de partenariat',
    mention: 'Lettre recommandée avec accusé de réception',
    expediteur: partyBlock(input.parties, input.byParty),
    destinataire: partyBlock(input.parties, otherParty(input.byParty)),
    date: formatDateFr(input.letterDate),
    lieu: input.byParty === 'commune' ? 'Le Tampon' : 'Sainte-Marie',
    objet: breach ? `Résiliation de plein droit de la charte de partenariat après le manquement n° ${breach.breach.id} (article 10)` : 'Résiliation de la charte de partenariat (article 10)',
    charte_signee_le: input.signedOn ? formatDateFr(input.signedOn) : '',
    manquement: breach
      ? {
          numero: breach.breach.id,
          motif: breach.breach.reason,
          notifie_le: formatDateFr(breach.breach.receivedOn),
          echeance: formatDateFr(breach.cureDeadline),
          delai_jours: breach.terms.breachCureDays,
        }
      : null,
    article_10: ARTICLE_10_TEXT,
    dates: {
      reception: formatDateFr(input.receivedOn),
      effet: status.terminationEffective ? formatDateFr(status.terminationEffective) : '',
      preavis_jours: status.terms.terminationNoticeDays,
    },
    signature: signatureOf(input.parties, input.byParty),
  };
}

/** Which article each term of the charter sits in. */
const TERM_ARTICLES: Record<keyof CharterTerms, number> = { durationYears: 9, tacitRenewal: 9, renegotiationMonths: 8, terminationNoticeDays: 10, breachCureDays: 10 };

const plural = (n: number, one: string, many: string) => `${n} ${agreeWith(n, one, many)}`;

function describeTerm(key: keyof CharterTerms, value: number | boolean, before: number | boolean): string {
  switch (key) {
    case 'durationYears':
      return `Durée d’une période (art. 9) : ${plural(Number(value), 'an', 'ans')}, au lieu de ${plural(Number(before), 'an', 'ans')}`;
    case 'tacitRenewal':
      return `Reconduction tacite (art. 9) : ${value ? 'oui' : 'non'}, au lieu de ${before ? 'oui' : 'non'}`;
    case 'renegotiationMonths':
      return `Négociation sur les suites à donner (art. 8) : ${plural(Number(value), 'mois', 'mois')} avant la fin, au lieu de ${plural(Number(before), 'mois', 'mois')}`;
    case 'terminationNoticeDays':
      return `Prise d’effet d’une résiliation (art. 10) : ${plural(Number(value), 'jour', 'jours')} après réception, au lieu de ${plural(Number(before), 'jour', 'jours')}`;
    case 'breachCureDays':
      return `Délai pour remédier à un manquement (art. 10) : ${plural(Number(value), 'jour', 'jours')}, au lieu de ${plural(Number(before), 'jour', 'jours')}`;
  }
}

/** Articles named in the elements ("Article 5", "art. 7") and those of the changed terms, in order. */
export function amendedArticles(amendment: Amendment): number[] {
  const found = new Set<number>();
  for (const m of amendment.elements.matchAll(/\bart(?:icle|\.)?\s*(\d{1,2})\b/gi)) found.add(Number(m[1]));
  for (const key of Object.keys(amendment.terms ?? {}) as (keyof CharterTerms)[]) found.add(TERM_ARTICLES[key]);
  return [...found].filter((n) => n >= 1 && n <= 12).sort((a, b) => a - b);
}

export function amendmentModel(input: { parties: Parties; facts: CharterFacts; amendment: Amendment; signedOn: IsoDate | null }) {
  const { amendment } = input;
  // The terms just before this avenant: those in force the day before, from earlier avenants only.
  const earlier = { ...input.facts, amendments: input.facts.amendments.filter((a) => a.number < amendment.number) };
  const before = computeCharterStatus(earlier, amendment.signedOn).terms;
  const changes = Object.entries(amendment.terms ?? {}).map(([key, value]) =>
    describeTerm(key as keyof CharterTerms, value as number | boolean, before[key as keyof CharterTerms]),
  );
  const articles = amendedArticles(amendment);
  return {
    titre: `Avenant n° ${amendment.number} à la charte de partenariat`,
    charte: 'Charte de partenariat « Promotion des contacts dématérialisés avec la CAF »',
    numero: amendment.number,
    date: formatDateFr(amendment.signedOn),
    charte_signee_le: input.signedOn ? formatDateFr(input.signedOn) : '',
    commune: partyBlock(input.parties, 'commune'),
    caf: partyBlock(input.parties, 'caf'),
    objet: amendment.subject,
    elements: amendment.elements,
    conditions_modifiees: changes,
    articles: articles.length ? articles.map((n) => `article ${n}`).join(', ') : 'aucun article nommé',
    signatures: signatures(input.parties),
  };
}
