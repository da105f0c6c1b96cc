import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TZDate } from '@date-fns/tz/date';
import { format } from 'date-fns/format';
import { fr } from 'date-fns/locale/fr';
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { addYears } from 'date-fns/addYears';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import {
  addDaysIso,
  addMonthsIso,
  addYearsIso,
  daysBetween,
  formatDateFr,
  formatDateLongFr,
  formatDateShortFr,
  formatMonthFr,
  fromDate,
  toDate,
  monthNameFr,
  monthShortFr,
  formatTimeFr,
  formatTimestampFr,
  parseDate,
  parseMonth,
  parseTime,
  timeInReunion,
  timestampInReunion,
  todayInReunion,
} from '../../src/domain/dates.js';
import { parseSemester, semesterRange, lastCompletedSemester } from '../../src/domain/semester.js';

describe('Réunion time', () => {
  it('the fixed UTC+4 offset agrees with the Indian/Reunion time-zone database over a century', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2090-12-31T23:59:59Z'), noInvalidDate: true }), (instant) => {
        const zoned = new TZDate(instant.getTime(), 'Indian/Reunion');
        expect(todayInReunion(instant)).toBe(format(zoned, 'yyyy-MM-dd'));
        expect(timeInReunion(instant)).toBe(format(zoned, 'HH:mm'));
        expect(timestampInReunion(instant)).toBe(format(zoned, "yyyy-MM-dd'T'HH:mm:ssxxx"));
      }),
      { numRuns: 500 },
    );
  });

  it('is already tomorrow there on a UTC evening', () => {
    expect(todayInReunion(new Date('2026-11-26T20:30:00Z'))).toBe('2026-11-27');
    expect(formatTimestampFr(new Date('2026-11-26T20:30:00Z'))).toBe('27 novembre 2026 à 00:30');
  });
});

describe('parsing and French formatting', () => {
  it.each([
    ['2026-03-15', '2026-03-15'],
    ['15/03/2026', '2026-03-15'],
    ['5/3/2026', '2026-03-05'],
    ['2028-02-29', '2028-02-29'],
  ])('reads the date %s', (text, iso) => expect(parseDate(text, '--date')).toBe(iso));

  it.each(['2026-02-30', '2027-02-29', '2026-13-01', '31/04/2026', 'demain', '2026-3-15', ''])('refuses the date « %s » naming the flag', (text) => {
    expect(() => parseDate(text, '--date')).toThrow(/--date/);
  });

  it.each([
    ['14:00', '14:00'],
    ['9:05', '09:05'],
    ['14h', '14:00'],
    ['14h30', '14:30'],
  ])('reads the time %s', (text, time) => expect(parseTime(text, '--debut')).toBe(time));

  it.each(['25:00', '14:60', '1400', 'midi', '-1:00'])('refuses the time « %s »', (text) => {
    expect(() => parseTime(text, '--debut')).toThrow(/--debut/);
  });

  it('reads months and semesters in their accepted forms', () => {
    expect(parseMonth('2026-07', '--mois')).toBe('2026-07');
    expect(parseMonth('07/2026', '--mois')).toBe('2026-07');
    expect(() => parseMonth('2026-13', '--mois')).toThrow(/--mois/);
    for (const text of ['2026-S2', 'S2-2026', '2026-2', 's2 2026']) expect(parseSemester(text)).toEqual({ year: 2026, half: 2 });
    for (const text of ['2026-S3', '2026', 'S0-2026', '2026-S']) expect(() => parseSemester(text)).toThrow(/--semestre/);
    expect(semesterRange({ year: 2026, half: 1 })).toMatchObject({ from: '2026-01-01', to: '2026-06-30' });
    expect(lastCompletedSemester('2026-11-27')).toEqual({ year: 2026, half: 1 });
    expect(lastCompletedSemester('2026-03-01')).toEqual({ year: 2025, half: 2 });
  });

  it('writes dates the French way', () => {
    expect(formatDateShortFr('2026-12-02')).toBe('mer. 2 déc. 2026');
    expect(formatMonthFr('2026-07')).toBe('juillet 2026');
    expect(formatTimeFr('14:00')).toBe('14h');
    expect(formatTimeFr('09:30')).toBe('9h30');
  });
});

