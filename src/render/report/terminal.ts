// The report for a terminal: headings, the house tables (aligned on a terminal, tab-separated
// when piped) and a sparkline (▁▂▃▄▅▆▇█) for each monthly series.
import type { Ctx } from '../../context.js';
import type { SemesterReport } from '../../domain/report.js';
import { paint, printLine, printTable, type Cell } from '../output.js';
import { comparisonText, count, date, monthValue, percent, month, totalWithCoverage } from './labels.js';
import { communicationLines } from './communication.js';
import { committeeLines, completenessLines, evolutionSentence, PERIMETER_HEADER, perimeterRows, remarkText, workshopIndicatorRows } from './lines.js';

const BLOCKS = '▁▂▃▄▅▆▇█';

/** One character a value, scaled from the series' minimum to its maximum; "·" where a figure is missing. */
export function sparkline(values: (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null);
  const min = Math.min(...known);
  const max = Math.max(...known);
  return values
    .map((v) => {
      if (v === null) return '·';
      if (max === min) return BLOCKS[max === 0 ? 0 : 3];
      return BLOCKS[Math.round(((v - min) / (max - min)) * (BLOCKS.length - 1))];
    })
    .join('');
}


export function printReportTerminal(ctx: Ctx, report: SemesterReport): void {
  const c = paint(ctx);
  const heading = (text: string) => {
    printLine(ctx);
    printLine(ctx, c.bold.underline(text));
  };
  const sub = (text: string) => printLine(ctx, c.bold(text));
  const right = { alignRight: [1, 2, 3, 4, 5] };
  const table = (head: string[], rows: Cell[][], options: { alignRight?: number[] }) => {
    printTable(ctx, head, rows, options);
    printLine(ctx);
  };

  printLine(ctx, c.bold(report.titre));
  printLine(ctx, `Semestre : ${report.semestre.code}, ${report.semestre.libelle} — ${report.territoire}`);
  printLine(ctx, `Charte au ${date(report.charte.au)} : ${report.charte.etat_libelle}`);
  printLine(ctx, `Rapport établi le ${date(report.produit_le)} ; comparé à ${report.comparaisons.semestre_precedent} et ${report.comparaisons.meme_semestre_annee_precedente}`);

  const { consultations, rubriques, teledeclarations } = report.chiffres_caf;
  heading('1. Chiffres de la CAF (art. 7)');
  // One table for both monthly series: the terminal is narrow in height, not in width.
  sub(`Consultations de caf.fr : ${sparkline(consultations.par_mois.map((m) => m.valeur))}  total ${totalWithCoverage(consultations)}`);
  printLine(ctx, evolutionSentence(consultations));
  sub(`Télédéclarations : ${sparkline(teledeclarations.par_mois.map((m) => m.valeur))}  total ${totalWithCoverage(teledeclarations)}`);
  printLine(ctx, evolutionSentence(teledeclarations));
  table(
    ['Mois', 'Consultations de caf.fr', 'Télédéclarations'],
    [
      ...consultations.par_mois.map((m, i) => [month(m.mois), monthValue(m), teledeclarations.par_mois[i] ? monthValue(teledeclarations.par_mois[i]) : count(null)]),
      ['Total', totalWithCoverage(consultations), totalWithCoverage(teledeclarations)],
    ],
    right,
  );
  sub(`Rubriques consultées : total ${totalWithCoverage(rubriques)}`);
  printLine(ctx, evolutionSentence(rubriques));
  table(
    ['Rang', 'Rubrique', 'Consultations', 'Part', 'Évol. semestre', 'Évol. un an'],
    rubriques.classement.map((r) => [r.rang, r.rubrique, count(r.valeur), percent(r.part_pct), comparisonText(r.comparaison_semestre_precedent), comparisonText(r.comparaison_annee_precedente)]),
    { alignRight: [0, 2, 3, 4, 5] },
  );
  sub('Par commune');
  const perimeters = perimeterRows(report);
  if (perimeters.length === 0) printLine(ctx, 'Aucun chiffre de la CAF par commune ou par lieu ce semestre.');
  else table(PERIMETER_HEADER, perimeters, { alignRight: [1, 2, 3] });

  const a = report.ateliers;
  heading('2. Ateliers et accueil (carnet de bord, art. 5)');
  sub(`Personnes reçues par mois : ${sparkline(a.par_mois.map((m) => m.personnes_recues))}`);
  table(
    ['Indicateur', 'Valeur'],
    workshopIndicatorRows(report),
    { alignRight: [1] },
  );
  table(['Type d’atelier', 'Ateliers', 'Personnes reçues'], a.par_type.map((t) => [t.libelle, count(t.ateliers), count(t.personnes_recues)]), right);
  table(['Lieu', 'Commune', 'Ateliers', 'Personnes reçues'], a.par_lieu.map((p) => [p.lieu, p.commune, count(p.ateliers), count(p.personnes_recues)]), {
    alignRight: [2, 3],
  });
  table(['Commune', 'Ateliers', 'Personnes reçues'], a.par_commune.map((p) => [p.commune, count(p.ateliers), count(p.personnes_recues)]), right);
  table(['Mois', 'Ateliers', 'Personnes reçues'], a.par_mois.map((m) => [month(m.mois), count(m.ateliers), count(m.personnes_recues)]), right);

  heading('3. Comité de pilotage et charte (art. 7 à 10)');
  for (const line of committeeLines(report)) printLine(ctx, `- ${line}`);

  const communication = communicationLines(report.communication);
  if (communication) {
    heading('4. Communication et contenus (art. 3, 4 et 7)');
    for (const line of communication) printLine(ctx, `- ${line}`);
  }

  heading('5. Remarques du semestre');
  if (report.remarques.length === 0) printLine(ctx, 'Aucune remarque.');
  for (const r of report.remarques) printLine(ctx, `- ${date(r.date)}, ${r.lieu} : ${remarkText(r).replace(/\s+/g, ' ')}`);

  heading('6. Complétude des données');
  for (const line of completenessLines(report)) printLine(ctx, line);
}
