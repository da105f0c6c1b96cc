// The semester evaluation report (charter art. 5 and 7) as one plain model: the JSON output
// itself (French snake_case keys, a stable schema) and what the templates read. Built from
// aggregates the store computed; here only the arithmetic the comité reads: changes in %,
// ranks, shares, averages, fill rate, and "n.d." (null) when a period has no figures.
import type { IsoDate, IsoMonth } from './dates.js';
import { previousSemester, sameSemesterYearBefore, semesterCode, semesterLabelFr, semesterRange, type Semester } from './semester.js';
import { STATE_LABELS, type CharterStatus, type Party } from './charter.js';
import { SESSION_TYPES, SESSION_TYPE_LABELS, type SessionType } from './sessionTypes.js';
import { RESULT_COUNTERS, type LogbookTotals } from './logbook.js';
import { communeByInsee } from './territory.js';

export const REPORT_TITLE = 'Évaluation semestrielle — Promotion des contacts dématérialisés avec la CAF';
/** Bumped only when a key is removed or changes meaning; scripts may check it. */
export const REPORT_SCHEMA = 'cafcharte-rapport/1';

export type CafIndicator = 'consultations' | 'rubrique' | 'teledeclarations';
export const CAF_INDICATORS: readonly CafIndicator[] = ['consultations', 'rubrique', 'teledeclarations'];
export const CAF_INDICATOR_LABELS: Record<CafIndicator, string> = {
  consultations: 'consultations de caf.fr',
  rubrique: 'rubriques consultées',
  teledeclarations: 'télédéclarations',
};

/** An indicator's totals over the three periods compared (null: no figure in that period). */
export interface PeriodTotals {
  current: number | null;
  previous: number | null;
  yearBefore: number | null;
}

/** One grouped count of the carnet de bord. */
export interface EntryGroup {
  key: string;
  entries: number;
  received: number;
}

/** Everything the store aggregated for one semester; the report adds no query of its own. */
export interface ReportInput {
  semester: Semester;
  today: IsoDate;
  territory: string;
  charter: CharterStatus;
  caf: {
    consultations: { monthly: { month: IsoMonth; value: number }[]; totals: PeriodTotals };
    onlineDeclarations: { monthly: { month: IsoMonth; value: number }[]; totals: PeriodTotals };
    sections: { current: SectionValue[]; previous: SectionValue[]; yearBefore: SectionValue[] };
    indicatorsByMonth: { month: IsoMonth; indicator: CafIndicator }[];
  };
  logbook: {
    totals: LogbookTotals;
    byType: EntryGroup[];
    byPlace: EntryGroup[];
    byCommune: EntryGroup[];
    byMonth: EntryGroup[];
  };
  places: Map<number, { name: string; communeInsee: string }>;
  bookings: { sessions: number; capacity: number; confirmedSeats: number; waitingSeats: number };
  cancelledSessions: number;
  committee: {
    meetings: { heldOn: IsoDate; place: string | null }[];
    amendments: { number: number; signedOn: IsoDate; subject: string }[];
    breaches: { id: number; byParty: Party; receivedOn: IsoDate; reason: string; resolvedOn: IsoDate | null }[];
  };
  remarks: { date: IsoDate; placeName: string; communeInsee: string; remarks: string; results: string }[];
  unloggedSessions: { id: number; date: IsoDate; startTime: string; type: string; placeName: string }[];
  idlePlaces: { id: number; name: string; communeInsee: string }[];
  /** The communication section (campaigns, training materials), as its module returns it; null when absent. */
  communication: unknown;
}

export interface SectionValue {
  section: string;
  value: number;
}

/** One decimal, as the comité reads it; a JSON number, never "12,5". */
export function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Change from `reference` to `current` in %, or null ("n.d.") when either is missing or the reference is 0. */
export function percentChange(current: number | null, reference: number | null): number | null {
  if (current === null || reference === null || reference === 0) return null;
  return roundTenth(((current - reference) / reference) * 100);
}

/** `part` as a % of `total`, or null when the total is 0. */
export function sharePercent(part: number, total: number): number | null {
  return total === 0 ? null : roundTenth((part / total) * 100);
}

