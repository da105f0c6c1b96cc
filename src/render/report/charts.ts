// The report's three monthly charts (art. 7 asks for monthly figures), as SVG strings.
import type { SemesterReport } from '../../domain/report.js';
import { barChartSvg } from './barChart.js';
import { count, monthShort } from './labels.js';

export interface ReportCharts {
  consultations: string;
  teledeclarations: string;
  personnes_recues: string;
}

export function reportCharts(report: SemesterReport): ReportCharts {
  const bars = (series: { mois: string; valeur: number | null }[]) => series.map((m) => ({ label: monthShort(m.mois), value: m.valeur, text: count(m.valeur) }));
  return {
    consultations: barChartSvg(bars(report.chiffres_caf.consultations.par_mois), { title: 'Consultations de caf.fr par mois' }),
    teledeclarations: barChartSvg(bars(report.chiffres_caf.teledeclarations.par_mois), { title: 'Télédéclarations par mois', color: '#2e7d4f' }),
    personnes_recues: barChartSvg(
      bars(report.ateliers.par_mois.map((m) => ({ mois: m.mois, valeur: m.personnes_recues }))),
      { title: 'Personnes reçues en atelier par mois', color: '#b5651d' },
    ),
  };
}
