// The CAF figures of art. 7, as imported from the CAF's files.
export { parseCafCsv, parseCafRows, readCafCsv, readCafCsvChunks, readCafCsvChunkStream, readCafRows, readCafRowStream } from './parse.js';
export { EXAMPLE_FILES, HEADER_SEARCH_ROWS } from './layout.js';
export { COLUMNS, INDICATOR_LABELS, INDICATORS, indicatorOfLabel } from './types.js';
export type { CafFigure, CsvSummary, FigureSink, Indicator, IndicatorLabel, ParsedCsv, ParsedFigures, ReadSummary, RowError } from './types.js';
export { parseMonth } from './months.js';
export { parseCount } from './numbers.js';
export { detectEncoding, decodeWindows1252, EncodingDetector, type SourceEncoding, type SourceText } from './decode.js';
export { perimeterKey, perimeterFromKey, isOutsideTerritory } from './perimeter.js';
export type { Perimeter, PerimeterResolver } from './perimeter.js';
