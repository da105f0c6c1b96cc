// The charter's life cycle (art. 8-10), computed from recorded facts at a given date.
// Every deadline is computed from the signature date and the CURRENT period, never chained
// from the original end date (a known bug of contract tools after a renewal).
import { addDaysIso, addMonthsIso, addYearsIso, daysBetween, formatDateFr, type IsoDate } from './dates.js';
import { nextSemester, semesterCode, semesterOf, semesterRange, semesterLabelFr, type Semester } from './semester.js';
import { ARTICLE_10 } from './charterText.js';
import { countOf } from './french.js';

export type Party = 'commune' | 'caf';
export const PARTY_LABELS: Record<Party, string> = { commune: 'la commune du Tampon', caf: 'la CAF de la Réunion' };

/** Terms of art. 8-10; changed only by an avenant. */
export interface CharterTerms {
  durationYears: number;
  tacitRenewal: boolean;
  renegotiationMonths: number;
  terminationNoticeDays: number;
  breachCureDays: number;
}

export interface Amendment {
  number: number;
  signedOn: IsoDate;
  subject: string;
  elements: string;
  terms: Partial<CharterTerms> | null;
}

export interface Breach {
  id: number;
  byParty: Party;
  receivedOn: IsoDate;
  reason: string;
  resolvedOn: IsoDate | null;
}

export interface Termination {
  id: number;
  byParty: Party;
  receivedOn: IsoDate;
  breachId: number | null;
}

/** Which rule of art. 10 a termination follows: free (first sentence) or after a breach. */
export type TerminationRule = 'libre' | 'manquement';

/** When a termination takes effect, and the sentence of art. 10 that says so. */
export interface TerminationEffect {
  effective: IsoDate;
  rule: TerminationRule;
  /** The sentence of art. 10 applied, word for word. */
  sentence: string;
  /** How the date was reached, in French, for the user. */
  reasoning: string;
}

export interface Action {
  code: string;
  message: string;
}

export interface CharterFacts {
  baseTerms: CharterTerms;
  signatures: { party: Party; signedOn: IsoDate }[];
  amendments: Amendment[];
  breaches: Breach[];
  terminations: Termination[];
  meetings: { id: number; heldOn: IsoDate }[];
}

export type CharterState = 'non_signee' | 'en_vigueur' | 'renegociation' | 'resiliation_en_cours' | 'resiliee';

export interface Period {
  number: number;
  start: IsoDate;
  end: IsoDate;
}

export interface CharterStatus {
  date: IsoDate;
  state: CharterState;
  terms: CharterTerms;
  signature: IsoDate | null;
  signatures: { party: Party; signedOn: IsoDate }[];
  period: Period | null;
  nextRenewal: IsoDate | null;
  renegotiationFrom: IsoDate | null;
  daysUntilRenegotiation: number | null;
  terminationEffective: IsoDate | null;
  termination: Termination | null;
  terminationBasis: TerminationEffect | null;
  amendments: Amendment[];
  openBreaches: (Breach & { cureDeadline: IsoDate; canTerminateFrom: IsoDate })[];
  lastMeeting: IsoDate | null;
  meetingDue: IsoDate | null;
  /** Semesters that ended, the charter in force, without a comité meeting ('2026-S1'). */
  semestersWithoutMeeting: string[];
  actions: Action[];
}

/** Terms in force: the base terms overridden by each avenant signed on or before `date`, in order. */
export function termsInForce(facts: CharterFacts, date: IsoDate): CharterTerms {
  return facts.amendments
    .filter((a) => a.signedOn <= date && a.terms)
    .sort((a, b) => a.number - b.number)
    .reduce((terms, a) => ({ ...terms, ...a.terms }), facts.baseTerms);
}

/** The charter takes effect when the last party signs (art. 9). */
export function effectiveSignature(signatures: { party: Party; signedOn: IsoDate }[]): IsoDate | null {
  const parties = new Set(signatures.map((s) => s.party));
  if (!parties.has('commune') || !parties.has('caf')) return null;
  return signatures.map((s) => s.signedOn).sort().at(-1)!;
}

/** Period k runs from signature + (k-1) years to the day before signature + k years. */
export function periodAt(signature: IsoDate, durationYears: number, date: IsoDate): Period | null {
  if (date < signature) return null;
  let k = 1;
  while (addYearsIso(signature, k * durationYears) <= date) k++;
  return periodNumber(signature, durationYears, k);
}

