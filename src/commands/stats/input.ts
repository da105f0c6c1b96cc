// What `stats import` reads: a regular file, or `-` for standard input. A FIFO would hang the
// first pass, /dev/zero never ends, /dev/stdin cannot be read twice: the file is read twice (hash,
// then import), so standard input is copied once to a private temp file first.
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { createPrivateTemp, writeAll } from '../../io/files.js';

export interface ImportInput {
  path: string;
  /** The name recorded and shown: the file's, or « entrée standard ». */
  fileName: string;
  /** Removes the copy of standard input, if any. */
  dispose: () => void;
}

function kindOf(path: string): string | undefined {
  const stats = statSync(path);
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'un dossier';
  if (stats.isFIFO()) return 'un tube nommé (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'un périphérique';
  if (stats.isSocket()) return 'une socket';
  return 'un fichier spécial';
}

export async function importInput(given: string, ctx: Ctx): Promise<ImportInput> {
  if (given === '-') return copyStandardInput(ctx);
  const path = resolve(ctx.cwd, given);
  let kind: string | undefined;
  try {
    kind = kindOf(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`« ${given} » : fichier introuvable.`);
    throw new UsageError(`<fichier> : « ${given} » : lecture impossible (${(error as NodeJS.ErrnoException).code ?? 'erreur'}).`);
  }
  if (kind) {
    throw new UsageError(`<fichier> : « ${given} » est ${kind}, pas un fichier ordinaire ; attendu un fichier CSV ou XLSX, ou « - » pour lire l’entrée standard.`);
  }
  return { path, fileName: path.split('/').pop() ?? given, dispose: () => {} };
}

async function copyStandardInput(ctx: Ctx): Promise<ImportInput> {
  if (!ctx.io.stdin) throw new UsageError('<fichier> : « - » lit l’entrée standard, qui n’est pas disponible ici.');
  if (ctx.io.interactive) {
    throw new UsageError('<fichier> : « - » lit l’entrée standard, qui est ici le terminal ; redirigez un fichier (« < chiffres.csv ») ou donnez son chemin.');
  }
  const temp = createPrivateTemp(join(tmpdir(), 'cafcharte-entree-standard'));
  const fd = openSync(temp, 'r+');
  try {
    for await (const chunk of ctx.io.stdin) writeAll(fd, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  return { path: temp, fileName: 'entrée standard', dispose: () => rmSync(temp, { force: true }) };
}
