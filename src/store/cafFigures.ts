// The CAF figures (art. 7) and the record of the files they came from. Imports are one
// IMMEDIATE transaction; the report's aggregates are computed here, in SQL.
import type { Db } from './open.js';
import type { CafFigure, Indicator } from '../domain/cafFigures/index.js';
import type { IsoMonth } from '../domain/dates.js';

/** The indicator as stored (the file's own French word). */
const STORED: Record<Indicator, string> = { consultations: 'consultations', siteSection: 'rubrique', onlineDeclaration: 'teledeclarations' };
const FROM_STORED: Record<string, Indicator> = { consultations: 'consultations', rubrique: 'siteSection', teledeclarations: 'onlineDeclaration' };

/** One imported file. */
export interface CafImport {
  id: number;
  fileName: string;
  sha256: string;
  /** ISO 8601 in Réunion time. */
  importedAt: string;
  rowCount: number;
  replacedCount: number;
}

/** A (month, perimeter) pair that already holds figures, and how many. */
export interface OccupiedPair {
  month: IsoMonth;
  perimeter: string;
  figureCount: number;
}

export interface ImportInput {
  fileName: string;
  sha256: string;
  importedAt: string;
  figures: readonly CafFigure[];
  /** --remplacer: delete the figures of the file's (month, perimeter) pairs first. */
  replace: boolean;
}

export type ImportOutcome =
  | { kind: 'imported'; importId: number; inserted: number; replaced: number }
  | { kind: 'alreadyImported'; previous: CafImport }
  | { kind: 'occupied'; pairs: OccupiedPair[] };

interface ImportRow {
  id: number;
  file_name: string;
  sha256: string;
  imported_at: string;
  row_count: number;
  replaced_count: number;
}

const fromImportRow = (row: ImportRow): CafImport => ({
  id: row.id,
  fileName: row.file_name,
  sha256: row.sha256,
  importedAt: row.imported_at,
  rowCount: row.row_count,
  replacedCount: row.replaced_count,
});

export function findImportBySha(db: Db, sha256: string): CafImport | undefined {
  const row = db.prepare('SELECT * FROM caf_imports WHERE sha256 = ?').get(sha256) as ImportRow | undefined;
  return row && fromImportRow(row);
}

export function listImports(db: Db): CafImport[] {
  return (db.prepare('SELECT * FROM caf_imports ORDER BY id').all() as ImportRow[]).map(fromImportRow);
}

/** The distinct (month, perimeter) pairs of some figures, in month then perimeter order. */
export function pairsOf(figures: readonly CafFigure[]): { month: IsoMonth; perimeter: string }[] {
  const seen = new Map<string, { month: IsoMonth; perimeter: string }>();
  let lastMonth = '';
  let lastPerimeter = '';
  for (const figure of figures) {
    // Rows come grouped by month and perimeter: skip the key building for a repeat.
    if (figure.month === lastMonth && figure.perimeterKey === lastPerimeter) continue;
    lastMonth = figure.month;
    lastPerimeter = figure.perimeterKey;
    const key = `${figure.month}|${figure.perimeterKey}`;
    if (!seen.has(key)) seen.set(key, { month: figure.month, perimeter: figure.perimeterKey });
  }
  return [...seen.values()].sort((a, b) => a.month.localeCompare(b.month) || a.perimeter.localeCompare(b.perimeter));
}

/** Which of these pairs already hold figures (one indexed month lookup each). */
export function occupiedPairs(db: Db, pairs: readonly { month: IsoMonth; perimeter: string }[]): OccupiedPair[] {
  const count = db.prepare('SELECT count(*) AS n FROM caf_figures WHERE month = ? AND perimeter = ?').pluck();
  const occupied: OccupiedPair[] = [];
  for (const pair of pairs) {
    const figureCount = count.get(pair.month, pair.perimeter) as number;
    if (figureCount > 0) occupied.push({ ...pair, figureCount });
  }
  return occupied;
}

// Rows per INSERT statement: one native call per 200 figures instead of per figure is
// what makes a million-row import fit in a few seconds (6 × 200 parameters, far below
// SQLite's 32 766 limit).
const BATCH = 200;
const INSERT_COLUMNS = 'INSERT INTO caf_figures (month, perimeter, indicator, site_section, value, import_id) VALUES ';

/**
 * Imports figures all-or-nothing. Everything is decided inside the write lock: a file
 * already imported, or pairs already holding figures without `replace`, write nothing.
 */
export function importFigures(db: Db, input: ImportInput): ImportOutcome {
  // A bigger page cache keeps the b-tree in memory during a large import (default is 2 MB).
  // It is left so: the connection closes when the command ends.
  db.pragma('cache_size = -65536');
  return db.transaction((): ImportOutcome => {
    const previous = findImportBySha(db, input.sha256);
    if (previous) return { kind: 'alreadyImported', previous };
    const pairs = pairsOf(input.figures);
    const occupied = occupiedPairs(db, pairs);
    if (occupied.length > 0 && !input.replace) return { kind: 'occupied', pairs: occupied };
    const remove = db.prepare('DELETE FROM caf_figures WHERE month = ? AND perimeter = ?');
    let replaced = 0;
    for (const pair of occupied) replaced += remove.run(pair.month, pair.perimeter).changes;
    const importId = Number(
      db
        .prepare('INSERT INTO caf_imports (file_name, sha256, imported_at, row_count, replaced_count) VALUES (?, ?, ?, ?, ?)')
        .run(input.fileName, input.sha256, input.importedAt, input.figures.length, replaced).lastInsertRowid,
    );
    insertFigures(db, input.figures, importId);
    return { kind: 'imported', importId, inserted: input.figures.length, replaced };
  }).immediate();
}

