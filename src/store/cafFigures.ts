// The CAF figures (art. 7) and the record of the files they came from. An import is one
// write transaction that spans the reading of the file.
import { sql } from './sql.js';
import { isCheckViolation, isForeignKeyViolation, isUniqueViolation, type Store } from './engine.js';
import { ConflictError } from '../errors.js';
import { SqliteStore } from './sqliteStore.js';
import { INDICATOR_LABELS, INDICATORS, indicatorOfLabel, type CafFigure, type FigureSink, type Indicator, type RowError } from '../domain/cafFigures/types.js';
import type { IsoMonth } from '../domain/dates.js';
import type { MonthSpan } from './cafTerritory.js';
import { FigureColumns, figureInserter, type FigureInserter } from './cafFigureInserter.js';

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
  /**
   * Reads the file, handing each valid figure over, and awaits `drain` now and then (between
   * chunks of a file): the figures handed over so far are written then. Called inside the
   * transaction; it may be called again if PostgreSQL retries the transaction.
   */
  read: (onFigure: FigureSink, drain: () => Promise<void>) => Promise<{ errors: RowError[] }>;
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

export async function findImportBySha(store: Store, sha256: string): Promise<CafImport | undefined> {
  const row = await store.one(sql<ImportRow>`SELECT * FROM caf_imports WHERE sha256 = ${sha256}`);
  return row && fromImportRow(row);
}

export async function listImports(store: Store): Promise<CafImport[]> {
  return (await store.all(sql<ImportRow>`SELECT * FROM caf_imports ORDER BY id`)).map(fromImportRow);
}

/** Carries an outcome out of the transaction while rolling it back. */
class RolledBack {
  constructor(readonly outcome: ImportOutcome) {}
}

/**
 * Imports a file all-or-nothing, in one write transaction that also spans the reading:
 * figures are written while the file is read, so a million of them are never in memory at
 * once. A file already imported writes nothing; bad rows, or pairs already holding figures
 * without `replace`, roll everything back. With `replace`, each stored figure with the same
 * key as one of the file's (month, perimeter, indicator, section) is deleted before the new
 * one is written; the other figures of those months and perimeters stay.
 */
