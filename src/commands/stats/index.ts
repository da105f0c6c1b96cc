// `cafcharte stats`: the CAF's own figures (art. 7: caf.fr consultations, sections consulted,
// télédéclarations). This file only declares the commands; run.ts is loaded when a verb runs.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples, withJson } from '../shared/help.js';

export function buildStatsCommand(ctx: Ctx): Command {
  const stats = new Command('stats').description('importer et consulter les chiffres fournis par la CAF (consultations de caf.fr, rubriques, télédéclarations)');
  const run = () => import('./run.js');
  const options = () => import('./options.js');

  withExamples(
    stats
      .command('import')
      .description('importer un fichier de chiffres de la CAF (CSV ou XLSX), tout ou rien')
      .addHelpText(
        'after',
        `
Deux dispositions, en CSV comme en XLSX :
- un chiffre par ligne, en-tête mois;perimetre;indicateur;rubrique;valeur
  (exemple complet : data/exemple-stats-caf.csv) ;
- un mois par colonne (juil.-26, août 2026, 2026-08, cellule date d’Excel), les indicateurs
  ou les rubriques en lignes (exemple : data/exemple-stats-caf-mois-en-colonnes.csv).
L’en-tête est cherché dans les 30 premières lignes (un titre au-dessus est permis) ; les
lignes « Total », « Ensemble » sont ignorées et vérifiées (un écart est signalé). Une seule
ligne fausse et rien n’est importé : les 50 premières lignes fausses sont listées avec leur
numéro, puis leur nombre par motif ; --rapport-erreurs écrit la liste complète (code 2).
« - » lit l’entrée standard (une seule fois) ; un tube nommé, un périphérique ou un dossier
est refusé (code 2).`,
      )
      .argument('<fichier>', 'fichier CSV (UTF-8 ou Windows-1252, séparateur « ; », « , » ou tabulation) ou classeur XLSX (première feuille)')
      .option('--dry-run', 'montrer ce qui serait importé, sans rien enregistrer')
      .option('--remplacer', 'remplacer les chiffres déjà en base qui ont le même mois, périmètre, indicateur et rubrique, et eux seuls (sinon refus, code 4)')
      .option('--rapport-erreurs <fichier>', 'écrire toutes les lignes refusées (CSV ligne;motif) dans ce fichier ; le message n’en montre que 50'),
    [
      'cafcharte stats import data/exemple-stats-caf.csv --dry-run',
      'cafcharte stats import "Statistiques CAF juillet 2026.csv"',
      'cafcharte stats import stats-caf-2026-S2.xlsx --remplacer',
      'cafcharte stats import - < stats-caf-juillet.csv --rapport-erreurs lignes-refusees.csv',
    ],
  ).action(async (file: string, flags: { dryRun?: boolean; remplacer?: boolean; rapportErreurs?: string }) => {
    const opts = (await options()).importOptions(file, flags);
    ctx.exitCode = await (await run()).runImport(opts, ctx);
  });

  withExamples(
    withJson(
      stats
        .command('list')
        .description('lister les chiffres importés, par mois, périmètre et indicateur')
        .option('--semestre <semestre>', 'un semestre : 2026-S2, S2-2026 ou 2026-2')
        .option('--mois <mois>', 'un mois : 2026-07 ou 07/2026')
        .option('--perimetre <périmètre>', 'Territoire Sud, une commune du territoire ou un lieu enregistré'),
    ),
    ['cafcharte stats list --semestre 2026-S1', 'cafcharte stats list --mois 2026-07 --perimetre "Le Tampon"', 'cafcharte stats list --semestre 2026-S1 --json'],
  ).action(async (flags: Record<string, unknown>) => {
    const opts = (await options()).listOptions(flags);
    ctx.exitCode = await (await run()).runList(opts, ctx);
  });

  withExamples(withJson(stats.command('imports').description('lister les fichiers importés (nom, date, nombre de chiffres, empreinte SHA-256)')), [
    'cafcharte stats imports',
    'cafcharte stats imports --json',
  ]).action(async (flags: Record<string, unknown>) => {
    const opts = (await options()).importsOptions(flags);
    ctx.exitCode = await (await run()).runImports(opts, ctx);
  });

  return stats;
}
