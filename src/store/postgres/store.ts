// The Store on PostgreSQL: Kysely over a node-postgres pool. Loaded only when --db is a
// PostgreSQL URL, so SQLite start-up never pays for pg.
import pg from 'pg';
import Cursor from 'pg-cursor';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import { KyselyStore, kyselyBuilder, STREAM_BATCH, type Database, type Query, type Store } from '../engine.js';
import { UnreachableError } from '../../errors.js';

// bigint (counts, sums) and numeric come as strings from node-postgres; the store's counts fit
// in a double, and both engines must give the same JSON.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** SQLSTATEs of a transaction that lost a race and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 20;

export function isRetryable(error: unknown): boolean {
  return RETRYABLE.has((error as { code?: string }).code ?? '');
}

/**
 * The connection of each running transaction, by the Kysely instance its work receives: COPY
 * (cafFigureCopy.ts) writes on the connection itself, which Kysely does not show.
 */
const transactionClients = new WeakMap<Database, pg.PoolClient>();

/** The connection of the transaction `tx` is running in (undefined outside a transaction). */
export function transactionClient(tx: Store): pg.PoolClient | undefined {
  return transactionClients.get(tx.kysely);
}

/**
 * The PostgreSQL store: a listing's rows come through a server-side cursor, a batch at a time,
 * so a piped listing prints while the server reads, as on SQLite, and never holds every row.
 */
class PostgresStore extends KyselyStore {
  constructor(
    private readonly pool: pg.Pool,
    ...store: ConstructorParameters<typeof KyselyStore>
  ) {
    super(...store);
  }

  override async *stream<T>(query: Query<T>): AsyncIterable<T[]> {
    const { sql, parameters } = (await kyselyBuilder(query)).compile(this.kysely);
    const client = await this.pool.connect();
    const cursor = client.query(new Cursor<T>(sql, parameters as unknown[]));
    let broken: Error | undefined;
    try {
      for (;;) {
        const rows = await cursor.read(STREAM_BATCH);
        if (rows.length === 0) return;
        yield rows;
      }
    } catch (error) {
      broken = error as Error;
      throw await this.explain(error, this);
    } finally {
      // Also when the listing stops early (a closed pipe): the cursor is closed, the connection given back.
      await cursor.close().catch(() => undefined);
      client.release(broken);
    }
  }
}

export function postgresStore(config: pg.PoolConfig, label: string): KyselyStore {
  const pool = new pg.Pool({ ...config, max: 2 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const kysely = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });
  const store: KyselyStore = new PostgresStore(pool, 'postgres', label, kysely, async (_db, work) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await serializable(pool, work);
      } catch (error) {
        if (isConnectionLost(error)) throw connectionLost(label, (error as { duringCommit?: boolean }).duringCommit === true);
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
        // Back off a little, with jitter, so that racing processes do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  },
  false,
  () => kysely.destroy(),
  async (error) => (isRightsRefusal(error) ? (await import('./rights.js')).explainRefusal(error, store) : error),
  );
  return store;
}

/**
 * One SERIALIZABLE transaction on a connection taken from the pool for it, which `work` sees
 * through a Kysely instance of its own (and transactionClient, for COPY). A connection whose
 * ROLLBACK fails is broken: it is discarded, not returned to the pool.
 */
async function serializable<T>(pool: pg.Pool, work: (tx: Database) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // The transaction's Kysely uses this connection only, and never gives it back itself.
  const pinned: PostgresPool = {
    connect: async () => ({ query: client.query.bind(client) as never, release: () => undefined }),
    end: async () => undefined,
  };
  const tx = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: pinned }) });
  transactionClients.set(tx, client);
  // A lost server also fails the query running; without a listener the event would end the process.
  const ignore = (): void => undefined;
  client.on('error', ignore);
  let broken: Error | undefined;
  let committing = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    const result = await work(tx);
    committing = true;
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    if (committing && isConnectionLost(error)) (error as { duringCommit?: boolean }).duringCommit = true;
    throw error;
  } finally {
    transactionClients.delete(tx);
    client.off('error', ignore);
    client.release(broken);
  }
}

/** The server went away during a transaction: the server rolls it back, nothing is written. */
function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === '57P01' || code === 'ECONNRESET' || code === 'EPIPE' || /Connection terminated|connection lost|Client has encountered a connection error/i.test((error as Error)?.message ?? '');
}

function connectionLost(label: string, duringCommit: boolean): UnreachableError {
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
