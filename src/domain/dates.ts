// Calendar dates are ISO strings ('YYYY-MM-DD'): sortable, stored as-is in SQLite, and free of
// the time-zone traps of Date. Date arithmetic works on UTC calendar days; the French names are
// date-fns' fr locale's, written here so that no command loads date-fns (its format and locale
// are ≈ 50 modules): test/domain/dates.test.ts checks both against date-fns day by day.
// Note: this pure module imports src/errors.ts, a leaf with no I/O, so that every parser throws
// the same UsageError (exit 2) naming the field.
import { UsageError } from '../errors.js';

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A month, 'YYYY-MM'. */
export type IsoMonth = string;
/** A local Réunion time of day, 'HH:MM'. */
export type LocalTime = string;

/**
 * La Réunion has kept UTC+4, without daylight saving, since 1911. A fixed offset spares every
 * command the time-zone database (20-40 ms at start-up); test/domain/dates.test.ts checks it
 * against @date-fns/tz's Indian/Reunion over a century of instants.
 */
const REUNION_OFFSET_MS = 4 * 3_600_000;

/** A Date whose UTC fields are the Réunion wall-clock time of `now`. */
function reunionWallClock(now: Date): Date {
  return new Date(now.getTime() + REUNION_OFFSET_MS);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRENCH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Local-noon Date for an ISO date. */
export function toDate(iso: IsoDate): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d, 12, 0, 0, 0);
}

/** ISO date of a Date's local calendar day. */
export function fromDate(date: Date): IsoDate {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function isValidIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2200) return false;
  return d <= daysInMonth(y, m);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a user date: 2026-03-15 or 15/03/2026. Throws a French UsageError naming the field. */
export function parseDate(text: string, field: string): IsoDate {
  const value = text.trim();
  let iso = value;
  const french = FRENCH_DATE.exec(value);
  if (french) iso = `${french[3]}-${french[2].padStart(2, '0')}-${french[1].padStart(2, '0')}`;
  if (!isValidIsoDate(iso)) {
    throw new UsageError(
      `${field} : « ${text} » n’est pas une date valide ; attendu AAAA-MM-JJ (par exemple 2026-03-15) ou JJ/MM/AAAA.`,
    );
  }
  return iso;
}

/** Parses a time of day: 14:00, 14h, 14h30, 9:05. Throws a French UsageError naming the field. */
export function parseTime(text: string, field: string): LocalTime {
  const match = /^(\d{1,2})(?:[:hH](\d{2})?)?$/.exec(text.trim());
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match && match[2] ? Number(match[2]) : 0;
  if (!match || hours > 23 || minutes > 59 || (!text.includes(':') && !/h/i.test(text) && text.trim().length > 2)) {
    throw new UsageError(`${field} : « ${text} » n’est pas une heure valide ; attendu HH:MM entre 00:00 et 23:59 (par exemple 14:30).`);
  }
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** Parses a month: 2026-07 or 07/2026. */
export function parseMonth(text: string, field: string): IsoMonth {
  const value = text.trim();
  let match = /^(\d{4})-(\d{1,2})$/.exec(value);
  let year = match ? Number(match[1]) : NaN;
  let month = match ? Number(match[2]) : NaN;
  if (!match) {
    match = /^(\d{1,2})\/(\d{4})$/.exec(value);
    if (match) [month, year] = [Number(match[1]), Number(match[2])];
  }
  if (!match || month < 1 || month > 12 || year < 1900 || year > 2200) {
    throw new UsageError(`${field} : « ${text} » n’est pas un mois valide ; attendu AAAA-MM (par exemple 2026-10).`);
  }
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Today's date in La Réunion, whatever the machine's time zone. */
export function todayInReunion(now: Date): IsoDate {
  return reunionWallClock(now).toISOString().slice(0, 10);
}

/** The current local time in La Réunion, 'HH:MM'. */
export function timeInReunion(now: Date): LocalTime {
  return reunionWallClock(now).toISOString().slice(11, 16);
}

/** A timestamp for the store (ISO 8601 in Réunion time, with its offset): what a reader expects to see. */
export function timestampInReunion(now: Date): string {
  return `${reunionWallClock(now).toISOString().slice(0, 19)}+04:00`;
}

/** Year, month (1-12) and day of an ISO date, normalised as a Date would ('2026-02-30' is 2 March). */
function partsOf(iso: IsoDate): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number);
  const date = utcDay(y, m - 1, d);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

/** The UTC midnight of a calendar day, its fields normalised (day 0 is the month's eve). */
function utcDay(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day); // full years below 100 too, unlike Date.UTC
  return date;
}

/** ISO date of a UTC calendar day; 'NaN-NaN-NaN' for no day at all, as fromDate writes it. */
function isoOfUtc(year: number, monthIndex: number, day: number): IsoDate {
  const date = utcDay(year, monthIndex, day);
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** The same day `years` later; 29 February becomes the 28th in a common year. */
export function addYearsIso(iso: IsoDate, years: number): IsoDate {
  return addMonthsIso(iso, years * 12);
}

/** The same day `months` later, or the last day of that month when it is shorter. */
export function addMonthsIso(iso: IsoDate, months: number): IsoDate {
  const [y, m, d] = partsOf(iso);
  const target = utcDay(y, m - 1 + months, 1);
  const last = daysInMonth(target.getUTCFullYear(), target.getUTCMonth() + 1);
  return isoOfUtc(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d, last));
}

