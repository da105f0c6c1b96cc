// Migrations on PostgreSQL: the same numbered migrations as on SQLite, in their PostgreSQL form,
// each in its own transaction and recorded in cafcharte_migrations (SQLite keeps the number in
// PRAGMA user_version). Processes opening a fresh database at the same moment queue on an
// advisory lock, and each re-reads the version once it holds it: a migration runs once.
import { sql } from 'kysely';
import { UsageError } from '../../errors.js';
import { KyselyStore, type Database } from '../engine.js';
import { MigrationError } from '../../errors.js';
import type { Migration } from '../migrate.js';

/** The advisory lock key of cafcharte's migrations ("CAFC", as SQLite's application_id). */
const MIGRATION_LOCK = 0x43414643;

/** The highest migration recorded, or undefined when the database holds no cafcharte store yet. */
export async function schemaVersion(db: Database): Promise<number | undefined> {
  // A query on pg_class rather than to_regclass(): after waiting on the advisory lock, a
  // transaction's catalog cache may still miss a table another process just committed.
  const table = await sql<{ present: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = current_schema() AND c.relname = 'cafcharte_migrations') AS present`.execute(db);
  if (!table.rows[0]?.present) return undefined;
  const latest = await sql<{ version: number | null }>`SELECT max(version) AS version FROM cafcharte_migrations`.execute(db);
  return latest.rows[0]?.version ?? 0;
}

export interface PostgresMigrateOptions {
  label: string;
  database: string;
  readonly?: boolean;
}

export async function migratePostgres(db: Database, migrations: Migration[], now: () => Date, options: PostgresMigrateOptions): Promise<void> {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = await schemaVersion(db);
  refuseNewer(current ?? 0, latest);
  if ((current ?? 0) === latest && current !== undefined) return;
  if (options.readonly) {
    throw new UsageError(`--db : le magasin doit être mis à jour (schéma ${current ?? 0} vers ${latest}) mais il est ouvert en lecture seule.`);
  }
  for (const migration of migrations) {
    if (migration.version <= (current ?? 0)) continue;
    try {
      await db.transaction().setIsolationLevel('read committed').execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
        // Read again under the lock: another process may have migrated while we waited.
        let version = await schemaVersion(trx);
        if (version === undefined) {
          await refuseForeignDatabase(trx, options);
          await sql`CREATE TABLE cafcharte_migrations (
            version integer PRIMARY KEY,
            name text COLLATE "C" NOT NULL,
            applied_at text COLLATE "C" NOT NULL
          )`.execute(trx);
          version = 0;
        }
        refuseNewer(version, latest);
        if (version >= migration.version) return;
        const at = now();
        await migration.postgres(new KyselyStore('postgres', options.label, trx, (inner, work) => work(inner), true, async () => undefined), at);
        await sql`INSERT INTO cafcharte_migrations (version, name, applied_at) VALUES (${migration.version}, ${migration.name}, ${at.toISOString()})`.execute(trx);
      });
    } catch (err) {
      if (err instanceof UsageError || !isSqlError(err)) throw err;
      throw new MigrationError(
        `la mise à jour du magasin vers le schéma ${migration.version} (${migration.name}) a échoué : ${(err as Error).message}. Le magasin n’a pas été modifié.`,
      );
    }
  }
}

function refuseNewer(current: number, latest: number): void {
  if (current > latest) {
    throw new UsageError(
      `--db : ce magasin a été créé par une version plus récente de cafcharte (schéma ${current}, cette version connaît le schéma ${latest}) ; mettez cafcharte à jour. Le magasin n’a pas été modifié.`,
    );
  }
}

/** A database that already holds other tables is not a cafcharte store: it is left alone. */
async function refuseForeignDatabase(db: Database, options: PostgresMigrateOptions): Promise<void> {
  const found = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    ORDER BY c.relname LIMIT 1`.execute(db);
  const table = found.rows[0]?.name;
  if (table !== undefined) {
    throw new UsageError(
      `--db : la base PostgreSQL « ${options.database} » contient déjà des tables (dont « ${table} ») mais pas de magasin cafcharte ; elle n’a pas été modifiée. Donnez à cafcharte une base vide, à lui seul.`,
    );
  }
}

/** An error the server sent about a statement (SQLSTATE), as opposed to a lost connection. */
function isSqlError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('28') && !code.startsWith('57') && code !== '42501';
}