export function periodNumber(signature: IsoDate, durationYears: number, k: number): Period {
  return {
    number: k,
    start: addYearsIso(signature, (k - 1) * durationYears),
    end: addDaysIso(addYearsIso(signature, k * durationYears), -1),
  };
}

/**
 * Art. 10. A free termination takes effect `terminationNoticeDays` after its letter is
 * received. After a breach, the termination takes effect "à l'issue du délai de trente (30)
 * jours à compter de la réception de la lettre ... restée infructueuse": that letter is the
 * one notifying the breach, so the effect is the later of (breach letter + cure days) and
 * the day the termination letter itself is received.
 */
export function terminationEffect(termination: Termination, facts: CharterFacts): TerminationEffect {
  const breach = termination.breachId === null ? undefined : facts.breaches.find((b) => b.id === termination.breachId);
  if (!breach) {
    const days = termsInForce(facts, termination.receivedOn).terminationNoticeDays;
    const effective = addDaysIso(termination.receivedOn, days);
    return {
      effective,
      rule: 'libre',
      sentence: ARTICLE_10.freeTermination,
      reasoning: `résiliation libre : effet ${days} jours après la réception de la lettre de résiliation (${formatDateFr(termination.receivedOn)}), soit le ${formatDateFr(effective)}`,
    };
  }
  const days = termsInForce(facts, breach.receivedOn).breachCureDays;
  const cureEnd = addDaysIso(breach.receivedOn, days);
  const effective = cureEnd > termination.receivedOn ? cureEnd : termination.receivedOn;
  return {
    effective,
    rule: 'manquement',
    sentence: ARTICLE_10.effect,
    reasoning:
      `résiliation pour le manquement n° ${breach.id} notifié le ${formatDateFr(breach.receivedOn)} : ` +
      `le délai de ${days} jours court jusqu’au ${formatDateFr(cureEnd)}, la lettre de résiliation est reçue le ${formatDateFr(termination.receivedOn)} ; ` +
      `effet à la plus tardive de ces deux dates, le ${formatDateFr(effective)}`,
  };
}

/** A termination for a breach falls when the breach is resolved before the termination takes effect. */
function lapsed(termination: Termination, effect: TerminationEffect, facts: CharterFacts, date: IsoDate): boolean {
  if (termination.breachId === null) return false;
  const breach = facts.breaches.find((b) => b.id === termination.breachId);
  return !!breach?.resolvedOn && breach.resolvedOn <= date && breach.resolvedOn < effect.effective;
}

/**
 * Semesters that ended on or before `date` while the charter was in force at their end
 * (from the signature's semester on, until the termination's effect), without any meeting.
 */
export function semestersWithoutMeeting(signature: IsoDate, until: IsoDate | null, meetings: IsoDate[], date: IsoDate): string[] {
  const missed: string[] = [];
  for (let s: Semester = semesterOf(signature); ; s = nextSemester(s)) {
    const range = semesterRange(s);
    if (range.to >= date || (until !== null && range.to >= until)) break;
    if (!meetings.some((d) => d >= range.from && d <= range.to)) missed.push(semesterCode(s));
  }
  return missed;
}

