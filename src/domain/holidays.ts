import { addDaysIso, type IsoDate } from './dates.js';

/**
 * Public holidays of La Réunion: the French national ones plus 20 December
 * (abolition of slavery, fête de la liberté), which only the island keeps.
 * Pure: dates are ISO 'YYYY-MM-DD' strings, computed for any Gregorian year.
 */

/** One public holiday: its ISO date and the French name a user reads. */
export interface Holiday {
  date: IsoDate;
  name: string;
}

/** Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoOf(year, month, day);
}

/** All public holidays of a year, in calendar order. */
export function holidaysOfYear(year: number): Holiday[] {
  const easter = easterSunday(year);
  const fixed = (month: number, day: number, name: string): Holiday => ({
    date: isoOf(year, month, day),
    name,
  });
  const movable = (offset: number, name: string): Holiday => ({
    date: addDaysIso(easter, offset),
    name,
  });
  return [
    fixed(1, 1, "Jour de l’an"),
    movable(1, 'Lundi de Pâques'),
    fixed(5, 1, 'Fête du Travail'),
    fixed(5, 8, 'Victoire 1945'),
    movable(39, 'Ascension'),
    movable(50, 'Lundi de Pentecôte'),
    fixed(7, 14, 'Fête nationale'),
    fixed(8, 15, 'Assomption'),
    fixed(11, 1, 'Toussaint'),
    fixed(11, 11, 'Armistice 1918'),
    fixed(12, 20, "Abolition de l’esclavage"),
    fixed(12, 25, 'Noël'),
  ].sort((x, y) => x.date.localeCompare(y.date));
}

// Series and calendars ask about the same few years again and again.
const cache = new Map<number, Map<string, Holiday>>();

/** The holiday falling on an ISO date, if any. */
export function holidayOn(date: IsoDate): Holiday | undefined {
  const year = Number(date.slice(0, 4));
  let byDate = cache.get(year);
  if (!byDate) {
    byDate = new Map(holidaysOfYear(year).map((h) => [h.date, h]));
    cache.set(year, byDate);
  }
  return byDate.get(date);
}

/** Holidays between two ISO dates, both included. */
export function holidaysBetween(from: IsoDate, to: IsoDate): Holiday[] {
  const out: Holiday[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const h of holidaysOfYear(y)) if (h.date >= from && h.date <= to) out.push(h);
  }
  return out;
}

function isoOf(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
