// The one store API the repositories call, on either engine: SQLite (one desk, better-sqlite3)
// or PostgreSQL (the territory, node-postgres). Queries are Kysely `sql` templates: values are
// always parameters, never spliced, and the same text runs on both engines. Import `sql` from
// './sql.js' (Kysely's own `sql` works as well, but loads much of Kysely at start-up). Where an engine
// needs its own SQL (dates, JSON), the repository writes both side by side with `store.engine`.
// Commands never see a driver, never write SQL and never open a transaction themselves.
import type { Kysely, RawBuilder } from 'kysely';
import { Sql } from './sql.js';

export type Engine = 'sqlite' | 'postgres';

/** Kysely without table typings: rows are typed at each `sql<Row>` template instead. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Database = Kysely<any>;

/** A query: a template of src/store/sql.ts, or one of Kysely's `sql`. */
export type Query<T> = Sql<T> | RawBuilder<T>;

/** Rows per batch of Store.stream: small enough to print as they come, large enough to cost one await per batch. */
export const STREAM_BATCH = 500;

/** What a write did. */
export interface Written {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

export interface Store {
  readonly engine: Engine;
  /** The file path, or the PostgreSQL URL without its password: safe to print. */
  readonly label: string;
  /**
   * On PostgreSQL, the role of a person's login: the author of what this store writes (the
   * territory's triggers enforce it). Undefined on SQLite and for the database owner, who
   * write as a desk does (the OS user, or --auteur).
   */
  role?: string;
  /** Every row of a query. */
  all<T>(query: Query<T>): Promise<T[]>;
  /** The first row, or undefined. */
  one<T>(query: Query<T>): Promise<T | undefined>;
  /**
   * The rows of a query in batches (of STREAM_BATCH rows at most), as the engine reads them, for
   * listings that print while they read: never the whole result in memory. Batches, not single
   * rows: one await per row costs more than printing the row. Until the iteration ends (or is
   * left early), run no other query on this store: SQLite's connection is busy with the open statement.
   * On PostgreSQL the rows come from a server-side cursor on a connection of their own.
   */
  stream<T>(query: Query<T>): AsyncIterable<T[]>;
  /** A write (INSERT, UPDATE, DELETE); `RETURNING` rows are read with `all`/`one`. */
  run(query: Query<unknown>): Promise<Written>;
  /**
   * Runs `work` in one transaction that holds the write lock from its first statement, so a
   * read-then-write (last seat, duplicate check) sees no other writer in between: BEGIN
   * IMMEDIATE on SQLite, SERIALIZABLE with retries on PostgreSQL (a serialisation failure is
   * retried, never shown). Inside a transaction, `transaction` runs `work` in the same one.
   * `work` may run more than once on PostgreSQL: it must not write files or print.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /** The Kysely instance, for the query builder and for engine-specific modules. */
  readonly kysely: Database;
  close(): Promise<void>;
}

/** Rows of a result as numbers: node-postgres gives bigint counts as strings, SQLite as numbers. */
export function count(value: number | string | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** A Store over a Kysely instance; `inTransaction` stores flatten nested transactions. */
export class KyselyStore implements Store {
  role?: string;

  constructor(
    readonly engine: Engine,
    readonly label: string,
    readonly kysely: Database,
    private readonly begin: <T>(kysely: Database, work: (tx: Database) => Promise<T>) => Promise<T>,
    private readonly inTransaction = false,
    private readonly onClose: () => Promise<void> = () => kysely.destroy(),
    /** Turns an engine's refusal into the user's error (PostgreSQL rights); run outside transactions. */
    protected readonly explain: (error: unknown, store: Store) => Promise<unknown> = async (error) => error,
  ) {}

  async all<T>(query: Query<T>): Promise<T[]> {
    const builder = await kyselyBuilder(query);
    return (await this.explained(() => builder.execute(this.kysely))).rows;
  }

  async one<T>(query: Query<T>): Promise<T | undefined> {
    const builder = await kyselyBuilder(query);
    return (await this.explained(() => builder.execute(this.kysely))).rows[0];
  }

  /** By default the rows are read in one go, then handed out in batches; an engine that can do better overrides it. */
  async *stream<T>(query: Query<T>): AsyncIterable<T[]> {
    const rows = await this.all(query);
    for (let start = 0; start < rows.length; start += STREAM_BATCH) yield rows.slice(start, start + STREAM_BATCH);
  }

  async run(query: Query<unknown>): Promise<Written> {
    const builder = await kyselyBuilder(query);
    const result = await this.explained(() => builder.execute(this.kysely));
    return { changes: Number(result.numAffectedRows ?? 0n) };
  }

  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    return this.explained(() => this.begin(this.kysely, (tx) => work(new KyselyStore(this.engine, this.label, tx, this.begin, true, async () => undefined))));
  }

  /** Inside a transaction the error goes up as it is; the outermost call explains it, after the rollback. */
  private async explained<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (this.inTransaction) throw error;
      throw await this.explain(error, this);
    }
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

/** Kysely's form of a query; the converter loads with the first of our templates. */
export async function kyselyBuilder<T>(query: Query<T>): Promise<RawBuilder<T>> {
  if (!(query instanceof Sql)) return query;
  const { toKysely } = await import('./kyselyTemplate.js');
  return toKysely(query);
}

/** SQLite's extended code or PostgreSQL's SQLSTATE of a failed statement. */
function errorCode(error: unknown): string {
  return String((error as { code?: unknown }).code ?? '');
}

/** A UNIQUE (or primary key) constraint refused the row, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A FOREIGN KEY constraint refused the write, on either engine. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** A CHECK constraint (or NOT NULL) refused the row, on either engine. */
export function isCheckViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23514' || code === '23502' || code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL';
}
