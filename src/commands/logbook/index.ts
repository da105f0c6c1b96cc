// `cafcharte logbook`: the carnet de bord of the workshops (charter art. 5), with the
// personal-data guard of art. 12. Declarations only; the work is loaded when a verb runs.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { collect, withExamples, withJson } from '../shared/help.js';

/** The fields of an entry, all optional: `add` asks for what is missing (on a terminal). */
function entryFields(command: Command): Command {
  return command
    .option('--date <date>', 'date de l’atelier, AAAA-MM-JJ ou JJ/MM/AAAA (par défaut aujourd’hui, heure de la Réunion)')
    .option('--debut <HH:MM>', 'heure de début')
    .option('--lieu <lieu>', 'numéro ou nom de l’espace numérique')
    .option('--session <numéro>', 'séance du planning : en donne le lieu, la date, le type, l’heure, la durée et les animateurs')
    .option('--type <type>', 'decouverte-caf-fr, consultation-dossier, courriel, teledeclaration, information-animateurs, creneau-reserve ou evenement')
    .option('--recus <N>', 'nombre de personnes reçues')
    .option('--nouveaux <N>', 'dont personnes venues pour la première fois')
    .option('--duree <minutes>', 'durée de l’atelier en minutes')
    .option('--animateur <nom>', 'animateur ou animatrice, répétable', collect)
    .option('--remarques <texte>', 'remarques sur le déroulement (aucune donnée personnelle)')
    .option('--teledeclarations <N>', 'résultats : télédéclarations faites')
    .option('--comptes-crees <N>', 'résultats : comptes caf.fr créés')
    .option('--courriels <N>', 'résultats : courriels envoyés à la CAF')
    .option('--attestations <N>', 'résultats : attestations téléchargées')
    .option('--demarches-abouties <N>', 'résultats : démarches abouties')
    .option('--resultats <texte>', 'résultats en quelques mots (aucune donnée personnelle)')
    .option('--auteur <nom>', 'qui écrit (par défaut l’utilisateur du système)')
    .option('--masquer', 'enregistrer le texte masqué au lieu de refuser quand il contient des données personnelles')
    .option('--doublon-ok', 'accepter une seconde entrée pour la même séance ou le même lieu, jour et heure')
    .option('--confirmer', 'enregistrer malgré une valeur peu plausible : date future ou antérieure à la signature de la charte, plus de télédéclarations ou de comptes ouverts que de personnes reçues');
}