/** The two comparisons art. 7 asks for, with the reference values shown beside them. */
export function compare(totals: PeriodTotals) {
  return {
    semestre_precedent: totals.previous,
    evolution_semestre_precedent_pct: percentChange(totals.current, totals.previous),
    meme_semestre_annee_precedente: totals.yearBefore,
    evolution_annee_precedente_pct: percentChange(totals.current, totals.yearBefore),
  };
}

/** Every month of the semester, null where the CAF sent no figure. */
function monthSeries(months: IsoMonth[], values: { month: IsoMonth; value: number }[]) {
  const byMonth = new Map(values.map((v) => [v.month, v.value]));
  return months.map((mois) => ({ mois, valeur: byMonth.get(mois) ?? null }));
}

function sum(values: SectionValue[]): number | null {
  return values.length === 0 ? null : values.reduce((total, v) => total + v.value, 0);
}

/** caf.fr sections ranked by visits (ties share a rank), with share and changes. */
export function rankSections(sections: ReportInput['caf']['sections']) {
  const total = sum(sections.current) ?? 0;
  const previous = new Map(sections.previous.map((s) => [s.section, s.value]));
  const yearBefore = new Map(sections.yearBefore.map((s) => [s.section, s.value]));
  const sorted = [...sections.current].sort((a, b) => b.value - a.value || a.section.localeCompare(b.section, 'fr'));
  return sorted.map((s, i) => {
    const rank = i > 0 && sorted[i - 1].value === s.value ? sorted.findIndex((o) => o.value === s.value) + 1 : i + 1;
    return {
      rang: rank,
      rubrique: s.section,
      valeur: s.value,
      part_pct: sharePercent(s.value, total),
      ...compare({
        current: s.value,
        // A section absent from a period that has section figures counted 0 visits then; a period
        // without any section figure is unknown.
        previous: sections.previous.length === 0 ? null : (previous.get(s.section) ?? 0),
        yearBefore: sections.yearBefore.length === 0 ? null : (yearBefore.get(s.section) ?? 0),
      }),
    };
  });
}

/** Completeness: the semester's months where an indicator has no figure. */
export function missingCafMonths(months: IsoMonth[], present: { month: IsoMonth; indicator: CafIndicator }[]) {
  return months
    .map((mois) => ({
      mois,
      indicateurs: CAF_INDICATORS.filter((indicator) => !present.some((p) => p.month === mois && p.indicator === indicator)),
    }))
    .filter((m) => m.indicateurs.length > 0);
}

function communeName(insee: string): string {
  return communeByInsee(insee)?.name ?? insee;
}

function entryGroupJson(group: EntryGroup | undefined) {
  return { ateliers: group?.entries ?? 0, personnes_recues: group?.received ?? 0 };
}

function workshops(input: ReportInput, months: IsoMonth[]) {
  const { totals } = input.logbook;
  const byType = new Map(input.logbook.byType.map((g) => [g.key, g]));
  const byMonth = new Map(input.logbook.byMonth.map((g) => [g.key, g]));
  const { bookings } = input;
  return {
    ateliers: totals.entries,
    personnes_recues: totals.received,
    moyenne_par_atelier: totals.entries === 0 ? null : roundTenth(totals.received / totals.entries),
    nouveaux: totals.firstTimers,
    duree_minutes: totals.durationMinutes,
    resultats: Object.fromEntries(RESULT_COUNTERS.map((c) => [c.json, totals[c.key]])) as Record<(typeof RESULT_COUNTERS)[number]['json'], number>,
    par_type: SESSION_TYPES.filter((t) => byType.has(t)).map((type) => ({ type, libelle: SESSION_TYPE_LABELS[type], ...entryGroupJson(byType.get(type)) })),
    par_lieu: input.logbook.byPlace.map((g) => {
      const place = input.places.get(Number(g.key));
      return { lieu_id: Number(g.key), lieu: place?.name ?? `lieu n° ${g.key}`, commune: communeName(place?.communeInsee ?? ''), ...entryGroupJson(g) };
    }),
    par_commune: input.logbook.byCommune.map((g) => ({ code_insee: g.key, commune: communeName(g.key), ...entryGroupJson(g) })),
    par_mois: months.map((mois) => ({ mois, ...entryGroupJson(byMonth.get(mois)) })),
    reservations: {
      seances_sur_reservation: bookings.sessions,
      capacite: bookings.capacity,
      places_reservees: bookings.confirmedSeats,
      places_en_attente: bookings.waitingSeats,
      taux_remplissage_pct: sharePercent(bookings.confirmedSeats, bookings.capacity),
    },
    seances_annulees: input.cancelledSessions,
    information_animateurs: entryGroupJson(byType.get('information-animateurs' satisfies SessionType)),
  };
}

