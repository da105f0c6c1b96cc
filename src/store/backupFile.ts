// Copies of the store (backups, safety copies before a restore or a migration): taken with
// SQLite's backup API into a temp file created 0600 from its first byte, sealed, then given a
// name that never replaces another copy. Names carry the Réunion time to the second.
import { chmodSync, linkSync, lstatSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { timestampInReunion } from '../domain/dates.js';
import { ConflictError } from '../errors.js';
import { createPrivateTemp } from '../io/files.js';
import { openDatabase } from './driver.js';

type Db = BetterSqlite3.Database;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a copy stands after a step of the backup API. */
export interface BackupStep {
  totalPages: number;
  remainingPages: number;
}

/** Bytes copied so far and in all: what a progress bar shows. */
export type CopyProgress = (copiedBytes: number, totalBytes: number) => void;

/**
 * A backup-API progress callback that reports bytes. Throwing in `report` (Ctrl-C) aborts the
 * copy: SQLite then rolls back what the copy wrote into its destination.
 */
export function pagesToBytes(db: Db, report: CopyProgress | undefined): ((step: BackupStep) => number) | undefined {
  if (report === undefined) return undefined;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return ({ totalPages, remainingPages }) => {
    report((totalPages - remainingPages) * pageSize, totalPages * pageSize);
    return 100; // better-sqlite3's default step: Ctrl-C is heard between steps
  };
}

/**
 * `db.backup(target)` that really copied: better-sqlite3 reports a lock it could not take on the
 * first step as a finished copy of zero pages, so that case is retried (5 s, like busy_timeout)
 * and then reported as SQLITE_BUSY.
 */
export async function copyDatabase(db: Db, target: string, progress?: (step: BackupStep) => number): Promise<void> {
  for (let waited = 0; ; waited += 50) {
    const result = await (progress ? db.backup(target, { progress }) : db.backup(target));
    if (result.totalPages > 0) return;
    if (waited >= 5000) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    await sleep(50);
  }
}

/** A finished copy: private (0600) and in rollback-journal mode, so that opening it read-only later creates no -wal/-shm files. */
export function sealBackupFile(path: string): void {
  chmodSync(path, 0o600);
  const db = openDatabase(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/** `20261126-120000`: the Réunion wall clock to the second, for file names. */
export function fileStamp(now: Date): string {
  return timestampInReunion(now).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Gives `temp` the name `target` without replacing a file of that name: a hard link fails if the
 * name is taken, even by another process in the same instant. Falls back to a checked rename on
 * file systems without hard links (FAT memory sticks).
 */
export function placeWithoutReplacing(temp: string, target: string): boolean {
  try {
    linkSync(temp, target);
    rmSync(temp, { force: true });
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
    if (exists(target)) return false;
    renameSync(temp, target);
    return true;
  }
}

/**
 * Places `temp` beside the store as `<store>-<label>-<stamp>.sqlite`, or `-2`, `-3`... when a copy
 * was already taken in the same second. Returns the name given.
 */
export function placeStampedCopy(temp: string, store: string, label: string, now: Date): string {
  const base = join(dirname(store), `${basename(store, '.sqlite')}-${label}-${fileStamp(now)}`);
  for (let n = 1; n < 1000; n++) {
    const target = `${base}${n > 1 ? `-${n}` : ''}.sqlite`;
    if (placeWithoutReplacing(temp, target)) return target;
  }
  throw new ConflictError(`trop de copies « ${base}… » dans la même seconde.`);
}

/** A sealed private copy of `db` beside `store`, named by `label` and the time; returns its path. */
export async function stampedCopy(db: Db, store: string, label: string, now: Date): Promise<string> {
  const temp = createPrivateTemp(store);
  try {
    await copyDatabase(db, temp);
    sealBackupFile(temp);
    return placeStampedCopy(temp, store, label, now);
  } catch (err) {
    removeWithJournals(temp);
    throw err;
  }
}

/** Removes a database file and whatever SQLite may have left beside it. */
export function removeWithJournals(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}
