// The shapes of the CAF figures import: what a row becomes, what a refused row says.
import type { Separator } from './csv.js';
import type { SourceEncoding } from './decode.js';
import type { Perimeter } from './perimeter.js';

/** Art. 7: caf.fr consultations, sections consulted, télédéclarations. */
export type Indicator = 'consultations' | 'siteSection' | 'onlineDeclaration';

/** The indicators in their one order (files, listings, the report): art. 7's order. */
export const INDICATORS: readonly Indicator[] = ['consultations', 'siteSection', 'onlineDeclaration'];

/**
 * The French word of each indicator: the one mapping between the code's names and the word
 * written in files, shown to users, printed in JSON and stored in caf_figures.indicator.
 */
export const INDICATOR_LABELS = {
  consultations: 'consultations',
  siteSection: 'rubrique',
  onlineDeclaration: 'teledeclarations',
} as const satisfies Record<Indicator, string>;

/** An indicator's French word. */
export type IndicatorLabel = (typeof INDICATOR_LABELS)[Indicator];

const BY_LABEL: ReadonlyMap<string, Indicator> = new Map(INDICATORS.map((indicator) => [INDICATOR_LABELS[indicator], indicator]));

/** The indicator of its French word (as stored or printed), or undefined for another word. */
export function indicatorOfLabel(label: string): Indicator | undefined {
  return BY_LABEL.get(label);
}

/** One validated figure; `line` is the file line it came from. */
export interface CafFigure {
  line: number;
  month: string;
  perimeter: Perimeter;
  perimeterKey: string;
  indicator: Indicator;
  /** Section of caf.fr for `siteSection`, null otherwise. */
  siteSection: string | null;
  value: number;
}

/** A refused row: its line in the file and every reason, in French. */
export interface RowError {
  line: number;
  reason: string;
}

/** What reading a file found, figures aside (they go to the caller's `onFigure`). */
export interface ReadSummary {
  errors: RowError[];
  figureCount: number;
  /** What was read but deserves a look (a total row that does not add up); never blocks the import. */
  warnings: RowError[];
}

export interface CsvSummary extends ReadSummary {
  encoding: SourceEncoding;
  separator: Separator;
}

/** Receives each valid figure as it is read; the object is the caller's to keep or drop. */
export type FigureSink = (figure: CafFigure) => void;

export interface ParsedFigures {
  figures: CafFigure[];
  errors: RowError[];
}

export interface ParsedCsv extends ParsedFigures {
  encoding: SourceEncoding;
  separator: Separator;
}

/** The header, in the order the documentation gives it. */
export const COLUMNS = ['mois', 'perimetre', 'indicateur', 'rubrique', 'valeur'] as const;
export type Column = (typeof COLUMNS)[number];
