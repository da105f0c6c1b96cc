// Weekly time slots: the slots reserved for allocataires (charter art. 3 and 5) and opening
// hours. Entered in French ("mer 14:00-17:00"), stored as JSON, rendered in French for the
// poster and as an OSM opening_hours string for the national data standard.
import { UsageError } from '../errors.js';
import { formatTimeFr, minutesOfDay, parseTime, type LocalTime } from './dates.js';
import { normalizeName } from './territory.js';

export type Weekday = 'mo' | 'tu' | 'we' | 'th' | 'fr' | 'sa' | 'su';
export const WEEKDAYS: readonly Weekday[] = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];

export interface TimeSlot {
  day: Weekday;
  start: LocalTime;
  end: LocalTime;
}

export const WEEKDAY_NAMES_FR: Record<Weekday, string> = {
  mo: 'lundi',
  tu: 'mardi',
  we: 'mercredi',
  th: 'jeudi',
  fr: 'vendredi',
  sa: 'samedi',
  su: 'dimanche',
};

const DAY_ALIASES: Record<string, Weekday> = {
  lu: 'mo', lun: 'mo', lundi: 'mo',
  ma: 'tu', mar: 'tu', mardi: 'tu',
  me: 'we', mer: 'we', mercredi: 'we',
  je: 'th', jeu: 'th', jeudi: 'th',
  ve: 'fr', ven: 'fr', vendredi: 'fr',
  sa: 'sa', sam: 'sa', samedi: 'sa',
  di: 'su', dim: 'su', dimanche: 'su',
};

/** Weekday index as in Date.getDay() (0 = Sunday). */
export function weekdayIndex(day: Weekday): number {
  return (WEEKDAYS.indexOf(day) + 1) % 7;
}

/** Parses "mer 14:00-17:00", "mercredi 14h-17h", "sam. 9h-12h". */
export function parseSlot(text: string, field: string): TimeSlot {
  const match = /^\s*([\p{L}.]+)\s+(\S+)\s*[-–à]\s*(\S+)\s*$/u.exec(text);
  const day = match ? DAY_ALIASES[normalizeName(match[1]).replace(/ /g, '')] : undefined;
  if (!match || !day) {
    throw new UsageError(`${field} : « ${text} » n’est pas un créneau valide ; attendu un jour et une plage horaire, par exemple « mer 14:00-17:00 » ou « samedi 9h-12h ».`);
  }
  const start = parseTime(match[2], field);
  const end = parseTime(match[3], field);
  if (minutesOfDay(end) <= minutesOfDay(start)) {
    throw new UsageError(`${field} : dans « ${text} », l’heure de fin doit être après l’heure de début.`);
  }
  return { day, start, end };
}

export function sortSlots(slots: TimeSlot[]): TimeSlot[] {
  return [...slots].sort((a, b) => WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) || a.start.localeCompare(b.start));
}

/** OSM opening_hours: "We 14:00-17:00; Sa 09:00-12:00" (two ranges on one day: "We 09:00-12:00,14:00-17:00"). */
export function slotsToOsm(slots: TimeSlot[]): string {
  const byDay = new Map<Weekday, string[]>();
  for (const slot of sortSlots(slots)) byDay.set(slot.day, [...(byDay.get(slot.day) ?? []), `${slot.start}-${slot.end}`]);
  return [...byDay].map(([day, ranges]) => `${day[0].toUpperCase()}${day[1]} ${ranges.join(',')}`).join('; ');
}

/** "mercredi 14h-17h, samedi 9h-12h" */
export function slotsToFrench(slots: TimeSlot[]): string {
  return sortSlots(slots)
    .map((s) => `${WEEKDAY_NAMES_FR[s.day]} ${formatTimeFr(s.start)}-${formatTimeFr(s.end)}`)
    .join(', ');
}
