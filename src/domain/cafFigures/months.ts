// Months as CAF exports and French spreadsheets write them, read into 'YYYY-MM'.
import { fold, squeezeSpaces } from './text.js';
import { accept, refuse, type CellResult } from './result.js';

/** Month names and the abbreviations French software writes (with the dot removed). */
const MONTH_NAMES: ReadonlyMap<string, number> = new Map([
  ['janvier', 1], ['janv', 1], ['jan', 1],
  ['fevrier', 2], ['fevr', 2], ['fev', 2],
  ['mars', 3],
  ['avril', 4], ['avr', 4],
  ['mai', 5],
  ['juin', 6],
  ['juillet', 7], ['juil', 7],
  ['aout', 8],
  ['septembre', 9], ['sept', 9], ['sep', 9],
  ['octobre', 10], ['oct', 10],
  ['novembre', 11], ['nov', 11],
  ['decembre', 12], ['dec', 12],
]);

// Compiled once: the parser calls parseMonth per distinct cell text, never per row.
const ISO = /^(\d{4})-(\d{1,2})(?:-(\d{2}))?$/;
const SLASHED = /^(\d{1,2})\/(\d{4})$/;
const NAMED = /^([a-z]+)\.?\s*(\d{4})$/;
// What Excel shows for a month in a French column header: « juil.-26 », « août-26 », « janv. 26 ».
const NAMED_SHORT_YEAR = /^([a-z]+)\.?[\s-]*(\d{2})$/;
// A date typed in a header, the first of the month: « 01/08/2026 ».
const FIRST_OF_MONTH = /^0?1\/(\d{1,2})\/(\d{4})$/;
// A date cell read before the workbook's styles say it is a date: Excel's day number
// (days since 30 December 1899), 36526 being 1 January 2000.
const EXCEL_DAY = /^\d{5}$/;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** Reads `2026-07`, `07/2026`, `7/2026`, `juil. 2026`, `juillet 2026`, `févr. 2026`, `juil.-26`, `01/07/2026`... */
export function parseMonth(text: string): CellResult<string> {
  const raw = squeezeSpaces(text);
  if (raw === '') return refuse('mois manquant');
  const folded = fold(raw);
  let year: number;
  let month: number;
  let match = ISO.exec(folded);
  if (match) {
    // 'YYYY-MM-01' is what a spreadsheet date cell holding a month becomes.
    if (match[3] !== undefined && match[3] !== '01') return refuse(`« ${raw} » est une date, pas un mois (attendu : 2026-07)`);
    year = Number(match[1]);
    month = Number(match[2]);
  } else if ((match = SLASHED.exec(folded))) {
    month = Number(match[1]);
    year = Number(match[2]);
  } else if ((match = FIRST_OF_MONTH.exec(folded))) {
    month = Number(match[1]);
    year = Number(match[2]);
  } else if (EXCEL_DAY.test(folded)) {
    const day = new Date(EXCEL_EPOCH_MS + Number(folded) * 86_400_000);
    if (day.getUTCDate() !== 1) return refuse(`« ${raw} » est une date, pas un mois (attendu : 2026-07)`);
    year = day.getUTCFullYear();
    month = day.getUTCMonth() + 1;
  } else if ((match = NAMED.exec(folded) ?? NAMED_SHORT_YEAR.exec(folded))) {
    const named = MONTH_NAMES.get(match[1]!);
    if (named === undefined) return refuse(`mois inconnu « ${raw} » (attendu : 2026-07, 07/2026 ou juillet 2026)`);
    month = named;
    year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  } else {
    return refuse(`mois illisible « ${raw} » (attendu : 2026-07, 07/2026 ou juillet 2026)`);
  }
  if (month < 1 || month > 12) return refuse(`mois impossible « ${raw} »`);
  if (year < 2000 || year > 2099) return refuse(`année improbable « ${raw} »`);
  return accept(`${year}-${String(month).padStart(2, '0')}`);
}
