// The report's three monthly charts (art. 7 asks for monthly figures), as SVG strings.
import type { SemesterReport } from '../../domain/report.js';
import { barChartSvg } from './barChart.js';
import { count, month, monthShort } from './labels.js';

export interface ReportCharts {
  consultations: string;
  teledeclarations: string;
  personnes_recues: string;
}

/** The charts' titles, drawn above the bars and repeated in their descriptions. */
export const CHART_TITLES: ReportCharts = {
  consultations: 'Consultations de caf.fr par mois',
  teledeclarations: 'Télédéclarations par mois',
  personnes_recues: 'Personnes reçues en atelier par mois',
};

export function reportCharts(report: SemesterReport): ReportCharts {
  const bars = (series: { mois: string; valeur: number | null }[]) => series.map((m) => ({ label: monthShort(m.mois), value: m.valeur, text: count(m.valeur) }));
  return {
    consultations: barChartSvg(bars(report.chiffres_caf.consultations.par_mois), { title: CHART_TITLES.consultations }),
    teledeclarations: barChartSvg(bars(report.chiffres_caf.teledeclarations.par_mois), { title: CHART_TITLES.teledeclarations, color: '#2e7d4f' }),
    personnes_recues: barChartSvg(
      bars(report.ateliers.par_mois.map((m) => ({ mois: m.mois, valeur: m.personnes_recues }))),
      { title: CHART_TITLES.personnes_recues, color: '#b5651d' },
    ),
  };
}

/** Each chart's text alternative: what it shows and every value, for tagged PDF figures and screen readers. */
export function chartDescriptions(report: SemesterReport): ReportCharts {
  const describe = (title: string, series: { mois: string; valeur: number | null }[]) =>
    `Diagramme en barres, ${title.charAt(0).toLowerCase()}${title.slice(1)} : ${series.map((m) => `${month(m.mois)} : ${count(m.valeur)}`).join(' ; ')}`;
  return {
    consultations: describe(CHART_TITLES.consultations, report.chiffres_caf.consultations.par_mois),
    teledeclarations: describe(CHART_TITLES.teledeclarations, report.chiffres_caf.teledeclarations.par_mois),
    personnes_recues: describe(CHART_TITLES.personnes_recues, report.ateliers.par_mois.map((m) => ({ mois: m.mois, valeur: m.personnes_recues }))),
  };
}
