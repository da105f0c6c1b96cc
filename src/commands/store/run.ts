// The work of `cafcharte store copy --vers`.
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { UsageError, UserError } from '../../errors.js';
import { countOf } from '../../domain/french.js';
import { copyStore, countRows } from '../../store/copy.js';
import { removeWithJournals } from '../../store/backupFile.js';
import { isPostgresLocation } from '../../store/open.js';
import type { Store } from '../../store/engine.js';
import { printSuccess } from '../../render/output.js';
import { UNITS, withProgress } from '../../render/progress.js';

const FLAG = '--vers';

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** The opener speaks of --db (the usual store); here the store it refuses is the one --vers names. */
async function openTarget(ctx: Ctx, location: string): Promise<Store> {
  try {
    return await ctx.openOtherStore(location);
  } catch (err) {
    if (err instanceof UserError) err.message = err.message.replace(/^--db( \(ou CAFCHARTE_DB\))? :/, `${FLAG} :`);
    throw err;
  }
}

export async function runStoreCopy(flags: { vers: string }, ctx: Ctx): Promise<number> {
  const given = flags.vers.trim();
  if (given === '') throw new UsageError(`${FLAG} : attendu le chemin d’un fichier SQLite ou l’URL d’une base PostgreSQL (postgresql://…).`);
  const onPostgres = isPostgresLocation(given);
  const location = onPostgres ? given : resolve(ctx.cwd, given);
  if (!onPostgres && !isPostgresLocation(ctx.dbPath()) && sameFile(location, resolve(ctx.cwd, ctx.dbPath()))) {
    throw new UsageError(`${FLAG} : « ${given} » est le magasin lui-même ; indiquez une autre cible. Rien n’a été modifié.`);
  }
  const source = await ctx.store();
  const createdHere = !onPostgres && !existsSync(location);
  let target: Store | undefined;
  let done = false;
  try {
    target = await openTarget(ctx, location);
    if (target.engine === source.engine && target.label === source.label) {
      throw new UsageError(`${FLAG} : « ${target.label} » est le magasin lui-même ; indiquez une autre cible. Rien n’a été modifié.`);
    }
    const to = target;
    const total = await countRows(source);
    const options = { label: 'Copie', unit: UNITS.lines, total, cancelMessage: 'copie interrompue (Ctrl-C) : la cible n’a pas été modifiée.' };
    const report = await withProgress(ctx, options, async (progress) => {
      const copied = await copyStore(source, to, FLAG, async (rows) => {
        progress.update(rows);
        await progress.checkpoint();
      });
      progress.finish(`Copie : ${countOf(copied.rows, 'ligne copiée et vérifiée', 'lignes copiées et vérifiées')} en ${progress.duration()}.`);
      return copied;
    });
    done = true;
    printSuccess(ctx, `Magasin copié vers ${to.label} : ${countOf(report.tables, 'table', 'tables')}, ${countOf(report.rows, 'ligne', 'lignes')}, copie identique à l’original.`);
    return 0;
  } finally {
    await target?.close();
    // A file this command created holds nothing of value unless the copy succeeded.
    if (createdHere && !done) removeWithJournals(location);
  }
}
