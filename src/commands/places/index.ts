// `cafcharte places`: the espaces numériques. This file only declares the commands; the work
// is in run.ts, imported when a verb runs, so `--help` and other commands never load it.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { collect, withExamples, withJson } from '../shared/help.js';

function placeFields(command: Command, required: boolean): Command {
  const flag = (spec: string, text: string) => (required ? command.requiredOption(spec, text) : command.option(spec, text));
  flag('--nom <texte>', 'nom du lieu (par exemple « Médiathèque du Tampon »)');
  flag('--type <type>', 'mediatheque, mpt (maison pour tous) ou autre');
  flag('--commune <commune>', 'une des dix communes du Territoire Sud');
  flag('--adresse <texte>', 'adresse (numéro et voie)');
  flag('--code-postal <NNNNN>', 'code postal, qui doit être celui de la commune');
  flag('--telephone <numéro>', 'téléphone (0262 12 34 56, +262 262 12 34 56, 0692 ...)');
  return command
    .option('--courriel <adresse>', 'adresse électronique du lieu')
    .option('--creneau <créneau>', 'créneau réservé aux allocataires, répétable : « mer 14:00-17:00 »', collect)
    .option('--horaires <créneau>', 'horaires d’ouverture, répétable : « lun 09:00-12:00 »', collect)
    .option('--siret <numéro>', 'SIRET de la structure qui gère le lieu (14 chiffres)');
}

export function buildPlacesCommand(ctx: Ctx): Command {
  const places = new Command('places').description('gérer les espaces numériques (médiathèques, maisons pour tous)');
  const run = () => import('./run.js');

  withExamples(
    placeFields(places.command('add').description('ajouter un espace numérique'), true),
    [
      'cafcharte places add --nom "Médiathèque du Tampon" --type mediatheque --commune "Le Tampon" --adresse "16 rue Victor Le Vigoureux" --code-postal 97430 --telephone "0262 57 86 86" --creneau "mer 14:00-17:00" --creneau "sam 09:00-12:00"',
      'cafcharte places add --nom "MPT de Bras-Creux" --type mpt --commune tampon --adresse "Chemin Bras Creux" --code-postal 97430 --telephone 0262123456',
    ],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runAdd(opts, ctx);
  });

  withExamples(
    withJson(places.command('list').description('lister les espaces numériques').option('--commune <commune>', 'seulement ceux d’une commune')),
    ['cafcharte places list', 'cafcharte places list --commune "Saint-Pierre" --json'],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runList(opts, ctx);
  });

  withExamples(withJson(places.command('show').description('afficher un espace numérique').argument('<lieu>', 'numéro ou nom du lieu')), [
    'cafcharte places show 3',
    'cafcharte places show "Médiathèque du Tampon"',
  ]).action(async (ref, opts) => {
    ctx.exitCode = await (await run()).runShow(ref, opts, ctx);
  });

  withExamples(
    placeFields(places.command('edit').description('modifier un espace numérique').argument('<lieu>', 'numéro ou nom du lieu'), false).option(
      '--aucun-creneau',
      'retirer tous les créneaux réservés',
    ),
    ['cafcharte places edit 3 --telephone "0262 57 86 87"', 'cafcharte places edit "Médiathèque du Tampon" --creneau "mer 13:30-16:30"'],
  ).action(async (ref, opts) => {
    ctx.exitCode = await (await run()).runEdit(ref, opts, ctx);
  });

  withExamples(
    places
      .command('remove')
      .description('supprimer un espace numérique inutilisé (la suppression est consignée)')
      .argument('<lieu>', 'numéro ou nom du lieu'),
    ['cafcharte places remove 7'],
  ).action(async (ref) => {
    ctx.exitCode = await (await run()).runRemove(ref, ctx);
  });

  // Art. 7: the means a place deploys are checked before it goes into service (src/commands/places/commissioning.ts).
  withExamples(
    withJson(
      places
        .command('mise-en-service')
        .description('vérifier les moyens d’un lieu (art. 7) : il passe « en service » quand tous les éléments obligatoires sont cochés')
        .argument('<lieu>', 'numéro ou nom du lieu')
        .requiredOption('--verifie-par <texte>', 'qui a vérifié (le chef d’antenne)')
        .requiredOption('--date <date>', 'date de la vérification')
        .option('--coche <élément>', 'élément vérifié, répétable : ordinateurs, animateur, affiche, creneaux, ou le texte d’un --critere', collect)
        .option('--critere <texte>', 'critère supplémentaire (facultatif), répétable', collect),
    ),
    [
      'cafcharte places mise-en-service 1 --verifie-par "Chef d’antenne de Saint-Pierre" --date 2026-11-20 --coche ordinateurs --coche affiche',
      'cafcharte places mise-en-service 1 --verifie-par "Chef d’antenne de Saint-Pierre" --date 2026-11-27 --coche animateur --critere "Imprimante disponible" --coche "Imprimante disponible"',
    ],
  ).action(async (ref, opts) => {
    ctx.exitCode = await (await import('./commissioning.js')).runCommissioning(ref, opts, ctx);
  });

  withExamples(
    places
      .command('export')
      .description('exporter les espaces numériques au standard national des lieux de médiation numérique (LaMednum, v1.0.2)')
      .option('--standard', 'format du standard national « standard-mediation-num » (obligatoire)')
      .option('--format <format>', 'csv ou json', 'csv')
      .option('--sortie <fichier>', 'fichier à écrire, remplacé s’il existe (sinon : la sortie standard)')
      .option('--ignorer-incomplets', 'laisser de côté les lieux sans SIRET au lieu de refuser l’export'),
    ['cafcharte places export --standard --sortie lieux-mediation-numerique.csv', 'cafcharte places export --standard --format json --ignorer-incomplets'],
  ).action(async (opts) => {
    ctx.exitCode = await (await import('./exportStandard.js')).runExportStandard(opts, ctx);
  });

  return places;
}
