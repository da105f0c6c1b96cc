// The Store on a SQLite file, straight on the better-sqlite3 connection: a repository's `sql`
// template is compiled to `?` placeholders and run as a prepared statement, as Kysely's own
// SQLite driver would run it. Kysely (its class brings the whole query and schema builders,
// half of the code a command would evaluate at start-up) is loaded only for what needs it: a
// template made with Kysely's `sql`, or someone asking for `kysely`.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { STREAM_BATCH, type Database, type Query, type Store, type Written } from './engine.js';
import { compileForSqlite, Sql } from './sql.js';
import { jsonArrayQuery, jsonRowsStatement } from './sqliteRowsAsJson.js';

type Statement = BetterSqlite3.Statement<unknown[], unknown>;
type Compiled = { sql: string; parameters: readonly unknown[] };

/** SQL text and parameters of a query; Kysely's compiler is loaded only for its templates. */
async function compile(query: Query<unknown>): Promise<Compiled> {
  if (query instanceof Sql) return compileForSqlite(query);
  const { compileKyselyForSqlite } = await import('./kyselyTemplate.js');
  return compileKyselyForSqlite(query);
}

/** Prepared statements kept per connection, by SQL text; a few hundred distinct texts at most. */
const STATEMENT_CACHE_SIZE = 256;

/** One connection, shared by the store and its transactions. */
class Connection {
  private readonly statements = new Map<string, Statement>();
  /** Kysely's SQLite driver holds the one connection for a transaction; other calls wait. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly db: BetterSqlite3.Database) {}

  execute({ sql, parameters }: Compiled): { rows: unknown[]; changes: number } {
    const statement = this.prepare(sql);
    // RETURNING statements are readers: their rows are the result, as with Kysely's driver.
    if (statement.reader) return { rows: statement.all(parameters as unknown[]), changes: 0 };
    return { rows: [], changes: Number(statement.run(parameters as unknown[]).changes ?? 0) };
  }

  /** Runs `action` once every earlier exclusive action (a transaction) has finished. */
  exclusive<T>(action: () => Promise<T>): Promise<T> {
    const result = this.queue.then(action);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** A SQLite store; `db` is the connection, for what SQLite alone does (backup API, pragmas). */
export class SqliteStore implements Store {
  readonly engine = 'sqlite' as const;
  role?: string;
  private readonly connection: Connection;
  private lazyKysely: Database | undefined;

  constructor(
    readonly db: BetterSqlite3.Database,
    readonly label: string,
    connection?: Connection,
    private readonly inTransaction = false,
  ) {
    this.connection = connection ?? new Connection(db);
  }

  async all<T>(query: Query<T>): Promise<T[]> {
    return (await this.execute(query)).rows as T[];
  }

  async one<T>(query: Query<T>): Promise<T | undefined> {
    return (await this.execute(query)).rows[0] as T | undefined;
  }

  /**
   * Rows straight from better-sqlite3's iterator, gathered in batches: never the whole result in
   * memory. Leaving the loop early (a closed pipe) closes the iterator, which resets the statement.
   * Its own statement, not a cached one: a cached statement may be needed again while this one iterates.
   */
  async *stream<T>(query: Query<T>): AsyncIterable<T[]> {
    const { sql, parameters } = await compile(query);
    const statement = this.db.prepare(sql);
    if (!statement.reader) {
      // A write has no rows to stream: it runs as run() would.
      await this.run(query);
      return;
    }
    const columns = statement.columns();
    const fromValues = rowMaker<T>(columns.map((column) => column.name));
    const jsonQuery = jsonArrayQuery(query);
    const asJson = jsonRowsStatement(this.db, sql, columns, jsonQuery && compileForSqlite(jsonQuery).sql);
    const toRow = asJson ? (text: unknown) => fromValues(JSON.parse(text as string) as unknown[]) : (values: unknown) => fromValues(values as unknown[]);
    const rows = (asJson ?? statement.raw(true)).iterate(...parameters);
    try {
      for (;;) {
        const batch = nextBatch(rows, toRow);
        if (batch.length > 0) yield batch;
        if (batch.length < STREAM_BATCH) return;
      }
    } finally {
      // Left early (a closed pipe): the statement is reset.
      rows.return?.();
    }
  }

  async run(query: Query<unknown>): Promise<Written> {
    return { changes: (await this.execute(query)).changes };
  }

  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    return this.connection.exclusive(async () => {
      const { db } = this;
      // IMMEDIATE takes the write lock first: no other writer between a read and its write.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(new SqliteStore(db, this.label, this.connection, true));
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /**
   * Kysely over this connection, for the query builder: built on first use, from Kysely's
   * CommonJS build (a synchronous load; its `sql` templates run on either build alike).
   */
  get kysely(): Database {
    if (this.lazyKysely === undefined) {
      const { Kysely, SqliteDialect } = createRequire(import.meta.url)('kysely') as typeof import('kysely');
      this.lazyKysely = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: this.db }) });
    }
    return this.lazyKysely;
  }

  async close(): Promise<void> {
    // A transaction's store shares the connection: only the store that opened it closes it.
    if (!this.inTransaction && this.db.open) this.db.close();
  }

  private async execute(query: Query<unknown>): Promise<{ rows: unknown[]; changes: number }> {
    const compiled = await compile(query);
    // Inside a transaction the connection is already this store's; outside, wait for any open one.
    if (this.inTransaction) return this.connection.execute(compiled);
    return this.connection.exclusive(async () => this.connection.execute(compiled));
  }
}

/**
 * The next rows of an iterator, STREAM_BATCH at most, made rows: a plain loop apart from the
 * generator, which V8 optimizes as a small function instead of the generator's whole body.
 */
function nextBatch<T>(rows: Iterator<unknown>, toRow: (row: unknown) => T): T[] {
  const batch: T[] = [];
  while (batch.length < STREAM_BATCH) {
    const next = rows.next();
    if (next.done === true) break;
    batch.push(toRow(next.value));
  }
  return batch;
}

/**
 * Turns a raw row (the values in column order) into the row object, all of one shape: built by
 * an object literal, it costs a third less than better-sqlite3's own row objects, made key by
 * key. The names are the query's own column names, quoted by JSON.stringify; a duplicate name
 * keeps its last value, as the driver's objects do.
 */
function rowMaker<T>(names: string[]): (values: unknown[]) => T {
  if (names.includes('__proto__')) return (values) => Object.fromEntries(names.map((name, i) => [name, values[i]])) as T;
  return new Function('values', `return { ${names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`).join(', ')} };`) as (values: unknown[]) => T;
}
