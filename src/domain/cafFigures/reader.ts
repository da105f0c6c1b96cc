// Validating the rows of a CAF figures file, one at a time, into figures or refusals.
import { parseMonth } from './months.js';
import { parseCount } from './numbers.js';
import { fold, squeezeSpaces } from './text.js';
import { isOutsideTerritory, perimeterKey, type Perimeter, type PerimeterResolver } from './perimeter.js';
import type { CellResult } from './result.js';
import { LineIndex } from './lineIndex.js';
import { COLUMNS, INDICATOR_LABELS, INDICATORS, type Column, type FigureSink, type Indicator, type ReadSummary, type RowError } from './types.js';
import { plural } from '../french.js';

/** A caf.fr section name is a few words; a longer cell is a broken file, not a section. */
const MAX_SECTION_LENGTH = 200;

/** A cell quoted in a message: never the whole of a runaway cell. */
function excerpt(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Every spelling of an indicator met in files (folded), to its code name. */
const INDICATOR_SPELLINGS: ReadonlyMap<string, Indicator> = new Map([
  ['consultations', 'consultations'],
  ['consultation', 'consultations'],
  ['rubrique', 'siteSection'],
  ['rubriques', 'siteSection'],
  ['teledeclarations', 'onlineDeclaration'],
  ['teledeclaration', 'onlineDeclaration'],
  // As the CAF's own spreadsheets label their rows.
  ['consultations de caf.fr', 'consultations'],
  ['consultations caf.fr', 'consultations'],
  ['rubriques consultees', 'siteSection'],
]);

/**
 * Validates rows one at a time. Cell texts repeat a lot in these files (a few months,
 * perimeters and sections over thousands of rows), so each distinct text is read once
 * and cached; only the value is parsed per row.
 */
export class FigureReader {
  private header: Record<Column, number> | null = null;
  private lastColumn = 0; // highest index of a required column: shorter rows are refused
  private columnCount = 0; // columns in the header, for the message
  private headerSeen = false;
  private figureCount = 0;
  private readonly errors: RowError[] = [];
  private readonly months = new Map<string, CellResult<Numbered<string>>>();
  private readonly perimeters = new Map<string, CellResult<ResolvedPerimeter>>();
  private readonly indicators = new Map<string, Indicator | undefined>();
  private readonly sectionSpellings = new Map<string, Section>(); // folded name -> first spelling
  private readonly sections = new Map<string, Section | null>(); // raw cell -> section
  // Duplicate check, two levels: (month, perimeter) -> (section, indicator) -> first line.
  // Many small indexes instead of one map of a million keys: files come grouped by month
  // and perimeter, so the index in use stays in the CPU cache (one big map cost ~1 s).
  private readonly seen = new Map<number, LineIndex>();
  private groupKey = -1;
  private group: LineIndex | undefined;
  private monthCount = 0;
  private perimeterCount = 0;
  private sectionCount = 0;

  constructor(
    private readonly resolvePerimeter: PerimeterResolver,
    private readonly onFigure: FigureSink,
    /** Real text of a raw cell (see DecodedText); applied once per distinct cell. */
    private readonly cellText: (cell: string) => string = (cell) => cell,
  ) {}

  /** Reads one record: its first `count` cells (the array may be longer, see RecordSink). */
  push(cells: readonly string[], count: number, line: number): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      this.readHeader(cells.slice(0, count), line);
      return;
    }
    this.pushRow(cells, count, line);
  }

  /** A data row, once the header is known (LayoutReader finds the header itself). */
  pushRow(cells: readonly string[], count: number, line: number): void {
    if (this.header === null) return; // header refused: rows cannot be read
    if (isBlank(cells, count)) return;
    this.readRow(cells, count, line, this.header);
  }

  /** Takes a header found elsewhere: the columns' positions, and how many cells a row may have. */
  useHeader(positions: Record<Column, number>, columnCount: number): void {
    this.headerSeen = true;
    this.header = positions;
    this.lastColumn = Math.max(...Object.values(positions));
    this.columnCount = columnCount;
  }

  /** Real text of a raw cell (for the layout reader, which sees the same raw cells). */
  text(cell: string): string {
    return this.cellText(cell);
  }

  reject(line: number, reason: string): void {
    this.errors.push({ line, reason });
  }

  finish(): ReadSummary {
    if (!this.headerSeen) this.errors.push({ line: 1, reason: `fichier vide : l’en-tête ${COLUMNS.join(';')} est attendu` });
    this.errors.sort((a, b) => a.line - b.line);
    return { errors: this.errors, figureCount: this.figureCount, warnings: [] };
  }

  private readHeader(cells: readonly string[], line: number): void {
    const positions = new Map<string, number>();
    const problems: string[] = [];
    cells.forEach((raw, index) => {
      const cell = this.cellText(raw);
      const name = fold(cell.replace(/^\uFEFF/, ''));
      if (name === '') return;
      if (positions.has(name)) problems.push(`colonne « ${cell.trim()} » en double`);
      else positions.set(name, index);
    });
    const missing = COLUMNS.filter((column) => !positions.has(column));
    if (missing.length > 0) {
      const names = missing.map((column) => `« ${column} »`).join(', ');
      problems.push(
        `${plural(missing.length, 'colonne', 'colonnes')} ${names} ${plural(missing.length, 'absente', 'absentes')} de l’en-tête (attendu : ${COLUMNS.join(';')})`,
      );
    }
    if (problems.length > 0) {
      this.errors.push({ line, reason: problems.join(' ; ') });
      return;
    }
    this.header = Object.fromEntries(COLUMNS.map((column) => [column, positions.get(column)!])) as Record<Column, number>;
    this.lastColumn = Math.max(...Object.values(this.header));
    this.columnCount = cells.length;
  }

  private readRow(cells: readonly string[], count: number, line: number, header: Record<Column, number>): void {
    // Too many cells is as wrong as too few: "1,520" unquoted in a comma-separated file
    // would otherwise silently import 1. Empty trailing cells (Excel's ";;") are harmless.
    if (count <= this.lastColumn || (count > this.columnCount && !isBlank(cells.slice(this.columnCount, count), count - this.columnCount))) {
      this.errors.push({ line, reason: `${count} colonnes au lieu de ${this.columnCount} : vérifiez le séparateur et les guillemets (un nombre écrit avec une virgule doit être entre guillemets)` });
      return;
    }
    const monthCell = cells[header.mois]!;
    const perimeterCell = cells[header.perimetre]!;
    const indicatorCell = cells[header.indicateur]!;
    const sectionCell = cells[header.rubrique]!;
    const valueCell = cells[header.valeur]!;
    const month = this.month(monthCell);
    const perimeter = this.perimeter(perimeterCell);
    const indicator = this.indicator(indicatorCell);
    const section = this.section(sectionCell);
    const value = parseCount(this.cellText(valueCell));
    const sectionTooLong = section !== null && section.name.length > MAX_SECTION_LENGTH;
    // The happy path allocates nothing but the figure; reasons are gathered only on failure.
    if (!month.ok || !perimeter.ok || indicator === undefined || !value.ok || (indicator === 'siteSection') !== (section !== null) || sectionTooLong) {
      const reasons: string[] = [];
      if (sectionTooLong) reasons.push(`nom de rubrique trop long (${section.name.length} caractères, ${MAX_SECTION_LENGTH} au plus)`);
      if (!month.ok) reasons.push(month.reason);
      if (!perimeter.ok) reasons.push(perimeter.reason);
      if (indicator === undefined) {
        reasons.push(`indicateur inconnu « ${excerpt(this.cellText(indicatorCell).trim())} » (attendu : consultations, rubrique ou teledeclarations)`);
      } else if (indicator === 'siteSection' && section === null) {
        reasons.push('rubrique manquante pour une ligne « rubrique »');
      } else if (indicator !== 'siteSection' && section !== null) {
        reasons.push(`la colonne rubrique doit rester vide pour l’indicateur « ${INDICATOR_LABELS[indicator]} »`);
      }
      if (!value.ok) reasons.push(value.reason);
      // A runaway cell is quoted in a reason: keep each reason readable.
      this.errors.push({ line, reason: excerpt(reasons.join(' ; '), 300) });
      return;
    }
    const groupKey = month.value.id * 65536 + perimeter.value.id;
    if (groupKey !== this.groupKey) {
      this.groupKey = groupKey;
      this.group = this.seen.get(groupKey);
      if (this.group === undefined) this.seen.set(groupKey, (this.group = new LineIndex()));
    }
    const key = (section === null ? 0 : section.id) * 3 + INDICATOR_IDS[indicator];
    const firstLine = this.group!.get(key);
    if (firstLine !== undefined) {
      this.errors.push({ line, reason: `doublon de la ligne ${firstLine} (même mois, périmètre, indicateur et rubrique)` });
      return;
    }
    this.group!.set(key, line);
    this.figureCount++;
    this.onFigure({
      line,
      month: month.value.value,
      perimeter: perimeter.value.perimeter,
      perimeterKey: perimeter.value.key,
      indicator,
      siteSection: section === null ? null : section.name,
      value: value.value,
    });
  }

  // One-entry memos in front of each cache: rows come grouped, so a cell usually equals the
  // one above it, and comparing two short strings is cheaper than hashing a new one.
  private lastMonthCell = '';
  private lastMonth: CellResult<Numbered<string>> | undefined;
  private lastPerimeterCell = '';
  private lastPerimeter: CellResult<ResolvedPerimeter> | undefined;

  private month(cell: string): CellResult<Numbered<string>> {
    if (cell === this.lastMonthCell && this.lastMonth !== undefined) return this.lastMonth;
    this.lastMonthCell = cell;
    return (this.lastMonth = this.lookUpMonth(cell));
  }

  private lookUpMonth(cell: string): CellResult<Numbered<string>> {
    let result = this.months.get(cell);
    if (result === undefined) {
      const parsed = parseMonth(this.cellText(cell));
      // Different spellings of one month ('2026-07', 'juil. 2026') must share one id.
      result = parsed.ok ? { ok: true, value: { value: parsed.value, id: this.monthId(parsed.value) } } : parsed;
      this.months.set(cell, result);
    }
    return result;
  }

  private readonly monthIds = new Map<string, number>();
  private monthId(month: string): number {
    let id = this.monthIds.get(month);
    if (id === undefined) this.monthIds.set(month, (id = this.monthCount++));
    return id;
  }

  private readonly perimeterIds = new Map<string, number>();
  private perimeterId(key: string): number {
    let id = this.perimeterIds.get(key);
    if (id === undefined) this.perimeterIds.set(key, (id = this.perimeterCount++));
    return id;
  }

  private lastIndicatorCell = '';
  private lastIndicator: Indicator | undefined;

  private indicator(cell: string): Indicator | undefined {
    if (cell === this.lastIndicatorCell) return this.lastIndicator;
    this.lastIndicatorCell = cell;
    if (this.indicators.has(cell)) return (this.lastIndicator = this.indicators.get(cell));
    const indicator = INDICATOR_SPELLINGS.get(fold(this.cellText(cell)));
    this.indicators.set(cell, indicator);
    return (this.lastIndicator = indicator);
  }

  private perimeter(cell: string): CellResult<ResolvedPerimeter> {
    if (cell === this.lastPerimeterCell && this.lastPerimeter !== undefined) return this.lastPerimeter;
    this.lastPerimeterCell = cell;
    return (this.lastPerimeter = this.lookUpPerimeter(cell));
  }

  private lookUpPerimeter(cell: string): CellResult<ResolvedPerimeter> {
    let result = this.perimeters.get(cell);
    if (result === undefined) {
      result = this.resolve(this.cellText(cell).trim());
      this.perimeters.set(cell, result);
    }
    return result;
  }

  private resolve(text: string): CellResult<ResolvedPerimeter> {
    if (text === '') return { ok: false, reason: 'périmètre manquant' };
    const found = this.resolvePerimeter(text);
    if (found !== null) {
      const key = perimeterKey(found);
      return { ok: true, value: { perimeter: found, key, id: this.perimeterId(key) } };
    }
    if (isOutsideTerritory(text)) return { ok: false, reason: `périmètre « ${text} » hors du territoire Sud de la charte (art. 1)` };
    return { ok: false, reason: `périmètre inconnu « ${text} » (attendu : Territoire Sud, une commune du territoire ou un lieu enregistré)` };
  }

  /** The section name as first spelled in this file, so "Mon compte"/"Mon Compte" merge. */
  private section(cell: string): Section | null {
    if (cell === '') return null;
    let section = this.sections.get(cell);
    if (section !== undefined) return section;
    const cleaned = squeezeSpaces(this.cellText(cell));
    const folded = fold(cleaned);
    section = cleaned === '' ? null : (this.sectionSpellings.get(folded) ?? { name: cleaned, id: ++this.sectionCount });
    if (section !== null) this.sectionSpellings.set(folded, section);
    this.sections.set(cell, section);
    return section;
  }
}

interface Numbered<T> {
  value: T;
  /** Dense id, unique within one file, for numeric duplicate keys (small integers hash fastest). */
  id: number;
}

interface ResolvedPerimeter {
  perimeter: Perimeter;
  key: string;
  id: number;
}

interface Section {
  name: string;
  id: number; // 0 means "no section"
}

const INDICATOR_IDS = Object.fromEntries(INDICATORS.map((indicator, id) => [indicator, id])) as Record<Indicator, number>;

function isBlank(cells: readonly string[], count: number): boolean {
  for (let i = 0; i < count; i++) if (cells[i]!.trim() !== '') return false;
  return true;
}
