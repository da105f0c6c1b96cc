// Calendar semesters: the comité de pilotage meets and evaluates each one (charter art. 7).
// S1 is January-June, S2 July-December, in Réunion time.
import { UsageError } from '../errors.js';
import type { IsoDate, IsoMonth } from './dates.js';

export interface Semester {
  year: number;
  half: 1 | 2;
}

/** Accepts 2026-S2, S2-2026, 2026-2, 2026S2, "S2 2026". */
export function parseSemester(text: string, field = '--semestre'): Semester {
  const value = text.trim().toUpperCase().replace(/\s+/g, '-');
  let year = NaN;
  let half = NaN;
  const yearFirst = /^(\d{4})-?S?([12])$/.exec(value);
  const halfFirst = /^S([12])-?(\d{4})$/.exec(value);
  if (yearFirst && (value.includes('S') || value.includes('-'))) [year, half] = [Number(yearFirst[1]), Number(yearFirst[2])];
  else if (halfFirst) [half, year] = [Number(halfFirst[1]), Number(halfFirst[2])];
  if (year >= 1900 && year <= 2200 && (half === 1 || half === 2)) return { year, half };
  throw new UsageError(
    `${field} : « ${text} » n’est pas un semestre valide ; attendu 2026-S1 ou 2026-S2 (S1 : janvier-juin, S2 : juillet-décembre).`,
  );
}

export function semesterOf(date: IsoDate): Semester {
  const month = Number(date.slice(5, 7));
  return { year: Number(date.slice(0, 4)), half: month <= 6 ? 1 : 2 };
}

/** '2026-S2' */
export function semesterCode(s: Semester): string {
  return `${s.year}-S${s.half}`;
}

/** '2e semestre 2026 (juillet-décembre)' */
export function semesterLabelFr(s: Semester): string {
  return s.half === 1 ? `1er semestre ${s.year} (janvier-juin)` : `2e semestre ${s.year} (juillet-décembre)`;
}

export function semesterRange(s: Semester): { from: IsoDate; to: IsoDate; months: IsoMonth[] } {
  const first = s.half === 1 ? 1 : 7;
  const months = Array.from({ length: 6 }, (_, i) => `${s.year}-${String(first + i).padStart(2, '0')}`);
  return { from: `${months[0]}-01`, to: s.half === 1 ? `${s.year}-06-30` : `${s.year}-12-31`, months };
}

export function previousSemester(s: Semester): Semester {
  return s.half === 2 ? { year: s.year, half: 1 } : { year: s.year - 1, half: 2 };
}

export function nextSemester(s: Semester): Semester {
  return s.half === 1 ? { year: s.year, half: 2 } : { year: s.year + 1, half: 1 };
}

export function sameSemesterYearBefore(s: Semester): Semester {
  return { year: s.year - 1, half: s.half };
}

/** The last semester that has fully ended on `today`. */
export function lastCompletedSemester(today: IsoDate): Semester {
  return previousSemester(semesterOf(today));
}
