import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { cellText, looksLikeZip, readFirstSheet, XlsxReadError } from '../../src/render/xlsxRead.js';
import { parseCafRows } from '../../src/domain/cafFigures/index.js';
import { isWholeTerritory } from '../../src/domain/territory.js';

/** A workbook as Excel would save it: month as a date cell, counts as numbers or text. */
async function workbookBytes(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Statistiques');
  sheet.addRow(['Mois', 'Périmètre', 'Indicateur', 'Rubrique', 'Valeur']);
  sheet.addRow([new Date(Date.UTC(2026, 6, 1)), 'Territoire Sud', 'consultations', null, 1520]);
  sheet.addRow(['juil. 2026', 'Territoire Sud', 'rubrique', { richText: [{ text: 'Mes ' }, { text: 'démarches' }] }, '1 045']);
  sheet.addRow(['2026-07', 'Territoire Sud', 'teledeclarations', null, { formula: '40+47', result: 87 }]);
  sheet.addRow([]);
  sheet.addRow(['2026-08', 'Territoire Sud', 'consultations', null, -3]);
  workbook.addWorksheet('Notes').addRow(['ignorée']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const territoryOnly = (text: string) => (isWholeTerritory(text) ? ({ kind: 'territoire' } as const) : null);

describe('readFirstSheet', () => {
  it('reads the first sheet into text rows that the figures parser accepts', async () => {
    const bytes = await workbookBytes();
    expect(looksLikeZip(bytes)).toBe(true);
    const rows = await readFirstSheet(bytes);
    expect(rows[1]).toEqual({ line: 2, cells: ['2026-07', 'Territoire Sud', 'consultations', '', '1520'] });
    const parsed = parseCafRows(rows, territoryOnly);
    expect(parsed.figures.map((f) => [f.line, f.month, f.indicator, f.siteSection, f.value])).toEqual([
      [2, '2026-07', 'consultations', null, 1520],
      [3, '2026-07', 'siteSection', 'Mes démarches', 1045],
      [4, '2026-07', 'onlineDeclaration', null, 87],
    ]);
    // Excel row numbers survive the empty row 5.
    expect(parsed.errors).toEqual([{ line: 6, reason: 'valeur négative « -3 »' }]);
  });

  it('refuses bytes that are not a zip, and a truncated zip, with a French message', async () => {
    await expect(readFirstSheet(Buffer.from('mois;perimetre\n'))).rejects.toThrow('ce fichier n’est pas un classeur XLSX (ce n’est pas une archive zip)');
    const truncated = (await workbookBytes()).subarray(0, 200);
    await expect(readFirstSheet(truncated)).rejects.toThrow(XlsxReadError);
    await expect(readFirstSheet(truncated)).rejects.toThrow('classeur XLSX tronqué ou endommagé');
  });

  it('refuses a zip whose entries declare a huge uncompressed size (zip bomb) before inflating', async () => {
    const bytes = Buffer.from(await workbookBytes());
    // Patch the first central directory entry to declare 400 MB uncompressed.
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(400 * 1024 * 1024, central + 24);
    await expect(readFirstSheet(bytes)).rejects.toThrow('classeur XLSX refusé : son contenu décompressé serait démesuré (archive piégée ?)');
  });

  it('refuses a file above the size limit', async () => {
    const bytes = await workbookBytes();
    const limits = { maxFileBytes: 1000, maxUncompressedBytes: 1e9, maxEntries: 100, maxRatio: 1000 };
    await expect(readFirstSheet(bytes, limits)).rejects.toThrow(/classeur XLSX trop gros/);
  });

  it('turns a corrupted archive body into a readable error', async () => {
    const bytes = Buffer.from(await workbookBytes());
    // Scramble the compressed data of the first entry but keep the directory intact.
    for (let i = 60; i < 160; i++) bytes[i] = 0xff - (bytes[i] ?? 0);
    await expect(readFirstSheet(bytes)).rejects.toThrow(/^classeur XLSX illisible/);
  });
});

describe('cellText', () => {
  it('turns each kind of cell value into text', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(1520)).toBe('1520');
    expect(cellText(new Date(Date.UTC(2026, 1, 1)))).toBe('2026-02');
    expect(cellText(new Date(Date.UTC(2026, 1, 14)))).toBe('2026-02-14');
    expect(cellText({ formula: 'A1', result: 12 })).toBe('12');
    expect(cellText({ text: 'caf.fr', hyperlink: 'https://caf.fr' })).toBe('caf.fr');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
  });
});