export function buildLogbookCommand(ctx: Ctx): Command {
  const logbook = withExamples(new Command('logbook').description('tenir le carnet de bord des ateliers (art. 5) : personnes reçues, remarques, résultats'), [
    'cafcharte logbook add',
    'cafcharte logbook list --mois 2026-11',
    'cafcharte logbook missing',
  ]);
  const run = () => import('./run.js');

  withExamples(entryFields(logbook.command('add').description('ajouter une entrée (pose les questions manquantes sur un terminal)')), [
    'cafcharte logbook add',
    'cafcharte logbook add --session 12 --recus 8 --nouveaux 3 --teledeclarations 5 --comptes-crees 2',
    'cafcharte logbook add --date 2026-11-25 --debut 14:00 --lieu "Médiathèque du Tampon" --type teledeclaration --recus 8 --duree 120 --animateur "Sophie" --remarques "Connexion lente de 14h à 15h"',
  ]).action(async (opts) => {
    ctx.exitCode = await (await run()).runAdd(opts, ctx);
  });

  withExamples(
    withJson(
      logbook
        .command('list')
        .description('lister les entrées, avec une ligne de totaux')
        .option('--du <date>', 'à partir de cette date')
        .option('--au <date>', 'jusqu’à cette date (incluse)')
        .option('--mois <AAAA-MM>', 'un mois')
        .option('--semestre <AAAA-SN>', 'un semestre (2026-S2 : juillet-décembre)')
        .option('--lieu <lieu>', 'un lieu, répétable', collect)
        .option('--commune <commune>', 'une commune, répétable', collect)
        .option('--type <type>', 'un type d’atelier, répétable', collect),
    ),
    ['cafcharte logbook list --mois 2026-11', 'cafcharte logbook list --semestre 2026-S2 --commune "Le Tampon" --json', 'cafcharte logbook list --type teledeclaration --lieu 1'],
  ).action(async (opts) => {
    ctx.exitCode = await (await import('./list.js')).runList(opts, ctx);
  });

  withExamples(withJson(logbook.command('show').description('afficher une entrée').argument('<numéro>', 'numéro de l’entrée')), [
    'cafcharte logbook show 4',
    'cafcharte logbook show 4 --json',
  ]).action(async (id, opts) => {
    ctx.exitCode = await (await run()).runShow(id, opts, ctx);
  });

  withExamples(entryFields(logbook.command('edit').description('modifier une entrée (options, ou questions sur un terminal)').argument('<numéro>', 'numéro de l’entrée')), [
    'cafcharte logbook edit 4 --recus 9 --nouveaux 2',
    'cafcharte logbook edit 4 --remarques "Vidéoprojecteur en panne"',
    'cafcharte logbook edit 4',
  ]).action(async (id, opts) => {
    ctx.exitCode = await (await run()).runEdit(id, opts, ctx);
  });

  withExamples(
    logbook
      .command('remove')
      .description('supprimer une entrée (elle reste restaurable et consignée dans l’historique)')
      .argument('<numéro>', 'numéro de l’entrée')
      .option('--motif <texte>', 'pourquoi elle est supprimée (obligatoire)')
      .option('--auteur <nom>', 'qui supprime (par défaut l’utilisateur du système)')
      .option('--masquer', 'masquer les données personnelles du motif au lieu de refuser'),
    ['cafcharte logbook remove 4 --motif "saisie en double"'],
  ).action(async (id, opts) => {
    ctx.exitCode = await (await run()).runRemove(id, opts, ctx);
  });

  withExamples(
    logbook
      .command('restore')
      .description('rétablir une entrée supprimée')
      .argument('<numéro>', 'numéro de l’entrée')
      .option('--auteur <nom>', 'qui restaure (par défaut l’utilisateur du système)'),
    ['cafcharte logbook restore 4'],
  ).action(async (id, opts) => {
    ctx.exitCode = await (await run()).runRestore(id, opts, ctx);
  });

  withExamples(
    logbook
      .command('purger')
      .description('effacer les données personnelles d’une entrée et de toutes les versions de son historique (art. 12, RGPD art. 17)')
      .argument('<numéro>', 'numéro de l’entrée')
      .option('--motif <texte>', 'pourquoi elle est purgée (obligatoire ; consigné au journal des purges, sans le texte effacé)')
      .option('--auteur <nom>', 'qui purge (par défaut l’utilisateur du système)')
      .option('--effacer', 'effacer en entier remarques, résultats et motif de suppression, pour ce que le filtre ne reconnaît pas'),
    ['cafcharte logbook purger 4 --motif "numéro de téléphone saisi par erreur"', 'cafcharte logbook purger 4 --motif "nom d’un enfant" --effacer'],
  ).action(async (id, opts) => {
    ctx.exitCode = await (await import('./purge.js')).runPurge(id, opts, ctx);
  });

  withExamples(withJson(logbook.command('history').description('historique d’une entrée : qui, quand, avant et après').argument('<numéro>', 'numéro de l’entrée')), [
    'cafcharte logbook history 4',
    'cafcharte logbook history 4 --json',
  ]).action(async (id, opts) => {
    ctx.exitCode = await (await run()).runHistory(id, opts, ctx);
  });

  withExamples(
    withJson(
      logbook
        .command('sans-public')
        .description('enregistrer en une fois les créneaux réservés où personne n’est venu (0 personne reçue) : une liste de séances, ou les créneaux d’un lieu sur une période')
        .option('--lieu <lieu>', 'numéro ou nom de l’espace numérique')
        .option('--mois <AAAA-MM>', 'les créneaux passés de ce mois')
        .option('--du <date>', 'à partir de cette date')
        .option('--au <date>', 'jusqu’à cette date incluse (par défaut aujourd’hui)')
        .option('--date <date>', 'un jour de créneau, répétable (ou séparés par des virgules)', collect)
        .option('--session <numéro>', 'une séance de créneau réservé, répétable (ou séparées par des virgules)', collect)
        .option('--auteur <nom>', 'qui écrit (par défaut l’utilisateur du système)'),
    ),
    [
      'cafcharte logbook sans-public --lieu "Médiathèque du Tampon" --mois 2026-11',
      'cafcharte logbook sans-public --lieu 1 --date 2026-11-04 --date 2026-11-18',
      'cafcharte logbook sans-public --session 31,32,35',
    ],
  ).action(async (opts) => {
    ctx.exitCode = await (await import('./noPublic.js')).runNoPublic(opts, ctx);
  });

  withExamples(
    withJson(
      logbook
        .command('missing')
        .description('séances de plus de 7 jours sans entrée au carnet de bord')
        .option('--date <date>', 'situation à cette date (par défaut aujourd’hui)'),
    ),
    ['cafcharte logbook missing', 'cafcharte logbook missing --json'],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runMissing(opts, ctx);
  });

  return logbook;
}
