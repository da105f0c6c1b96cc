/**
 * Dates of a series of sessions ("--chaque semaine|quinzaine|mois"), with the
 * public holidays of La Réunion left out and reported, so the user is told
 * which dates were skipped rather than finding a hole in the calendar later.
 */
import { addDaysIso, addMonthsIso, type IsoDate } from './dates.js';
import { holidayOn, type Holiday } from './holidays.js';

/** How often a series repeats: the French flag values are the code's values. */
export const SERIES_FREQUENCIES = ['semaine', 'quinzaine', 'mois'] as const;
export type SeriesFrequency = (typeof SERIES_FREQUENCIES)[number];

/** A series ends on a date (included) or after a number of sessions kept. */
export type SeriesEnd = { until: IsoDate } | { count: number };

/** The rule of a series, starting on the date of its first session. */
export interface SeriesRule {
  start: IsoDate;
  every: SeriesFrequency;
  end: SeriesEnd;
}

/** Dates to create, and holidays the series fell on and skipped. */
export interface SeriesPlan {
  dates: IsoDate[];
  skipped: Holiday[];
}

/** Upper bound on sessions in one series: a typo in --jusqu-au must not create years of sessions. */
export const MAX_SERIES_SESSIONS = 366;

/**
 * Expands a rule into dates. With `count`, the count is of sessions kept: a
 * holiday pushes the series one step further, because "10 séances" means ten
 * workshops held. Monthly series keep the start's day of month, clamped to the
 * month's last day (31 Jan -> 28 Feb -> 31 Mar), like date-fns addMonths.
 */
export function planSeries(rule: SeriesRule): SeriesPlan {
  const dates: IsoDate[] = [];
  const skipped: Holiday[] = [];
  const wanted = 'count' in rule.end ? Math.min(rule.end.count, MAX_SERIES_SESSIONS) : MAX_SERIES_SESSIONS;
  const until = 'until' in rule.end ? rule.end.until : undefined;
  // Bounded loop: holidays are few, so wanted + skipped steps always suffice.
  for (let step = 0; dates.length < wanted && step < wanted * 2 + 20; step++) {
    const date = occurrence(rule.start, rule.every, step);
    if (until !== undefined && date > until) break;
    const holiday = holidayOn(date);
    if (holiday) skipped.push(holiday);
    else dates.push(date);
  }
  return { dates, skipped };
}

/** The step-th date of a series, always computed from the start (no drift). */
export function occurrence(start: IsoDate, every: SeriesFrequency, step: number): IsoDate {
  if (every === 'mois') return addMonthsIso(start, step);
  return addDaysIso(start, (every === 'semaine' ? 7 : 14) * step);
}
