// Kysely over node-postgres, for what needs the query builder on PostgreSQL (transactions,
// Kysely's own `sql` templates, migrations); loaded on first use, see ./store.ts.
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import type { Database } from '../engine.js';

export function kyselyOverPool(pool: PostgresPool): Database {
  return new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });
}
