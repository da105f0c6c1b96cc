// The rows of the monthly exports, read with our own SQL so the export does not depend on the
// other repositories' shapes. Everything that can be counted or summed is done SQL-side; a
// period's rows (a month or a semester) are read whole, in one transaction, so that every file
// of an export shows the same state of the store.
import { sql } from './sql.js';
import type { Store } from './engine.js';
import { SESSION_TYPE_LABELS } from '../domain/sessionTypes.js';
import { ratio, type ExportRow } from '../domain/exportRows.js';
import type { IsoDate, IsoMonth } from '../domain/dates.js';
import type { ExportTableId } from '../domain/exportRows.js';
import { COMMUNES_EXPECTED, communesCoverageFr, type TerritoryFigure } from '../domain/cafTerritory.js';
import { territoryMonthly } from './cafTerritory.js';

export interface ExportPeriod {
  from: IsoDate;
  to: IsoDate;
}

/** What the period holds, per source: an export of nothing at all is refused (exit 3) unless --vide-ok. */
export interface PeriodContent {
  logbookEntries: number;
  sessions: number;
  cafFigures: number;
}

export async function periodContent(store: Store, period: ExportPeriod): Promise<PeriodContent> {
  const row = await store.one(sql<{ logbook: number; sessions: number; figures: number }>`
    SELECT (SELECT count(*) FROM logbook_entries WHERE removed_at IS NULL AND date BETWEEN ${period.from} AND ${period.to}) AS logbook,
           (SELECT count(*) FROM sessions WHERE date BETWEEN ${period.from} AND ${period.to}) AS sessions,
           (SELECT count(*) FROM caf_figures WHERE month BETWEEN ${period.from.slice(0, 7)} AND ${period.to.slice(0, 7)}) AS figures`);
  return { logbookEntries: Number(row!.logbook), sessions: Number(row!.sessions), cafFigures: Number(row!.figures) };
}

const typeLabel = (type: string) => (SESSION_TYPE_LABELS as Record<string, string>)[type] ?? type;

/** '["Awa","Jean"]' → 'Awa, Jean' (staff names, not allocataires). */
function animatorList(json: string | null): string | null {
  if (!json) return null;
  try {
    const names = JSON.parse(json) as unknown;
    return Array.isArray(names) && names.length > 0 ? names.map(String).join(', ') : null;
  } catch {
    return json;
  }
}

const logbookQuery = (period: ExportPeriod) => sql<ExportRow>`
  SELECT e.id AS numero, e.date AS date, e.start_time AS heure, e.place_id AS lieu_numero, p.name AS lieu, c.name AS commune,
         e.session_id AS seance_numero, e.type AS type, e.received AS personnes_recues, e.first_timers AS nouveaux,
         e.duration_minutes AS duree_minutes, e.animators AS animateurs, e.online_declarations AS teledeclarations,
         e.accounts_created AS comptes_crees, e.emails_sent AS courriels, e.certificates AS attestations,
         e.completed_procedures AS demarches_abouties, e.results_text AS resultats, e.remarks AS remarques, e.author AS auteur
  FROM logbook_entries e
  LEFT JOIN places p ON p.id = e.place_id
  LEFT JOIN communes c ON c.insee = p.commune_insee
  WHERE e.removed_at IS NULL AND e.date BETWEEN ${period.from} AND ${period.to}
  ORDER BY e.date, e.start_time, e.id`;

/** The carnet de bord's entries of the period (soft-deleted ones excluded), in date order. */
export async function logbookRows(store: Store, period: ExportPeriod): Promise<ExportRow[]> {
  return (await store.all(logbookQuery(period))).map((row) => ({ ...row, type_libelle: typeLabel(String(row.type)), animateurs: animatorList(row.animateurs as string | null) }));
}

// Seats and logbook follow-up by correlated subqueries: each is one lookup in an index
// (bookings_by_session, logbook_by_session), where a GROUP BY would scan every booking ever made.
const sessionsQuery = (period: ExportPeriod, today: IsoDate) => sql<ExportRow>`
  SELECT s.id AS numero, s.date AS date, s.start_time AS debut, s.end_time AS fin, s.place_id AS lieu_numero, p.name AS lieu,
         c.name AS commune, s.type AS type, s.title AS titre,
         CASE WHEN s.status = 'annulee' THEN 'annulee' WHEN s.date < ${today} THEN 'passee' ELSE 'prevue' END AS statut,
         s.capacity AS capacite,
         (SELECT coalesce(sum(b.seats), 0) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmee') AS places_confirmees,
         (SELECT coalesce(sum(b.seats), 0) FROM bookings b WHERE b.session_id = s.id AND b.status = 'attente') AS places_en_attente,
         s.animators AS animateurs, s.cancel_reason AS motif_annulation,
         (SELECT count(*) FROM logbook_entries e WHERE e.session_id = s.id AND e.removed_at IS NULL) AS entrees_carnet,
         (SELECT coalesce(sum(e.received), 0) FROM logbook_entries e WHERE e.session_id = s.id AND e.removed_at IS NULL) AS personnes_recues
  FROM sessions s
  LEFT JOIN places p ON p.id = s.place_id
  LEFT JOIN communes c ON c.insee = p.commune_insee
  WHERE s.date BETWEEN ${period.from} AND ${period.to}
  ORDER BY s.date, s.start_time, s.id`;

