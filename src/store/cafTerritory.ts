// The CAF figures at territory level, as the domain's one rule decides them (territoryFigure):
// the report, `stats list` and the exports all read them from here, so they agree.
import { sql } from './sql.js';
import type { Store } from './engine.js';
import type { IsoMonth } from '../domain/dates.js';
import { INDICATOR_LABELS, indicatorOfLabel, type Indicator } from '../domain/cafFigures/types.js';
import type { PerimeterMonthValue } from '../domain/report.js';
import { territoryFigures, territorySections, type SectionMonthValue, type TerritoryFigure, type TerritoryInputs } from '../domain/cafTerritory.js';

/** Inclusive 'YYYY-MM' bounds. */
export interface MonthSpan {
  from: IsoMonth;
  to: IsoMonth;
}

/** What each month of the span holds for an indicator: the territory's rows, the communes'. */
export async function territoryInputs(store: Store, indicator: Indicator, span: MonthSpan): Promise<TerritoryInputs[]> {
  return (await territoryInputsOf(store, [indicator], span)).get(indicator)!;
}

/**
 * The same for several indicators in one read of the span's rows: the table holds a million
 * figures and is indexed by month only, so each indicator asked alone reads the whole span again.
 */
export async function territoryInputsOf(store: Store, indicators: readonly Indicator[], span: MonthSpan): Promise<Map<Indicator, TerritoryInputs[]>> {
  const rows = await store.all(sql<TerritoryInputs & { indicator: string }>`
    SELECT indicator, month,
           sum(CASE WHEN perimeter = 'territoire' THEN value END) AS territory,
           count(DISTINCT CASE WHEN perimeter LIKE 'commune:%' THEN perimeter END) AS communes,
           sum(CASE WHEN perimeter LIKE 'commune:%' THEN value END) AS "communeSum"
    FROM caf_figures
    WHERE indicator IN (${sql.join(indicators.map((i) => INDICATOR_LABELS[i]))}) AND month BETWEEN ${span.from} AND ${span.to}
      AND (perimeter = 'territoire' OR perimeter LIKE 'commune:%')
    GROUP BY indicator, month ORDER BY indicator, month`);
  const byIndicator = new Map(indicators.map((i) => [i, [] as TerritoryInputs[]]));
  for (const { indicator, ...inputs } of rows) byIndicator.get(indicatorOfLabel(indicator)!)!.push(inputs);
  return byIndicator;
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
export async function territoryMonthly(store: Store, indicator: Indicator, span: MonthSpan): Promise<TerritoryFigure[]> {
  return territoryFigures(monthsOf(span), await territoryInputs(store, indicator, span));
}

/** The same for several indicators, read together (see territoryInputsOf). */
export async function territoryMonthlyOf(store: Store, indicators: readonly Indicator[], span: MonthSpan): Promise<Map<Indicator, TerritoryFigure[]>> {
  const inputs = await territoryInputsOf(store, indicators, span);
  return new Map(indicators.map((i) => [i, territoryFigures(monthsOf(span), inputs.get(i)!)]));
}

/** The territory figure of each month that has any territory or commune row (for listings). */
export async function territoryMonthsWithRows(store: Store, indicator: Indicator, span: MonthSpan): Promise<TerritoryFigure[]> {
  const inputs = await territoryInputs(store, indicator, span);
  return territoryFigures(
    inputs.map((input) => input.month),
    inputs,
  );
}

/**
 * caf.fr sections at territory level per month, following the « rubrique » decision of each month.
 * `decisions`: the span's « rubrique » territory figures when the caller has them already (the
 * report does), so that the million-row table is not read once more for them.
 */
export async function territorySectionsMonthly(store: Store, span: MonthSpan, decisions?: readonly TerritoryFigure[]): Promise<SectionMonthValue[]> {
  const rows = await store.all(sql<{ month: IsoMonth; level: 'territoire' | 'communes'; section: string; value: number }>`
    SELECT month, CASE WHEN perimeter = 'territoire' THEN 'territoire' ELSE 'communes' END AS level,
           site_section AS section, sum(value) AS value
    FROM caf_figures
    WHERE indicator = ${INDICATOR_LABELS.siteSection} AND month BETWEEN ${span.from} AND ${span.to}
      AND (perimeter = 'territoire' OR perimeter LIKE 'commune:%')
    GROUP BY month, CASE WHEN perimeter = 'territoire' THEN 'territoire' ELSE 'communes' END, site_section
    ORDER BY month, level, site_section`);
  return territorySections(decisions ?? (await territoryMonthsWithRows(store, 'siteSection', span)), rows);
}

/** Communes' and places' own figures over the span, as the CAF sent them (sections summed). */
export async function perimeterMonthly(store: Store, span: MonthSpan): Promise<PerimeterMonthValue[]> {
  const rows = await store.all(sql<{ perimeter: string; indicator: string; month: IsoMonth; value: number }>`
    SELECT perimeter, indicator, month, sum(value) AS value FROM caf_figures
    WHERE month BETWEEN ${span.from} AND ${span.to} AND perimeter <> 'territoire'
    GROUP BY perimeter, indicator, month ORDER BY perimeter, indicator, month`);
  return rows.map((row) => ({ ...row, indicator: indicatorOfLabel(row.indicator)! }));
}
