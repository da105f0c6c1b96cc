// How the report's numbers and dates read in French, shared by every format (and offered to
// templates as Handlebars helpers). A null is a figure nobody sent: "n.d." (non disponible).
import { formatDateFr, formatMonthFr, monthNameFr, monthShortFr } from '../../domain/dates.js';
import { formatDecimalFr, formatIntFr, formatPercentFr } from '../../domain/numbers.js';
import { INDICATOR_REPORT_NAMES } from '../../domain/report.js';
import { indicatorOfLabel } from '../../domain/cafFigures/types.js';
import { COMMUNES_EXPECTED, communesCoverageFr } from '../../domain/cafTerritory.js';
import { PARTY_LABELS, type Party } from '../../domain/charter.js';
import { SESSION_TYPE_LABELS, isSessionType } from '../../domain/sessionTypes.js';
import { countOf } from '../../domain/french.js';
import { plural } from '../../domain/french.js';

export const NOT_AVAILABLE = 'n.d.';

/** "1 520", or "n.d." */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? NOT_AVAILABLE : formatIntFr(value);
}

/** "5,5", or "n.d." */
export function decimal(value: number | null | undefined): string {
  return value === null || value === undefined ? NOT_AVAILABLE : formatDecimalFr(value, 1);
}

/** "12,5 %", or "n.d." */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? NOT_AVAILABLE : formatPercentFr(value);
}

/** "+8,7 %", "-3,0 %", "0,0 %", or "n.d." */
export function change(value: number | null | undefined): string {
  return value === null || value === undefined ? NOT_AVAILABLE : formatPercentFr(value, { sign: true });
}

/** "juillet 2026" */
export function month(value: string): string {
  return formatMonthFr(value);
}

/** One month of a territory series: its figure, or "n.d. (2 communes sur 10)" when only some communes sent one. */
export function monthValue(entry: { valeur: number | null; source?: string; communes_couvertes?: number }): string {
  if (entry.valeur !== null) return entry.source === 'somme_communes' ? `${count(entry.valeur)} (somme des ${COMMUNES_EXPECTED} communes)` : count(entry.valeur);
  return entry.communes_couvertes ? `${NOT_AVAILABLE} (${communesCoverageFr(entry.communes_couvertes)})` : NOT_AVAILABLE;
}

/** What a total covers: "partiel (5 mois sur 6)", "provisoire (4 mois sur 6)", or '' for a whole semester. */
export function coverageNote(total: { total?: number | null; mois_couverts: number; mois_attendus: number; partiel: boolean; provisoire: boolean }): string {
  if (total.mois_couverts === 0) return '';
  const months = `${total.mois_couverts} mois sur ${total.mois_attendus}`;
  if (total.provisoire) return `provisoire (${months})`;
  return total.partiel ? `partiel (${months})` : '';
}

/** "6 520 — partiel (5 mois sur 6)", "6 520", or "n.d." */
export function totalWithCoverage(total: { total: number | null; mois_couverts: number; mois_attendus: number; partiel: boolean; provisoire: boolean }): string {
  const note = coverageNote(total);
  return note === '' ? count(total.total) : `${count(total.total)} — ${note}`;
}

/** "janvier-mars, mai": the months compared, consecutive ones as a range. */
export function monthRangesFr(months: readonly string[]): string {
  const name = monthNameFr;
  const next = (m: string) => {
    const [y, n] = m.split('-').map(Number) as [number, number];
    return n === 12 ? `${y + 1}-01` : `${y}-${String(n + 1).padStart(2, '0')}`;
  };
  const parts: string[] = [];
  let start = 0;
  for (let i = 1; i <= months.length; i++) {
    if (i < months.length && months[i] === next(months[i - 1]!)) continue;
    parts.push(i - 1 === start ? name(months[start]!) : `${name(months[start]!)}-${name(months[i - 1]!)}`);
    start = i;
  }
  return parts.join(', ');
}

/**
 * A like-for-like change as the comité reads it: "+8,2 %" over a whole semester, "sur 5 mois
 * comparables, juillet-novembre : +8,2 %" otherwise, "n.d." when no month compares.
 */
export function comparisonText(evolution: { evolution_pct: number | null; mois_comparables: number; mois: string[] } | null | undefined, monthsInSemester = 6): string {
  if (!evolution || evolution.evolution_pct === null) return NOT_AVAILABLE;
  if (evolution.mois_comparables >= monthsInSemester) return change(evolution.evolution_pct);
  const n = evolution.mois_comparables;
  return `sur ${n} mois ${plural(n, 'comparable', 'comparables')}, ${monthRangesFr(evolution.mois)}\u00a0: ${change(evolution.evolution_pct)}`;
}

/** "juil." — for chart axes, where a full name does not fit under a bar. */
export const monthShort = monthShortFr;

/** "14 janvier 2026", or "—" when there is no date. */
export function date(value: string | null | undefined): string {
  return value ? formatDateFr(value) : '—';
}

/** An indicator's French word, as the JSON prints it, to the report's name for it. */
export function indicator(value: string): string {
  const code = indicatorOfLabel(value);
  return code === undefined ? value : INDICATOR_REPORT_NAMES[code];
}

export function party(value: string): string {
  return PARTY_LABELS[value as Party] ?? value;
}

export function sessionType(value: string): string {
  return isSessionType(value) ? SESSION_TYPE_LABELS[value] : value;
}

/** {{accord n "atelier" "ateliers"}}: "1 atelier", "2 ateliers", or "n.d." (one agreement rule for every format). */
export function agreeing(value: number | null | undefined, one: string, other: string): string {
  return value === null || value === undefined ? NOT_AVAILABLE : countOf(value, String(one), String(other));
}

/** Helpers by the names templates call them ({{nombre total}}, {{evolution x}}...). */
export const TEMPLATE_HELPERS: Record<string, (value: never) => string> = {
  nombre: count,
  decimal,
  pourcent: percent,
  evolution: change,
  comparaison: comparisonText as (value: never) => string,
  valeur_mois: monthValue as (value: never) => string,
  total_couvert: totalWithCoverage as (value: never) => string,
  mois: month,
  mois_court: monthShort,
  date,
  indicateur: indicator,
  partie: party,
  type_seance: sessionType,
  accord: agreeing as unknown as (value: never) => string,
};
