// `cafcharte sessions`: workshops, reserved slots and events in the espaces numériques
// (charter art. 4-6), with anonymous bookings. This file only declares the verbs; each verb's
// module is imported when it runs, so `--help` and other commands never load them.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { collect, withExamples, withJson } from '../shared/help.js';

const TYPES_HELP = 'decouverte-caf-fr, consultation-dossier, courriel, teledeclaration, information-animateurs, creneau-reserve, evenement';

function sessionFields(command: Command): Command {
  return command
    .option('--lieu <lieu>', 'espace numérique (numéro ou nom, voyez « places list »)')
    .option('--date <date>', 'date de la séance (AAAA-MM-JJ ou JJ/MM/AAAA), heure de la Réunion')
    .option('--debut <HH:MM>', 'heure de début')
    .option('--fin <HH:MM>', 'heure de fin (ou --duree)')
    .option('--duree <minutes>', 'durée en minutes (ou --fin)')
    .option('--type <type>', TYPES_HELP)
    .option('--capacite <N>', 'nombre de places (sans cette option : sans limite)')
    .option('--animateur <nom>', 'animateur ou référent CAF (personnel, jamais un allocataire), répétable', collect)
    .option('--titre <texte>', 'titre de l’atelier')
    .option('--notes <texte>', 'notes (aucune donnée personnelle)')
    .option('--force', 'créer sans confirmation un dimanche ou un jour férié')
    .option('--chevauchement', 'accepter un chevauchement avec une autre séance au même lieu')
    .option('--masquer', 'masquer les données personnelles trouvées dans le texte au lieu de refuser');
}

function filterFlags(command: Command, withStatus = true): Command {
  command
    .option('--du <date>', 'à partir de cette date (incluse)')
    .option('--au <date>', 'jusqu’à cette date (incluse)')
    .option('--mois <AAAA-MM>', 'un mois entier')
    .option('--lieu <lieu>', 'un lieu (numéro ou nom), répétable', collect)
    .option('--commune <commune>', 'une commune du Territoire Sud, répétable', collect)
    .option('--type <type>', `un type de séance, répétable : ${TYPES_HELP}`, collect);
  if (withStatus) {
    command.option('--statut <statut>', 'prevue, annulee ou passee').option('--disponibles', 'seulement les séances à venir avec des places libres');
  }
  return command;
}

