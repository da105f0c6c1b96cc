// The monthly exports' tables: their stable French column names and what kind of value each
// holds. THIS IS A CONTRACT with the users' own scripts and spreadsheets: a column is never
// renamed, removed or moved; new columns are only ever appended at the end of a list
// (the RDV Service Public rule). The README's "Scripts" section documents these lists.

/** How a value is written: CSV formats dates and decimals the French way, XLSX types its cells. */
export type ColumnKind = 'text' | 'int' | 'decimal' | 'date' | 'time' | 'month';

export interface ExportColumn {
  key: string;
  kind: ColumnKind;
}

/** A value as read from the store: dates ISO ('YYYY-MM-DD'), decimals as numbers, absent as null. */
export type ExportCell = string | number | null;
export type ExportRow = Record<string, ExportCell>;

/** The three tables `cafcharte export` writes. */
export type ExportTableId = 'logbook' | 'sessions' | 'stats';

export interface ExportTable {
  id: ExportTableId;
  /** File name part: cafcharte-2026-10-<fileSuffix>.csv */
  fileSuffix: string;
  /** Sheet name in the XLSX workbook. */
  sheetName: string;
  /** What it is, in French, for messages and the first sheet. */
  label: string;
  columns: readonly ExportColumn[];
}

const col = (key: string, kind: ColumnKind = 'text'): ExportColumn => ({ key, kind });

/** The carnet de bord (art. 5): one row per entry, removed entries excluded. */
export const LOGBOOK_COLUMNS: readonly ExportColumn[] = [
  col('numero', 'int'),
  col('date', 'date'),
  col('heure', 'time'),
  col('lieu_numero', 'int'),
  col('lieu'),
  col('commune'),
  col('seance_numero', 'int'),
  col('type'),
  col('type_libelle'),
  col('personnes_recues', 'int'),
  col('nouveaux', 'int'),
  col('duree_minutes', 'int'),
  col('animateurs'),
  col('teledeclarations', 'int'),
  col('comptes_crees', 'int'),
  col('courriels', 'int'),
  col('attestations', 'int'),
  col('demarches_abouties', 'int'),
  col('resultats'),
  col('remarques'),
  col('auteur'),
];

/** Sessions (workshops, reserved slots, events) with their seats and logbook follow-up. */
export const SESSION_COLUMNS: readonly ExportColumn[] = [
  col('numero', 'int'),
  col('date', 'date'),
  col('debut', 'time'),
  col('fin', 'time'),
  col('lieu_numero', 'int'),
  col('lieu'),
  col('commune'),
  col('type'),
  col('type_libelle'),
  col('titre'),
  col('statut'),
  col('capacite', 'int'),
  col('places_confirmees', 'int'),
  col('places_en_attente', 'int'),
  col('animateurs'),
  col('motif_annulation'),
  col('entrees_carnet', 'int'),
  col('personnes_recues', 'int'),
];

/**
 * Monthly figures: one row per place with activity (niveau « lieu »), then one row for the whole
 * Territoire Sud (niveau « territoire »). The *_caf columns are the CAF's own figures (art. 7)
 * for that perimeter, empty when the CAF supplied none; on the territory line they follow the one
 * territory rule (the CAF's own figure, else all ten communes, else empty) and source_* says which.
 */
export const STATS_COLUMNS: readonly ExportColumn[] = [
  col('mois', 'month'),
  col('niveau'),
  col('lieu_numero', 'int'),
  col('lieu'),
  col('commune'),
  col('seances', 'int'),
  col('seances_annulees', 'int'),
  col('places_confirmees', 'int'),
  col('entrees_carnet', 'int'),
  col('personnes_recues', 'int'),
  col('nouveaux', 'int'),
  col('part_nouveaux_pourcent', 'decimal'),
  col('moyenne_recues_par_entree', 'decimal'),
  col('teledeclarations', 'int'),
  col('comptes_crees', 'int'),
  col('courriels', 'int'),
  col('attestations', 'int'),
  col('demarches_abouties', 'int'),
  col('consultations_caf', 'int'),
  col('teledeclarations_caf', 'int'),
  // On the territory line: « CAF » (its own figure), « somme des 10 communes », or « n.d. (2 communes sur 10) ».
  col('source_consultations_caf'),
  col('source_teledeclarations_caf'),
];

export const EXPORT_TABLES: Record<ExportTableId, ExportTable> = {
  logbook: { id: 'logbook', fileSuffix: 'journal', sheetName: 'Journal', label: 'carnet de bord', columns: LOGBOOK_COLUMNS },
  sessions: { id: 'sessions', fileSuffix: 'sessions', sheetName: 'Séances', label: 'séances', columns: SESSION_COLUMNS },
  stats: { id: 'stats', fileSuffix: 'stats', sheetName: 'Statistiques', label: 'statistiques', columns: STATS_COLUMNS },
};

/** Canonical order of the tables in files and workbooks. */
export const EXPORT_TABLE_ORDER: readonly ExportTableId[] = ['logbook', 'sessions', 'stats'];

/** Words accepted by `--quoi` (the file-name words first, then aliases). */
export const EXPORT_TABLE_ALIASES: Record<string, ExportTableId> = {
  journal: 'logbook',
  carnet: 'logbook',
  logbook: 'logbook',
  sessions: 'sessions',
  seances: 'sessions',
  séances: 'sessions',
  stats: 'stats',
  statistiques: 'stats',
};

/** One decimal, as the spreadsheets show it; null when there is nothing to divide by. */
export function ratio(numerator: number, denominator: number, factor = 1): number | null {
  if (!denominator) return null;
  return Math.round((numerator * factor * 10) / denominator) / 10;
}

/** OWASP's CSV-injection advice: these first characters make a spreadsheet evaluate a cell. */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Prefixes a text that a spreadsheet would run as a formula with ' so it stays text. */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0]) ? `'${text}` : text;
}

/** What every export states about itself (JSON `meta` block, the XLSX « Export » sheet). */
export interface ExportMeta {
  periode: { code: string; libelle: string; du: string; au: string };
  filtres: { quoi: string[] };
  /** ISO 8601 timestamp with the Réunion offset. */
  exporte_le: string;
  version: string;
}
