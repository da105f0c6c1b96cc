import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { readCsv, readCsvChunks, type Separator } from '../../src/domain/cafFigures/csv.js';
import { detectEncoding, EncodingDetector } from '../../src/domain/cafFigures/decode.js';
import { LineIndex } from '../../src/domain/cafFigures/lineIndex.js';
import { readCafCsv, readCafCsvChunks } from '../../src/domain/cafFigures/parse.js';
import { isWholeTerritory, matchCommune } from '../../src/domain/territory.js';
import type { CafFigure, PerimeterResolver } from '../../src/domain/cafFigures/index.js';

/** Cuts bytes into chunks of the given sizes (cycled), as a file read piece by piece. */
function* chunked(bytes: Uint8Array, sizes: number[]): Generator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/** Records read from chunks, each copied out of the reused array. */
function recordsFromChunks(bytes: Uint8Array, separator: Separator, sizes: number[]) {
  const records: [number, string[]][] = [];
  const unclosed: number[] = [];
  readCsvChunks(chunked(bytes, sizes), separator, (cells, count, line) => records.push([line, cells.slice(0, count)]), (line) => unclosed.push(line));
  return { records, unclosed };
}

function recordsFromText(text: string, separator: Separator) {
  const records: [number, string[]][] = [];
  const unclosed: number[] = [];
  readCsv(text, separator, (cells, line) => records.push([line, cells]), (line) => unclosed.push(line));
  return { records, unclosed };
}

/** RFC 4180 writing, quoting what needs it. */
const toCsv = (rows: string[][], separator: string, newline: string) =>
  rows.map((row) => row.map((cell) => (/["\r\n;,\t]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(separator)).join(newline) + newline;

describe('readCsvChunks', () => {
  it('reads the same records whatever the chunk boundaries (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ' ', '"', ';', ',', '\t', '\n', '\r\n', '1', 'Mon Compte') });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom<Separator>(';', ',', '\t'),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
        (rows, separator, newline, sizes) => {
          const text = toCsv(rows, separator, newline);
          const whole = recordsFromText(text, separator);
          // Each record comes back with the cells written; text read in one piece agrees.
          expect(whole.records.map(([, cells]) => cells)).toEqual(rows);
          // Latin-1 view of the UTF-8 bytes, as the importer reads them.
          const bytes = Buffer.from(text, 'utf8');
          const pieces = recordsFromChunks(bytes, separator, sizes);
          expect(pieces.unclosed).toEqual([]);
          expect(pieces.records.map(([line, cells]) => [line, cells.map((c) => Buffer.from(c, 'latin1').toString('utf8'))])).toEqual(whole.records);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports an unclosed quote at the end of the file once, with its line', () => {
    const bytes = Buffer.from('a;b\n1;"2\n3;4\n');
    expect(recordsFromChunks(bytes, ';', [2])).toEqual({ records: [[1, ['a', 'b']]], unclosed: [2] });
  });

  it('reads old Mac files, lines ended by a lone CR', () => {
    expect(recordsFromChunks(Buffer.from('a;b\r1;2\r'), ';', [3]).records).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
    ]);
  });
});

describe('EncodingDetector', () => {
  it('finds UTF-8 even when chunks cut characters in two', () => {
    const bytes = Buffer.from('\ufeffmois;Périmètre\n2026-07;Petite-Île;1\u202f520\n', 'utf8');
    for (const size of [1, 2, 3, 5]) {
      const detector = new EncodingDetector();
      for (const chunk of chunked(bytes, [size])) detector.update(chunk);
      const source = detector.result();
      expect([source.encoding, source.bomLength]).toEqual(['utf-8-bom', 3]);
    }
  });

  it('finds Windows-1252, and a file cut inside a character is not UTF-8', () => {
    const cp1252 = iconv.encode('févr. 2026;Mes démarches', 'win1252');
    const detector = new EncodingDetector();
    for (const chunk of chunked(cp1252, [4])) detector.update(chunk);
    expect(detector.result().encoding).toBe('windows-1252');
    expect(detectEncoding(Buffer.from('é', 'utf8').subarray(0, 1)).encoding).toBe('windows-1252');
    expect(detectEncoding(Buffer.from('plain ascii')).encoding).toBe('utf-8');
  });
});

describe('readCafCsvChunks', () => {
  const resolve: PerimeterResolver = (text) => {
    if (isWholeTerritory(text)) return { kind: 'territoire' };
    const commune = matchCommune(text);
    return commune ? { kind: 'commune', insee: commune.insee } : null;
  };
  const csv = '\ufeffMois;Périmètre;Indicateur;Rubrique;Valeur\r\nfévr. 2026;Petite-Île;rubrique;"Mes\r\ndémarches";1\u00a0520\r\n2026-02;Territoire Sud;rubrique;Mon Compte;7\r\n';

  it('gives the same figures read whole or in tiny chunks, in UTF-8 and Windows-1252', () => {
    for (const bytes of [Buffer.from(csv, 'utf8'), iconv.encode(csv.slice(1), 'win1252')]) {
      const whole: CafFigure[] = [];
      const summary = readCafCsv(bytes, resolve, (figure) => whole.push(figure));
      expect(summary.errors).toEqual([]);
      expect(whole.map((f) => [f.line, f.month, f.perimeterKey, f.siteSection, f.value])).toEqual([
        [2, '2026-02', 'commune:97405', 'Mes\r\ndémarches'.replace('\r\n', ' '), 1520],
        [4, '2026-02', 'territoire', 'Mon Compte', 7],
      ]);
      for (const size of [1, 3, 7]) {
        const pieces: CafFigure[] = [];
        readCafCsvChunks(chunked(bytes, [size]), detectEncoding(bytes), resolve, (figure) => pieces.push(figure));
        expect(pieces).toEqual(whole);
      }
    }
  });
});

describe('LineIndex', () => {
  it('remembers first lines for dense keys, and for sparse ones once it becomes a map', () => {
    const index = new LineIndex();
    for (let key = 0; key < 400; key++) index.set(key, key + 2);
    expect([index.get(0), index.get(399), index.get(400)]).toEqual([2, 401, undefined]);
    index.set(1_000_000, 7); // far beyond: switches to a map, keeping what it had
    expect([index.get(1_000_000), index.get(123), index.get(999_999)]).toEqual([7, 125, undefined]);
  });
});
