// `cafcharte supports`: the training materials the CAF provides to the espaces (préambule,
// art. 4), the comité's validation of each update (art. 7), and which place holds which version.
// Declarations only; the work is in run.ts, loaded when a verb runs.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples, withJson } from '../shared/help.js';

export function buildTrainingMaterialsCommand(ctx: Ctx): Command {
  const trainingMaterials = new Command('supports').description('suivre les supports de formation (art. 4), leurs versions et leur validation par le comité (art. 7)');
  const run = () => import('./run.js');

  withExamples(
    trainingMaterials
      .command('add')
      .description('enregistrer un support, ou une nouvelle version d’un support existant (même titre)')
      .requiredOption('--titre <texte>', 'titre du support')
      .requiredOption('--version <texte>', 'version (par exemple --version=2026-1 ou --version=v2)')
      .option('--fichier <chemin>', 'fichier du support (doit exister)')
      .option('--lien <url>', 'adresse web du support (http ou https)')
      .option('--public <public>', 'animateurs ou allocataires (par défaut : celui de la version précédente, sinon animateurs)'),
    [
      'cafcharte supports add --titre "Découvrir caf.fr" --version=2026-1 --lien https://www.caf.fr/allocataires/mon-compte',
      'cafcharte supports add --titre "Découvrir caf.fr" --version=2026-2 --fichier ./supports/decouvrir-caf-fr-v2.pdf',
    ],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runAdd(opts, ctx);
  });

  withExamples(withJson(trainingMaterials.command('list').description('lister les supports : version en cours, version à valider, lieux à mettre à jour')), [
    'cafcharte supports list',
    'cafcharte supports list --json',
  ]).action(async (opts) => {
    ctx.exitCode = await (await run()).runList(opts, ctx);
  });

  withExamples(
    trainingMaterials
      .command('validate')
      .description('enregistrer la validation de la dernière version par le comité de pilotage (art. 7)')
      .argument('<id>', 'numéro du support')
      .requiredOption('--reunion <id>', 'numéro de la réunion du comité (voir « charter copil meeting list »)'),
    ['cafcharte supports validate 1 --reunion 2'],
  ).action(async (id, opts) => {
    ctx.exitCode = await (await run()).runValidate(id, opts, ctx);
  });

  withExamples(
    trainingMaterials
      .command('diffuse')
      .description('enregistrer la remise de la version en cours d’un support à un lieu')
      .argument('<id>', 'numéro du support')
      .requiredOption('--lieu <lieu>', 'numéro ou nom de l’espace numérique')
      .requiredOption('--date <date>', 'date de la remise'),
    ['cafcharte supports diffuse 1 --lieu "MPT de Bois-Court" --date 2026-12-03'],
  ).action(async (id, opts) => {
    ctx.exitCode = await (await run()).runDiffuse(id, opts, ctx);
  });

  return trainingMaterials;
}
