// Builds the commander root and adds each command group (STYLE habit 1). French help everywhere.
import { Command, CommanderError, Help } from 'commander';
import type { Ctx } from './context.js';
import { refuseControlCharacters } from './commands/shared/parse.js';
import { VERSION } from './version.js';
import { frenchSpacing } from './domain/french.js';

/**
 * The command groups, each loaded only when the command line names it: `cafcharte logbook add`
 * never parses the declarations of the other fifteen commands. Without a command name (root
 * help, an unknown command), every group is loaded so help and errors see them all.
 */
/**
 * French names for the commands, as aliases of the design's English names (which stay, for
 * scripts): `cafcharte carnet add` is `cafcharte logbook add`. Help shows both ("logbook|carnet").
 */
export const FRENCH_ALIASES: Record<string, string> = {
  logbook: 'carnet',
  sessions: 'seances',
  report: 'rapport',
  poster: 'affiche',
  charter: 'charte',
  'charter-status': 'etat-charte',
};

const GROUPS: { names: string[]; load: (ctx: Ctx) => Promise<Command[]> }[] = [
  { names: ['charter-status'], load: async (ctx) => [(await import('./commands/charter/index.js')).buildCharterStatusCommand(ctx)] },
  { names: ['charter'], load: async (ctx) => [(await import('./commands/charter/index.js')).buildCharterCommand(ctx)] },
  { names: ['places'], load: async (ctx) => [(await import('./commands/places/index.js')).buildPlacesCommand(ctx)] },
  { names: ['sessions'], load: async (ctx) => [(await import('./commands/sessions/index.js')).buildSessionsCommand(ctx)] },
  { names: ['logbook'], load: async (ctx) => [(await import('./commands/logbook/index.js')).buildLogbookCommand(ctx)] },
  { names: ['stats'], load: async (ctx) => [(await import('./commands/stats/index.js')).buildStatsCommand(ctx)] },
  { names: ['report'], load: async (ctx) => [(await import('./commands/report/index.js')).buildReportCommand(ctx)] },
  { names: ['poster'], load: async (ctx) => [(await import('./commands/poster/index.js')).buildPosterCommand(ctx)] },
  { names: ['export'], load: async (ctx) => [(await import('./commands/export/index.js')).buildExportCommand(ctx)] },
  { names: ['campagnes'], load: async (ctx) => [(await import('./commands/campaigns/index.js')).buildCampaignsCommand(ctx)] },
  { names: ['supports'], load: async (ctx) => [(await import('./commands/trainingMaterials/index.js')).buildTrainingMaterialsCommand(ctx)] },
  { names: ['demo'], load: async (ctx) => [(await import('./commands/demo/index.js')).buildDemoCommand(ctx)] },
  { names: ['territoire'], load: async (ctx) => [(await import('./commands/territoire/index.js')).buildTerritoryCommand(ctx)] },
  { names: ['purge'], load: async (ctx) => [(await import('./commands/purge/index.js')).buildPurgeCommand(ctx)] },
  { names: ['store'], load: async (ctx) => [(await import('./commands/store/index.js')).buildStoreCommand(ctx)] },
  { names: ['backup', 'restore', 'check'], load: async (ctx) => (await import('./commands/backup/index.js')).buildBackupCommands(ctx) },
];

/** The first word of the command line that names a group (the value of --db is skipped). */
function namedGroup(argv: string[]): (typeof GROUPS)[number] | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--db') i++;
    else if (!argv[i].startsWith('-')) {
      const name = Object.entries(FRENCH_ALIASES).find(([, alias]) => alias === argv[i])?.[0] ?? argv[i];
      return GROUPS.find((g) => g.names.includes(name));
    }
  }
  return undefined;
}


