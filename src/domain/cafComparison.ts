// Like-for-like comparisons of the CAF figures (art. 7): a semester is compared with another
// only on the months both have. Five months against six would read as a fall when every
// month rose; the months compared are said wherever the change is shown.
import type { IsoMonth } from './dates.js';

/** One decimal, as the comité reads it; a JSON number, never "12,5". */
export function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Change from `reference` to `current` in %, or null ("n.d.") when either is missing or the reference is 0. */
export function percentChange(current: number | null, reference: number | null): number | null {
  if (current === null || reference === null || reference === 0) return null;
  return roundTenth(((current - reference) / reference) * 100);
}

/** A change computed on the months both periods have (JSON keys are the report's). */
export interface Evolution {
  evolution_pct: number | null;
  /** How many months were compared (0: none, the change is "n.d."). */
  mois_comparables: number;
  /** The current semester's months that were compared. */
  mois: IsoMonth[];
  /** Sums over the compared months only. */
  actuel: number | null;
  reference: number | null;
}

/**
 * Compares two semesters month by month position (July with January for the previous
 * semester, July with July a year earlier: both are "the same position"). `current` and
 * `reference` hold one value per month of the semester, null where no figure exists.
 */
export function likeForLike(months: readonly IsoMonth[], current: readonly (number | null)[], reference: readonly (number | null)[]): Evolution {
  const compared: IsoMonth[] = [];
  let now = 0;
  let before = 0;
  months.forEach((month, i) => {
    const a = current[i];
    const b = reference[i];
    if (a === null || a === undefined || b === null || b === undefined) return;
    compared.push(month);
    now += a;
    before += b;
  });
  if (compared.length === 0) return { evolution_pct: null, mois_comparables: 0, mois: [], actuel: null, reference: null };
  return { evolution_pct: percentChange(now, before), mois_comparables: compared.length, mois: compared, actuel: now, reference: before };
}

/** How much of a semester a total covers (JSON keys are the report's). */
export interface Coverage {
  mois_couverts: number;
  mois_attendus: number;
  /** Some month of the semester has no figure. */
  partiel: boolean;
  /** The semester is not over yet: its figures may still change. */
  provisoire: boolean;
}

export function coverage(values: readonly (number | null)[], semesterOver: boolean): Coverage {
  const covered = values.filter((v) => v !== null).length;
  return { mois_couverts: covered, mois_attendus: values.length, partiel: covered < values.length, provisoire: !semesterOver };
}

/** Sum of the months that have a figure, null when none has. */
export function totalOf(values: readonly (number | null)[]): number | null {
  let total: number | null = null;
  for (const v of values) if (v !== null) total = (total ?? 0) + v;
  return total;
}
