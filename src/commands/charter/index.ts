// `cafcharte charter ...` and `cafcharte charter-status`: the charter's life cycle (art. 8-10)
// and its comité de pilotage (art. 7). Declarations only; the work is in run.ts / status.ts.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples, withJson } from '../shared/help.js';

export function buildCharterStatusCommand(ctx: Ctx): Command {
  const command = withExamples(
    withJson(
      new Command('charter-status')
        .description('où en est la charte : période, reconduction, renégociation, manquements, comité, actions à mener')
        .option('--date <date>', 'situation à cette date (par défaut aujourd’hui, heure de la Réunion)')
        .option('--check', 'code de sortie 10 s’il y a des actions à mener (pour une tâche planifiée quotidienne)'),
    ),
    ['cafcharte charter-status', 'cafcharte charter-status --date 2027-01-15 --json', 'cafcharte charter-status --check || echo "des actions sont à mener"'],
  );
  return command.action(async (opts) => {
    ctx.exitCode = await (await import('./status.js')).runStatus(opts, ctx);
  });
}

export function buildCharterCommand(ctx: Ctx): Command {
  const charter = new Command('charter').description('enregistrer la vie de la charte : signature, avenants, manquements, résiliation, comité de pilotage');
  const run = () => import('./run.js');

  withExamples(
    charter
      .command('sign')
      .description('enregistrer la signature (par une partie, ou par les deux à la même date)')
      .requiredOption('--date <date>', 'date de signature')
      .option('--partie <partie>', 'commune ou caf (par défaut : les deux)'),
    ['cafcharte charter sign --date 2026-03-15', 'cafcharte charter sign --date 2026-03-10 --partie commune'],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runSign(opts, ctx);
  });

  withExamples(
    charter
      .command('amend')
      .description('enregistrer un avenant (art. 8), numéroté dans l’ordre')
      .requiredOption('--date <date>', 'date de signature de l’avenant')
      .requiredOption('--objet <texte>', 'objet de l’avenant')
      .requiredOption('--elements <texte>', 'éléments de la charte modifiés')
      .option('--duree-annees <n>', 'nouvelle durée d’une période, en années')
      .option('--renegociation-mois <n>', 'nouveau délai de renégociation avant la fin, en mois')
      .option('--preavis-jours <n>', 'nouveau délai de prise d’effet d’une résiliation, en jours')
      .option('--delai-manquement-jours <n>', 'nouveau délai pour remédier à un manquement, en jours'),
    ['cafcharte charter amend --date 2026-09-01 --objet "Ajout de la MPT de Trois-Mares" --elements "Article 5 : accueil du public"'],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runAmend(opts, ctx);
  });

  withExamples(
    charter
      .command('breach')
      .description('enregistrer un manquement notifié par lettre recommandée (art. 10)')
      .requiredOption('--par <partie>', 'partie qui a manqué à ses obligations : commune ou caf')
      .requiredOption('--recu <date>', 'date de réception de la lettre recommandée qui le notifie')
      .requiredOption('--motif <texte>', 'obligation non respectée'),
    ['cafcharte charter breach --par commune --recu 2026-10-02 --motif "Créneaux réservés non assurés depuis septembre"'],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runBreach(opts, ctx);
  });

  withExamples(
    charter
      .command('resolve')
      .description('marquer un manquement comme résolu')
      .argument('<id>', 'numéro du manquement')
      .requiredOption('--date <date>', 'date de résolution'),
    ['cafcharte charter resolve 1 --date 2026-10-20'],
  ).action(async (id, opts) => {
    ctx.exitCode = await (await run()).runResolve(id, opts, ctx);
  });

  withExamples(
    charter
      .command('terminate')
      .description('enregistrer une résiliation par lettre recommandée avec accusé de réception (art. 10)')
      .requiredOption('--par <partie>', 'partie qui résilie : commune ou caf')
      .requiredOption('--recu <date>', 'date de réception de la lettre recommandée')
      .option('--manquement <id>', 'résiliation de plein droit après ce manquement non résolu'),
    ['cafcharte charter terminate --par caf --recu 2027-01-10', 'cafcharte charter terminate --par caf --recu 2026-11-05 --manquement 1'],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runTerminate(opts, ctx);
  });

  withExamples(withJson(charter.command('show').description('afficher la charte : parties, objet, territoire, conditions, avenants')), [
    'cafcharte charter show',
  ]).action(async (opts) => {
    ctx.exitCode = await (await run()).runShow(opts, ctx);
  });

  const copil = charter.command('copil').description('le comité de pilotage (art. 7) : membres et réunions');
  const members = copil.command('members').description('membres du comité (des agents, jamais des allocataires)');
  withExamples(
    members
      .command('add')
      .description('ajouter un membre')
      .requiredOption('--organisation <org>', 'caf ou commune')
      .requiredOption('--role <texte>', 'fonction (référent CAF, coordonnateur des MPT...)')
      .requiredOption('--nom <texte>', 'nom du membre'),
    ['cafcharte charter copil members add --organisation caf --role "Référent CAF" --nom "Jean Dupont"'],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runMemberAdd(opts, ctx);
  });
  withExamples(withJson(members.command('list').description('lister les membres').option('--tous', 'inclure les anciens membres')), [
    'cafcharte charter copil members list',
  ]).action(async (opts) => {
    ctx.exitCode = await (await run()).runMemberList(opts, ctx);
  });
  withExamples(members.command('remove').description('retirer un membre (il reste dans l’historique)').argument('<id>', 'numéro du membre'), [
    'cafcharte charter copil members remove 2',
  ]).action(async (id) => {
    ctx.exitCode = await (await run()).runMemberRemove(id, ctx);
  });

  const meeting = copil.command('meeting').description('réunions du comité (une par semestre)');
  withExamples(
    meeting
      .command('add')
      .description('enregistrer une réunion du comité')
      .requiredOption('--date <date>', 'date de la réunion')
      .option('--lieu <texte>', 'lieu de la réunion')
      .option('--notes <texte>', 'relevé de décisions (sans donnée personnelle)'),
    ['cafcharte charter copil meeting add --date 2026-12-10 --lieu "Antenne CAF de Saint-Pierre"'],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runMeetingAdd(opts, ctx);
  });
  withExamples(withJson(meeting.command('list').description('lister les réunions du comité')), ['cafcharte charter copil meeting list --json']).action(
    async (opts) => {
      ctx.exitCode = await (await run()).runMeetingList(opts, ctx);
    },
  );

  // Art. 12: the register of staff committed to confidentiality (src/commands/charter/confidentiality.ts).
  const confidentiality = charter.command('confidentialite').description('registre des engagements de confidentialité du personnel (art. 12)');
  const runConfidentiality = () => import('./confidentiality.js');
  withExamples(
    confidentiality
      .command('add')
      .description('enregistrer qu’un agent a été informé de l’article 12 et s’est engagé à le respecter')
      .requiredOption('--nom <texte>', 'nom de l’agent (un agent, jamais un allocataire)')
      .requiredOption('--fonction <texte>', 'fonction (animateur multimédia, coordonnateur des MPT...)')
      .requiredOption('--date <date>', 'date de l’engagement'),
    ['cafcharte charter confidentialite add --nom "Marie Hoarau" --fonction "Animatrice multimédia" --date 2026-11-02'],
  ).action(async (opts) => {
    ctx.exitCode = await (await runConfidentiality()).runConfidentialityAdd(opts, ctx);
  });
  withExamples(withJson(confidentiality.command('list').description('lister les engagements de confidentialité')), [
    'cafcharte charter confidentialite list',
  ]).action(async (opts) => {
    ctx.exitCode = await (await runConfidentiality()).runConfidentialityList(opts, ctx);
  });

  return charter;
}