/** The sessions of the period; the status « passee » is judged against `today` (Réunion). */
export async function sessionRows(store: Store, period: ExportPeriod, today: IsoDate): Promise<ExportRow[]> {
  return (await store.all(sessionsQuery(period, today))).map((row) => ({ ...row, type_libelle: typeLabel(String(row.type)), animateurs: animatorList(row.animateurs as string | null) }));
}

// Per month and place, then one « territoire » line per month: the sum of the place lines plus the
// territory's CAF figures, which monthlyFigureRows fills in from the one rule (store/cafTerritory.ts).
// The NULLs of the territory line are typed, for PostgreSQL's UNION.
const monthlyFiguresQuery = (period: ExportPeriod, span: { from: IsoMonth; to: IsoMonth }, territory: string) => sql<
  ExportRow & { received_counted: number; sort_level: number }
>`
  WITH lb AS (
    SELECT substr(date, 1, 7) AS mois, place_id,
           count(*) AS entries, sum(received) AS received, sum(first_timers) AS first_timers,
           sum(CASE WHEN first_timers IS NOT NULL THEN received ELSE 0 END) AS received_counted,
           sum(online_declarations) AS online_declarations, sum(accounts_created) AS accounts_created,
           sum(emails_sent) AS emails_sent, sum(certificates) AS certificates, sum(completed_procedures) AS completed_procedures
    FROM logbook_entries WHERE removed_at IS NULL AND date BETWEEN ${period.from} AND ${period.to} GROUP BY 1, 2),
  ss AS (
    SELECT substr(s.date, 1, 7) AS mois, s.place_id,
           sum(CASE WHEN s.status <> 'annulee' THEN 1 ELSE 0 END) AS held, sum(CASE WHEN s.status = 'annulee' THEN 1 ELSE 0 END) AS cancelled,
           sum(CASE WHEN s.status <> 'annulee'
                    THEN (SELECT coalesce(sum(b.seats), 0) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmee')
                    ELSE 0 END) AS seats
    FROM sessions s
    WHERE s.date BETWEEN ${period.from} AND ${period.to} GROUP BY 1, 2),
  caf AS (
    SELECT month AS mois,
           CASE WHEN perimeter LIKE 'lieu:%' THEN CAST(substr(perimeter, 6) AS INTEGER) END AS place_id,
           sum(CASE WHEN indicator = 'consultations' THEN value END) AS consultations,
           sum(CASE WHEN indicator = 'teledeclarations' THEN value END) AS online_declarations
    FROM caf_figures
    WHERE month BETWEEN ${span.from} AND ${span.to} AND perimeter LIKE 'lieu:%'
    GROUP BY 1, 2),
  caf_months AS (SELECT DISTINCT month AS mois FROM caf_figures WHERE month BETWEEN ${span.from} AND ${span.to}),
  keys AS (
    SELECT mois, place_id FROM lb UNION SELECT mois, place_id FROM ss UNION SELECT mois, place_id FROM caf WHERE place_id IS NOT NULL),
  place_rows AS (
    SELECT k.mois, 'lieu' AS niveau, k.place_id AS lieu_numero, p.name AS lieu, c.name AS commune,
           coalesce(ss.held, 0) AS seances, coalesce(ss.cancelled, 0) AS seances_annulees, coalesce(ss.seats, 0) AS places_confirmees,
           coalesce(lb.entries, 0) AS entrees_carnet, coalesce(lb.received, 0) AS personnes_recues, coalesce(lb.first_timers, 0) AS nouveaux,
           coalesce(lb.received_counted, 0) AS received_counted,
           coalesce(lb.online_declarations, 0) AS teledeclarations, coalesce(lb.accounts_created, 0) AS comptes_crees,
           coalesce(lb.emails_sent, 0) AS courriels, coalesce(lb.certificates, 0) AS attestations,
           coalesce(lb.completed_procedures, 0) AS demarches_abouties,
           caf.consultations AS consultations_caf, caf.online_declarations AS teledeclarations_caf
    FROM keys k
    LEFT JOIN places p ON p.id = k.place_id
    LEFT JOIN communes c ON c.insee = p.commune_insee
    LEFT JOIN lb ON lb.mois = k.mois AND lb.place_id = k.place_id
    LEFT JOIN ss ON ss.mois = k.mois AND ss.place_id = k.place_id
    LEFT JOIN caf ON caf.mois = k.mois AND caf.place_id = k.place_id),
  months AS (SELECT mois FROM keys UNION SELECT mois FROM caf_months),
  territory_rows AS (
    SELECT m.mois, 'territoire' AS niveau, CAST(NULL AS INTEGER) AS lieu_numero, CAST(${territory} AS TEXT) AS lieu, CAST(NULL AS TEXT) AS commune,
           coalesce(sum(pr.seances), 0), coalesce(sum(pr.seances_annulees), 0), coalesce(sum(pr.places_confirmees), 0),
           coalesce(sum(pr.entrees_carnet), 0), coalesce(sum(pr.personnes_recues), 0), coalesce(sum(pr.nouveaux), 0),
           coalesce(sum(pr.received_counted), 0),
           coalesce(sum(pr.teledeclarations), 0), coalesce(sum(pr.comptes_crees), 0), coalesce(sum(pr.courriels), 0),
           coalesce(sum(pr.attestations), 0), coalesce(sum(pr.demarches_abouties), 0),
           CAST(NULL AS INTEGER), CAST(NULL AS INTEGER)
    FROM months m LEFT JOIN place_rows pr ON pr.mois = m.mois
    GROUP BY m.mois)
  SELECT *, 0 AS sort_level FROM place_rows
  UNION ALL
  SELECT *, 1 FROM territory_rows
  ORDER BY mois, sort_level, lieu_numero`;

