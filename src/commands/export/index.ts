// `cafcharte export`: the month's (or semester's) tables as files for scripts and spreadsheets.
// Declarations only: the work is in run.ts, loaded when the command runs.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples } from '../shared/help.js';

export function buildExportCommand(ctx: Ctx): Command {
  const command = withExamples(
    new Command('export')
      .description(
        'exporter le carnet de bord, les séances et les statistiques d’un mois ou d’un semestre en CSV, JSON ou XLSX (pour les scripts et les tableurs)',
      )
      .option('--mois <mois>', 'mois à exporter, AAAA-MM, ou « precedent » (par défaut : le mois précédent, heure de la Réunion)')
      .option('--semestre <semestre>', 'semestre à exporter, par exemple 2026-S2 (au lieu d’un mois)')
      .option('--format <format>', 'csv, json ou xlsx', 'csv')
      .option('--sortie <dossier>', 'dossier où écrire les fichiers (par défaut : le dossier courant)')
      .option('--quoi <tables>', 'tables à exporter, séparées par des virgules : journal, sessions, stats (par défaut : les trois)')
      .option('--vide-ok', 'écrire les fichiers même si la période ne contient aucune donnée (sinon code de sortie 3)')
      .option('--ecraser', 'sans effet, accepté par habitude : un export remplace toujours les fichiers du même nom')
      .addHelpText(
        'after',
        `
Fichiers écrits : cafcharte-AAAA-MM-journal.csv, -sessions.csv, -stats.csv (semestre : cafcharte-2026-S2-...),
ou cafcharte-AAAA-MM.xlsx (une feuille « Export » puis une feuille par table), ou les mêmes noms en .json.
Un fichier existant du même nom est remplacé, seulement par un fichier complet : l’export peut être relancé.
La sortie standard ne contient que les chemins écrits, un par ligne.
CSV : UTF-8 avec BOM, « ; », dates JJ/MM/AAAA, décimales avec une virgule ; colonnes stables (README, « Scripts »).
Tâche planifiée (crontab), le 1er de chaque mois à 6 h :
  0 6 1 * * cafcharte export --sortie /srv/exports --vide-ok
Codes de sortie : 0 fichiers écrits, 2 option incorrecte, 3 aucune donnée sur la période (sans --vide-ok).`,
      ),
    [
      'cafcharte export',
      'cafcharte export --mois 2026-10 --format xlsx --sortie ~/exports',
      'cafcharte export --semestre 2026-S2 --quoi stats --format json',
    ],
  );
  return command.action(async (opts) => {
    ctx.exitCode = await (await import('./run.js')).runExport(opts, ctx);
  });
}
