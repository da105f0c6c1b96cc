import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TZDate } from '@date-fns/tz/date';
import { format } from 'date-fns/format';
import {
  formatDateShortFr,
  formatMonthFr,
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