/**
 * Monthly figures per place with activity, then the Territoire Sud's line, for each month with
 * data (the export's « stats » table).
 */
export async function monthlyFigureRows(store: Store, period: ExportPeriod, territoryName: string): Promise<ExportRow[]> {
  const span = { from: period.from.slice(0, 7) as IsoMonth, to: period.to.slice(0, 7) as IsoMonth };
  const byMonth = (figures: TerritoryFigure[]) => new Map(figures.map((f) => [f.month, f]));
  const consultations = byMonth(await territoryMonthly(store, 'consultations', span));
  const onlineDeclarations = byMonth(await territoryMonthly(store, 'onlineDeclaration', span));
  return (await store.all(monthlyFiguresQuery(period, span, territoryName))).map((raw) => {
    const { received_counted: receivedCounted, sort_level: level, ...row } = raw;
    const received = Number(row.personnes_recues);
    const territory = Number(level) === 1;
    const consultation = territory ? consultations.get(String(row.mois)) : undefined;
    const onlineDeclaration = territory ? onlineDeclarations.get(String(row.mois)) : undefined;
    return {
      ...row,
      part_nouveaux_pourcent: ratio(Number(row.nouveaux), receivedCounted, 100),
      moyenne_recues_par_entree: ratio(received, Number(row.entrees_carnet)),
      ...(territory ? { consultations_caf: consultation?.value ?? null, teledeclarations_caf: onlineDeclaration?.value ?? null } : {}),
      source_consultations_caf: territory ? sourceText(consultation) : null,
      source_teledeclarations_caf: territory ? sourceText(onlineDeclaration) : null,
    };
  });
}

/** What an export reads: the period's content, and the rows of each table asked for. */
export interface ExportSnapshot {
  content: PeriodContent;
  rows: Map<ExportTableId, ExportRow[]>;
}

/**
 * Reads everything an export writes in one transaction: every file of a run shows the same
 * state of the store, even if someone records an entry while the export is being made.
 */
export async function readExport(store: Store, period: ExportPeriod, tables: readonly ExportTableId[], today: IsoDate, territoryName: string): Promise<ExportSnapshot> {
  return store.transaction(async (tx) => {
    const rows = new Map<ExportTableId, ExportRow[]>();
    for (const table of tables) {
      if (table === 'logbook') rows.set(table, await logbookRows(tx, period));
      else if (table === 'sessions') rows.set(table, await sessionRows(tx, period, today));
      else rows.set(table, await monthlyFigureRows(tx, period, territoryName));
    }
    return { content: await periodContent(tx, period), rows };
  });
}

/** Where a territory line's CAF figure comes from, in the words of the report. */
function sourceText(figure: TerritoryFigure | undefined): string {
  if (figure === undefined || (figure.source === 'incomplete' && figure.communes === 0)) return 'n.d.';
  if (figure.source === 'caf') return 'CAF';
  if (figure.source === 'communes') return `somme des ${COMMUNES_EXPECTED} communes`;
  return `n.d. (${communesCoverageFr(figure.communes)})`;
}
