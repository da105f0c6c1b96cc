// `cafcharte purge`: retention. The free texts of past entries and sessions are blanked, their
// counts kept, so the reports of past semesters keep their figures (CNIL retention rules).
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples } from '../shared/help.js';

export function buildPurgeCommand(ctx: Ctx): Command {
  return withExamples(
    new Command('purge')
      .description('effacer les textes libres (remarques, résultats, notes, motifs) des entrées et séances antérieures à une date ; les chiffres restent')
      .requiredOption('--avant <date>', 'date AAAA-MM-JJ ou JJ/MM/AAAA : les textes des entrées et séances antérieures sont effacés')
      .option('--dry-run', 'dire ce qui serait effacé, sans rien modifier')
      .option('--auteur <nom>', 'qui purge (par défaut l’utilisateur du système)')
      .option('--motif <texte>', 'pourquoi (par défaut : durée de conservation)'),
    ['cafcharte purge --avant 2025-01-01 --dry-run', 'cafcharte purge --avant 2025-01-01'],
  ).action(async (opts) => {
    ctx.exitCode = await (await import('./run.js')).runRetentionPurge(opts, ctx);
  });
}