function charterJson(status: CharterStatus) {
  return {
    etat: status.state,
    etat_libelle: STATE_LABELS[status.state],
    au: status.date,
    signature: status.signature,
    periode: status.period ? { numero: status.period.number, debut: status.period.start, fin: status.period.end } : null,
    prochaine_reconduction: status.nextRenewal,
    renegociation_a_partir_du: status.renegotiationFrom,
    resiliation_effective: status.terminationEffective,
  };
}

/**
 * Art. 7 asks for a meeting each semester: true when this semester is over, the charter was
 * in force at its end, and no meeting was held (the charter status is taken at the semester's end).
 */
function endedWithoutMeeting(input: ReportInput, semesterEnd: IsoDate): boolean {
  const inForce = input.charter.signature !== null && input.charter.state !== 'resiliee';
  return inForce && semesterEnd < input.today && input.committee.meetings.length === 0;
}

/** The whole report, in the order the comité reads it (art. 7). */
export function buildReport(input: ReportInput) {
  const range = semesterRange(input.semester);
  const previous = previousSemester(input.semester);
  const yearBefore = sameSemesterYearBefore(input.semester);
  const { caf } = input;
  const sectionTotals: PeriodTotals = { current: sum(caf.sections.current), previous: sum(caf.sections.previous), yearBefore: sum(caf.sections.yearBefore) };
  return {
    schema: REPORT_SCHEMA,
    titre: REPORT_TITLE,
    semestre: { code: semesterCode(input.semester), libelle: semesterLabelFr(input.semester), debut: range.from, fin: range.to, mois: range.months },
    comparaisons: { semestre_precedent: semesterCode(previous), meme_semestre_annee_precedente: semesterCode(yearBefore) },
    territoire: input.territory,
    produit_le: input.today,
    charte: charterJson(input.charter),
    chiffres_caf: {
      consultations: { par_mois: monthSeries(range.months, caf.consultations.monthly), total: caf.consultations.totals.current, ...compare(caf.consultations.totals) },
      rubriques: { total: sectionTotals.current, ...compare(sectionTotals), classement: rankSections(caf.sections) },
      teledeclarations: {
        par_mois: monthSeries(range.months, caf.onlineDeclarations.monthly),
        total: caf.onlineDeclarations.totals.current,
        ...compare(caf.onlineDeclarations.totals),
      },
    },
    ateliers: workshops(input, range.months),
    comite: {
      reunions: input.committee.meetings.map((m) => ({ date: m.heldOn, lieu: m.place })),
      semestre_termine_sans_reunion: endedWithoutMeeting(input, range.to),
      avenants: input.committee.amendments.map((a) => ({ numero: a.number, date: a.signedOn, objet: a.subject })),
      manquements: input.committee.breaches.map((b) => ({ numero: b.id, partie: b.byParty, recu_le: b.receivedOn, motif: b.reason, resolu_le: b.resolvedOn })),
      prochaine_reconduction: input.charter.nextRenewal,
      renegociation_a_partir_du: input.charter.renegotiationFrom,
    },
    communication: input.communication ?? null,
    remarques: input.remarks.map((r) => ({
      date: r.date,
      lieu: r.placeName,
      commune: communeName(r.communeInsee),
      remarque: r.remarks || null,
      resultats: r.results || null,
    })),
    completude: {
      mois_sans_chiffres_caf: missingCafMonths(range.months, caf.indicatorsByMonth),
      seances_sans_carnet: input.unloggedSessions.map((s) => ({ id: s.id, date: s.date, heure: s.startTime, lieu: s.placeName, type: s.type })),
      lieux_sans_activite: input.idlePlaces.map((p) => ({ id: p.id, lieu: p.name, commune: communeName(p.communeInsee) })),
    },
  };
}

/** The report model: the JSON output and the templates' data. */
export type SemesterReport = ReturnType<typeof buildReport>;
