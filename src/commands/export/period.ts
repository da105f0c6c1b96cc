// Which period an export covers: a month (default: the previous calendar month in Réunion time,
// what a cron on the 1st wants) or a semester (what the comité de pilotage evaluates, art. 7).
import { UsageError } from '../../errors.js';
import { addMonthsIso, formatMonthFr, monthOf, monthRange, parseMonth, type IsoDate } from '../../domain/dates.js';
import { parseSemester, semesterCode, semesterLabelFr, semesterRange } from '../../domain/semester.js';

export interface ExportPeriodSpec {
  /** '2026-10' or '2026-S2': the file-name part. */
  code: string;
  /** 'octobre 2026', '2e semestre 2026 (juillet-décembre)'. */
  label: string;
  from: IsoDate;
  to: IsoDate;
}

const PREVIOUS = new Set(['precedent', 'précédent', 'dernier']);

export function resolvePeriod(flags: { mois?: string; semestre?: string }, today: IsoDate): ExportPeriodSpec {
  if (flags.mois !== undefined && flags.semestre !== undefined) {
    throw new UsageError('--mois et --semestre ne vont pas ensemble ; choisissez un mois ou un semestre.');
  }
  if (flags.semestre !== undefined) {
    const semester = parseSemester(flags.semestre, '--semestre');
    const range = semesterRange(semester);
    return { code: semesterCode(semester), label: semesterLabelFr(semester), from: range.from, to: range.to };
  }
  const text = flags.mois?.trim().toLowerCase();
  const month = text === undefined || PREVIOUS.has(text) ? monthOf(addMonthsIso(`${monthOf(today)}-01`, -1)) : parseMonthFlag(flags.mois!);
  const range = monthRange(month);
  return { code: month, label: formatMonthFr(month), from: range.from, to: range.to };
}

function parseMonthFlag(text: string): string {
  try {
    return parseMonth(text, '--mois');
  } catch {
    throw new UsageError(`--mois : « ${text} » n’est pas un mois valide ; attendu AAAA-MM (par exemple 2026-10) ou « precedent ».`);
  }
}
