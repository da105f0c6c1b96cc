// The CAF figures of art. 7, as imported from the CAF's files.
export { parseCafCsv, parseCafRows, readCafCsv, readCafCsvChunks, readCafRows, COLUMNS, INDICATOR_LABELS } from './parse.js';
export type { CafFigure, CsvSummary, FigureSink, Indicator, ParsedCsv, ParsedFigures, ReadSummary, RowError } from './parse.js';
export { parseMonth } from './months.js';
export { parseCount } from './numbers.js';
export { detectEncoding, decodeWindows1252, EncodingDetector, type SourceEncoding, type SourceText } from './decode.js';
export { perimeterKey, perimeterFromKey, isOutsideTerritory } from './perimeter.js';
export type { Perimeter, PerimeterResolver } from './perimeter.js';
