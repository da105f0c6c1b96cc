// The work of backup, restore and check.
import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { Cancelled, ExitCode, UsageError } from '../../errors.js';
import { backupStore, writeBackup, checkHealth, healthProblems, inspectBackup, restoreStore } from '../../store/maintenance.js';
import { paint, printJson, printLine, printSuccess, printTable, printWarning } from '../../render/output.js';
import { amount, UNITS, withProgress } from '../../render/progress.js';
import { copyStore, countRows } from '../../store/copy.js';
import type { Store } from '../../store/engine.js';
import { countOf } from '../../domain/french.js';

export async function runBackup(flags: { sortie?: string; ecraser?: boolean }, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  if (store.engine === 'postgres') return backupPostgres(store, flags, ctx);
  const db = await ctx.sqliteDb();
  const target = flags.sortie ? { path: resolve(ctx.cwd, flags.sortie), overwrite: Boolean(flags.ecraser) } : { besideStore: realpathSync(ctx.dbPath()), now: ctx.now() };
  const options = { label: 'Sauvegarde', unit: UNITS.bytes, cancelMessage: 'sauvegarde interrompue (Ctrl-C) : aucun fichier n’a été écrit, le magasin est inchangé.' };
  await withProgress(ctx, options, async (progress) => {
    let size = 0;
    const written = await backupStore(db, target, (copied, total) => {
      size = total;
      progress.update(copied, total);
      progress.throwIfCancelled();
    });
    printLine(ctx, written);
    progress.finish(`Sauvegarde : ${amount(size, UNITS.bytes)} copiés en ${progress.duration()}.`);
  });
  return 0;
}

/**
 * On PostgreSQL the backup is the same portable file as on SQLite, the one `restore` reads: the
 * whole store copied into a new SQLite file (checked like `store copy`), by default in the
 * current folder.
 */
async function backupPostgres(store: Store, flags: { sortie?: string; ecraser?: boolean }, ctx: Ctx): Promise<number> {
  const target = flags.sortie
    ? { path: resolve(ctx.cwd, flags.sortie), overwrite: Boolean(flags.ecraser) }
    : { besideStore: join(ctx.cwd, 'cafcharte.sqlite'), now: ctx.now() };
  const total = await countRows(store);
  const options = { label: 'Sauvegarde', unit: UNITS.lines, total, cancelMessage: 'sauvegarde interrompue (Ctrl-C) : aucun fichier n’a été écrit, le magasin est inchangé.' };
  await withProgress(ctx, options, async (progress) => {
    let rows = 0;
    const written = await writeBackup(target, async (temp) => {
      const file = await ctx.openOtherStore(temp);
      try {
        rows = (await copyStore(store, file, '--sortie', async (done) => {
          progress.update(done);
          await progress.checkpoint();
        })).rows;
      } finally {
        await file.close();
      }
    });
    printLine(ctx, written);
    progress.finish(`Sauvegarde : ${countOf(rows, 'ligne copiée et vérifiée', 'lignes copiées et vérifiées')} en ${progress.duration()}.`);
  });
  return 0;
}

export async function runRestore(file: string, flags: { oui?: boolean }, ctx: Ctx): Promise<number> {
  const source = resolve(ctx.cwd, file);
  const version = inspectBackup(source);
  if ((await ctx.store()).engine === 'postgres') {
    // A shared database is not swapped for a file under everyone's feet: it is filled, empty, by a copy.
    throw new UsageError(
      `--db : « restore » remet en place un fichier SQLite ; une base PostgreSQL se remplit par une copie : créez une base vide, puis « cafcharte --db ${file} store copy --vers URL ». Rien n’a été modifié.`,
    );
  }
  const db = await ctx.sqliteDb();
  // Through a symbolic link, the data must land in the link's target: the link stays.
  const store = realpathSync(ctx.dbPath());
  if (ctx.io.interactive && !flags.oui) {
    const ok = await ctx.prompter.confirm({ message: `Remplacer le magasin ${store} par ${source} ? (le magasin actuel sera d’abord sauvegardé)`, default: false });
    if (!ok) throw new Cancelled('restauration annulée : le magasin n’a pas été modifié.');
  }
  const options = { label: 'Restauration', unit: UNITS.bytes, cancelMessage: 'restauration interrompue (Ctrl-C) : le magasin n’a pas été modifié.' };
  const safety = await withProgress(ctx, options, async (progress) => {
    let size = 0;
    const safetyCopy = await restoreStore(db, store, source, ctx.now, (copied, total) => {
      size = total;
      progress.update(copied, total);
      progress.throwIfCancelled();
    });
    progress.finish(`Restauration : ${amount(size, UNITS.bytes)} copiés en ${progress.duration()}.`);
    return safetyCopy;
  });
  await ctx.close();
  printSuccess(ctx, `Magasin restauré depuis ${source} (schéma ${version}).`);
  printLine(ctx, `L’ancien magasin est conservé dans ${safety}.`);
  return 0;
}

export async function runCheck(flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  if ((await ctx.store()).engine === 'postgres') {
    throw new UsageError(
      '--db : « check » contrôle un fichier SQLite (intégrité des pages, clés étrangères, droits du fichier) ; PostgreSQL garantit lui-même l’intégrité et les clés étrangères, et son schéma est vérifié à chaque ouverture. Pour contrôler une copie : « cafcharte backup » puis « cafcharte --db SAUVEGARDE check ».',
    );
  }
  const db = await ctx.sqliteDb();
  const health = await checkHealth(db, ctx.dbPath());
  const problems = healthProblems(health);
  if (health.mode !== null && (health.mode & 0o077) !== 0) {
    problems.push(`le fichier est lisible par d’autres utilisateurs (droits ${health.mode.toString(8)}) : « chmod 600 ${ctx.dbPath()} »`);
  }
  if (flags.json) {
    printJson(ctx, {
      magasin: ctx.dbPath(),
      integrite: health.integrity,
      cles_etrangeres: health.foreignKeyProblems,
      schema: health.schemaVersion,
      schema_attendu: health.expectedSchemaVersion,
      droits: health.mode === null ? null : health.mode.toString(8),
      effectifs: health.counts,
      problemes: problems,
    });
  } else {
    printLine(ctx, `Magasin : ${ctx.dbPath()} (schéma ${health.schemaVersion})`);
    printTable(ctx, ['Table', 'Lignes'], Object.entries(health.counts), { alignRight: [1] });
    if (problems.length === 0) printLine(ctx, paint(ctx).green('Tout est en ordre : intégrité, clés étrangères, schéma et droits du fichier.'));
    for (const p of problems) printWarning(ctx, p);
  }
  // A store that fails its check is an error (1), like any other the user must act on; 10 stays
  // charter-status --check's "there are actions to take", which is not a fault.
  return problems.length === 0 ? ExitCode.ok : ExitCode.internal;
}
