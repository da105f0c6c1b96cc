// The CAF figures of art. 7, as imported from the CAF's files.
export { parseCafCsv, parseCafRows, COLUMNS, INDICATOR_LABELS } from './parse.js';
export type { CafFigure, Indicator, ParsedCsv, ParsedFigures, RowError } from './parse.js';
export { parseMonth } from './months.js';
export { parseCount } from './numbers.js';
export { decodeBytes, decodeWindows1252, type SourceEncoding } from './decode.js';
export { perimeterKey, perimeterFromKey, isOutsideTerritory } from './perimeter.js';
export type { Perimeter, PerimeterResolver } from './perimeter.js';
