// The Store on PostgreSQL: Kysely over a node-postgres pool. Loaded only when --db is a
// PostgreSQL URL, so SQLite start-up never pays for pg.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { KyselyStore } from '../engine.js';

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

export function postgresStore(config: pg.PoolConfig, label: string): KyselyStore {
  const pool = new pg.Pool({ ...config, max: 2 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const kysely = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });
  const store: KyselyStore = new KyselyStore('postgres', label, kysely, async (db, work) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction().setIsolationLevel('serializable').execute(work);
      } catch (error) {
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

/** insufficient_privilege: a GRANT or a row-level security policy said no. */
function isRightsRefusal(error: unknown): boolean {
  return (error as { code?: string }).code === '42501';
}
