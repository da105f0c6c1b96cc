// The « Communication et contenus » section (campaigns and training materials) for the formats drawn by code
// (terminal, PDF). Its shape is checked here rather than trusted: the module that provides it
// is another feature's, and the report must still print if that shape drifts.
import { date } from './labels.js';
import { formatIntFr } from '../../domain/numbers.js';
import { countOf } from '../../domain/french.js';

export interface CommunicationSection {
  campagnes: { nom: string; canal: string; debut: string; fin: string | null; diffusions: { lieu: string; quantite: number }[]; total: number }[];
  supports_valides: { titre: string; version: string; reunion: string }[];
  lieux_mis_en_service: { lieu: string; commune: string; date: string }[];
}

function isSection(value: unknown): value is CommunicationSection {
  const v = value as CommunicationSection | null;
  return Boolean(v) && Array.isArray(v!.campagnes) && Array.isArray(v!.supports_valides) && Array.isArray(v!.lieux_mis_en_service);
}

/** The section as sentences, or null when there is no communication data to show. */
export function communicationLines(value: unknown): string[] | null {
  if (!isSection(value)) return null;
  const lines = [
    ...(value.campagnes.length === 0
      ? ['Aucune campagne ce semestre.']
      : value.campagnes.map((c) => {
          const deliveries = c.diffusions.map((d) => `${d.lieu} : ${formatIntFr(d.quantite)}`).join(', ');
          return `Campagne « ${c.nom} » (${c.canal}), du ${date(c.debut)}${c.fin ? ` au ${date(c.fin)}` : ' (en cours)'} : ${countOf(c.total, 'exemplaire', 'exemplaires')}${deliveries ? ` — ${deliveries}` : ''}`;
        })),
    ...value.supports_valides.map((s) => `Support validé : ${s.titre} (version ${s.version}), comité du ${date(s.reunion)}`),
    ...value.lieux_mis_en_service.map((p) => `Mise en service : ${p.lieu} (${p.commune}) le ${date(p.date)}`),
  ];
  return lines;
}
