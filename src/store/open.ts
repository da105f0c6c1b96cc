// Opening the store: the one file that loads better-sqlite3. It creates the file 0600 in a
// 0700 folder, sets the pragmas, refuses what is not a cafcharte store, and migrates.
import { accessSync, chmodSync, closeSync, constants, existsSync, fchmodSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SystemError, UsageError } from '../errors.js';
import { removeStaleTemps } from '../io/files.js';
import { APPLICATION_ID, migrate, type Migration } from './migrate.js';
import { loadMigrations, SCHEMA_VERSION } from './migrations/latest.js';
import { openDatabase } from './driver.js';
import type { Store } from './engine.js';
import { SqliteStore } from './sqliteStore.js';

export type Db = BetterSqlite3.Database;

export { APPLICATION_ID };

export interface OpenOptions {
  now: () => Date;
  migrations?: Migration[];
  readonly?: boolean;
  /** Environment for PostgreSQL's PG* variables (default: the process's). */
  env?: Record<string, string | undefined>;
  /** Home folder for ~/.pgpass, ~/.pg_service.conf, ~/.postgresql/root.crt (default: the user's). */
  home?: string;
}


/** Creates the store file with mode 0600 (and its folder 0700) whatever the umask. */
export function createPrivateFile(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder)) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    chmodSync(folder, 0o700);
  }
  try {
    const fd = openSync(path, 'wx', 0o600);
    fchmodSync(fd, 0o600);
    closeSync(fd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

export async function openStore(path: string, options: OpenOptions): Promise<Db> {
  // A PostgreSQL URL here would become a SQLite file named like it, in a folder « postgresql: ».
  if (isPostgresLocation(path)) throw new UsageError('--db : une URL PostgreSQL est donnée là où cette opération demande un magasin SQLite (fichier).');
  if (path !== ':memory:') {
    if (!existsSync(path)) {
      if (options.readonly) throw new UsageError(`--db : le magasin « ${path} » n’existe pas.`);
      try {
        createPrivateFile(path);
      } catch (err) {
        throw new UsageError(`--db : impossible de créer le magasin « ${path} » (${(err as NodeJS.ErrnoException).code ?? 'erreur'}) ; vérifiez que le dossier existe et est accessible en écriture.`);
      }
    } else if (statSync(path).isDirectory()) {
      throw new UsageError(`--db : « ${path} » est un dossier ; attendu le chemin d’un fichier de magasin (.sqlite).`);
    } else if (!statSync(path).isFile()) {
      // /dev/null as a store: SQLite would fail with « disk I/O error » and leave /dev/null-journal.
      throw new UsageError(`--db (ou CAFCHARTE_DB) : « ${path} » n’est pas un fichier ordinaire (périphérique, tube...) ; attendu le chemin d’un fichier de magasin (.sqlite).`);
    } else if (!options.readonly && !isWritable(path)) {
      throw new SystemError(`--db : le fichier du magasin « ${path} » est en lecture seule (droits du fichier ou support monté en lecture seule) ; rien n’a été modifié. Rendez-le modifiable (« chmod 600 ») ou copiez-le sur un support accessible en écriture.`);
    }
    removeStaleTemps(dirname(path));
  }
  let db: Db;
  try {
    db = openDatabase(path, { readonly: options.readonly ?? false, fileMustExist: path !== ':memory:' });
  } catch (err) {
    throw new UsageError(`--db : impossible d’ouvrir le magasin « ${path} » : ${(err as Error).message}.`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    checkIsCafcharteStore(db, path);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // Deleted and overwritten texts are zeroed in the file, not left in free pages (art. 12).
      db.pragma('secure_delete = ON');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    await migrate(db, path, options.migrations ?? { latest: SCHEMA_VERSION, load: loadMigrations }, options.now);
    return db;
  } catch (err) {
    db.close();
    throw translateOpenError(err, path);
  }
}

function checkIsCafcharteStore(db: Db, path: string): void {
  let applicationId: number;
  let tables: number;
  try {
    applicationId = db.pragma('application_id', { simple: true }) as number;
    tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
  } catch (err) {
    throw environmentProblem(err, path) ?? new UsageError(`--db : « ${path} » n’est pas un magasin cafcharte (ce n’est pas une base SQLite lisible) ; le fichier n’a pas été modifié.`);
  }
  if (applicationId !== APPLICATION_ID && tables > 0) {
    throw new UsageError(`--db : « ${path} » est une base SQLite mais pas un magasin cafcharte ; le fichier n’a pas été modifié.`);
  }
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A readable store SQLite cannot use because of where it lies: its folder is read-only (SQLite
 * must create -wal and -shm beside it) or the disk is full. Not « not a SQLite file ».
 */
function environmentProblem(err: unknown, path: string): SystemError | undefined {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE' || code === 'SQLITE_IOERR_WRITE') {
    return new SystemError(`--db : le disque qui contient le magasin « ${path} » est plein ; rien n’a été modifié. Libérez de la place et relancez.`);
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR')) {
    return new SystemError(`--db : le dossier du magasin « ${dirname(path)} » n’est pas accessible en écriture (support en lecture seule ou droits insuffisants) ; SQLite doit y créer ses fichiers -wal et -shm. Rien n’a été modifié.`);
  }
  return undefined;
}

function translateOpenError(err: unknown, path: string): unknown {
  if (err instanceof UsageError || err instanceof SystemError) return err;
  const environment = environmentProblem(err, path);
  if (environment) return environment;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new UsageError(`--db : « ${path} » n’est pas un magasin cafcharte lisible (fichier corrompu ou non SQLite) ; le fichier n’a pas été modifié.`);
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
    return new UsageError(`--db : le magasin « ${path} » n’est pas accessible en écriture ; vérifiez ses droits.`);
  }
  return err;
}

/** True when --db names a PostgreSQL database rather than a SQLite file. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:/i.test(location);
}

/**
 * Opens the store at `location` on its engine: a PostgreSQL URL (pg loaded only then), else a
 * SQLite file.
 */
export async function openStoreAt(location: string, options: OpenOptions): Promise<Store> {
  if (isPostgresLocation(location)) {
    const { openPostgresStore } = await import('./postgres/open.js');
    return openPostgresStore(location, options);
  }
  const db = await openStore(location, options);
  return new SqliteStore(db, location);
}
