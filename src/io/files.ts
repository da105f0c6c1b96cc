// Low-level file safety shared by the store (backups, restores) and the renderers (reports,
// posters, exports): output paths that can only be regular files, writes that are whole or absent,
// private temp files that a later run sweeps up. Imports nothing of ours but the errors.
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConflictError, SystemError, UsageError } from '../errors.js';

/** Every temp file of this tool ends so: `.<name>.<pid>.<random>.cafcharte-tmp`. */
const TEMP_SUFFIX = '.cafcharte-tmp';
const TEMP_NAME = /^\..*\.(\d+)\.[0-9a-f]{8}\.cafcharte-tmp$/;

export interface OutputCheck {
  /** Replace an existing file (else ConflictError, exit 4). */
  overwrite: boolean;
  /** The flag that named the path, for messages (default --sortie). */
  flag?: string;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function kindOf(stats: Stats): string | undefined {
  if (stats.isDirectory()) return 'un dossier';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'un périphérique';
  if (stats.isFIFO()) return 'un tube nommé (FIFO)';
  if (stats.isSocket()) return 'une socket';
  return undefined;
}

/**
 * The one check of every --sortie file: a regular file (replaced only with --ecraser) or a missing
 * one in an existing folder. A device, FIFO, socket or folder is refused (exit 2): renaming a file
 * over /dev/null would replace the device. A dangling symbolic link counts as an existing file.
 */
export function checkOutputPath(path: string, options: OutputCheck): void {
  const flag = options.flag ?? '--sortie';
  const folder = dirname(path);
  const folderStats = (() => {
    try {
      return statSync(folder);
    } catch {
      return undefined;
    }
  })();
  if (!folderStats?.isDirectory()) {
    throw new UsageError(`${flag} : le dossier « ${folder} » n’existe pas ; créez-le ou choisissez un autre chemin.`);
  }
  const link = lstatOrUndefined(path);
  if (!link) return;
  const target = link.isSymbolicLink() ? (() => { try { return statSync(path); } catch { return undefined; } })() : link;
  const kind = target && kindOf(target);
  if (kind) throw new UsageError(`${flag} : « ${path} » est ${kind}, pas un fichier ordinaire ; indiquez le chemin d’un fichier.`);
  if (!options.overwrite) {
    const what = target ? 'le fichier' : 'le lien symbolique (vers un fichier absent)';
    throw new ConflictError(`${flag} : ${what} « ${path} » existe déjà ; ajoutez --ecraser pour le remplacer.`);
  }
}

/** write(2) may write part of the buffer (nearly full disk): loop until all of it is written. */
export function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    const written = writeSync(fd, data, offset, data.length - offset);
    if (written <= 0) throw Object.assign(new Error('écriture incomplète'), { code: 'ENOSPC' });
    offset += written;
  }
}

/** A new, empty temp file beside `target`, created 0600 from its first byte. Returns its path. */
export function createPrivateTemp(target: string, mode = 0o600): string {
  for (let attempt = 1; ; attempt++) {
    const path = join(dirname(target), `.${basename(target)}.${process.pid}.${randomSuffix()}${TEMP_SUFFIX}`);
    try {
      closeSync(openSync(path, 'wx', mode));
      return path;
    } catch (err) {
      // A name already taken is never opened ('wx'): draw another.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 5) throw err;
    }
  }
}

/**
 * Eight hex digits beside the process id. The file is created with 'wx', so a name already taken
 * is refused, never followed nor overwritten, and another is drawn: the name need not be secret.
 * Not node:crypto: loading it costs every command five milliseconds at start-up, for a name.
 */
function randomSuffix(): string {
  return Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files a killed run of this tool left in `folder` (a SIGKILL cannot clean up):
 * only names this tool makes, and only when the process that made them is gone.
 */
export function removeStaleTemps(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = TEMP_NAME.exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || processIsAlive(Number(pid))) continue;
    rmSync(join(folder, name), { force: true });
    for (const suffix of ['-journal', '-wal', '-shm']) rmSync(join(folder, name + suffix), { force: true });
  }
}

/** The French message of a failed write to a path the user chose; undefined when unexpected. */
export function writeFailure(err: unknown, flag: string, path: string): Error | undefined {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (['EACCES', 'EPERM', 'EROFS', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(code)) {
    return new UsageError(`${flag} : impossible d’écrire dans « ${dirname(path)} » (dossier en lecture seule ou droits insuffisants).`);
  }
  if (['ENOSPC', 'EDQUOT', 'SQLITE_FULL'].includes(code)) {
    return new SystemError(`${flag} : le disque est plein ; « ${path} » n’a pas été écrit (un fichier déjà présent est resté tel quel). Libérez de la place et relancez.`);
  }
  return undefined;
}

export interface WriteOptions extends OutputCheck {
  /** File mode; default follows the umask (0666 & ~umask). Backups of the store pass 0o600. */
  mode?: number;
}

/**
 * Writes files the way git does: into a temp file in the same folder, flushed, then renamed over
 * the target. An interrupted run or a full disk leaves the old file intact, never half a file.
 */
export function writeFileAtomic(path: string, data: Buffer | string, options: WriteOptions): void {
  const flag = options.flag ?? '--sortie';
  checkOutputPath(path, options);
  removeStaleTemps(dirname(path));
  let temp: string | undefined;
  let fd: number | undefined;
  try {
    temp = createPrivateTemp(path, options.mode ?? 0o666);
    fd = openSync(temp, 'r+');
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    if (temp) rmSync(temp, { force: true });
    throw writeFailure(err, flag, path) ?? err;
  }
}
