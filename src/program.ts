// Builds the commander root and adds each command group (STYLE habit 1). French help everywhere.
import { Command, CommanderError, Help } from 'commander';
import type { Ctx } from './context.js';
import { buildPlacesCommand } from './commands/places/index.js';
import { buildCharterCommand, buildCharterStatusCommand } from './commands/charter/index.js';
// Each group adds its line here (engineers: read /work/main/TEAM.md first):
import { buildSessionsCommand } from './commands/sessions/index.js';
import { buildLogbookCommand } from './commands/logbook/index.js';
import { buildStatsCommand } from './commands/stats/index.js';
import { buildReportCommand } from './commands/report/index.js';
import { buildPosterCommand } from './commands/poster/index.js';
import { buildExportCommand } from './commands/export/index.js';
import { buildCampaignsCommand } from './commands/campaigns/index.js';
import { buildSupportsCommand } from './commands/supports/index.js';
import { buildBackupCommands } from './commands/backup/index.js';

declare const __CAFCHARTE_VERSION__: string | undefined;
export const VERSION = typeof __CAFCHARTE_VERSION__ === 'string' ? __CAFCHARTE_VERSION__ : '0.0.0-dev';

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

/** Applies the French help, the injected output and the exit override to a command and all below. */
function applyDefaults(command: Command, ctx: Ctx): void {
  command
    .helpOption('-h, --help', 'afficher l’aide')
    .configureHelp({
      formatHelp: (cmd, helper) => HEADINGS.reduce((text, [re, fr]) => text.replace(re, fr), Help.prototype.formatHelp.call(helper, cmd, helper)),
    })
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      outputError: () => undefined, // main.ts writes the French message
    })
    .exitOverride((err: CommanderError) => {
      throw err;
    });
  if (command.commands.length > 0) command.helpCommand('help [commande]', 'afficher l’aide d’une commande');
  for (const sub of command.commands) applyDefaults(sub, ctx);
}

export function buildProgram(ctx: Ctx): Command {
  const program = new Command('cafcharte')
    .description(
      'Charte de partenariat commune du Tampon – CAF de la Réunion : espaces numériques, ateliers, carnet de bord et évaluation semestrielle.',
    )
    .version(VERSION, '-V, --version', 'afficher la version')
    .option('--db <chemin>', 'magasin SQLite à utiliser (sinon $CAFCHARTE_DB, sinon ~/.local/share/cafcharte/cafcharte.sqlite)')
    .showSuggestionAfterError(false)
    .addHelpText(
      'after',
      `
Exemples :
  $ cafcharte charter-status
  $ cafcharte places add --nom "Médiathèque du Tampon" --type mediatheque --commune "Le Tampon" --adresse "16 rue Victor Le Vigoureux" --code-postal 97430 --telephone "0262 57 86 86"
  $ cafcharte --db ./essai.sqlite places list --json

Codes de sortie : 0 succès, 1 erreur interne, 2 usage ou saisie incorrecte, 3 introuvable,
4 conflit (chevauchement, complet, doublon), 5 données personnelles refusées, 10 --check a trouvé des actions.`,
    );

  program.addCommand(buildCharterStatusCommand(ctx));
  program.addCommand(buildCharterCommand(ctx));
  program.addCommand(buildPlacesCommand(ctx));
  program.addCommand(buildSessionsCommand(ctx));
  program.addCommand(buildLogbookCommand(ctx));
  program.addCommand(buildStatsCommand(ctx));
  program.addCommand(buildReportCommand(ctx));
  program.addCommand(buildPosterCommand(ctx));
  program.addCommand(buildExportCommand(ctx));
  program.addCommand(buildCampaignsCommand(ctx));
  program.addCommand(buildSupportsCommand(ctx));
  for (const c of buildBackupCommands(ctx)) program.addCommand(c);

  // --db may come before or after the command; it is read just before the action runs.
  program.hook('preAction', (root) => {
    const db = root.opts().db as string | undefined;
    if (db !== undefined) ctx.dbOption = db;
  });
  applyDefaults(program, ctx);
  return program;
}
