// `cafcharte campagnes`: the communication campaigns (charter art. 3) and what they delivered
// to each espace. Declarations only; the work is in run.ts, loaded when a verb runs.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples, withJson } from '../shared/help.js';

export function buildCampaignsCommand(ctx: Ctx): Command {
  const campaigns = new Command('campagnes').description('suivre les campagnes de communication de la CAF (art. 3) et leur diffusion dans les lieux');
  const run = () => import('./run.js');

  withExamples(
    campaigns
      .command('add')
      .description('enregistrer une campagne de communication')
      .requiredOption('--nom <texte>', 'nom de la campagne')
      .requiredOption('--debut <date>', 'date de début')
      .option('--fin <date>', 'date de fin (sans fin : campagne en cours)')
      .option('--canal <canal>', 'affiche, flyer, site, presse ou autre (par défaut : affiche)')
      .option('--notes <texte>', 'remarques (sans donnée personnelle)'),
    [
      'cafcharte campagnes add --nom "Affiches caf.fr 2026" --debut 2026-09-01',
      'cafcharte campagnes add --nom "Flyers télédéclaration" --debut 2027-01-05 --fin 2027-03-31 --canal flyer',
    ],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runAdd(opts, ctx);
  });

  withExamples(withJson(campaigns.command('list').description('lister les campagnes et les quantités diffusées')), [
    'cafcharte campagnes list',
    'cafcharte campagnes list --json',
  ]).action(async (opts) => {
    ctx.exitCode = await (await run()).runList(opts, ctx);
  });

  withExamples(
    campaigns
      .command('diffusion')
      .description('enregistrer ce qui a été remis à un lieu (affiches, flyers...)')
      .argument('<campagne>', 'numéro ou nom de la campagne')
      .requiredOption('--lieu <lieu>', 'numéro ou nom de l’espace numérique')
      .requiredOption('--quantite <n>', 'nombre d’exemplaires remis')
      .requiredOption('--date <date>', 'date de la remise'),
    ['cafcharte campagnes diffusion 1 --lieu "Médiathèque du Tampon" --quantite 20 --date 2026-09-03'],
  ).action(async (ref, opts) => {
    ctx.exitCode = await (await run()).runDelivery(ref, opts, ctx);
  });

  withExamples(
    withJson(campaigns.command('show').description('afficher une campagne : totaux par lieu, lieux pas encore servis').argument('<campagne>', 'numéro ou nom de la campagne')),
    ['cafcharte campagnes show 1', 'cafcharte campagnes show "Affiches caf.fr 2026" --json'],
  ).action(async (ref, opts) => {
    ctx.exitCode = await (await run()).runShow(ref, opts, ctx);
  });

  return campaigns;
}
