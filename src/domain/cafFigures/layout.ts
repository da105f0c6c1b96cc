// Finding the figures in a spreadsheet made for people. The CAF's statistics department sends
// files with a title block above the header, total rows, merged header cells and, often, one
// column per month with indicators or sections down the rows. This reader finds the header
// within the first rows, recognises the layout, skips and checks total rows, and hands every
// figure to the FigureReader as one long row (mois, perimetre, indicateur, rubrique, valeur).
import { formatIntFr } from '../numbers.js';
import { parseMonth } from './months.js';
import { parseCount } from './numbers.js';
import { fold } from './text.js';
import { FigureReader } from './reader.js';
import { COLUMNS, type ReadSummary, type RowError } from './types.js';

/** The header must be within this many rows of the top of the file. */
export const HEADER_SEARCH_ROWS = 30;

/** The long layout's example file, and its twin with one column per month. */
export const EXAMPLE_FILES = ['data/exemple-stats-caf.csv', 'data/exemple-stats-caf-mois-en-colonnes.csv'] as const;

/** Names a wide layout's label columns go by, folded. */
const LABEL_NAMES: Record<'perimetre' | 'indicateur' | 'rubrique', readonly string[]> = {
  perimetre: ['perimetre', 'perimetres', 'commune', 'communes', 'territoire', 'lieu'],
  indicateur: ['indicateur', 'indicateurs'],
  rubrique: ['rubrique', 'rubriques'],
};

/** "Total", "TOTAL", "Ensemble", "Sous-total", "Total Le Tampon"... */
export function isTotalLabel(text: string): boolean {
  const folded = fold(text);
  return folded === 'ensemble' || folded === 'total' || folded.startsWith('total ') || folded.startsWith('sous-total') || folded.startsWith('sous total');
}

interface WideLayout {
  perimeter: number;
  indicator: number; // -1: none (every row is a section)
  section: number; // -1: none
  /** Month columns: their index, the raw header cell that names the month, and its text. */
  months: { column: number; cell: string; text: string }[];
}

/**
 * Reads records (CSV or sheet rows) in order. Until the header is found, rows are kept (at most
 * HEADER_SEARCH_ROWS of them) for the message shown when no layout is recognised.
 */
export class LayoutReader {
  private mode: 'searching' | 'long' | 'wide' | 'failed' = 'searching';
  private readonly examined: { line: number; cells: string[] }[] = [];
  private partialLongHeader: { line: number; cells: string[] } | null = null;
  private wide: WideLayout | null = null;
  private valueColumn = 0;
  private readonly warnings: RowError[] = [];
  // Running sums since the last total row: one for the long layout, one per month column for the wide.
  private longSum = 0;
  private wideSums: number[] = [];
  // Wide layout: a label cell merged down several rows is empty below its first row.
  private lastPerimeter = '';
  private lastIndicator = '';
  private readonly synthetic: string[] = ['', '', '', '', ''];
  private run = '';

  constructor(private readonly figures: FigureReader) {}

  push(cells: readonly string[], count: number, line: number): void {
    if (this.mode === 'long') return this.pushLong(cells, count, line);
    if (this.mode === 'wide') return this.pushWide(cells, count, line);
    if (this.mode === 'failed') return;
    this.search(cells.slice(0, count).map((cell) => this.figures.text(cell)), cells, count, line);
  }

  reject(line: number, reason: string): void {
    this.figures.reject(line, reason);
  }

  finish(): ReadSummary {
    if (this.mode === 'searching' && this.examined.length > 0) this.giveUp();
    const summary = this.figures.finish();
    return { ...summary, warnings: this.warnings };
  }

  private search(texts: string[], raw: readonly string[], count: number, line: number): void {
    const folded = texts.map((text) => fold(text.replace(/^\uFEFF/, '')));
    const longColumns = COLUMNS.filter((column) => folded.includes(column)).length;
    if (longColumns === COLUMNS.length) {
      this.mode = 'long';
      this.figures.push(raw, count, line); // the reader validates the header itself
      this.valueColumn = folded.indexOf('valeur');
      return;
    }
    if (longColumns >= 3 && this.partialLongHeader === null) this.partialLongHeader = { line, cells: [...raw.slice(0, count)] };
    const previous = this.examined.length > 0 && this.examined[this.examined.length - 1]!.line === line - 1 ? this.examined[this.examined.length - 1]!.cells : [];
    const wide = this.wideHeader(texts, raw, folded, previous.map((cell) => fold(cell)));
    if (wide !== null) {
      this.mode = 'wide';
      this.wide = wide;
      this.wideSums = wide.months.map(() => 0);
      this.figures.useHeader({ mois: 0, perimetre: 1, indicateur: 2, rubrique: 3, valeur: 4 }, 5);
      return;
    }
    if (!texts.every((text) => text.trim() === '')) this.examined.push({ line, cells: texts });
    if (line >= HEADER_SEARCH_ROWS) this.giveUp();
  }

  /** A row naming months in some columns and, in others, the perimeter and the indicator or section. */
  private wideHeader(texts: string[], raw: readonly string[], folded: string[], above: string[]): WideLayout | null {
    const months: WideLayout['months'] = [];
    const labels = { perimetre: -1, indicateur: -1, rubrique: -1 };
    texts.forEach((text, column) => {
      if (text.trim() === '') {
        // A label merged down from the row above (its value sits in the top cell only).
        const name = above[column];
        if (name !== undefined) this.assignLabel(labels, name, column);
        return;
      }
      const month = parseMonth(text);
      if (month.ok) months.push({ column, cell: raw[column]!, text: text.trim() });
      else this.assignLabel(labels, folded[column]!, column);
    });
    if (months.length === 0 || labels.perimetre < 0 || (labels.indicateur < 0 && labels.rubrique < 0)) return null;
    return { perimeter: labels.perimetre, indicator: labels.indicateur, section: labels.rubrique, months };
  }

