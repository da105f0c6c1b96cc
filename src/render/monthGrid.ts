/**
 * A month as a terminal grid: weeks start on Monday (French usage), each day
 * shows how many sessions it holds, public holidays are starred and named
 * under the grid, so a planner sees at a glance where the gaps are.
 */
import { daysInMonth, formatMonthFr, formatDateShortFr, weekdayOf, type IsoDate, type IsoMonth } from '../domain/dates.js';
import { holidayOn, type Holiday } from '../domain/holidays.js';

/** Optional styling (colour on a terminal); plain text by default. */
export interface GridPaint {
  holiday(text: string): string;
  busy(text: string): string;
  today(text: string): string;
}

export interface MonthGridInput {
  month: IsoMonth;
  /** Number of sessions held on each ISO date (cancelled ones left out by the caller). */
  counts: ReadonlyMap<IsoDate, number>;
  /** Réunion date of today, marked when it falls in the month. */
  today?: IsoDate;
  paint?: GridPaint;
}

const HEADERS = ['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'];
const CELL = 8;
const plain: GridPaint = { holiday: (s) => s, busy: (s) => s, today: (s) => s };

/** The grid, a legend line and the month's holidays, as lines of text. */
export function renderMonthGrid(input: MonthGridInput): string {
  const paint = input.paint ?? plain;
  const [year, month] = input.month.split('-').map(Number) as [number, number];
  const lastDay = daysInMonth(year, month);
  // weekdayOf: 0 = Sunday; shift so that Monday is column 0.
  const firstColumn = (weekdayOf(`${input.month}-01`) + 6) % 7;

  const title = formatMonthFr(input.month);
  const width = HEADERS.length * (CELL + 1) - 1;
  const lines = [center(title.charAt(0).toUpperCase() + title.slice(1), width)];
  lines.push(HEADERS.map((h) => h.padEnd(CELL)).join(' ').trimEnd());

  const holidays: Holiday[] = [];
  let row: string[] = Array.from({ length: firstColumn }, () => ' '.repeat(CELL));
  for (let day = 1; day <= lastDay; day++) {
    const date = `${input.month}-${String(day).padStart(2, '0')}`;
    const holiday = holidayOn(date);
    if (holiday) holidays.push(holiday);
    row.push(cell(day, holiday !== undefined, input.counts.get(date) ?? 0, date === input.today, paint));
    if (row.length === 7) {
      lines.push(row.join(' ').trimEnd());
      row = [];
    }
  }
  if (row.length > 0) lines.push(row.join(' ').trimEnd());

  lines.push('', '(n) : nombre de séances ; * : jour férié');
  for (const h of holidays) {
    lines.push(paint.holiday(`* ${formatDateShortFr(h.date)} : ${h.name}`));
  }
  return lines.join('\n') + '\n';
}

// Padding is computed on the plain text: colour codes have no width.
function cell(day: number, isHoliday: boolean, count: number, isToday: boolean, paint: GridPaint): string {
  const dayText = String(day).padStart(2) + (isHoliday ? '*' : '');
  const countText = count > 0 ? ` (${count})` : '';
  const padding = ' '.repeat(Math.max(0, CELL - dayText.length - countText.length));
  let shownDay = isHoliday ? paint.holiday(dayText) : dayText;
  if (isToday) shownDay = paint.today(shownDay);
  return shownDay + (count > 0 ? paint.busy(countText) : '') + padding;
}

function center(text: string, width: number): string {
  return ' '.repeat(Math.max(0, Math.floor((width - text.length) / 2))) + text;
}
