// How each engine writes a batch of CAF figures, which is most of an import's time.
import type { Statement } from 'better-sqlite3';
import type { Store } from './engine.js';
import { SqliteStore } from './sqliteStore.js';
import { INDICATOR_LABELS, INDICATORS, type Indicator } from '../domain/cafFigures/types.js';

/** Figures as columns: one array per field, so that many figures cost no object each. */
export class FigureColumns {
  readonly months: string[] = [];
  readonly perimeters: string[] = [];
  readonly indicators: Indicator[] = [];
  readonly sections: (string | null)[] = [];
  readonly values: number[] = [];
  length = 0;

  push(month: string, perimeter: string, indicator: Indicator, section: string | null, value: number): void {
    const at = this.length++;
    this.months[at] = month;
    this.perimeters[at] = perimeter;
    this.indicators[at] = indicator;
    this.sections[at] = section;
    this.values[at] = value;
  }

  /** Empties the columns but keeps their room: refilled batch after batch, they are never reallocated. */
  clear(): void {
    this.length = 0;
  }
}

export interface FigureInserter {
  /** How many rows a batch holds at most. */
  readonly batchSize: number;
  /** Whether a batch holds the rows of one (month, perimeter) pair only. */
  readonly onePairPerBatch: boolean;
  /** Writes the rows of `batch` inside the import's transaction (perhaps not yet visible: see settle). */
  insert(importId: number, batch: FigureColumns): Promise<void>;
  /**
   * Makes every row inserted so far visible, and the connection free for other statements
   * (the figure writer calls it before each statement of its own).
   */
  settle(): Promise<void>;
  /** Drops what is being written, after a failure: the transaction then rolls back. */
  abandon(): void;
}

/**
 * The writer for the store's engine. `store` is the store the import was asked of, `tx` its
 * transaction: on SQLite both are the one connection.
 */
export async function figureInserter(store: Store, tx: Store): Promise<FigureInserter> {
  if (store instanceof SqliteStore) return new SqliteFigureInserter(store);
  // Loaded for PostgreSQL only, like pg itself.
  const { PostgresFigureCopy } = await import('./postgres/figureCopy.js');
  return new PostgresFigureCopy(tx);
}

/**
 * SQLite, on the connection's own prepared statements (the query builder would compile and
 * prepare a 600-parameter statement for every batch, doubling the import's time):
 * - one native call per batch, not per figure;
 * - the month and perimeter, the same for the whole batch, bound once as @month and
 *   @perimeter, and the indicator sent as a small integer turned into its word by SQL: each
 *   string parameter costs a conversion and two copies, and this leaves one string per row
 *   (the section) instead of four, which cut the insert's CPU time by about 30 %;
 * - the import id, the same for every row, is written into the statement.
 */
class SqliteFigureInserter implements FigureInserter {
  readonly batchSize = 200;
  readonly onePairPerBatch = true;
  private readonly statements = new Map<string, Statement>(); // by import id and number of rows
  private readonly values: unknown[] = [];

  constructor(private readonly store: SqliteStore) {}

  async insert(importId: number, batch: FigureColumns): Promise<void> {
    const values = this.values;
    values.length = batch.length * 3;
    for (let i = 0; i < batch.length; i++) {
      values[i * 3] = INDICATOR_CODES[batch.indicators[i]!];
      values[i * 3 + 1] = batch.sections[i];
      values[i * 3 + 2] = batch.values[i];
    }
    this.statementFor(importId, batch.length).run(values, { month: batch.months[0], perimeter: batch.perimeters[0] });
  }

  async settle(): Promise<void> {
    // Each batch is written when inserted.
  }

  abandon(): void {}

  private statementFor(importId: number, count: number): Statement {
    const key = `${importId}|${count}`;
    let statement = this.statements.get(key);
    if (statement === undefined) {
      statement = this.store.db.prepare(
        `INSERT INTO caf_figures (month, perimeter, indicator, site_section, value, import_id)
         SELECT @month, @perimeter, ${INDICATOR_CASE}, coalesce(column2, ''), column3, ${Math.trunc(importId)}
         FROM (VALUES ${Array(count).fill('(?, ?, ?)').join(', ')})`,
      );
      this.statements.set(key, statement);
    }
    return statement;
  }
}

const INDICATOR_CODES = Object.fromEntries(INDICATORS.map((indicator, code) => [indicator, code])) as Record<Indicator, number>;
const INDICATOR_CASE = `CASE column1 ${INDICATORS.map((indicator, code) => `WHEN ${code} THEN '${INDICATOR_LABELS[indicator]}'`).join(' ')} END`;
