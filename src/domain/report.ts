// The semester evaluation report (charter art. 5 and 7) as one plain model: the JSON output
// itself (French snake_case keys, a stable schema) and what the templates read. Built from
// aggregates the store computed; here only the arithmetic the comité reads: changes in %,
// ranks, shares, averages, fill rate, and "n.d." (null) when a period has no figures.
import type { IsoDate, IsoMonth } from './dates.js';
import { previousSemester, sameSemesterYearBefore, semesterCode, semesterLabelFr, semesterRange, type Semester } from './semester.js';
import { STATE_LABELS, type CharterStatus, type Party } from './charter.js';
import { SESSION_TYPES, SESSION_TYPE_LABELS, type SessionType } from './sessionTypes.js';
import { RESULT_COUNTERS, type LogbookTotals } from './logbook.js';
import { communeByInsee, COMMUNES } from './territory.js';
import { COMMUNES_EXPECTED, type SectionMonthValue, type TerritoryFigure } from './cafTerritory.js';
import { coverage, likeForLike, roundTenth, totalOf, type Evolution } from './cafComparison.js';
import { INDICATOR_LABELS, INDICATORS, type Indicator, type IndicatorLabel } from './cafFigures/types.js';

export { percentChange, roundTenth } from './cafComparison.js';

export const REPORT_TITLE = 'Évaluation semestrielle — Promotion des contacts dématérialisés avec la CAF';
/** Bumped only when a key is removed or changes meaning; scripts may check it. */
export const REPORT_SCHEMA = 'cafcharte-rapport/1';

/** How the report's sentences name each indicator. */
export const INDICATOR_REPORT_NAMES: Record<Indicator, string> = {
  consultations: 'consultations de caf.fr',
  siteSection: 'rubriques consultées',
  onlineDeclaration: 'télédéclarations',
};

/** An indicator's territory figure for each month of the three periods compared (6 months each, in order). */
export interface PeriodMonthly {
  current: TerritoryFigure[];
  previous: TerritoryFigure[];
  yearBefore: TerritoryFigure[];
}

