// PostgreSQL transactions: SERIALIZABLE, each on a connection taken from the pool for it, re-run
// when the server reports a serialisation failure or a deadlock (never shown to the user).
// Loaded with the first transaction, with Kysely, which runs the transaction's queries.
import type pg from 'pg';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import { KyselyStore, type Database, type Store } from '../engine.js';
import { connectionLost, isConnectionLost } from './store.js';

/** SQLSTATEs of a transaction that lost a race and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 20;

export function isRetryable(error: unknown): boolean {
  return RETRYABLE.has((error as { code?: string }).code ?? '');
}

/**
 * The connection of each running transaction, by the Kysely instance its work receives: COPY
 * (figureCopy.ts) writes on the connection itself, which Kysely does not show.
 */
const transactionClients = new WeakMap<Database, pg.PoolClient>();

/** The connection of the transaction `tx` is running in (undefined outside a transaction). */
export function transactionClient(tx: Store): pg.PoolClient | undefined {
  return transactionClients.get(tx.kysely);
}

/** A store whose `transaction` runs SERIALIZABLE transactions with retries on `pool`. */
export function transactionStore(pool: pg.Pool, label: string, kysely: Database, explain: (error: unknown, store: Store) => Promise<unknown>): KyselyStore {
  return new KyselyStore(
    'postgres',
    label,
    kysely,
    async (_db, work) => {
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
    async () => undefined,
    explain,
  );
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
