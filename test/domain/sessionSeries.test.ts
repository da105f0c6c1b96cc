import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_SERIES_SESSIONS, occurrence, planSeries } from '../../src/domain/sessionSeries.js';
import { holidayOn } from '../../src/domain/holidays.js';

describe('planSeries', () => {
  it('weekly until a date skips Toussaint and tells its name', () => {
    // Sundays from 18 Oct 2026: 1 Nov is Toussaint.
    const plan = planSeries({ start: '2026-10-18', every: 'semaine', end: { until: '2026-11-15' } });
    expect(plan.dates).toEqual(['2026-10-18', '2026-10-25', '2026-11-08', '2026-11-15']);
    expect(plan.skipped).toEqual([{ date: '2026-11-01', name: 'Toussaint' }]);
  });

  it('weekly until a date skips 20 December (abolition of slavery) and Christmas', () => {
    // Sunday 20 Dec and Friday 25 Dec 2026 are not on the same weekday, so two series.
    const sundays = planSeries({ start: '2026-12-06', every: 'semaine', end: { until: '2026-12-31' } });
    expect(sundays.dates).toEqual(['2026-12-06', '2026-12-13', '2026-12-27']);
    expect(sundays.skipped.map((h) => h.name)).toEqual(["Abolition de l’esclavage"]);
    const fridays = planSeries({ start: '2026-12-04', every: 'semaine', end: { until: '2027-01-01' } });
    expect(fridays.dates).toEqual(['2026-12-04', '2026-12-11', '2026-12-18']);
    expect(fridays.skipped).toEqual([
      { date: '2026-12-25', name: 'Noël' },
      { date: '2027-01-01', name: "Jour de l’an" },
    ]);
  });

  it('includes the end date itself', () => {
    const plan = planSeries({ start: '2026-09-01', every: 'quinzaine', end: { until: '2026-09-29' } });
    expect(plan.dates).toEqual(['2026-09-01', '2026-09-15', '2026-09-29']);
  });

  it('with a count, keeps that many sessions and goes past skipped holidays', () => {
    const plan = planSeries({ start: '2026-12-06', every: 'semaine', end: { count: 4 } });
    expect(plan.dates).toEqual(['2026-12-06', '2026-12-13', '2026-12-27', '2027-01-03']);
    expect(plan.skipped.map((h) => h.date)).toEqual(['2026-12-20']);
  });

  it('fortnightly steps 14 days', () => {
    const plan = planSeries({ start: '2026-10-21', every: 'quinzaine', end: { count: 3 } });
    expect(plan.dates).toEqual(['2026-10-21', '2026-11-04', '2026-11-18']);
  });

  it('monthly keeps the day of month, clamped to short months without drifting', () => {
    const plan = planSeries({ start: '2027-01-31', every: 'mois', end: { count: 4 } });
    expect(plan.dates).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    const leap = planSeries({ start: '2027-12-31', every: 'mois', end: { count: 3 } });
    expect(leap.dates).toEqual(['2027-12-31', '2028-01-31', '2028-02-29']);
  });

  it('monthly on the 1st skips 1 May, 1 November and 1 January', () => {
    const plan = planSeries({ start: '2026-04-01', every: 'mois', end: { until: '2027-01-31' } });
    expect(plan.skipped.map((h) => h.date)).toEqual(['2026-05-01', '2026-11-01', '2027-01-01']);
    expect(plan.dates).toHaveLength(7);
  });

  it('returns nothing when the end date is before the start', () => {
    expect(planSeries({ start: '2026-10-01', every: 'semaine', end: { until: '2026-09-01' } })).toEqual({
      dates: [],
      skipped: [],
    });
  });

  it('never exceeds the series cap', () => {
    const plan = planSeries({ start: '2026-01-05', every: 'semaine', end: { until: '2099-12-31' } });
    expect(plan.dates).toHaveLength(MAX_SERIES_SESSIONS);
  });

  it('never keeps a holiday and keeps dates strictly increasing', () => {
    const iso = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(iso, fc.constantFrom('semaine', 'quinzaine', 'mois' as const), fc.integer({ min: 1, max: 40 }), (start, every, count) => {
        const plan = planSeries({ start, every, end: { count } });
        expect(plan.dates.length).toBe(count);
        for (const date of plan.dates) expect(holidayOn(date)).toBeUndefined();
        for (let i = 1; i < plan.dates.length; i++) expect(plan.dates[i]! > plan.dates[i - 1]!).toBe(true);
      }),
    );
  });
});

describe('occurrence', () => {
  it('crosses a year boundary monthly', () => {
    expect(occurrence('2026-11-15', 'mois', 2)).toBe('2027-01-15');
  });
});
