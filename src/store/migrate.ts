// Numbered migrations, applied in order, each in its own IMMEDIATE transaction and recorded in
// PRAGMA user_version. A store that already holds data is first copied aside with SQLite's
// backup API (a plain file copy of a live database can be corrupt).
import { stampedCopy } from './backupFile.js';
import type BetterSqlite3 from 'better-sqlite3';
import { MigrationError, UsageError } from '../errors.js';
import type { Store } from './engine.js';

type Db = BetterSqlite3.Database;

/** PRAGMA application_id of a cafcharte store ("CAFC"), so restore can tell one from any SQLite file. */
export const APPLICATION_ID = 0x43414643;

export interface Migration {
  version: number;
  name: string;
  /** Table rebuilds need foreign keys off (SQLite's 12-step procedure), else DROP cascades. */
  foreignKeysOff?: boolean;
  up(db: Db, now: Date): void;
  /**
   * The same schema change on PostgreSQL, inside the migration's transaction: the same tables,
   * columns, keys, checks and seed rows as `up` makes on SQLite.
   */
  postgres(tx: Store, now: Date): Promise<void>;
}

export interface MigrateOptions {
  /** Copy the store aside first (default). A restore migrates a private copy and skips it. */
  copyFirst?: boolean;
}

/** The migrations, or the latest version and how to load them when a store is behind. */
export type Migrations = Migration[] | { latest: number; load: () => Promise<Migration[]> };

export async function migrate(db: Db, path: string, migrations: Migrations, now: () => Date, options: MigrateOptions = {}): Promise<void> {
  const latest = Array.isArray(migrations) ? (migrations.at(-1)?.version ?? 0) : migrations.latest;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new UsageError(
      `--db : ce magasin a été créé par une version plus récente de cafcharte (schéma ${current}, cette version connaît le schéma ${latest}) ; mettez cafcharte à jour. Le magasin n’a pas été modifié.`,
    );
  }
  if (current === latest) return;
  if (db.readonly) {
    throw new UsageError(`--db : le magasin doit être mis à jour (schéma ${current} vers ${latest}) mais il est en lecture seule.`);
  }
  if (current > 0 && path !== ':memory:' && options.copyFirst !== false) await stampedCopy(db, path, `avant-migration-v${current}`, now());

  for (const migration of Array.isArray(migrations) ? migrations : await migrations.load()) {
    if (migration.version <= current) continue;
    if (migration.foreignKeysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        // Another process may have migrated while we waited for the write lock.
        if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
        migration.up(db, now());
        if (migration.foreignKeysOff) {
          const problems = db.pragma('foreign_key_check') as unknown[];
          if (problems.length > 0) throw new MigrationError(`clés étrangères invalides après la migration ${migration.version}`);
        }
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } catch (err) {
      throw new MigrationError(
        `la mise à jour du magasin vers le schéma ${migration.version} (${migration.name}) a échoué : ${(err as Error).message}. Le magasin n’a pas été modifié.`,
      );
    } finally {
      if (migration.foreignKeysOff) db.pragma('foreign_keys = ON');
    }
  }
}
