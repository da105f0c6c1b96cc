// The CAF figures (art. 7) and the record of the files they came from. Imports are one
// IMMEDIATE transaction.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open.js';
import type { CafFigure, FigureSink, Indicator, RowError } from '../domain/cafFigures/index.js';
import type { IsoMonth } from '../domain/dates.js';

/** The indicator as stored (the file's own French word) back to the code's name. */
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

/** A (month, perimeter) pair that already holds some of a file's keys, and how many. */
export interface OccupiedPair {
  month: IsoMonth;
  perimeter: string;
  figureCount: number;
}

export interface ImportInput {
  fileName: string;
  sha256: string;
  importedAt: string;
  /** --remplacer: replace the stored figures with the same keys (month, perimeter, indicator, section). */
  replace: boolean;
  /** Reads the file, handing each valid figure over; called inside the transaction (a workbook streams, asynchronously). */
  read: (onFigure: FigureSink) => { errors: RowError[] } | Promise<{ errors: RowError[] }>;
}

export type ImportOutcome =
  | { kind: 'imported'; importId: number; inserted: number; replaced: number; months: IsoMonth[] }
  | { kind: 'alreadyImported'; previous: CafImport }
  | { kind: 'occupied'; pairs: OccupiedPair[] }
  | { kind: 'invalid'; errors: RowError[] }
  | { kind: 'empty' };

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

/**
 * Imports a file all-or-nothing, in one IMMEDIATE transaction that also spans the reading:
 * figures are written while the file is read, so a million of them are never in memory at
 * once. A file already imported writes nothing; bad rows, or pairs already holding figures
 * without `replace`, roll everything back. With `replace`, each stored figure with the same
 * key as one of the file's (month, perimeter, indicator, section) is deleted before the new
 * one is written; the other figures of those months and perimeters stay.
 */
