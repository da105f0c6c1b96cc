// The work of backup, restore and check.
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { Cancelled, ExitCode } from '../../errors.js';
import { backupStore, checkHealth, inspectBackup, replaceStore } from '../../store/maintenance.js';
import { paint, printJson, printLine, printSuccess, printTable, printWarning } from '../../render/output.js';

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*/, '');
}

export async function runBackup(flags: { sortie?: string; ecraser?: boolean }, ctx: Ctx): Promise<number> {
  const db = await ctx.store();
  const store = ctx.dbPath();
  const target = flags.sortie
    ? isAbsolute(flags.sortie) ? flags.sortie : resolve(ctx.cwd, flags.sortie)
    : join(dirname(store), `${basename(store, '.sqlite')}-sauvegarde-${stamp(ctx.now())}.sqlite`);
  await backupStore(db, target, { overwrite: Boolean(flags.ecraser) });
  printLine(ctx, target);
  return 0;
}

export async function runRestore(file: string, flags: { oui?: boolean }, ctx: Ctx): Promise<number> {
  const source = isAbsolute(file) ? file : resolve(ctx.cwd, file);
  const version = inspectBackup(source);
  const db = await ctx.store();
  const store = ctx.dbPath();
  if (ctx.io.interactive && !flags.oui) {
    const ok = await ctx.prompter.confirm({ message: `Remplacer le magasin ${store} par ${source} ? (le magasin actuel sera d’abord sauvegardé)`, default: false });
    if (!ok) throw new Cancelled('Restauration annulée : le magasin n’a pas été modifié.');
  }
  const safety = join(dirname(store), `${basename(store, '.sqlite')}-avant-restauration-${stamp(ctx.now())}.sqlite`);
  await backupStore(db, safety, { overwrite: false });
  await replaceStore(db, store, source);
  ctx.close();
  // Opening it again migrates an older backup to the current schema.
  await ctx.store();
  printSuccess(ctx, `Magasin restauré depuis ${source} (schéma ${version}).`);
  printLine(ctx, `L’ancien magasin est conservé dans ${safety}.`);
  return 0;
}

export async function runCheck(flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const db = await ctx.store();
  const health = checkHealth(db, ctx.dbPath());
  const problems: string[] = [];
  if (health.integrity.join() !== 'ok') problems.push(`intégrité : ${health.integrity.slice(0, 5).join(' ; ')}`);
  if (health.foreignKeyProblems > 0) problems.push(`${health.foreignKeyProblems} référence(s) orpheline(s) (clés étrangères)`);
  if (health.schemaVersion !== health.expectedSchemaVersion) problems.push(`schéma ${health.schemaVersion}, attendu ${health.expectedSchemaVersion}`);
  if (!health.isCafcharte) problems.push('identifiant d’application absent : ce n’est pas un magasin cafcharte');
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
  return problems.length === 0 ? ExitCode.ok : ExitCode.checkFound;
}