export function computeCharterStatus(facts: CharterFacts, date: IsoDate): CharterStatus {
  const terms = termsInForce(facts, date);
  const signatures = facts.signatures.filter((s) => s.signedOn <= date);
  const signature = effectiveSignature(signatures);
  const amendments = facts.amendments.filter((a) => a.signedOn <= date).sort((a, b) => a.number - b.number);
  const actions: Action[] = [];
  const status: CharterStatus = {
    date,
    state: 'non_signee',
    terms,
    signature,
    signatures,
    period: null,
    nextRenewal: null,
    renegotiationFrom: null,
    daysUntilRenegotiation: null,
    terminationEffective: null,
    termination: null,
    terminationBasis: null,
    amendments,
    openBreaches: [],
    lastMeeting: null,
    meetingDue: null,
    semestersWithoutMeeting: [],
    actions,
  };

  if (!signature) {
    const missing = (['commune', 'caf'] as Party[]).filter((p) => !signatures.some((s) => s.party === p));
    actions.push({
      code: 'signature_manquante',
      message: `La charte n’est pas signée par ${missing.map((p) => PARTY_LABELS[p]).join(' ni par ')} : enregistrez la signature avec « cafcharte charter sign --date AAAA-MM-JJ --partie ${missing[0]} ».`,
    });
    return status;
  }

  const period = periodAt(signature, terms.durationYears, date)!;
  status.period = period;
  status.nextRenewal = terms.tacitRenewal ? addDaysIso(period.end, 1) : null;
  status.renegotiationFrom = addMonthsIso(addDaysIso(period.end, 1), -terms.renegotiationMonths);
  status.daysUntilRenegotiation = Math.max(0, daysBetween(date, status.renegotiationFrom));

  // Termination: the first letter received on or before the date that has not fallen.
  const termination = facts.terminations
    .filter((t) => t.receivedOn <= date)
    .sort((a, b) => a.receivedOn.localeCompare(b.receivedOn))
    .find((t) => !lapsed(t, terminationEffect(t, facts), facts, date));
  if (termination) {
    status.termination = termination;
    status.terminationBasis = terminationEffect(termination, facts);
    status.terminationEffective = status.terminationBasis.effective;
  }

  status.openBreaches = facts.breaches
    .filter((b) => b.receivedOn <= date && (b.resolvedOn === null || b.resolvedOn > date))
    .map((b) => ({ ...b, cureDeadline: addDaysIso(b.receivedOn, terms.breachCureDays), canTerminateFrom: addDaysIso(b.receivedOn, terms.breachCureDays + 1) }));

  const meetings = facts.meetings.filter((m) => m.heldOn <= date).map((m) => m.heldOn).sort();
  status.lastMeeting = meetings.at(-1) ?? null;
  const semester = semesterOf(date);
  const range = semesterRange(semester);
  const heldThisSemester = meetings.some((d) => d >= range.from && d <= range.to);
  status.meetingDue = heldThisSemester ? null : range.to;
  status.semestersWithoutMeeting = semestersWithoutMeeting(signature, status.terminationEffective, meetings, date);

  if (status.terminationEffective && date >= status.terminationEffective) {
    status.state = 'resiliee';
    status.meetingDue = null; // a terminated charter has no comité left to convene
    return status; // and asks for nothing more
  }
  if (status.terminationEffective) {
    status.state = 'resiliation_en_cours';
    actions.push({
      code: 'resiliation_en_cours',
      message: `Résiliation notifiée par ${PARTY_LABELS[termination!.byParty]} (reçue le ${formatDateFr(termination!.receivedOn)}) : elle prend effet le ${formatDateFr(status.terminationEffective)} (art. 10).`,
    });
  } else if (date >= status.renegotiationFrom) {
    status.state = 'renegociation';
    actions.push({
      code: 'renegociation',
      message: `Négociation sur les suites à donner à mener avant le ${formatDateFr(period.end)} (art. 8) : ${countOf(daysBetween(date, period.end), 'jour restant', 'jours restants')} avant la reconduction tacite du ${formatDateFr(status.nextRenewal ?? addDaysIso(period.end, 1))}.`,
    });
  } else {
    status.state = 'en_vigueur';
  }

  for (const breach of status.openBreaches) {
    const late = date > breach.cureDeadline;
    const other = breach.byParty === 'caf' ? 'commune' : 'caf';
    actions.push(
      late
        ? {
            code: 'manquement_non_resolu',
            message: `Manquement n° ${breach.id} de ${PARTY_LABELS[breach.byParty]} non résolu depuis le ${formatDateFr(breach.cureDeadline)} : ${PARTY_LABELS[other]} peut résilier de plein droit (art. 10).`,
          }
        : {
            code: 'manquement_en_cours',
            message: `Manquement n° ${breach.id} de ${PARTY_LABELS[breach.byParty]} à résoudre avant le ${formatDateFr(breach.cureDeadline)} (${countOf(daysBetween(date, breach.cureDeadline), 'jour', 'jours')}).`,
          },
    );
  }
  if (status.meetingDue) {
    actions.push({
      code: 'copil_a_reunir',
      message: `Le comité de pilotage ne s’est pas encore réuni au ${semesterLabelFr(semester)} : réunion à tenir avant le ${formatDateFr(status.meetingDue)} (art. 7).`,
    });
  }
  return status;
}

export const STATE_LABELS: Record<CharterState, string> = {
  non_signee: 'non signée',
  en_vigueur: 'en vigueur',
  renegociation: 'en vigueur — période de renégociation ouverte',
  resiliation_en_cours: 'résiliation en cours',
  resiliee: 'résiliée',
};
