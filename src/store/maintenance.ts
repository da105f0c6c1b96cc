// Backups, restores and health checks of the store. Backups go through SQLite's online backup
// API (consistent even while another process writes); a file copy of a live store can be corrupt.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { NotFoundError, UsageError } from '../errors.js';
import { checkOutputPath, createPrivateTemp, removeStaleTemps, writeAll, writeFailure } from '../io/files.js';
import { escapeControlCharacters } from '../domain/controlCharacters.js';
import { APPLICATION_ID, migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { copyDatabase, pagesToBytes, placeStampedCopy, placeWithoutReplacing, removeWithJournals, sealBackupFile, type CopyProgress } from './backupFile.js';
import { openDatabase } from './driver.js';
import type { Db } from './open.js';
import { schemaDifferences, type SchemaDifference } from './schema.js';
import { countOf } from '../domain/french.js';

/** Where a backup goes: a path the user chose, or a stamped name beside the store. */
export type BackupTarget = { path: string; overwrite: boolean } | { besideStore: string; now: Date };

/** Writes a consistent private (0600) copy of the store, through a temp file; returns its path. */
export async function backupStore(db: Db, target: BackupTarget, onProgress?: CopyProgress): Promise<string> {
  return writeBackup(target, (temp) => copyDatabase(db, temp, pagesToBytes(db, onProgress)));
}

/**
 * Writes a backup file whose content `fill` puts into a private temp file (SQLite's backup API,
 * or a copy of a PostgreSQL store into a new SQLite file), then seals it and gives it its name.
 */
export async function writeBackup(target: BackupTarget, fill: (temp: string) => Promise<void>): Promise<string> {
  const anchor = 'path' in target ? target.path : target.besideStore;
  if ('path' in target) checkOutputPath(target.path, { overwrite: target.overwrite });
  removeStaleTemps(dirname(anchor));
  let temp: string | undefined;
  try {
    temp = createPrivateTemp(anchor);
    await fill(temp);
    sealBackupFile(temp);
    if (!('path' in target)) return placeStampedCopy(temp, target.besideStore, 'sauvegarde', target.now);
    if (target.overwrite) renameSync(temp, target.path);
    else if (!placeWithoutReplacing(temp, target.path)) {
      checkOutputPath(target.path, { overwrite: false });
    }
    return target.path;
  } catch (err) {
    if (temp) removeWithJournals(temp);
    throw writeFailure(err, '--sortie', anchor) ?? err;
  }
}

export interface StoreHealth {
  integrity: string[];
  foreignKeyProblems: number;
  schemaVersion: number;
  expectedSchemaVersion: number;
  isCafcharte: boolean;
  /** Tables, columns, indexes, triggers and views that differ from what the migrations create. */
  schema: SchemaDifference[];
  mode: number | null;
  counts: Record<string, number>;
}

/** `"x""y"`: an identifier quoted for SQL, whatever it holds. */
function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function checkHealth(db: Db, path: string): Promise<StoreHealth> {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const foreignKeyProblems = (db.pragma('foreign_key_check') as unknown[]).length;
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  const counts = Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${quoteIdentifier(t)}`).get() as { n: number }).n]));
  return {
    integrity,
    foreignKeyProblems,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    expectedSchemaVersion: MIGRATIONS.at(-1)!.version,
    isCafcharte: db.pragma('application_id', { simple: true }) === APPLICATION_ID,
    schema: await schemaDifferences(db),
    mode: path === ':memory:' ? null : statSync(path).mode & 0o777,
    counts,
  };
}

const OBJECT_NAMES = { table: 'table', index: 'index', trigger: 'déclencheur', view: 'vue' } as const;

/** One French line per schema difference, names escaped (a name may hold anything). */
export function describeSchemaDifference(d: SchemaDifference): string {
  const what = `${OBJECT_NAMES[d.type]} « ${escapeControlCharacters(d.name)} »`;
  const feminine = d.type === 'table' || d.type === 'view';
  if (d.change === 'extra') return `schéma : ${what} en trop (les migrations de cafcharte ne le créent pas)`;
  if (d.change === 'missing') return `schéma : ${what} manquant${feminine ? 'e' : ''}`;
  return `schéma : ${what} différent${feminine ? 'e' : ''} de ce que créent les migrations`;
}

/** The problems a check reports, in French; empty when the store is sound. */
export function healthProblems(health: StoreHealth): string[] {
  const problems: string[] = [];
  if (health.integrity.join() !== 'ok') problems.push(`intégrité : ${health.integrity.slice(0, 5).join(' ; ')}`);
  if (health.foreignKeyProblems > 0) problems.push(`${countOf(health.foreignKeyProblems, 'référence orpheline', 'références orphelines')} (clés étrangères)`);
  if (health.schemaVersion !== health.expectedSchemaVersion) problems.push(`schéma ${health.schemaVersion}, attendu ${health.expectedSchemaVersion}`);
  if (!health.isCafcharte) problems.push('identifiant d’application absent : ce n’est pas un magasin cafcharte');
  problems.push(...health.schema.map(describeSchemaDifference));
  return problems;
}

/**
 * Checks that `file` is a SQLite cafcharte store of a schema this version knows. Returns its
 * schema version. The full check runs later, on the migrated private copy.
 */
export function inspectBackup(file: string): number {
  if (!existsSync(file)) throw new NotFoundError(`fichier : « ${file} » : fichier introuvable.`);
  if (!statSync(file).isFile()) throw new UsageError(`fichier : « ${file} » n’est pas un fichier ordinaire ; restauration refusée.`);
  let source: Db | undefined;
  try {
    source = openDatabase(file, { readonly: true, fileMustExist: true });
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

const UNCHANGED = 'Le magasin n’a pas été modifié.';

/**
 * A private (0600) copy of the backup beside the store, migrated to the current schema and
 * checked (integrity, foreign keys, schema), with the live store's page size. Returns its path.
 * Any failure removes it and leaves the store alone.
 */
async function prepareCandidate(file: string, store: string, pageSize: number, now: () => Date, onProgress?: CopyProgress): Promise<string> {
  const temp = createPrivateTemp(store);
  let candidate: Db | undefined;
  try {
    const source = openDatabase(file, { readonly: true, fileMustExist: true });
    try {
      await copyDatabase(source, temp, pagesToBytes(source, onProgress));
    } finally {
      source.close();
    }
    candidate = openDatabase(temp, { fileMustExist: true });
    candidate.pragma('journal_mode = DELETE');
    candidate.pragma('foreign_keys = ON');
    try {
      await migrate(candidate, temp, MIGRATIONS, now, { copyFirst: false });
    } catch (err) {
      throw new UsageError(`fichier : « ${file} » ne peut pas être mis à jour vers le schéma actuel (${(err as Error).message.replace(/ Le magasin n’a pas été modifié\.$/, '')}) ; restauration refusée. ${UNCHANGED}`);
    }
    const problems = healthProblems(await checkHealth(candidate, temp));
    if (problems.length > 0) {
      throw new UsageError(`fichier : « ${file} » ne passe pas la vérification (${countOf(problems.length, 'problème', 'problèmes')}) ; restauration refusée. ${UNCHANGED}`).withDetails(problems);
    }
    // The backup API cannot write into a WAL store of another page size.
    if (candidate.pragma('page_size', { simple: true }) !== pageSize) {
      candidate.pragma(`page_size = ${pageSize}`);
      candidate.exec('VACUUM');
    }
    candidate.close();
    return temp;
  } catch (err) {
    candidate?.close();
    removeWithJournals(temp);
    throw err;
  }
}

/** The store as it is now, written to a private file (its header set to rollback mode); returns the temp path. */
function writeSafetyCopy(live: Db, store: string): string {
  const image = live.serialize();
  // Bytes 18-19: file format versions; 2 means WAL. A copy in rollback mode opens read-only cleanly.
  image[18] = 1;
  image[19] = 1;
  const temp = createPrivateTemp(store);
  const fd = openSync(temp, 'r+');
  try {
    writeAll(fd, image);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  closeSync(fd);
  return temp;
}

/**
 * Replaces the content of the store at `store` (its real path) by the backup `file`, in place.
 * The candidate is migrated and checked on a private copy first. The swap copies it into the
 * live file with SQLite's backup API, which holds the store's write lock from its first step to
 * its commit: writers wait (or get the busy message), and their later writes land in the restored
 * store, never in an unlinked file. The safety copy is taken once that lock is held, so every
 * write acknowledged before is in it. Returns the safety copy's path.
 */
export async function restoreStore(live: Db, store: string, file: string, now: () => Date, onProgress?: CopyProgress): Promise<string> {
  removeStaleTemps(dirname(store));
  live.pragma('journal_mode = WAL');
  const candidatePath = await prepareCandidate(file, store, live.pragma('page_size', { simple: true }) as number, now, onProgress);
  const candidate = openDatabase(candidatePath, { readonly: true, fileMustExist: true });
  let safetyTemp: string | undefined;
  try {
    await copyDatabase(candidate, store, (step) => {
      // Called after the first step, which took the write lock and copied nothing yet. The last
      // word of Ctrl-C: an error thrown here aborts the copy, and the store is left as it was.
      const bytes = step.totalPages * (candidate.pragma('page_size', { simple: true }) as number);
      onProgress?.(bytes, bytes);
      safetyTemp ??= writeSafetyCopy(live, store);
      return 0x7fffffff;
    });
  } catch (err) {
    if (safetyTemp) rmSync(safetyTemp, { force: true });
    throw writeFailure(err, '--db', store) ?? err;
  } finally {
    candidate.close();
    removeWithJournals(candidatePath);
  }
  return placeStampedCopy(safetyTemp!, store, 'avant-restauration', now());
}