export async function importFigures(db: Db, input: ImportInput): Promise<ImportOutcome> {
  // A page cache big enough for the month index and the pages being filled (default 2 MB).
  db.pragma('cache_size = -16384');
  // Checking import_id against caf_imports for each of a million rows is a measurable part
  // of the import, and needless: every row gets the id of the caf_imports row inserted just
  // before, in the same transaction. (The pragma cannot change inside a transaction.)
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  // BEGIN IMMEDIATE by hand rather than db.transaction(): a workbook is read as a stream, and
  // a better-sqlite3 transaction function cannot wait for it. Nothing else in this process
  // uses the connection meanwhile: the command awaits the import.
  db.exec('BEGIN IMMEDIATE');
  try {
    const outcome = await importInTransaction(db, input);
    if (outcome.kind === 'imported' || outcome.kind === 'alreadyImported') db.exec(outcome.kind === 'imported' ? 'COMMIT' : 'ROLLBACK');
    else db.exec('ROLLBACK');
    return outcome;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}

async function importInTransaction(db: Db, input: ImportInput): Promise<ImportOutcome> {
  const previous = findImportBySha(db, input.sha256);
  if (previous) return { kind: 'alreadyImported', previous };
  const importId = Number(
    db
      .prepare('INSERT INTO caf_imports (file_name, sha256, imported_at, row_count, replaced_count) VALUES (?, ?, ?, 0, 0)')
      .run(input.fileName, input.sha256, input.importedAt).lastInsertRowid,
  );
  const writer = new FigureWriter(db, importId, input.replace);
  const { errors } = await input.read((figure) => writer.add(figure));
  writer.flush();
  if (errors.length > 0) return { kind: 'invalid', errors };
  if (writer.occupied.length > 0) {
    const pairs = [...writer.occupied].sort((a, b) => a.month.localeCompare(b.month) || a.perimeter.localeCompare(b.perimeter));
    return { kind: 'occupied', pairs };
  }
  if (writer.inserted === 0) return { kind: 'empty' };
  db.prepare('UPDATE caf_imports SET row_count = ?, replaced_count = ? WHERE id = ?').run(writer.inserted, writer.replaced, importId);
  return { kind: 'imported', importId, inserted: writer.inserted, replaced: writer.replaced, months: [...writer.months].sort() };
}

// How figures are written, which is most of an import's time:
// - up to 200 rows per INSERT statement: one native call per batch, not per figure;
// - a batch holds the rows of one (month, perimeter) pair, bound once as @month and
//   @perimeter, and the indicator goes as a small integer turned into its word by SQL:
//   each string parameter costs a conversion and two copies, and this leaves one string
//   per row (the section) instead of four, which cut the insert's CPU time by about 30 %;
// - the import id, the same for every row, is written into the statement.
const BATCH = 200;
const INDICATOR_CODES: Record<Indicator, number> = { consultations: 0, siteSection: 1, onlineDeclaration: 2 };

/**
 * Writes figures in batches. A figure's key is (month, perimeter, indicator, section): a key
 * already in the store is a conflict, or with `replace` its old row is deleted first; the
 * other figures of the same month and perimeter are never touched.
 */
class FigureWriter {
  readonly months = new Set<IsoMonth>();
  inserted = 0;
  replaced = 0;
  private readonly conflicts = new Map<string, OccupiedPair>();
  private lastMonth = '';
  private lastPerimeter = '';
  /** The stored figures of the current pair by key, null when it holds none (most imports). */
  private stored: Map<string, StoredKey> | null = null;
  private readonly rows: unknown[] = []; // indicator code, section or null, value; per row
  private pending = 0;
  private readonly inserts = new Map<number, Statement>(); // by number of rows
  private readonly countByPerimeter;
  private readonly existing = new Map<IsoMonth, Map<string, number>>();
  private readonly keysOfPair;
  private readonly removeById;

  constructor(
    private readonly db: Db,
    private readonly importId: number,
    private readonly replace: boolean,
  ) {
    this.countByPerimeter = db.prepare('SELECT perimeter, count(*) AS n FROM caf_figures WHERE month = ? GROUP BY perimeter');
    // Rows of earlier imports only: a pair met again later in the file already holds this import's rows.
    this.keysOfPair = db.prepare('SELECT id, indicator, site_section AS section, value FROM caf_figures WHERE month = ? AND perimeter = ? AND import_id <> ?');
    this.removeById = db.prepare('DELETE FROM caf_figures WHERE id = ?');
  }

  /** The pairs holding some of the file's keys, with how many (refused without `replace`). */
  get occupied(): OccupiedPair[] {
    return [...this.conflicts.values()];
  }

  add(figure: CafFigure): void {
    // Rows come grouped by month and perimeter: only a change of pair needs a look.
    if (figure.month !== this.lastMonth || figure.perimeterKey !== this.lastPerimeter) {
      this.flush();
      this.enterPair(figure.month, figure.perimeterKey);
    }
    if (this.stored !== null) {
      const key = storedKey(STORED_INDICATORS[figure.indicator], figure.siteSection ?? '');
      const old = this.stored.get(key);
      if (old !== undefined) {
        this.stored.delete(key);
        if (this.replace) {
          this.removeById.run(old.id);
          this.replaced++;
        } else {
          const pair = `${figure.month}|${figure.perimeterKey}`;
          const conflict = this.conflicts.get(pair);
          if (conflict) conflict.figureCount++;
          else this.conflicts.set(pair, { month: figure.month, perimeter: figure.perimeterKey, figureCount: 1 });
        }
      }
    }
    if (this.conflicts.size > 0) return; // refused anyway: keep reading for the report only
    const at = this.pending * 3;
    this.rows[at] = INDICATOR_CODES[figure.indicator];
    this.rows[at + 1] = figure.siteSection;
    this.rows[at + 2] = figure.value;
    if (++this.pending === BATCH) this.flush();
  }

  /** Writes the pending rows, all of the current pair. */
  flush(): void {
    if (this.pending === 0) return;
    const rows = this.pending === BATCH ? this.rows : this.rows.slice(0, this.pending * 3);
    this.insertFor(this.pending).run(rows, { month: this.lastMonth, perimeter: this.lastPerimeter });
    this.inserted += this.pending;
    this.pending = 0;
  }

  private insertFor(count: number): Statement {
    let statement = this.inserts.get(count);
    if (statement === undefined) {
      statement = this.db.prepare(
        `INSERT INTO caf_figures (month, perimeter, indicator, site_section, value, import_id)
         SELECT @month, @perimeter, CASE column1 WHEN 0 THEN 'consultations' WHEN 1 THEN 'rubrique' ELSE 'teledeclarations' END,
                coalesce(column2, ''), column3, ${Math.trunc(this.importId)}
         FROM (VALUES ${Array(count).fill('(?, ?, ?)').join(', ')})`,
      );
      this.inserts.set(count, statement);
    }
    return statement;
  }

  /**
   * The figures each perimeter already holds for a month, read when the file first mentions
   * the month: before any of this import's rows for it exist (afterwards, a count would
   * have to wade through them).
   */
  private existingIn(month: IsoMonth): Map<string, number> {
    let perimeters = this.existing.get(month);
    if (perimeters === undefined) {
      const rows = this.countByPerimeter.all(month) as { perimeter: string; n: number }[];
      perimeters = new Map(rows.map((row) => [row.perimeter, row.n]));
      this.existing.set(month, perimeters);
    }
    return perimeters;
  }

  private enterPair(month: IsoMonth, perimeter: string): void {
    this.lastMonth = month;
    this.lastPerimeter = perimeter;
    this.months.add(month);
    // The pair's stored keys are read only where it held figures before this import.
    this.stored = (this.existingIn(month).get(perimeter) ?? 0) === 0 ? null : storedKeys(this.keysOfPair.all(month, perimeter, this.importId) as StoredRow[]);
  }
}

interface StoredRow {
  id: number;
  indicator: string;
  section: string;
  value: number;
}

interface StoredKey {
  id: number;
  value: number;
}

const STORED_INDICATORS: Record<Indicator, string> = { consultations: 'consultations', siteSection: 'rubrique', onlineDeclaration: 'teledeclarations' };

function storedKey(indicator: string, section: string): string {
  return `${indicator}|${section}`;
}

function storedKeys(rows: StoredRow[]): Map<string, StoredKey> {
  return new Map(rows.map((row) => [storedKey(row.indicator, row.section), { id: row.id, value: row.value }]));
}

/** What importing a figure would do to the store: add it, replace an old value, or change nothing. */
export type FigureChange = { kind: 'added' } | { kind: 'replaced'; old: number } | { kind: 'unchanged' };

/**
 * For --dry-run: compares figures with the store, key by key, without writing. Each pair's
 * stored keys are read once, when the pair first comes.
 */
export function figureComparer(db: Db): (figure: CafFigure) => FigureChange {
  const keysOfPair = db.prepare('SELECT id, indicator, site_section AS section, value FROM caf_figures WHERE month = ? AND perimeter = ?');
  const pairs = new Map<string, Map<string, StoredKey>>();
  return (figure) => {
    const pair = `${figure.month}|${figure.perimeterKey}`;
    let stored = pairs.get(pair);
    if (stored === undefined) pairs.set(pair, (stored = storedKeys(keysOfPair.all(figure.month, figure.perimeterKey) as StoredRow[])));
    const old = stored.get(storedKey(STORED_INDICATORS[figure.indicator], figure.siteSection ?? ''));
    if (old === undefined) return { kind: 'added' };
    return old.value === figure.value ? { kind: 'unchanged' } : { kind: 'replaced', old: old.value };
  };
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