  private assignLabel(labels: { perimetre: number; indicateur: number; rubrique: number }, name: string, column: number): void {
    for (const key of ['perimetre', 'indicateur', 'rubrique'] as const) {
      if (labels[key] < 0 && LABEL_NAMES[key].includes(name)) labels[key] = column;
    }
  }

  private pushLong(cells: readonly string[], count: number, line: number): void {
    const label = firstNonEmpty(cells, count);
    if (label !== null && !isDigit(label.charCodeAt(0)) && isTotalLabel(this.figures.text(label))) {
      const total = parseCount(this.figures.text(cells[this.valueColumn] ?? ''));
      if (total.ok && total.value !== this.longSum) this.warnTotal(line, null, total.value, this.longSum);
      this.longSum = 0;
      return;
    }
    const value = parseCount(this.figures.text(cells[this.valueColumn] ?? ''));
    if (value.ok) this.longSum += value.value;
    this.figures.pushRow(cells, count, line);
  }

  private pushWide(cells: readonly string[], count: number, line: number): void {
    const layout = this.wide!;
    if (isBlankRow(cells, count)) return;
    // Raw cells go to the figure reader (it decodes them); decoded text serves the checks here.
    const rawCell = (column: number) => (column >= 0 && column < count ? cells[column]! : '');
    const text = (column: number) => this.figures.text(rawCell(column)).trim();
    const label = firstNonEmpty(cells, count);
    if (label !== null && isTotalLabel(this.figures.text(label))) {
      layout.months.forEach((month, i) => {
        const total = parseCount(text(month.column));
        if (total.ok && total.value !== this.wideSums[i]) this.warnTotal(line, month.text, total.value, this.wideSums[i]!);
        this.wideSums[i] = 0;
      });
      return;
    }
    const perimeter = text(layout.perimeter) !== '' ? rawCell(layout.perimeter) : this.lastPerimeter;
    const section = text(layout.section) !== '' ? rawCell(layout.section) : '';
    const indicator = text(layout.indicator) !== '' ? rawCell(layout.indicator) : section !== '' || layout.indicator < 0 ? 'rubrique' : this.lastIndicator;
    this.lastPerimeter = perimeter;
    this.lastIndicator = indicator;
    // A total row sums the run of rows above it with the same perimeter and indicator (the
    // sections of a perimeter, say): a new run starts the sums again.
    const run = `${perimeter}|${indicator}`;
    if (run !== this.run) {
      this.run = run;
      this.wideSums.fill(0);
    }
    const row = this.synthetic;
    layout.months.forEach((month, i) => {
      if (text(month.column) === '') return; // no figure for that month
      const value = rawCell(month.column);
      const parsed = parseCount(this.figures.text(value));
      if (parsed.ok) this.wideSums[i]! += parsed.value;
      row[0] = month.cell;
      row[1] = perimeter;
      row[2] = indicator;
      row[3] = section;
      row[4] = value;
      this.figures.pushRow(row, 5, line);
    });
  }

  private warnTotal(line: number, month: string | null, total: number, sum: number): void {
    const where = month === null ? '' : `, colonne « ${month} »`;
    this.warnings.push({
      line,
      reason: `ligne de total${where}\u00a0: ${formatIntFr(total)} alors que les lignes au-dessus font ${formatIntFr(sum)} ; la ligne de total est ignorée, les chiffres sont importés`,
    });
  }

  /** No layout recognised: one message with the rows examined and the two layouts accepted. */
  private giveUp(): void {
    this.mode = 'failed';
    if (this.partialLongHeader !== null) {
      // Close to the long layout: the reader names the missing columns.
      this.figures.push(this.partialLongHeader.cells, this.partialLongHeader.cells.length, this.partialLongHeader.line);
      return;
    }
    this.figures.useHeader({ mois: 0, perimetre: 1, indicateur: 2, rubrique: 3, valeur: 4 }, 5);
    const shown = this.examined.slice(0, 10).map(({ line, cells }) => `      ligne ${line}\u00a0: ${excerpt(cells.filter((c) => c.trim() !== '').join(' | '), 90)}`);
    this.figures.reject(
      this.examined[0]?.line ?? 1,
      [
        `disposition du fichier non reconnue dans ses ${HEADER_SEARCH_ROWS} premières lignes (aucune ligne d’en-tête trouvée). Lignes examinées\u00a0:`,
        ...shown,
        ...(this.examined.length > shown.length ? [`      … et ${this.examined.length - shown.length} autres`] : []),
        '    Deux dispositions sont acceptées (un titre au-dessus et des lignes de total sont permis)\u00a0:',
        `    - un chiffre par ligne, en-tête ${COLUMNS.join(';')}, par exemple\u00a0:`,
        `        ${COLUMNS.join(';')}`,
        '        2026-07;Territoire Sud;consultations;;134992',
        '    - un mois par colonne, les indicateurs ou les rubriques en lignes, par exemple\u00a0:',
        '        perimetre;indicateur;rubrique;juil.-26;août-26',
        '        Territoire Sud;consultations;;134992;128450',
        `    Exemples complets\u00a0: ${EXAMPLE_FILES[0]} et ${EXAMPLE_FILES[1]}.`,
      ].join('\n'),
    );
  }
}

function firstNonEmpty(cells: readonly string[], count: number): string | null {
  for (let i = 0; i < count; i++) if (cells[i]!.trim() !== '') return cells[i]!;
  return null;
}

function isBlankRow(cells: readonly string[], count: number): boolean {
  return firstNonEmpty(cells, count) === null;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function excerpt(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