export function buildSessionsCommand(ctx: Ctx): Command {
  const sessions = new Command('sessions').description('planifier les ateliers, créneaux réservés et événements, et leurs réservations (sans nom)');
  const set = (code: number) => {
    ctx.exitCode = code;
  };

  withExamples(
    withJson(
      sessionFields(sessions.command('add').description('créer une séance, ou une série avec --chaque (les jours fériés de la Réunion sont sautés)'))
        .option('--chaque <fréquence>', 'série : semaine, quinzaine ou mois')
        .option('--jusqu-au <date>', 'fin de la série (incluse)')
        .option('--nombre <N>', 'nombre de séances de la série (les jours fériés sautés ne comptent pas)'),
    ),
    [
      'cafcharte sessions add --lieu "Médiathèque du Tampon" --date 2026-12-02 --debut 09:30 --duree 90 --type decouverte-caf-fr --capacite 8 --animateur "Marie Hoarau"',
      'cafcharte sessions add --lieu 1 --date 2026-12-06 --debut 14:00 --fin 16:00 --type teledeclaration --capacite 6 --chaque semaine --jusqu-au 2027-01-31 --force',
    ],
  ).action(async (opts) => {
    const { parseAddFlags, runAdd } = await import('./add.js');
    set(await runAdd(parseAddFlags(opts), ctx));
  });

  withExamples(withJson(filterFlags(sessions.command('list').description('lister les séances (date en français, places, liste d’attente)'))), [
    'cafcharte sessions list --mois 2026-12',
    'cafcharte sessions list --lieu "Médiathèque du Tampon" --statut prevue --disponibles',
    'cafcharte sessions list --du 2026-09-01 --au 2026-12-31 --type teledeclaration --json',
  ]).action(async (opts) => {
    const { runList } = await import('./view.js');
    set(await runList(opts, ctx));
  });

  withExamples(withJson(sessions.command('show').description('afficher une séance, ses réservations et son historique').argument('<numero>', 'numéro de la séance')), [
    'cafcharte sessions show 12',
  ]).action(async (id, opts) => {
    const { runShow } = await import('./view.js');
    set(await runShow(id, opts, ctx));
  });

  withExamples(
    withJson(
      sessions
        .command('book')
        .description('réserver des places (sans nom) ; une seule réservation obtient la dernière place')
        .argument('<numero>', 'numéro de la séance')
        .option('--places <N>', 'nombre de places (1 par défaut)')
        .option('--note <texte>', 'note sur la réservation (aucune donnée personnelle)')
        .option('--liste-attente', 'si la séance est complète, inscrire la demande en liste d’attente')
        .option('--surreservation', 'réserver même si la séance est complète (décision de l’animateur, consignée)')
        .option('--masquer', 'masquer les données personnelles de la note au lieu de refuser'),
    ),
    ['cafcharte sessions book 12', 'cafcharte sessions book 12 --places 2 --liste-attente'],
  ).action(async (id, opts) => {
    const { parseBookFlags, runBook } = await import('./book.js');
    set(await runBook(parseBookFlags(id, opts), ctx));
  });

  withExamples(
    withJson(
      sessions
        .command('unbook')
        .description('libérer des places ; la liste d’attente avance dans l’ordre d’arrivée')
        .argument('<numero>', 'numéro de la séance')
        .option('--places <N>', 'nombre de places (1 par défaut)')
        .option('--attente', 'retirer des demandes de la liste d’attente plutôt que des places réservées'),
    ),
    ['cafcharte sessions unbook 12', 'cafcharte sessions unbook 12 --places 2'],
  ).action(async (id, opts) => {
    const { parseUnbookFlags, runUnbook } = await import('./book.js');
    set(await runUnbook(parseUnbookFlags(id, opts), ctx));
  });

  withExamples(
    sessions
      .command('cancel')
      .description('annuler une séance : elle reste consignée, marquée annulée avec son motif')
      .argument('<numero>', 'numéro de la séance')
      .option('--motif <texte>', 'motif de l’annulation (obligatoire)')
      .option('--masquer', 'masquer les données personnelles du motif au lieu de refuser'),
    ['cafcharte sessions cancel 12 --motif "animateur absent"'],
  ).action(async (id, opts) => {
    const { parseCancelFlags, runCancel } = await import('./manage.js');
    set(await runCancel(parseCancelFlags(id, opts), ctx));
  });

  withExamples(
    withJson(
      sessionFields(sessions.command('edit').description('modifier une séance à venir (chaque changement est gardé dans son historique)').argument('<numero>', 'numéro de la séance')).option(
        '--sans-capacite',
        'retirer la limite de places',
      ),
    ),
    ['cafcharte sessions edit 12 --debut 10:00 --duree 90', 'cafcharte sessions edit 12 --capacite 10'],
  ).action(async (id, opts) => {
    const { parseEditFlags, runEdit } = await import('./manage.js');
    set(await runEdit(parseEditFlags(id, opts), ctx));
  });

  withExamples(
    sessions
      .command('calendar')
      .description('afficher un mois en grille (semaines du lundi, jours fériés marqués)')
      .option('--mois <AAAA-MM>', 'le mois (obligatoire)')
      .option('--lieu <lieu>', 'un lieu, répétable', collect)
      .option('--commune <commune>', 'une commune, répétable', collect)
      .option('--type <type>', 'un type de séance, répétable', collect),
    ['cafcharte sessions calendar --mois 2026-12', 'cafcharte sessions calendar --mois 2026-12 --lieu "Médiathèque du Tampon"'],
  ).action(async (opts) => {
    const { runCalendar } = await import('./calendar.js');
    set(await runCalendar(opts, ctx));
  });

  withExamples(
    filterFlags(
      sessions
        .command('export')
        .description('exporter les séances en iCalendar (Thunderbird, Outlook, téléphone), heure de la Réunion')
        .option('--ics <fichier>', 'fichier .ics à écrire (obligatoire)')
        .option('--ecraser', 'remplacer le fichier s’il existe'),
    ),
    ['cafcharte sessions export --ics seances.ics --mois 2026-12', 'cafcharte sessions export --ics tampon.ics --commune "Le Tampon" --statut prevue --ecraser'],
  ).action(async (opts) => {
    const { runExport } = await import('./calendar.js');
    set(await runExport(opts, ctx));
  });

  withExamples(
    withJson(
      sessions
        .command('generate')
        .description('créer les séances « créneau réservé » d’un mois depuis les créneaux des lieux (relancer ne crée rien de plus)')
        .option('--mois <AAAA-MM>', 'le mois (obligatoire)')
        .option('--lieu <lieu>', 'un lieu, répétable (par défaut : tous)', collect)
        .option('--capacite <N>', 'nombre de places de chaque créneau (sans cette option : sans limite)'),
    ),
    ['cafcharte sessions generate --mois 2026-12', 'cafcharte sessions generate --mois 2027-01 --lieu "Médiathèque du Tampon" --capacite 6'],
  ).action(async (opts) => {
    const { parseGenerateFlags, runGenerate } = await import('./generate.js');
    set(await runGenerate(parseGenerateFlags(opts), ctx));
  });

  return sessions;
}
