// `cafcharte backup`, `restore`, `check`: keeping the only copy of the logbook safe.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples, withJson } from '../shared/help.js';

export function buildBackupCommands(ctx: Ctx): Command[] {
  const run = () => import('./run.js');
  const backup = withExamples(
    new Command('backup')
      .description('sauvegarder le magasin dans un fichier SQLite que restore relit (API de sauvegarde de SQLite, sans danger pendant une écriture ; sur PostgreSQL, copie vérifiée du magasin)')
      .option('--sortie <fichier>', 'fichier de sauvegarde (par défaut : à côté du magasin, horodaté ; sur PostgreSQL, dans le dossier courant)')
      .option('--ecraser', 'remplacer le fichier s’il existe'),
    ['cafcharte backup', 'cafcharte backup --sortie /media/cle/cafcharte-2026-11-26.sqlite'],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runBackup(opts, ctx);
  });
  const restore = withExamples(
    new Command('restore')
      .description('remplacer le magasin par une sauvegarde vérifiée (le magasin actuel est d’abord sauvegardé)')
      .argument('<fichier>', 'la sauvegarde à restaurer')
      .option('--oui', 'ne pas demander de confirmation sur un terminal'),
    ['cafcharte restore ~/.local/share/cafcharte/cafcharte-sauvegarde-20261126-101500.sqlite'],
  ).action(async (file, opts) => {
    ctx.exitCode = await (await run()).runRestore(file, opts, ctx);
  });
  const check = withExamples(
    withJson(new Command('check').description('vérifier le magasin : intégrité, clés étrangères, schéma, droits du fichier, effectifs')),
    ['cafcharte check', 'cafcharte check --json'],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runCheck(opts, ctx);
  });
  return [backup, restore, check];
}