export async function importFigures(store: Store, input: ImportInput): Promise<ImportOutcome> {
  const restore = store instanceof SqliteStore ? prepareSqliteForImport(store) : () => undefined;
  try {
    return await store.transaction(async (tx) => {
      // Made anew for each attempt: PostgreSQL may run the transaction again.
      const inserter = await figureInserter(store, tx);
      let outcome: ImportOutcome;
      try {
        outcome = await importInTransaction(tx, inserter, input);
      } catch (error) {
        inserter.abandon();
        throw error;
      }
      if (outcome.kind !== 'imported') throw new RolledBack(outcome);
      return outcome;
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.outcome;
    // The file's rows passed the tool's own checks: a refusal means a rule of the store's own
    // (a constraint added on the server, say), to be named rather than shown as a crash.
    if (isCheckViolation(error) || isUniqueViolation(error) || isForeignKeyViolation(error)) {
      throw new ConflictError(`« ${input.fileName} » : la base a refusé un chiffre (${(error as Error).message}) ; rien n’a été importé.`);
    }
    throw error;
  } finally {
    restore();
  }
}

/** Settings that speed up a SQLite import; returns what puts them back. (None can change inside a transaction.) */
function prepareSqliteForImport(store: SqliteStore): () => void {
  const { db } = store;
  // A page cache big enough for the month index and the pages being filled (default 2 MB).
  db.pragma('cache_size = -16384');
  // Checking import_id against caf_imports for each of a million rows is a measurable part
  // of the import, and needless: every row gets the id of the caf_imports row inserted just
  // before, in the same transaction.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  return () => {
    if (db.open) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  };
}

async function importInTransaction(tx: Store, inserter: FigureInserter, input: ImportInput): Promise<ImportOutcome> {
  const previous = await findImportBySha(tx, input.sha256);
  if (previous) return { kind: 'alreadyImported', previous };
  // The import's number is the next after the highest, as SQLite numbers rows: a PostgreSQL
  // sequence would spend a number on each refused import, and the numbers users read must be
  // the same on both engines. The write transaction keeps two imports from taking the same one.
  const { id: importId } = (await tx.one(sql<{ id: number }>`
    INSERT INTO caf_imports (id, file_name, sha256, imported_at, row_count, replaced_count)
    VALUES ((SELECT coalesce(max(id), 0) + 1 FROM caf_imports), ${input.fileName}, ${input.sha256}, ${input.importedAt}, 0, 0)
    RETURNING id`))!;
  const writer = new FigureWriter(tx, inserter, Number(importId), input.replace);
  const { errors } = await input.read(
    (figure) => writer.add(figure),
    () => writer.drain(),
  );
  await writer.drain();
  await writer.settle();
  if (errors.length > 0) return { kind: 'invalid', errors };
  if (writer.occupied.length > 0) {
    const pairs = [...writer.occupied].sort((a, b) => a.month.localeCompare(b.month) || a.perimeter.localeCompare(b.perimeter));
    return { kind: 'occupied', pairs };
  }
  if (writer.inserted === 0) return { kind: 'empty' };
  await tx.run(sql`UPDATE caf_imports SET row_count = ${writer.inserted}, replaced_count = ${writer.replaced} WHERE id = ${importId}`);
  return { kind: 'imported', importId: Number(importId), inserted: writer.inserted, replaced: writer.replaced, months: [...writer.months].sort() };
}

/**
 * Writes figures in batches. A figure's key is (month, perimeter, indicator, section): a key
 * already in the store is a conflict, or with `replace` its old row is deleted first; the
 * other figures of the same month and perimeter are never touched. Figures handed to `add`
 * wait in a queue until `drain`, because the reader hands them over synchronously and the
 * store answers asynchronously. The queue keeps their fields in flat arrays, not the figure
 * objects: a 4 MB chunk of a file is some 100,000 figures, and objects kept that long would
 * all reach the old generation of the heap (80 MB more at the peak of a million-row import).
 */
class FigureWriter {
  readonly months = new Set<IsoMonth>();
  inserted = 0;
  replaced = 0;
  private readonly queue = new FigureColumns();
  private readonly batch = new FigureColumns();
  private readonly conflicts = new Map<string, OccupiedPair>();
  private lastMonth = '';
  private lastPerimeter = '';
  /** The stored figures of the current pair by key, null when it holds none (most imports). */
  private stored: Map<string, StoredKey> | null = null;
  private readonly existing = new Map<IsoMonth, Map<string, number>>();

  constructor(
    private readonly tx: Store,
    private readonly inserter: FigureInserter,
    private readonly importId: number,
    private readonly replace: boolean,
  ) {}

  /** The pairs holding some of the file's keys, with how many (refused without `replace`). */
  get occupied(): OccupiedPair[] {
    return [...this.conflicts.values()];
  }

  add(figure: CafFigure): void {
    this.queue.push(figure.month, figure.perimeterKey, figure.indicator, figure.siteSection, figure.value);
  }

  /** Writes the figures handed over since the last drain, in the file's order. */
  async drain(): Promise<void> {
    const { months, perimeters, indicators, sections, values, length } = this.queue;
    await this.readExisting(months, length);
    for (let i = 0; i < length; i++) {
      const month = months[i]!;
      const perimeter = perimeters[i]!;
      // Rows come grouped by month and perimeter: only a change of pair needs a look.
      if (month !== this.lastMonth || perimeter !== this.lastPerimeter) {
        if (this.inserter.onePairPerBatch) await this.flush();
        await this.enterPair(month, perimeter);
      }
      if (this.stored !== null) await this.meetStored(month, perimeter, indicators[i]!, sections[i]!);
      if (this.conflicts.size > 0) continue; // refused anyway: keep reading for the report only
      this.batch.push(month, perimeter, indicators[i]!, sections[i]!, values[i]!);
      // Rows are written a batch at a time: one statement per batch, not per figure (see
      // cafFigureInserter.ts for how each engine writes them).
      if (this.batch.length === this.inserter.batchSize) await this.flush();
    }
    this.queue.clear();
  }

  /** Writes the pending rows. */
  async flush(): Promise<void> {
    const { batch } = this;
    if (batch.length === 0) return;
    await this.inserter.insert(this.importId, batch);
    this.inserted += batch.length;
    batch.clear();
  }

  /** Writes the pending rows and waits until they are stored. */
  async settle(): Promise<void> {
    await this.flush();
    await this.inserter.settle();
  }

  /** A figure whose pair held figures before: its key may be taken. */
  private async meetStored(month: IsoMonth, perimeter: string, indicator: Indicator, section: string | null): Promise<void> {
    const key = storedKey(indicator, section ?? '');
    const old = this.stored!.get(key);
    if (old === undefined) return;
    this.stored!.delete(key);
    if (this.replace) {
      await this.inserter.settle();
      await this.tx.run(sql`DELETE FROM caf_figures WHERE id = ${old.id}`);
      this.replaced++;
      return;
    }
    const pair = `${month}|${perimeter}`;
    const conflict = this.conflicts.get(pair);
    if (conflict) conflict.figureCount++;
    else this.conflicts.set(pair, { month, perimeter, figureCount: 1 });
  }

  /**
   * The figures each perimeter already holds for the months the file mentions for the first
   * time in `months`: read before any of this import's rows for them exist (afterwards, a count
   * would have to wade through them), in one statement per chunk of the file rather than one
   * per month (on PostgreSQL, each statement also ends the COPY under way).
   */
  private async readExisting(months: string[], length: number): Promise<void> {
    const fresh = new Set<IsoMonth>();
    for (let i = 0; i < length; i++) if (!this.existing.has(months[i]!)) fresh.add(months[i]!);
    if (fresh.size === 0) return;
    await this.inserter.settle();
    const all = [...fresh];
    for (const month of all) this.existing.set(month, new Map());
    for (let start = 0; start < all.length; start += 500) {
      const rows = await this.tx.all(sql<{ month: string; perimeter: string; n: number }>`
        SELECT month, perimeter, count(*) AS n FROM caf_figures WHERE month IN (${sql.join(all.slice(start, start + 500))}) GROUP BY month, perimeter`);
      for (const row of rows) this.existing.get(row.month)!.set(row.perimeter, Number(row.n));
    }
  }

  private async enterPair(month: IsoMonth, perimeter: string): Promise<void> {
    this.lastMonth = month;
    this.lastPerimeter = perimeter;
    this.months.add(month);
    // The pair's stored keys are read only where it held figures before this import; rows of
    // earlier imports only, since a pair met again later in the file already holds this import's.
    if ((this.existing.get(month)!.get(perimeter) ?? 0) === 0) {
      this.stored = null;
      return;
    }
    await this.inserter.settle();
    this.stored = storedKeys(
      await this.tx.all(sql<StoredRow>`
        SELECT id, indicator, site_section AS section, value FROM caf_figures
        WHERE month = ${month} AND perimeter = ${perimeter} AND import_id <> ${this.importId}`),
    );
  }
}

interface StoredRow {
  id: number;
  /** The indicator's French word, as stored. */
  indicator: string;
  section: string;
  value: number;
}

interface StoredKey {
  id: number;
  value: number;
}

function storedKey(indicator: Indicator, section: string): string {
  return `${indicator}|${section}`;
}

function storedKeys(rows: StoredRow[]): Map<string, StoredKey> {
  return new Map(rows.map((row) => [storedKey(indicatorOfLabel(row.indicator)!, row.section), { id: row.id, value: row.value }]));
}

/** What importing a figure would do to the store: add it, replace an old value, or change nothing. */
export type FigureChange = { kind: 'added' } | { kind: 'replaced'; old: number } | { kind: 'unchanged' };

/**
 * For --dry-run: compares figures with the store, key by key, without writing. Each pair's
 * stored keys are read once, when the pair first comes.
 */
export function figureComparer(store: Store): (figure: CafFigure) => Promise<FigureChange> {
  const pairs = new Map<string, Map<string, StoredKey>>();
  return async (figure) => {
    const pair = `${figure.month}|${figure.perimeterKey}`;
    let stored = pairs.get(pair);
    if (stored === undefined) {
      stored = storedKeys(
        await store.all(sql<StoredRow>`
          SELECT id, indicator, site_section AS section, value FROM caf_figures
          WHERE month = ${figure.month} AND perimeter = ${figure.perimeterKey}`),
      );
      pairs.set(pair, stored);
    }
    const old = stored.get(storedKey(figure.indicator, figure.siteSection ?? ''));
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

export interface FigureFilter extends Partial<MonthSpan> {
  perimeter?: string;
}

/** The indicators in their listing order, as SQL (the order of INDICATORS). */
const INDICATOR_RANK = sql.raw(`CASE indicator ${INDICATORS.map((indicator, rank) => `WHEN '${INDICATOR_LABELS[indicator]}' THEN ${rank}`).join(' ')} END`);

/** Figures in month, perimeter, indicator order, sections by decreasing value. */
export async function listFigures(store: Store, filter: FigureFilter = {}): Promise<StoredFigure[]> {
  const rows = await store.all(sql<{ month: string; perimeter: string; indicator: string; site_section: string; value: number }>`
    SELECT month, perimeter, indicator, site_section, value FROM caf_figures
    WHERE month BETWEEN ${filter.from ?? '0000-00'} AND ${filter.to ?? '9999-99'}
      ${filter.perimeter === undefined ? sql`` : sql`AND perimeter = ${filter.perimeter}`}
    ORDER BY month, CASE WHEN perimeter = 'territoire' THEN 0 ELSE 1 END, perimeter, ${INDICATOR_RANK}, value DESC, site_section`);
  return rows.map((row) => {
    const indicator = indicatorOfLabel(row.indicator)!;
    return {
      month: row.month,
      perimeter: row.perimeter,
      indicator,
      siteSection: indicator === 'siteSection' ? row.site_section : null,
      value: row.value,
    };
  });
}
