// `cafcharte demo`: the main job (the semester evaluation) on a demonstration store, so that a
// new user sees the tool at work before entering anything. Declarations only; see run.ts.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples } from '../shared/help.js';

export function buildDemoCommand(ctx: Ctx): Command {
  const command = withExamples(
    new Command('demo')
      .description(
        'créer un magasin de démonstration (une année fictive de la charte, sans donnée personnelle) et afficher son rapport semestriel, écrit aussi en PDF et en HTML',
      )
      .option('--dossier <dossier>', 'dossier où écrire le magasin et les rapports (par défaut ./cafcharte-demo)'),
    ['cafcharte demo', 'cafcharte demo --dossier /tmp/essai', 'cafcharte --db /tmp/essai/demo.sqlite report --semestre 2026-S1 --format md'],
  );
  return command.action(async (opts: { dossier?: string }) => {
    ctx.exitCode = await (await import('./run.js')).runDemo(opts, ctx);
  });
}
