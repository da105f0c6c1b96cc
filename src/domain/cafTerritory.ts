// The Territoire Sud figure of a month (charter art. 1 and 7): the one rule that the report,
// `stats list` and the exports all apply, so that they never disagree. A territory figure is
// the whole territory or nothing: two communes out of ten are not the territory.
import { COMMUNES } from './territory.js';
import type { IsoMonth } from './dates.js';
import { plural } from './french.js';

/** How many communes make the territory (art. 1). */
export const COMMUNES_EXPECTED = COMMUNES.length;

/** What the store holds for one month and indicator, before the rule is applied. */
export interface TerritoryInputs {
  month: IsoMonth;
  /** Sum of the CAF's own territory rows, or null when it sent none. */
  territory: number | null;
  /** How many of the territory's communes have a figure. */
  communes: number;
  /** Sum of those communes' figures (null when none). */
  communeSum: number | null;
}

/**
 * The territory figure: the CAF's own (`caf`), else the sum of all ten communes
 * (`communes`), else not available (`incomplete`, saying how many communes had one).
 */
export type TerritoryFigure =
  | { month: IsoMonth; value: number; source: 'caf'; communes: number }
  | { month: IsoMonth; value: number; source: 'communes'; communes: number }
  | { month: IsoMonth; value: null; source: 'incomplete'; communes: number };

export function territoryFigure(input: TerritoryInputs): TerritoryFigure {
  if (input.territory !== null) return { month: input.month, value: input.territory, source: 'caf', communes: input.communes };
  if (input.communes >= COMMUNES_EXPECTED && input.communeSum !== null) {
    return { month: input.month, value: input.communeSum, source: 'communes', communes: input.communes };
  }
  return { month: input.month, value: null, source: 'incomplete', communes: input.communes };
}

/** The figure of each month asked for; a month without any row is incomplete with 0 communes. */
export function territoryFigures(months: readonly IsoMonth[], inputs: readonly TerritoryInputs[]): TerritoryFigure[] {
  const byMonth = new Map(inputs.map((input) => [input.month, input]));
  return months.map((month) => territoryFigure(byMonth.get(month) ?? { month, territory: null, communes: 0, communeSum: null }));
}

/** "2 communes sur 10": what a missing territory figure had, said where it is missing. */
export function communesCoverageFr(communes: number): string {
  return `${communes} ${plural(communes, 'commune', 'communes')} sur ${COMMUNES_EXPECTED}`;
}

/** One caf.fr section's territory-level visits in a month. */
export interface SectionMonthValue {
  month: IsoMonth;
  section: string;
  value: number;
}

/**
 * Section rows at territory level, following each month's decision for the « rubrique »
 * indicator: the CAF's territory rows, or the communes' rows summed, or nothing.
 */
export function territorySections(
  decisions: readonly TerritoryFigure[],
  rows: readonly { month: IsoMonth; level: 'territoire' | 'communes'; section: string; value: number }[],
): SectionMonthValue[] {
  const source = new Map(decisions.map((d) => [d.month, d.source]));
  return rows
    .filter((row) => {
      const decided = source.get(row.month);
      return (decided === 'caf' && row.level === 'territoire') || (decided === 'communes' && row.level === 'communes');
    })
    .map(({ month, section, value }) => ({ month, section, value }));
}
