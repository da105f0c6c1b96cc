// The report's sections that read as sentences (comité, completeness), shared by the
// terminal and PDF formats; the templates word them the same way.
import type { SemesterReport } from '../../domain/report.js';
import { comparisonText, count, date, decimal, indicator, month, party, percent, sessionType, totalWithCoverage } from './labels.js';
import { countOf } from '../../domain/french.js';
import { plural } from '../../domain/french.js';

/** Said when a semester ended, the charter in force, without the meeting art. 7 asks for. */
export const SEMESTER_WITHOUT_MEETING = 'Semestre terminé sans réunion du comité de pilotage (art. 7 : le comité se réunit chaque semestre).';

/** One remark of the carnet de bord with its results: "remarque — Résultats : ...". */
export function remarkText(r: { remarque: string | null; resultats: string | null }): string {
  return [r.remarque, r.resultats ? `Résultats : ${r.resultats}` : null].filter(Boolean).join(' — ');
}

/** The comité section as sentences, shared with the PDF. */
export function committeeLines(report: SemesterReport): string[] {
  const { comite } = report;
  return [
    ...(comite.reunions.length === 0
      ? [comite.semestre_termine_sans_reunion ? SEMESTER_WITHOUT_MEETING : 'Aucune réunion du comité ce semestre.']
      : comite.reunions.map((m) => `Réunion du comité le ${date(m.date)}${m.lieu ? ` (${m.lieu})` : ''}`)),
    ...comite.avenants.map((a) => `Avenant n° ${a.numero} du ${date(a.date)} : ${a.objet}`),
    ...comite.manquements.map(
      (b) => `Manquement n° ${b.numero} de ${party(b.partie)}, notifié le ${date(b.recu_le)} : ${b.motif}${b.resolu_le ? ` — résolu le ${date(b.resolu_le)}` : ' — non résolu'}`,
    ),
    `Prochaine reconduction tacite : ${date(comite.prochaine_reconduction)}`,
    `Renégociation à partir du : ${date(comite.renegociation_a_partir_du)}`,
  ];
}

type Compared = { evolution_pct: number | null; mois_comparables: number; mois: string[]; actuel: number | null; reference: number | null };

/** "sur 5 mois comparables, janvier-mai : +30,4 % (6 520 contre 5 000)", or "n.d." */
function comparedWith(c: Compared): string {
  return c.evolution_pct === null ? comparisonText(c) : `${comparisonText(c)} (${count(c.actuel)} contre ${count(c.reference)})`;
}

/** An indicator's two like-for-like comparisons as one sentence, shared by every format. */
export function evolutionSentence(c: { comparaison_semestre_precedent: Compared; comparaison_annee_precedente: Compared }): string {
  return `Évolution par rapport au semestre précédent\u00a0: ${comparedWith(c.comparaison_semestre_precedent)} ; par rapport au même semestre de l’année précédente\u00a0: ${endSentence(comparedWith(c.comparaison_annee_precedente))}`;
}

type Covered = { total: number | null; mois_couverts: number; mois_attendus: number; partiel: boolean; provisoire: boolean };

/** Section « Par commune »: one row per commune (Le Tampon first), then per place, with what each total covers. */
export function perimeterRows(report: SemesterReport): string[][] {
  const { communes, lieux } = report.chiffres_caf.par_perimetre;
  const cells = (p: { consultations: Covered; rubriques: Covered; teledeclarations: Covered }) => [
    totalWithCoverage(p.consultations),
    totalWithCoverage(p.rubriques),
    totalWithCoverage(p.teledeclarations),
  ];
  return [...communes.map((c) => [c.commune, ...cells(c)]), ...lieux.map((l) => [`${l.lieu} (${l.commune})`, ...cells(l)])];
}

export const PERIMETER_HEADER = ['Commune ou lieu', 'Consultations de caf.fr', 'Rubriques consultées', 'Télédéclarations'];

/** The completeness section as lines, shared with the PDF. */
export function completenessLines(report: SemesterReport): string[] {
  const { completude } = report;
  return [
    'Mois sans chiffres de la CAF :',
    ...(completude.mois_sans_chiffres_caf.length === 0
      ? ['  aucun : tous les mois ont leurs chiffres.']
      : completude.mois_sans_chiffres_caf.map((m) => `  - ${month(m.mois)} : ${missingIndicators(m)}`)),
    'Séances sans entrée au carnet de bord :',
    ...(completude.seances_sans_carnet.length === 0
      ? ['  aucune.']
      : completude.seances_sans_carnet.map((s) => `  - séance n° ${s.id}, ${date(s.date)} à ${s.heure}, ${s.lieu} (${sessionType(s.type)})`)),
    'Lieux sans activité :',
    ...(completude.lieux_sans_activite.length === 0 ? ['  aucun.'] : completude.lieux_sans_activite.map((p) => `  - ${p.lieu} (${p.commune})`)),
  ];
}

/** "télédéclarations (2 communes sur 10)": a missing indicator, with the communes that did send it. */
export function missingIndicator(m: { communes: { indicateur: string; communes_couvertes: number; communes_attendues: number }[] }, name: string): string {
  const partial = m.communes.find((c) => c.indicateur === name);
  return partial ? `${indicator(name)} (${partial.communes_couvertes} ${plural(partial.communes_couvertes, 'commune', 'communes')} sur ${partial.communes_attendues})` : indicator(name);
}

/** "avril 2026"'s missing indicators as one text, for templates. */
export function missingIndicators(m: { indicateurs: string[]; communes: { indicateur: string; communes_couvertes: number; communes_attendues: number }[] }): string {
  return m.indicateurs.map((i) => missingIndicator(m, i)).join(', ');
}

/** The workshop indicators (section 2) as [label, value] rows, shared by the terminal and PDF. */
export function workshopIndicatorRows(report: SemesterReport): [string, string][] {
  const a = report.ateliers;
  return [
      ['Ateliers tenus', count(a.ateliers)],
      ['Créneaux réservés sans public (art. 5)', count(a.creneaux_sans_public)],
      ['Personnes reçues', count(a.personnes_recues)],
      ['Moyenne par atelier', decimal(a.moyenne_par_atelier)],
      ['Nouveaux venus', count(a.nouveaux)],
      ['Télédéclarations faites en atelier', count(a.resultats.teledeclarations)],
      ['Comptes caf.fr créés', count(a.resultats.comptes_crees)],
      ['Courriels envoyés à la CAF', count(a.resultats.courriels)],
      ['Attestations téléchargées', count(a.resultats.attestations)],
      ['Démarches abouties', count(a.resultats.demarches_abouties)],
      ['Places réservées / capacité', `${count(a.reservations.places_reservees)} / ${count(a.reservations.capacite)}`],
      ['Taux de remplissage', percent(a.reservations.taux_remplissage_pct)],
      ['En liste d’attente', count(a.reservations.places_en_attente)],
      ['Séances annulées', count(a.seances_annulees)],
      ['Information des animateurs (art. 4)', `${countOf(a.information_animateurs.ateliers, 'atelier', 'ateliers')}, ${countOf(a.information_animateurs.personnes_recues, 'animateur', 'animateurs')}`],
  ];
}

/** Ends a sentence with one period: "n.d." does not take a second one. */
function endSentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}