describe('the dates written without date-fns', () => {
  // Every day of 32 years, leap days and every weekday included: the same French words as
  // date-fns' fr locale, and the same arithmetic as its add* and differenceInCalendarDays.
  const days: string[] = [];
  for (let day = new Date(Date.UTC(1999, 11, 1)); day.getUTCFullYear() < 2032; day.setUTCDate(day.getUTCDate() + 1)) days.push(day.toISOString().slice(0, 10));
  const dateFns = (pattern: string) => (iso: string) => format(toDate(iso), iso.endsWith('-01') ? pattern.replace(/\bd\b/, "d'er'") : pattern, { locale: fr });

  it('write every day as date-fns does', () => {
    const cases: [(iso: string) => string, string][] = [
      [formatDateShortFr, 'EEE d MMM yyyy'],
      [formatDateFr, 'd MMMM yyyy'],
      [formatDateLongFr, 'EEEE d MMMM yyyy'],
    ];
    for (const [ours, pattern] of cases) {
      const theirs = dateFns(pattern);
      expect(days.filter((iso) => ours(iso) !== theirs(iso))).toEqual([]);
    }
    const months = [...new Set(days.map((iso) => iso.slice(0, 7)))];
    expect(months.filter((m) => formatMonthFr(m) !== format(toDate(`${m}-01`), 'MMMM yyyy', { locale: fr }))).toEqual([]);
    expect(months.filter((m) => monthNameFr(m) !== format(toDate(`${m}-01`), 'MMMM', { locale: fr }))).toEqual([]);
    expect(months.filter((m) => monthShortFr(m) !== format(toDate(`${m}-01`), 'MMM', { locale: fr }))).toEqual([]);
    expect(formatDateShortFr('2026-06-01')).toBe('lun. 1er juin 2026');
    expect(formatDateLongFr('2026-12-10')).toBe('jeudi 10 décembre 2026');
  });

  it('add days, months and years and count days as date-fns does', () => {
    const iso = (date: Date) => fromDate(date);
    const wrong: string[] = [];
    for (const day of days.filter((_, i) => i % 3 === 0 || day29(days[i]!))) {
      for (const n of [-400, -31, -1, 0, 1, 28, 29, 30, 365, 366]) if (addDaysIso(day, n) !== iso(addDays(toDate(day), n))) wrong.push(`${day} + ${n} j`);
      for (const n of [-25, -12, -1, 1, 2, 11, 12, 13, 48]) if (addMonthsIso(day, n) !== iso(addMonths(toDate(day), n))) wrong.push(`${day} + ${n} mois`);
      for (const n of [-4, -1, 1, 3, 4]) if (addYearsIso(day, n) !== iso(addYears(toDate(day), n))) wrong.push(`${day} + ${n} ans`);
      for (const other of ['2000-02-29', '2026-03-29', '2026-10-25', '2031-12-31']) {
        if (daysBetween(day, other) !== differenceInCalendarDays(toDate(other), toDate(day))) wrong.push(`${day} → ${other}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(addMonthsIso('2026-01-31', 1)).toBe('2026-02-28');
    // What is no number or no date gives what date-fns gave: no date, or the same refusal.
    const missing = undefined as unknown as number;
    expect([addDaysIso('2026-01-31', missing), addMonthsIso('2026-01-31', missing), addYearsIso('2026-01-31', missing)]).toEqual(
      [addDays, addMonths, addYears].map((add) => iso(add(toDate('2026-01-31'), missing))),
    );
    for (const odd of ['2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10']) {
      expect([formatDateFr(odd), formatDateShortFr(odd), formatDateLongFr(odd)]).toEqual(['d MMMM yyyy', 'EEE d MMM yyyy', 'EEEE d MMMM yyyy'].map((p) => dateFns(p)(odd)));
      expect([addDaysIso(odd, 1), addMonthsIso(odd, 1)]).toEqual([iso(addDays(toDate(odd), 1)), iso(addMonths(toDate(odd), 1))]);
    }
    for (const notADate of ['2026-11', '2026-11-05T10:00', 'hier']) {
      expect(() => dateFns('d MMMM yyyy')(notADate)).toThrow('Invalid time value');
      expect(() => formatDateFr(notADate)).toThrow('Invalid time value');
    }
    expect(addYearsIso('2028-02-29', 1)).toBe('2029-02-28');
  });
});

function day29(iso: string): boolean {
  return iso.endsWith('-29') || iso.endsWith('-30') || iso.endsWith('-31');
}
