// The Store on PostgreSQL: node-postgres, loaded only when --db is a PostgreSQL URL, so SQLite
// start-up never pays for pg. A repository's `sql` template runs straight on the pool, compiled
// to `$n` placeholders; Kysely (half of what a PostgreSQL command would otherwise evaluate at
// start-up) is loaded only for what needs it: a transaction, a template made with Kysely's own
// `sql`, the migrations.
import { createRequire } from 'node:module';
import { restoreFetchGlobals } from './quietRuntimeProbe.js';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { STREAM_BATCH, type Database, type KyselyStore, type Query, type Store, type Written } from '../engine.js';
import { compileForPostgres, Sql } from '../sql.js';
import { UnreachableError } from '../../errors.js';

restoreFetchGlobals();

// bigint (counts, sums) and numeric come as strings from node-postgres; the store's counts fit
// in a double, and both engines must give the same JSON.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** Commands whose row count is a number of rows written (Kysely's numAffectedRows). */
const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * The PostgreSQL store. Outside a transaction each query takes a connection of the pool for
 * itself (one at a time: the same connection again). A listing's rows come through a
 * server-side cursor, a batch at a time, so a piped listing prints while the server reads, as
 * on SQLite, and never holds every row.
 */
export class PostgresStore implements Store {
  readonly engine = 'postgres' as const;
  role?: string;
  private loadedKysely: Database | undefined;
  private transactions: KyselyStore | undefined;

  constructor(
    private readonly pool: pg.Pool,
    readonly label: string,
  ) {}

  async all<T>(query: Query<T>): Promise<T[]> {
    return (await this.query(query)).rows as T[];
  }

  async one<T>(query: Query<T>): Promise<T | undefined> {
    return (await this.query(query)).rows[0] as T | undefined;
  }

  async run(query: Query<unknown>): Promise<Written> {
    const result = await this.query(query);
    return { changes: WRITES.has(result.command) ? (result.rowCount ?? 0) : 0 };
  }

  async *stream<T>(query: Query<T>): AsyncIterable<T[]> {
    const { sql, parameters } = await this.compile(query);
    const client = await this.pool.connect();
    const cursor = client.query(new Cursor<T>(sql, parameters));
    let broken: Error | undefined;
    try {
      for (;;) {
        const rows = await cursor.read(STREAM_BATCH);
        if (rows.length === 0) return;
        yield rows;
      }
    } catch (error) {
      broken = error as Error;
      throw await explain(error, this);
    } finally {
      // Also when the listing stops early (a closed pipe): the cursor is closed, the connection given back.
      await cursor.close().catch(() => undefined);
      client.release(broken);
    }
  }

  /**
   * SERIALIZABLE, retried on a serialisation failure, on a connection taken for it
   * (./transactions.ts, which brings Kysely for the transaction's queries).
   */
  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    if (this.transactions === undefined) {
      const { transactionStore } = await import('./transactions.js');
      this.transactions = transactionStore(this.pool, this.label, await this.loadKysely(), (error, store) => explain(error, store));
    }
    return this.transactions.transaction(work);
  }

  /** Kysely over the pool, loaded on first use (from the bundle, not node_modules). */
  async loadKysely(): Promise<Database> {
    if (this.loadedKysely === undefined) {
      const { kyselyOverPool } = await import('./kysely.js');
      this.loadedKysely ??= kyselyOverPool(this.pool);
    }
    return this.loadedKysely;
  }

  /**
   * Kysely over this pool, for the query builder. Prefer `await loadKysely()`: before it, this
   * synchronous getter has to load Kysely's CommonJS build from node_modules.
   */
  get kysely(): Database {
    if (this.loadedKysely === undefined) {
      const { Kysely, PostgresDialect } = createRequire(import.meta.url)('kysely') as typeof import('kysely');
      this.loadedKysely = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: this.pool }) });
    }
    return this.loadedKysely;
  }

  async close(): Promise<void> {
    // Kysely's destroy ends the pool only if Kysely itself ran a query on it (transactions run on
    // a connection of their own): otherwise the pool's idle connections would keep the process
    // alive for their idle timeout.
    if (this.loadedKysely !== undefined) await this.loadedKysely.destroy();
    if (!this.pool.ending && !this.pool.ended) await this.pool.end();
  }

  private async query(query: Query<unknown>): Promise<pg.QueryResult> {
    const { sql, parameters } = await this.compile(query);
    try {
      return await this.pool.query(sql, parameters);
    } catch (error) {
      throw await explain(error, this);
    }
  }

  private async compile(query: Query<unknown>): Promise<{ sql: string; parameters: unknown[] }> {
    if (query instanceof Sql) return compileForPostgres(query);
    const { sql, parameters } = query.compile(await this.loadKysely());
    return { sql, parameters: [...parameters] };
  }
}

export function postgresStore(config: pg.PoolConfig, label: string): PostgresStore {
  const pool = new pg.Pool({ ...config, max: 2 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return new PostgresStore(pool, label);
}

/** Turns an engine's refusal into the user's error (rights, a lost connection); other errors pass. */
async function explain(error: unknown, store: Store): Promise<unknown> {
  return isRightsRefusal(error) ? (await import('./rights.js')).explainRefusal(error, store) : error;
}

/** The server went away during a transaction: the server rolls it back, nothing is written. */
export function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === '57P01' || code === 'ECONNRESET' || code === 'EPIPE' || /Connection terminated|connection lost|Client has encountered a connection error/i.test((error as Error)?.message ?? '');
}

export function connectionLost(label: string, duringCommit: boolean): UnreachableError {
  // Lost while the COMMIT was on its way, the transaction may have been written: say so.
  return new UnreachableError(
    duringCommit
      ? `--db : la connexion au serveur PostgreSQL (${label}) a été coupée au moment d’enregistrer l’opération ; elle a pu être enregistrée ou non. Vérifiez-le (par exemple avec la commande de liste correspondante) avant de relancer.`
      : `--db : la connexion au serveur PostgreSQL (${label}) a été coupée pendant l’opération ; le serveur l’a annulée, rien n’a été écrit. Vérifiez le réseau et le serveur, puis relancez la commande.`,
  );
}

/** insufficient_privilege: a GRANT or a row-level security policy said no. */
function isRightsRefusal(error: unknown): boolean {
  return (error as { code?: string }).code === '42501';
}