/** A commune's or place's own figure (sections summed), as the CAF sent it. */
export interface PerimeterMonthValue {
  perimeter: string;
  indicator: Indicator;
  month: IsoMonth;
  value: number;
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
    consultations: PeriodMonthly;
    onlineDeclarations: PeriodMonthly;
    /** The « rubrique » indicator's decision per month (its value: all sections summed). */
    sectionsTotal: PeriodMonthly;
    sections: { current: SectionMonthValue[]; previous: SectionMonthValue[]; yearBefore: SectionMonthValue[] };
    /** Communes' and places' own figures over the semester. */
    perimeters: PerimeterMonthValue[];
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

/** `part` as a % of `total`, or null when the total is 0. */
export function sharePercent(part: number, total: number): number | null {
  return total === 0 ? null : roundTenth((part / total) * 100);
}

/** How a month's territory figure was made, in the JSON's words. */
const SOURCE_JSON = { caf: 'caf', communes: 'somme_communes', incomplete: 'incomplet' } as const;

/** Every month of the semester: its figure, where it comes from, and for n.d. how many communes had one. */
function monthSeries(figures: TerritoryFigure[]) {
  return figures.map((f) => ({
    mois: f.month,
    valeur: f.value,
    source: SOURCE_JSON[f.source],
    communes_couvertes: f.communes,
    communes_attendues: COMMUNES_EXPECTED,
  }));
}

const values = (figures: TerritoryFigure[]) => figures.map((f) => f.value);

/**
 * The two comparisons art. 7 asks for, each on the months both periods have; the other
 * period's own total is shown beside it.
 */
export function compareLikeForLike(months: IsoMonth[], current: (number | null)[], previous: (number | null)[], yearBefore: (number | null)[]) {
  const toPrevious: Evolution = likeForLike(months, current, previous);
  const toYearBefore: Evolution = likeForLike(months, current, yearBefore);
  return {
    semestre_precedent: totalOf(previous),
    evolution_semestre_precedent_pct: toPrevious.evolution_pct,
    comparaison_semestre_precedent: toPrevious,
    meme_semestre_annee_precedente: totalOf(yearBefore),
    evolution_annee_precedente_pct: toYearBefore.evolution_pct,
    comparaison_annee_precedente: toYearBefore,
  };
}

/** A territory indicator over the semester: months, total and its coverage, comparisons. */
function indicatorJson(months: IsoMonth[], period: PeriodMonthly, semesterOver: boolean) {
  const current = values(period.current);
  return {
    par_mois: monthSeries(period.current),
    total: totalOf(current),
    ...coverage(current, semesterOver),
    ...compareLikeForLike(months, current, values(period.previous), values(period.yearBefore)),
  };
}

/** The key of a section in a month (no section name holds a NUL). */
const sectionMonth = (section: string, month: IsoMonth) => `${section}\u0000${month}`;

/** Visits per section and month, summed over a period's rows. */
function sectionMonthTotals(rows: SectionMonthValue[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(sectionMonth(r.section, r.month), (totals.get(sectionMonth(r.section, r.month)) ?? 0) + r.value);
  return totals;
}

/**
 * One section's value per month: its visits where the month has section figures (0 if this
 * section had none that month), null where the month has no section figure at all. The rows are
 * summed once per period (`totals`): a busy semester has hundreds of sections and thousands of rows.
 */
function sectionSeries(section: string, decisions: TerritoryFigure[], totals: Map<string, number>): (number | null)[] {
  return decisions.map((d) => (d.value === null ? null : (totals.get(sectionMonth(section, d.month)) ?? 0)));
}

/** caf.fr sections ranked by visits (ties share a rank), with share and like-for-like changes. */
export function rankSections(months: IsoMonth[], totals: PeriodMonthly, sections: ReportInput['caf']['sections']) {
  const bySection = new Map<string, number>();
  for (const row of sections.current) bySection.set(row.section, (bySection.get(row.section) ?? 0) + row.value);
  const current = [...bySection].map(([section, value]) => ({ section, value }));
  const total = current.reduce((t, s) => t + s.value, 0);
  const sorted = current.sort((a, b) => b.value - a.value || a.section.localeCompare(b.section, 'fr'));
  const periods = { current: sectionMonthTotals(sections.current), previous: sectionMonthTotals(sections.previous), yearBefore: sectionMonthTotals(sections.yearBefore) };
  return sorted.map((s, i) => {
    const rank = i > 0 && sorted[i - 1].value === s.value ? sorted.findIndex((o) => o.value === s.value) + 1 : i + 1;
    return {
      rang: rank,
      rubrique: s.section,
      valeur: s.value,
      part_pct: sharePercent(s.value, total),
      ...compareLikeForLike(
        months,
        sectionSeries(s.section, totals.current, periods.current),
        sectionSeries(s.section, totals.previous, periods.previous),
        sectionSeries(s.section, totals.yearBefore, periods.yearBefore),
      ),
    };
  });
}

/** Completeness: the semester's months where an indicator has no territory figure, and how many communes had one. */
export function missingCafMonths(months: IsoMonth[], decisions: Record<IndicatorLabel, TerritoryFigure[]>) {
  return months
    .map((mois, i) => {
      const missing = INDICATORS.map((indicator) => INDICATOR_LABELS[indicator]).filter((indicator) => decisions[indicator][i]?.value === null);
      return {
        mois,
        indicateurs: missing,
        communes: missing
          .filter((indicator) => (decisions[indicator][i]?.communes ?? 0) > 0)
          .map((indicator) => ({ indicateur: indicator, communes_couvertes: decisions[indicator][i]!.communes, communes_attendues: COMMUNES_EXPECTED })),
      };
    })
    .filter((m) => m.indicateurs.length > 0);
}

/** A commune's or place's figures over the semester, one indicator: total and months covered. */
function perimeterIndicator(months: IsoMonth[], rows: PerimeterMonthValue[], indicator: Indicator, semesterOver: boolean) {
  const series = months.map((month) => {
    const found = rows.filter((r) => r.indicator === indicator && r.month === month);
    return found.length === 0 ? null : found.reduce((t, r) => t + r.value, 0);
  });
  return { total: totalOf(series), ...coverage(series, semesterOver) };
}

// Le Tampon first: the commune that signed the charter; then the others by name.
const SIGNATORY_INSEE = '97422';

/** Section « Par commune »: each commune's and each place's own CAF figures, where the CAF sent them. */
function byPerimeter(input: ReportInput, months: IsoMonth[], semesterOver: boolean) {
  const groups = new Map<string, PerimeterMonthValue[]>();
  for (const row of input.caf.perimeters) {
    const group = groups.get(row.perimeter);
    if (group) group.push(row);
    else groups.set(row.perimeter, [row]);
  }
  const figures = (rows: PerimeterMonthValue[]) => ({
    consultations: perimeterIndicator(months, rows, 'consultations', semesterOver),
    rubriques: perimeterIndicator(months, rows, 'siteSection', semesterOver),
    teledeclarations: perimeterIndicator(months, rows, 'onlineDeclaration', semesterOver),
  });
  const communes = COMMUNES.filter((c) => groups.has(`commune:${c.insee}`))
    .sort((a, b) => Number(b.insee === SIGNATORY_INSEE) - Number(a.insee === SIGNATORY_INSEE) || a.name.localeCompare(b.name, 'fr'))
    .map((c) => ({ code_insee: c.insee, commune: c.name, ...figures(groups.get(`commune:${c.insee}`)!) }));
  const places = [...groups.keys()]
    .filter((key) => key.startsWith('lieu:'))
    .map((key) => {
      const id = Number(key.slice(5));
      const place = input.places.get(id);
      return { lieu_id: id, lieu: place?.name ?? `lieu n° ${id}`, commune: communeName(place?.communeInsee ?? ''), insee: place?.communeInsee ?? '', ...figures(groups.get(key)!) };
    })
    .sort((a, b) => Number(b.insee === SIGNATORY_INSEE) - Number(a.insee === SIGNATORY_INSEE) || a.commune.localeCompare(b.commune, 'fr') || a.lieu.localeCompare(b.lieu, 'fr'))
    .map(({ insee: _insee, ...place }) => place);
  return { communes, lieux: places };
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
  // Reserved slots where nobody came are not workshops held: counted apart, out of the average.
  const held = totals.entries - totals.noPublicSlots;
  return {
    ateliers: held,
    creneaux_sans_public: totals.noPublicSlots,
    personnes_recues: totals.received,
    moyenne_par_atelier: held === 0 ? null : roundTenth(totals.received / held),
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
  const semesterOver = input.today > range.to;
  const rubriques = indicatorJson(range.months, caf.sectionsTotal, semesterOver);
  return {
    schema: REPORT_SCHEMA,
    titre: REPORT_TITLE,
    semestre: { code: semesterCode(input.semester), libelle: semesterLabelFr(input.semester), debut: range.from, fin: range.to, mois: range.months, provisoire: !semesterOver },
    comparaisons: { semestre_precedent: semesterCode(previous), meme_semestre_annee_precedente: semesterCode(yearBefore) },
    territoire: input.territory,
    produit_le: input.today,
    charte: charterJson(input.charter),
    chiffres_caf: {
      consultations: indicatorJson(range.months, caf.consultations, semesterOver),
      rubriques: { ...rubriques, classement: rankSections(range.months, caf.sectionsTotal, caf.sections) },
      teledeclarations: indicatorJson(range.months, caf.onlineDeclarations, semesterOver),
      par_perimetre: byPerimeter(input, range.months, semesterOver),
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
      mois_sans_chiffres_caf: missingCafMonths(range.months, {
        consultations: caf.consultations.current,
        [INDICATOR_LABELS.siteSection]: caf.sectionsTotal.current,
        [INDICATOR_LABELS.onlineDeclaration]: caf.onlineDeclarations.current,
      }),
      seances_sans_carnet: input.unloggedSessions.map((s) => ({ id: s.id, date: s.date, heure: s.startTime, lieu: s.placeName, type: s.type })),
      lieux_sans_activite: input.idlePlaces.map((p) => ({ id: p.id, lieu: p.name, commune: communeName(p.communeInsee) })),
    },
  };
}

/** The report model: the JSON output and the templates' data. */
export type SemesterReport = ReturnType<typeof buildReport>;
