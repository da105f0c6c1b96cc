// Writing files the way git does: into a temp file in the same folder, flushed, then renamed
// over the target. An interrupted run leaves the old file intact, never half a file.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConflictError, UsageError } from '../errors.js';

export interface WriteOptions {
  /** Replace an existing file (else ConflictError, exit 4). */
  overwrite: boolean;
  /** File mode; default follows the umask (0666 & ~umask). Backups of the store pass 0o600. */
  mode?: number;
  /** The flag that named the path, for messages (default --sortie). */
  flag?: string;
}

export function writeFileAtomic(path: string, data: Buffer | string, options: WriteOptions): void {
  const flag = options.flag ?? '--sortie';
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(`${flag} : le dossier « ${folder} » n’existe pas ; créez-le ou choisissez un autre chemin.`);
  }
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new UsageError(`${flag} : « ${path} » est un dossier, pas un fichier.`);
    if (!options.overwrite) throw new ConflictError(`${flag} : le fichier « ${path} » existe déjà ; ajoutez --ecraser pour le remplacer.`);
  }
  const temp = join(folder, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', options.mode ?? 0o666);
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UsageError(`${flag} : impossible d’écrire dans « ${folder} » (dossier en lecture seule ou droits insuffisants).`);
    }
    if (code === 'ENOSPC') throw new UsageError(`${flag} : le disque est plein ; « ${path} » n’a pas été écrit.`);
    throw err;
  }
}
