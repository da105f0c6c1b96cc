import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { easterSunday, holidayOn, holidaysBetween, holidaysOfYear } from '../../src/domain/holidays.js';

describe('easterSunday', () => {
  it.each([
    [1818, '1818-03-22'], // earliest possible
    [1943, '1943-04-25'], // latest possible
    [2000, '2000-04-23'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('Pâques %i tombe le %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
        const easter = easterSunday(year);
        const [y, m, d] = easter.split('-').map(Number) as [number, number, number];
        expect(new Date(Date.UTC(y, m - 1, d)).getUTCDay()).toBe(0);
        expect(easter >= `${easter.slice(0, 4)}-03-22` && easter <= `${easter.slice(0, 4)}-04-25`).toBe(true);
      }),
    );
  });
});

describe('holidaysOfYear', () => {
  it('lists the twelve holidays of La Réunion for 2026, in order, with French names', () => {
    expect(holidaysOfYear(2026)).toEqual([
      { date: '2026-01-01', name: "Jour de l’an" },
      { date: '2026-04-06', name: 'Lundi de Pâques' },
      { date: '2026-05-01', name: 'Fête du Travail' },
      { date: '2026-05-08', name: 'Victoire 1945' },
      { date: '2026-05-14', name: 'Ascension' },
      { date: '2026-05-25', name: 'Lundi de Pentecôte' },
      { date: '2026-07-14', name: 'Fête nationale' },
      { date: '2026-08-15', name: 'Assomption' },
      { date: '2026-11-01', name: 'Toussaint' },
      { date: '2026-11-11', name: 'Armistice 1918' },
      { date: '2026-12-20', name: "Abolition de l’esclavage" },
      { date: '2026-12-25', name: 'Noël' },
    ]);
  });

  it('moves the Easter-based holidays with Easter (2027)', () => {
    const byName = Object.fromEntries(holidaysOfYear(2027).map((h) => [h.name, h.date]));
    expect(byName['Lundi de Pâques']).toBe('2027-03-29');
    expect(byName['Ascension']).toBe('2027-05-06');
    expect(byName['Lundi de Pentecôte']).toBe('2027-05-17');
  });

  it('keeps Ascension on a Thursday and the Easter and Whit Mondays on Mondays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), (year) => {
        const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
        const byName = Object.fromEntries(holidaysOfYear(year).map((h) => [h.name, h.date]));
        expect(weekday(byName['Ascension']!)).toBe(4);
        expect(weekday(byName['Lundi de Pâques']!)).toBe(1);
        expect(weekday(byName['Lundi de Pentecôte']!)).toBe(1);
      }),
    );
  });
});

describe('holidayOn / holidaysBetween', () => {
  it('names the holiday on a date and nothing on an ordinary day', () => {
    expect(holidayOn('2026-12-20')?.name).toBe("Abolition de l’esclavage");
    expect(holidayOn('2031-12-20')?.name).toBe("Abolition de l’esclavage");
    expect(holidayOn('2026-11-01')?.name).toBe('Toussaint');
    expect(holidayOn('2026-12-21')).toBeUndefined();
  });

  it('finds holidays across a year boundary, bounds included', () => {
    expect(holidaysBetween('2026-12-20', '2027-01-01').map((h) => h.date)).toEqual([
      '2026-12-20',
      '2026-12-25',
      '2027-01-01',
    ]);
  });
});
