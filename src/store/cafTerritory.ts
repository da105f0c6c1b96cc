// The CAF figures at territory level, as the domain's one rule decides them (territoryFigure):
// the report, `stats list` and the exports all read them from here, so they agree.
import type { Db } from './open.js';
import type { IsoMonth } from '../domain/dates.js';
import { territoryFigures, territorySections, type SectionMonthValue, type TerritoryFigure, type TerritoryInputs } from '../domain/cafTerritory.js';

/** The stored indicator words (caf_figures.indicator). */
export type StoredIndicator = 'consultations' | 'rubrique' | 'teledeclarations';

/** Inclusive 'YYYY-MM' bounds. */
export interface MonthSpan {
  from: IsoMonth;
  to: IsoMonth;
}

/** What each month of the span holds for an indicator: the territory's rows, the communes'. */
export function territoryInputs(db: Db, indicator: StoredIndicator, span: MonthSpan): TerritoryInputs[] {
  return db
    .prepare(
      `SELECT month,
              sum(CASE WHEN perimeter = 'territoire' THEN value END) AS territory,
              count(DISTINCT CASE WHEN perimeter LIKE 'commune:%' THEN perimeter END) AS communes,
              sum(CASE WHEN perimeter LIKE 'commune:%' THEN value END) AS communeSum
       FROM caf_figures
       WHERE indicator = ? AND month BETWEEN ? AND ? AND (perimeter = 'territoire' OR perimeter LIKE 'commune:%')
       GROUP BY month ORDER BY month`,
    )
    .all(indicator, span.from, span.to) as TerritoryInputs[];
}

/** Every month from `from` to `to`, inclusive. */
export function monthsOf(span: MonthSpan): IsoMonth[] {
  const months: IsoMonth[] = [];
  let [year, month] = span.from.split('-').map(Number) as [number, number];
  for (;;) {
    const id = `${year}-${String(month).padStart(2, '0')}`;
    if (id > span.to) return months;
    months.push(id);
    if (++month > 12) [year, month] = [year + 1, 1];
  }
}

/** The territory figure of each month of the span (n.d. ones included). */
export function territoryMonthly(db: Db, indicator: StoredIndicator, span: MonthSpan): TerritoryFigure[] {
  return territoryFigures(monthsOf(span), territoryInputs(db, indicator, span));
}

/** The territory figure of each month that has any territory or commune row (for listings). */
export function territoryMonthsWithRows(db: Db, indicator: StoredIndicator, span: MonthSpan): TerritoryFigure[] {
  const inputs = territoryInputs(db, indicator, span);
  return territoryFigures(
    inputs.map((input) => input.month),
    inputs,
  );
}

/** caf.fr sections at territory level per month, following the « rubrique » decision of each month. */
export function territorySectionsMonthly(db: Db, span: MonthSpan): SectionMonthValue[] {
  const rows = db
    .prepare(
      `SELECT month, CASE WHEN perimeter = 'territoire' THEN 'territoire' ELSE 'communes' END AS level,
              site_section AS section, sum(value) AS value
       FROM caf_figures
       WHERE indicator = 'rubrique' AND month BETWEEN ? AND ? AND (perimeter = 'territoire' OR perimeter LIKE 'commune:%')
       GROUP BY month, level, site_section ORDER BY month, level, site_section`,
    )
    .all(span.from, span.to) as { month: IsoMonth; level: 'territoire' | 'communes'; section: string; value: number }[];
  return territorySections(territoryMonthsWithRows(db, 'rubrique', span), rows);
}

/** One commune's or place's figure for a month and indicator (sections summed). */
export interface PerimeterMonthValue {
  perimeter: string;
  indicator: StoredIndicator;
  month: IsoMonth;
  value: number;
}

/** Communes' and places' own figures over the span, as the CAF sent them. */
export function perimeterMonthly(db: Db, span: MonthSpan): PerimeterMonthValue[] {
  return db
    .prepare(
      `SELECT perimeter, indicator, month, sum(value) AS value FROM caf_figures
       WHERE month BETWEEN ? AND ? AND perimeter <> 'territoire'
       GROUP BY perimeter, indicator, month ORDER BY perimeter, indicator, month`,
    )
    .all(span.from, span.to) as PerimeterMonthValue[];
}