export function addDaysIso(iso: IsoDate, days: number): IsoDate {
  const [y, m, d] = partsOf(iso);
  return isoOfUtc(y, m - 1, d + days);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = partsOf(from);
  const [ty, tm, td] = partsOf(to);
  return Math.round((utcDay(ty, tm - 1, td).getTime() - utcDay(fy, fm - 1, fd).getTime()) / 86_400_000);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(iso: IsoDate): number {
  return toDate(iso).getDay();
}

export function monthOf(iso: IsoDate): IsoMonth {
  return iso.slice(0, 7);
}

/** First and last day of a month. */
export function monthRange(month: IsoMonth): { from: IsoDate; to: IsoDate } {
  const [y, m] = month.split('-').map(Number);
  return { from: `${month}-01`, to: `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}` };
}

// The French names of date-fns' fr locale (abbreviated and wide), word for word.
const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const WEEKDAYS_SHORT = ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MONTHS_SHORT = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

/** One word of a date pattern, as date-fns' format writes it, for a day and its ISO text. */
const PIECES: Record<string, (date: Date, iso: IsoDate) => string> = {
  EEEE: (date) => WEEKDAYS[date.getUTCDay()]!,
  EEE: (date) => WEEKDAYS_SHORT[date.getUTCDay()]!,
  // French writes the first of a month as an ordinal: "1er décembre", "lun. 1er juin".
  d: (date, iso) => `${date.getUTCDate()}${iso.endsWith('-01') ? 'er' : ''}`,
  MMMM: (date) => MONTHS[date.getUTCMonth()]!,
  MMM: (date) => MONTHS_SHORT[date.getUTCMonth()]!,
  yyyy: (date) => String(date.getUTCFullYear()).padStart(4, '0'),
};

/**
 * A French date formatter for a pattern of the words above, remembering what it wrote: a
 * listing of 13,000 entries has a few hundred distinct dates. What is no date is refused as
 * date-fns refuses it.
 */
function frenchFormatter(pattern: string): (iso: IsoDate) => string {
  const cache = new Map<string, string>();
  const pieces = pattern.split(' ').map((word) => PIECES[word]!);
  return (iso) => {
    let text = cache.get(iso);
    if (text === undefined) {
      const [y, m, d] = partsOf(iso);
      const date = utcDay(y, m - 1, d);
      if (Number.isNaN(date.getTime())) throw new RangeError('Invalid time value');
      text = pieces.map((piece) => piece(date, iso)).join(' ');
      cache.set(iso, text);
    }
    return text;
  };
}

/** "mer. 2 déc. 2026", "mar. 1er déc. 2026" */
export const formatDateShortFr = frenchFormatter('EEE d MMM yyyy');

/** "2 décembre 2026", "1er décembre 2026" */
export const formatDateFr = frenchFormatter('d MMMM yyyy');

/** "jeudi 10 décembre 2026": a meeting's day in a convocation. */
export const formatDateLongFr = frenchFormatter('EEEE d MMMM yyyy');

const formatFirstOfMonth = frenchFormatter('MMMM yyyy');
/** "juillet 2026" */
export function formatMonthFr(month: IsoMonth): string {
  return formatFirstOfMonth(`${month}-01`);
}

const formatMonthName = frenchFormatter('MMMM');
/** "juillet": a month named in a range of months ("janvier-mars"). */
export function monthNameFr(month: IsoMonth): string {
  return formatMonthName(`${month}-01`);
}

const formatMonthShort = frenchFormatter('MMM');
/** "juil.": for chart axes, where a full name does not fit under a bar. */
export function monthShortFr(month: IsoMonth): string {
  return formatMonthShort(`${month}-01`);
}

/** "15/03/2026", the spreadsheet form. */
export function formatDateNumericFr(iso: IsoDate): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** "26 novembre 2026 à 20:15" in Réunion time. */
export function formatTimestampFr(now: Date): string {
  return `${formatDateFr(todayInReunion(now))} à ${timeInReunion(now)}`;
}

/** "14h", "9h30": how a poster or a sentence writes a time. */
export function formatTimeFr(time: LocalTime): string {
  // Listings write the same few dozen times thousands of times: each is worked out once.
  let shown = shownTimes.get(time);
  if (shown === undefined) {
    const [h, m] = time.split(':');
    shownTimes.set(time, (shown = `${Number(h)}h${m === '00' ? '' : m}`));
  }
  return shown;
}
const shownTimes = new Map<string, string>();

/** Minutes since midnight of 'HH:MM'. */
export function minutesOfDay(time: LocalTime): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

/** 'HH:MM' of minutes since midnight. */
export function timeOfMinutes(minutes: number): LocalTime {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
