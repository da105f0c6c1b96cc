// Backups, restores and health checks of the store. Backups go through SQLite's online backup
// API (consistent even while another process writes); a file copy of a live store can be corrupt.
import { chmodSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { APPLICATION_ID } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { sealBackupFile } from './backupFile.js';
import { openDatabase } from './driver.js';
import type { Db } from './open.js';

/** Writes a consistent copy of the store to `target` (0600), through a temp file then a rename. */
export async function backupStore(db: Db, target: string, options: { overwrite: boolean }): Promise<void> {
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--sortie : le dossier « ${folder} » n’existe pas.`);
  if (existsSync(target) && !options.overwrite) throw new ConflictError(`--sortie : « ${target} » existe déjà ; ajoutez --ecraser pour le remplacer.`);
  const temp = join(folder, `.${basename(target)}.${process.pid}.tmp`);
  try {
    await db.backup(temp);
    sealBackupFile(temp);
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (['EACCES', 'EPERM', 'EROFS', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(code)) {
      throw new UsageError(`--sortie : impossible d’écrire dans « ${folder} » (dossier en lecture seule ou droits insuffisants).`);
    }
    throw err;
  }
}

export interface StoreHealth {
  integrity: string[];
  foreignKeyProblems: number;
  schemaVersion: number;
  expectedSchemaVersion: number;
  isCafcharte: boolean;
  mode: number | null;
  counts: Record<string, number>;
}

export function checkHealth(db: Db, path: string): StoreHealth {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const foreignKeyProblems = (db.pragma('foreign_key_check') as unknown[]).length;
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  const counts = Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
  return {
    integrity,
    foreignKeyProblems,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    expectedSchemaVersion: MIGRATIONS.at(-1)!.version,
    isCafcharte: db.pragma('application_id', { simple: true }) === APPLICATION_ID,
    mode: path === ':memory:' ? null : statSync(path).mode & 0o777,
    counts,
  };
}

/**
 * Checks that `file` is a sound cafcharte store a restore may use: SQLite, integrity ok, our
 * application id, a schema this version knows. Returns its schema version.
 */
export function inspectBackup(file: string): number {
  if (!existsSync(file)) throw new NotFoundError(`fichier : « ${file} » : fichier introuvable.`);
  let source: Db | undefined;
  try {
    source = openDatabase(file, { readonly: true, fileMustExist: true });
    const integrity = (source.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.join() !== 'ok') throw new UsageError(`fichier : « ${file} » est endommagé (${integrity.slice(0, 3).join(' ; ')}) ; restauration refusée.`);
    if (source.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
      throw new UsageError(`fichier : « ${file} » n’est pas une sauvegarde cafcharte ; restauration refusée.`);
    }
    const version = source.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.at(-1)!.version) {
      throw new UsageError(`fichier : « ${file} » vient d’une version plus récente de cafcharte (schéma ${version}) ; mettez l’outil à jour avant de restaurer.`);
    }
    return version;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`fichier : « ${file} » n’est pas une base SQLite lisible ; restauration refusée.`);
  } finally {
    source?.close();
  }
}

/**
 * Replaces the store at `path` by a copy of `file`. The caller has already backed up the current
 * store; here we checkpoint it (so no stale WAL can be replayed onto the restored file), copy the
 * backup beside it through the backup API, and rename it into place.
 */
export async function replaceStore(current: Db, path: string, file: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.restauration.${process.pid}.tmp`);
  const source = openDatabase(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(temp);
  } finally {
    source.close();
  }
  chmodSync(temp, 0o600);
  current.pragma('wal_checkpoint(TRUNCATE)');
  current.close();
  renameSync(temp, path);
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}