function insertFigures(db: Db, figures: readonly CafFigure[], importId: number): void {
  const batch = db.prepare(INSERT_COLUMNS + Array(BATCH).fill('(?, ?, ?, ?, ?, ?)').join(', '));
  const single = db.prepare(INSERT_COLUMNS + '(?, ?, ?, ?, ?, ?)');
  const params: unknown[] = new Array(BATCH * 6);
  const whole = figures.length - (figures.length % BATCH);
  for (let start = 0; start < whole; start += BATCH) {
    for (let k = 0; k < BATCH; k++) {
      const figure = figures[start + k]!;
      const at = k * 6;
      params[at] = figure.month;
      params[at + 1] = figure.perimeterKey;
      params[at + 2] = STORED[figure.indicator];
      params[at + 3] = figure.siteSection ?? '';
      params[at + 4] = figure.value;
      params[at + 5] = importId;
    }
    batch.run(params);
  }
  for (let i = whole; i < figures.length; i++) {
    const figure = figures[i]!;
    single.run(figure.month, figure.perimeterKey, STORED[figure.indicator], figure.siteSection ?? '', figure.value, importId);
  }
}

/** A stored figure, for `stats list`. */
export interface StoredFigure {
  month: IsoMonth;
  perimeter: string;
  indicator: Indicator;
  siteSection: string | null;
  value: number;
}

/** Months are inclusive 'YYYY-MM' bounds. */
export interface MonthRange {
  from: IsoMonth;
  to: IsoMonth;
}

export interface FigureFilter extends Partial<MonthRange> {
  perimeter?: string;
}

/** Figures in month, perimeter, indicator order, sections by decreasing value. */
export function listFigures(db: Db, filter: FigureFilter = {}): StoredFigure[] {
  const rows = db
    .prepare(
      `SELECT month, perimeter, indicator, site_section, value FROM caf_figures
       WHERE month BETWEEN ? AND ? AND (? IS NULL OR perimeter = ?)
       ORDER BY month, perimeter = 'territoire' DESC, perimeter,
                CASE indicator WHEN 'consultations' THEN 0 WHEN 'rubrique' THEN 1 ELSE 2 END, value DESC, site_section`,
    )
    .all(filter.from ?? '0000-00', filter.to ?? '9999-99', filter.perimeter ?? null, filter.perimeter ?? null) as {
    month: string;
    perimeter: string;
    indicator: string;
    site_section: string;
    value: number;
  }[];
  return rows.map((row) => ({
    month: row.month,
    perimeter: row.perimeter,
    indicator: FROM_STORED[row.indicator]!,
    siteSection: row.indicator === 'rubrique' ? row.site_section : null,
    value: row.value,
  }));
}

/** The report's question: one indicator, one perimeter (default the whole territory). */
export interface AggregateQuery extends MonthRange {
  /** Perimeter key: 'territoire' (default), 'commune:<insee>' or 'lieu:<id>'. */
  perimeter?: string;
}

/** Sum of an indicator per month, months without figures omitted. */
export function monthlyTotals(db: Db, query: AggregateQuery & { indicator: Indicator }): { month: IsoMonth; value: number }[] {
  return db
    .prepare(
      `SELECT month, SUM(value) AS value FROM caf_figures
       WHERE month BETWEEN ? AND ? AND perimeter = ? AND indicator = ?
       GROUP BY month ORDER BY month`,
    )
    .all(query.from, query.to, query.perimeter ?? 'territoire', STORED[query.indicator]) as { month: IsoMonth; value: number }[];
}

/** caf.fr sections consulted over the range, most consulted first. */
export function siteSectionRanking(db: Db, query: AggregateQuery): { siteSection: string; value: number }[] {
  return db
    .prepare(
      `SELECT site_section AS siteSection, SUM(value) AS value FROM caf_figures
       WHERE month BETWEEN ? AND ? AND perimeter = ? AND indicator = 'rubrique'
       GROUP BY site_section ORDER BY value DESC, site_section`,
    )
    .all(query.from, query.to, query.perimeter ?? 'territoire') as { siteSection: string; value: number }[];
}

/** Months of the range holding at least one figure for the perimeter (any indicator). */
export function monthsWithFigures(db: Db, query: AggregateQuery): IsoMonth[] {
  return db
    .prepare('SELECT DISTINCT month FROM caf_figures WHERE month BETWEEN ? AND ? AND perimeter = ? ORDER BY month')
    .pluck()
    .all(query.from, query.to, query.perimeter ?? 'territoire') as IsoMonth[];
}

/** The perimeters holding figures in the range, for a report that wants to list them. */
export function perimetersWithFigures(db: Db, range: MonthRange): string[] {
  return db.prepare('SELECT DISTINCT perimeter FROM caf_figures WHERE month BETWEEN ? AND ? ORDER BY perimeter').pluck().all(range.from, range.to) as string[];
}