const HEADINGS: [RegExp, string][] = [
  [/^Usage:/m, 'Utilisation :'],
  [/^Arguments:/m, 'Arguments :'],
  [/^Options:/m, 'Options :'],
  [/^Commands:/m, 'Commandes :'],
  [/^Global Options:/m, 'Options globales :'],
  [/\(default: /g, '(par défaut : '],
  [/\(choices: /g, '(choix : '],
  [/\[options\]/g, '[options]'],
  [/\[command\]/g, '[commande]'],
];

/**
 * Commander wraps help at any white space, no-break ones included: the text gets its French
 * spacing first and is wrapped at ordinary spaces only, so no line starts with ":" or "»" nor
 * ends with "«".
 */
function wrapFrench(text: string, width: number): string {
  if (width < 40) return frenchSpacing(text);
  return frenchSpacing(text)
    .split(/\r?\n/)
    .map((line) => {
      const lines: string[] = [];
      let current = '';
      for (const chunk of line.match(/ *[^ ]+/g) ?? ['']) {
        if (current !== '' && current.length + chunk.length > width) {
          lines.push(current);
          current = chunk.trimStart();
        } else current += chunk;
      }
      lines.push(current);
      return lines.join('\n');
    })
    .join('\n');
}

/** Applies the French help, the injected output and the exit override to a command and all below. */
function applyDefaults(command: Command, ctx: Ctx): void {
  command
    .helpOption('-h, --help', 'afficher l’aide')
    .configureHelp({
      formatHelp: (cmd, helper) => HEADINGS.reduce((text, [re, fr]) => text.replace(re, fr), Help.prototype.formatHelp.call(helper, cmd, helper)),
      boxWrap: wrapFrench,
    })
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(frenchSpacing(text)),
      writeErr: (text) => ctx.io.stderr.write(frenchSpacing(text)),
      outputError: () => undefined, // main.ts writes the French message
    })
    .exitOverride((err: CommanderError) => {
      throw err;
    });
  if (command.commands.length > 0) command.helpCommand('help [commande]', 'afficher l’aide d’une commande');
  for (const sub of command.commands) applyDefaults(sub, ctx);
}

/** The program; with `argv`, only the group it names (see GROUPS). */
export async function buildProgram(ctx: Ctx, argv?: string[]): Promise<Command> {
  const program = new Command('cafcharte')
    .description(
      'Charte de partenariat commune du Tampon – CAF de la Réunion : espaces numériques, ateliers, carnet de bord et évaluation semestrielle.',
    )
    .version(VERSION, '-V, --version', 'afficher la version')
    .option('--db <chemin>', 'magasin à utiliser : fichier SQLite ou URL PostgreSQL postgresql://rôle@hôte/base, sans mot de passe (sinon $CAFCHARTE_DB, sinon ~/.local/share/cafcharte/cafcharte.sqlite)')
    .option('--silencieux', 'aucune barre de progression pendant les longues opérations, seulement leur ligne de résumé')
    .showSuggestionAfterError(false)
    .addHelpText(
      'after',
      `
Exemples :
  $ cafcharte charter-status
  $ cafcharte places add --nom "Médiathèque du Tampon" --type mediatheque --commune "Le Tampon" --adresse "16 rue Victor Le Vigoureux" --code-postal 97430 --telephone "0262 57 86 86"
  $ cafcharte --db ./essai.sqlite places list --json

Codes de sortie : 0 succès, 1 erreur interne, 2 usage ou saisie incorrecte, 3 introuvable,
4 conflit (chevauchement, complet, doublon), 5 données personnelles refusées, 6 droit refusé, 7 serveur
PostgreSQL injoignable, 8 accès refusé par PostgreSQL, 9 certificat (TLS) refusé, 10 --check a trouvé des actions.`,
    );

  const named = argv && namedGroup(argv);
  const versionOnly = argv !== undefined && !named && argv.length === 1 && ['-V', '--version'].includes(argv[0]);
  const groups = named ? [named] : versionOnly ? [] : GROUPS;
  for (const group of groups) {
    for (const command of await group.load(ctx)) {
      const alias = FRENCH_ALIASES[command.name()];
      if (alias) command.alias(alias);
      program.addCommand(command);
    }
  }

  // --db and --silencieux may come before or after the command; they are read just before the action runs.
  program.hook('preAction', (root, action) => {
    for (let command: Command | null = action; command; command = command.parent) refuseControlCharacters(command);
    const db = root.opts().db as string | undefined;
    if (db !== undefined) ctx.dbOption = db;
    if (root.opts().silencieux === true) ctx.silent = true;
  });
  applyDefaults(program, ctx);
  return program;
}
