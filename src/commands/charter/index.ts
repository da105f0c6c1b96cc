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
      .description('enregistrer un avenant (art. 8), numéroté dans l’ordre ; avec --document, en écrire le texte à signer')
      .option('--date <date>', 'date de signature de l’avenant (obligatoire sauf avec --numero)')
      .option('--objet <texte>', 'objet de l’avenant (obligatoire sauf avec --numero)')
      .option('--elements <texte>', 'éléments de la charte modifiés, en nommant les articles (obligatoire sauf avec --numero)')
      .option('--duree-annees <n>', 'nouvelle durée d’une période, en années')
      .option('--renegociation-mois <n>', 'nouveau délai de renégociation avant la fin, en mois')
      .option('--preavis-jours <n>', 'nouveau délai de prise d’effet d’une résiliation, en jours')
      .option('--delai-manquement-jours <n>', 'nouveau délai pour remédier à un manquement, en jours')
      .option('--document', 'écrire aussi le texte de l’avenant (numéro, objet, éléments, articles modifiés, signatures)')
      .option('--numero <n>', 'avec --document : le document d’un avenant déjà enregistré, sans rien enregistrer')
      .option('--format <format>', 'format du document : docx (par défaut), odt ou pdf')
      .option('--sortie <fichier>', 'fichier à écrire (par défaut avenant-N.<format>)')
      .option('--modele <fichier>', 'modèle à la place de templates/documents/avenant.md.hbs')
      .option('--ecraser', 'remplacer le fichier s’il existe'),
    [
      'cafcharte charter amend --date 2026-09-01 --objet "Ajout de la MPT de Trois-Mares" --elements "Article 5 : accueil du public"',
      'cafcharte charter amend --date 2026-09-01 --objet "Délai de préavis" --elements "Article 10" --preavis-jours 60 --document',
      'cafcharte charter amend --document --numero 1 --format odt',
    ],
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
      .option('--heure <HH:MM>', 'heure de début (convocation, invitation d’agenda)')
      .option('--fin <HH:MM>', 'heure de fin')
      .option('--notes <texte>', 'relevé de décisions (sans donnée personnelle)'),
    ['cafcharte charter copil meeting add --date 2026-12-10 --heure 09:30 --fin 12:00 --lieu "Antenne CAF de Saint-Pierre"'],
  ).action(async (opts) => {
    ctx.exitCode = await (await run()).runMeetingAdd(opts, ctx);
  });
  withExamples(withJson(meeting.command('list').description('lister les réunions du comité')), ['cafcharte charter copil meeting list --json']).action(
    async (opts) => {
      ctx.exitCode = await (await run()).runMeetingList(opts, ctx);
    },
  );

  // The comité's documents (src/commands/charter/documents.ts) and records (committee.ts).
  const documents = () => import('./documents.js');
  const committee = () => import('./committee.js');
  const documentOptions = (command: Command, defaultName: string, template: string) =>
    command
      .option('--format <format>', 'docx (par défaut), odt ou pdf')
      .option('--sortie <fichier>', `fichier à écrire (par défaut ${defaultName}.<format>)`)
      .option('--modele <fichier>', `modèle à la place de templates/documents/${template}.md.hbs`)
      .option('--ecraser', 'remplacer les fichiers qui existent');
  withExamples(
    documentOptions(
      copil
        .command('convocation')
        .description('convocation à une réunion du comité, avec le rapport du semestre en annexe PDF et une invitation d’agenda (.ics)')
        .requiredOption('--reunion <id>', 'numéro de la réunion')
        .option('--semestre <semestre>', 'semestre évalué, AAAA-S1 ou AAAA-S2 (par défaut le dernier terminé à la date de la réunion)')
        .option('--heure <HH:MM>', 'heure de début, si la réunion n’en a pas')
        .option('--fin <HH:MM>', 'heure de fin (par défaut deux heures après le début)'),
      'convocation-copil-AAAA-MM-JJ',
      'convocation',
    ),
    ['cafcharte charter copil convocation --reunion 1', 'cafcharte charter copil convocation --reunion 1 --format pdf --sortie convocation.pdf'],
  ).action(async (opts) => {
    ctx.exitCode = await (await documents()).runConvocation(opts, ctx);
  });
  withExamples(
    documentOptions(
      copil
        .command('compte-rendu')
        .description('compte rendu d’une réunion : ordre du jour, présences, chiffres clés du semestre, décisions')
        .requiredOption('--reunion <id>', 'numéro de la réunion')
        .option('--semestre <semestre>', 'semestre évalué (par défaut le dernier terminé à la date de la réunion)'),
      'compte-rendu-copil-AAAA-MM-JJ',
      'compte-rendu',
    ),
    ['cafcharte charter copil compte-rendu --reunion 1 --format odt'],
  ).action(async (opts) => {
    ctx.exitCode = await (await documents()).runMinutes(opts, ctx);
  });
  const decision = copil.command('decision').description('décisions du comité, reprises dans le compte rendu');
  withExamples(
    decision
      .command('add')
      .description('enregistrer une décision prise en réunion (sans donnée personnelle)')
      .requiredOption('--reunion <id>', 'numéro de la réunion')
      .requiredOption('--texte <texte>', 'la décision')
      .option('--masquer', 'masquer les données personnelles au lieu de refuser'),
    ['cafcharte charter copil decision add --reunion 1 --texte "Mise en service de la MPT de Bois-Court en janvier"'],
  ).action(async (opts) => {
    ctx.exitCode = await (await committee()).runDecisionAdd(opts, ctx);
  });
  withExamples(
    copil
      .command('presence')
      .description('noter la présence d’un membre à une réunion (une seule des trois options)')
      .requiredOption('--reunion <id>', 'numéro de la réunion')
      .requiredOption('--membre <id>', 'numéro du membre')
      .option('--present', 'présent')
      .option('--excuse', 'excusé')
      .option('--absent', 'absent'),
    ['cafcharte charter copil presence --reunion 1 --membre 2 --excuse'],
  ).action(async (opts) => {
    ctx.exitCode = await (await committee()).runAttendance(opts, ctx);
  });

  const letter = charter.command('lettre').description('lettres recommandées avec accusé de réception (art. 10)');
  withExamples(
    documentOptions(
      letter
        .command('manquement')
        .description('notifier un manquement enregistré : motif, article 10 cité, délai pour y remédier')
        .requiredOption('--manquement <id>', 'numéro du manquement')
        .option('--date <date>', 'date de la lettre (par défaut aujourd’hui)'),
      'lettre-manquement-N',
      'lettre-manquement',
    ),
    ['cafcharte charter lettre manquement --manquement 1'],
  ).action(async (opts) => {
    ctx.exitCode = await (await documents()).runBreachLetter(opts, ctx);
  });
  withExamples(
    documentOptions(
      letter
        .command('resiliation')
        .description('résilier la charte : la résiliation enregistrée, ou celle à envoyer (--par, --recu)')
        .option('--manquement <id>', 'résiliation de plein droit après ce manquement non résolu')
        .option('--par <partie>', 'partie qui résilie, commune ou caf, si aucune résiliation n’est enregistrée (par défaut la partie créancière du manquement)')
        .option('--recu <date>', 'date de réception prévue de la lettre, si aucune résiliation n’est enregistrée')
        .option('--date <date>', 'date de la lettre (par défaut aujourd’hui)'),
      'lettre-resiliation',
      'lettre-resiliation',
    ),
    ['cafcharte charter lettre resiliation', 'cafcharte charter lettre resiliation --manquement 1 --recu 2026-11-10 --format pdf'],
  ).action(async (opts) => {
    ctx.exitCode = await (await documents()).runTerminationLetter(opts, ctx);
  });

  // Art. 12: the register of staff committed to confidentiality (src/commands/charter/confidentiality.ts).
  const confidentiality = charter.command('confidentialite').description('registre des engagements de confidentialité du personnel (art. 12)');
  const runConfidentiality = () => import('./confidentiality.js');
  withExamples(
    confidentiality
      .command('add')
      .description('enregistrer qu’un agent a été informé de l’article 12 et s’est engagé à le respecter')
      .requiredOption('--nom <texte>', 'nom de l’agent (un agent, jamais un allocataire)')
      .requiredOption('--fonction <texte>', 'fonction (animateur multimédia, coordonnateur des MPT...)')
      .requiredOption('--date <date>', 'date de l’engagement')
      .option('--commune <commune>', 'commune dont l’agent relève (par défaut Le Tampon, signataire)'),
    ['cafcharte charter confidentialite add --nom "Marie Hoarau" --fonction "Animatrice multimédia" --date 2026-11-02'],
  ).action(async (opts) => {
    ctx.exitCode = await (await runConfidentiality()).runConfidentialityAdd(opts, ctx);
  });
  withExamples(withJson(confidentiality.command('list').description('lister les engagements de confidentialité')), [
    'cafcharte charter confidentialite list',
  ]).action(async (opts) => {
    ctx.exitCode = await (await runConfidentiality()).runConfidentialityList(opts, ctx);
  });

  // Whose staff a person is: art. 12 binds the Commune's staff, never the CAF's.
  const staff = charter.command('personnel').description('agents et leur organisation (commune ou CAF) : l’art. 12 n’engage que ceux de la commune');
  withExamples(
    staff
      .command('add')
      .description('enregistrer l’organisation d’un agent (un agent de la CAF n’est jamais signalé sans engagement de confidentialité)')
      .requiredOption('--nom <texte>', 'nom de l’agent')
      .requiredOption('--organisation <org>', 'commune ou caf')
      .option('--commune <commune>', 'pour un agent communal : sa commune (par défaut Le Tampon)')
      .option('--fonction <texte>', 'fonction (animateur CAF, référent CAF, animateur multimédia...)'),
    [
      'cafcharte charter personnel add --nom "Jean Payet" --organisation caf --fonction "Animateur CAF"',
      'cafcharte charter personnel add --nom "Lucie Técher" --organisation commune --commune "Saint-Pierre" --fonction "Animatrice multimédia"',
    ],
  ).action(async (opts) => {
    ctx.exitCode = await (await runConfidentiality()).runStaffAdd(opts, ctx);
  });
  withExamples(withJson(staff.command('list').description('lister les agents et leur organisation')), ['cafcharte charter personnel list --json']).action(async (opts) => {
    ctx.exitCode = await (await runConfidentiality()).runStaffList(opts, ctx);
  });

  return charter;
}
