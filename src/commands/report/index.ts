// `cafcharte report`: the semester evaluation the comité de pilotage reads (art. 5 and 7).
// Declarations only; the work is in run.ts, loaded when the command runs.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples } from '../shared/help.js';

export function buildReportCommand(ctx: Ctx): Command {
  const command = withExamples(
    new Command('report')
      .description(
        'rapport d’évaluation semestrielle : chiffres de la CAF comparés aux semestres précédents, ateliers du carnet de bord, comité, remarques, complétude',
      )
      .option('--semestre <semestre>', 'semestre évalué : 2026-S2, S2-2026 ou 2026-2 (par défaut le dernier semestre terminé)')
      .option('--format <format>', 'terminal, md, html, pdf ou json (par défaut terminal)')
      .option('--sortie <fichier>', 'fichier à écrire (html et pdf : rapport-<semestre>.html|pdf par défaut ; sinon la sortie standard)')
      .option('--modele <fichier>', 'modèle Handlebars à utiliser pour md ou html (par défaut templates/rapport.<format>.hbs)')
      .option('--ecraser', 'remplacer le fichier de sortie s’il existe déjà'),
    [
      'cafcharte report',
      'cafcharte report --semestre 2026-S2 --format pdf',
      'cafcharte report --semestre S1-2026 --format html --sortie copil-juin.html --ecraser',
      'cafcharte report --format md > rapport.md',
      'cafcharte report --format json | jq .chiffres_caf.consultations.total',
      'cafcharte report --format html --modele mon-modele.html.hbs',
    ],
  );
  return command.action(async (opts) => {
    ctx.exitCode = await (await import('./run.js')).runReport(opts, ctx);
  });
}
