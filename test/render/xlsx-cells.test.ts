// The export workbook read back as a spreadsheet reads it: the zip's XML parts (sheet cells,
// their style index, styles.xml's cellXfs and number formats, autofilters, column widths).
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { ExportColumn, ExportRow } from '../../src/domain/exportRows.js';
import { renderExportXlsx } from '../../src/render/xlsx.js';
import { wouldBeReinterpreted } from '../../src/render/xlsxText.js';

interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: Element[];
}

function parseXml(xml: string): Element {
  const root: Element = { name: '#document', attributes: {}, text: '', children: [] };
  const stack = [root];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const element: Element = { name: tag.name, attributes: tag.attributes as Record<string, string>, text: '', children: [] };
    stack.at(-1)!.children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (text) => {
    for (const element of stack) element.text += text;
  });
  parser.write(xml).close();
  return root;
}

function all(element: Element, name: string): Element[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...all(child, name)]);
}

interface Cell {
  type: string | undefined;
  value: string;
  numFmt: string;
  quotePrefix: boolean;
}

/** The workbook's sheets by name, each cell with its type, shown value, number format and quotePrefix. */
async function readWorkbook(data: Buffer) {
  const zip = await JSZip.loadAsync(data);
  const read = async (path: string) => parseXml(await zip.file(path)!.async('string'));
  const workbook = await read('xl/workbook.xml');
  const rels = await read('xl/_rels/workbook.xml.rels');
  const styles = await read('xl/styles.xml');
  const shared = zip.file('xl/sharedStrings.xml') ? all(await read('xl/sharedStrings.xml'), 'si').map((si) => si.text) : [];
  const formats = new Map<string, string>([['0', 'General'], ['49', '@']]);
  for (const f of all(styles, 'numFmt')) formats.set(f.attributes.numFmtId, f.attributes.formatCode);
  const xfs = all(all(styles, 'cellXfs')[0], 'xf');
  const sheets = new Map<string, { cells: Map<string, Cell>; autoFilter?: string; widths: number[] }>();
  for (const sheet of all(workbook, 'sheet')) {
    const target = all(rels, 'Relationship').find((r) => r.attributes.Id === sheet.attributes['r:id'])!.attributes.Target;
    const xml = await read(`xl/${target.replace(/^\/?xl\//, '')}`);
    const cells = new Map<string, Cell>();
    for (const c of all(xml, 'c')) {
      const xf = xfs[Number(c.attributes.s ?? 0)];
      const v = all(c, 'v')[0]?.text ?? all(c, 't')[0]?.text ?? '';
      cells.set(c.attributes.r, {
        type: c.attributes.t,
        value: c.attributes.t === 's' ? shared[Number(v)] : v,
        numFmt: formats.get(xf?.attributes.numFmtId ?? '0') ?? '?',
        quotePrefix: xf?.attributes.quotePrefix === '1',
      });
    }
    sheets.set(sheet.attributes.name, {
      cells,
      autoFilter: all(xml, 'autoFilter')[0]?.attributes.ref,
      // A <col min max> covers a run of columns of the same width.
      widths: all(xml, 'col').flatMap((col) => Array.from({ length: Number(col.attributes.max) - Number(col.attributes.min) + 1 }, () => Number(col.attributes.width))),
    });
  }
  return sheets;
}

const COLUMNS: ExportColumn[] = [
  { key: 'numero', kind: 'int' },
  { key: 'date', kind: 'date' },
  { key: 'heure', kind: 'time' },
  { key: 'lieu', kind: 'text' },
  { key: 'remarques', kind: 'text' },
  { key: 'mois', kind: 'month' },
];
const ROWS: ExportRow[] = [
  { numero: 1, date: '2026-10-07', heure: '14:30', lieu: 'Médiathèque Raphaël Barquissau de Saint-Pierre', remarques: '-2 personnes par rapport à la semaine passée', mois: '2026-10' },
  { numero: 2, date: '2026-10-14', heure: null, lieu: 'MPT', remarques: '=HYPERLINK("http://exemple.re")' },
  { numero: 3, date: '2026-10-21', heure: '09:00', lieu: 'MPT', remarques: 'Très bien' },
  { numero: 4, date: '2026-10-31', heure: '17:45', lieu: 'MPT', remarques: '0262' },
];

async function workbook() {
  return readWorkbook(
    await renderExportXlsx({
      meta: { periode: { code: '2026-10', libelle: 'octobre 2026', du: '2026-10-01', au: '2026-10-31' }, filtres: { quoi: ['journal'] }, exporte_le: '2026-11-26T12:00:00+04:00', version: '1.2.3' },
      exportedAtText: '26 novembre 2026 à 12:00',
      tableLabels: ['carnet de bord'],
      now: new Date('2026-11-26T08:00:00Z'),
      sheets: [{ name: 'Journal', columns: COLUMNS, rows: ROWS }],
    }),
  );
}

/** Excel's serial day number of an ISO date (days since 30 Dec 1899). */
const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

describe('export workbook cells, read from the XLSX XML', () => {
  it('keeps text as typed in string cells, with quotePrefix only where a spreadsheet would reinterpret it', async () => {
    const journal = (await workbook()).get('Journal')!;
    const remark = (row: number) => journal.cells.get(`E${row}`)!;
    expect(remark(2)).toMatchObject({ type: 's', value: '-2 personnes par rapport à la semaine passée', quotePrefix: true, numFmt: '@' });
    expect(remark(3)).toMatchObject({ type: 's', value: '=HYPERLINK("http://exemple.re")', quotePrefix: true });
    expect(remark(5)).toMatchObject({ type: 's', value: '0262', quotePrefix: true });
    expect(remark(4)).toMatchObject({ type: 's', value: 'Très bien', quotePrefix: false });
    expect(journal.cells.get('F2')).toMatchObject({ type: 's', value: '2026-10', quotePrefix: true });
    for (const cell of journal.cells.values()) expect(cell.value.startsWith("'")).toBe(false);
  });

  it('writes dates and times as numbers shown dd/mm/yyyy and hh:mm', async () => {
    const journal = (await workbook()).get('Journal')!;
    expect(journal.cells.get('B2')).toMatchObject({ type: undefined, value: String(serial('2026-10-07')), numFmt: 'dd/mm/yyyy' });
    const time = journal.cells.get('C2')!;
    expect(time).toMatchObject({ type: undefined, numFmt: 'hh:mm' });
    expect(Number(time.value)).toBeCloseTo(14.5 / 24, 10);
    expect(Number(journal.cells.get('C5')!.value)).toBeCloseTo((17 + 45 / 60) / 24, 10);
  });

  it('writes the cover sheet’s « Du » and « Au » as date cells', async () => {
    const cover = (await workbook()).get('Export')!;
    expect(cover.cells.get('A3')!.value).toBe('Du');
    expect(cover.cells.get('B3')).toMatchObject({ type: undefined, value: String(serial('2026-10-01')), numFmt: 'dd/mm/yyyy' });
    expect(cover.cells.get('A4')!.value).toBe('Au');
    expect(cover.cells.get('B4')).toMatchObject({ type: undefined, value: String(serial('2026-10-31')), numFmt: 'dd/mm/yyyy' });
  });

  it('puts an autofilter over every table and sizes columns to their content', async () => {
    const journal = (await workbook()).get('Journal')!;
    expect(journal.autoFilter).toBe('A1:F5');
    const [numero, date, heure, lieu, remarques] = journal.widths;
    expect(journal.widths).toHaveLength(COLUMNS.length);
    expect(numero).toBeLessThan(12);
    expect(date).toBeGreaterThanOrEqual(10);
    expect(heure).toBeGreaterThanOrEqual(7);
    expect(lieu).toBeGreaterThanOrEqual('Médiathèque Raphaël Barquissau de Saint-Pierre'.length);
    expect(remarques).toBeGreaterThanOrEqual('-2 personnes par rapport à la semaine passée'.length);
    expect(Math.max(...journal.widths)).toBeLessThanOrEqual(60);
  });
});

describe('which text a spreadsheet would reinterpret', () => {
  it('flags formula triggers, numbers, dates, times and booleans, not ordinary text', () => {
    for (const text of ['=1+1', '+262', '-2', '@SUM(A1)', '\tx', '0262', '12,5 %', '1 520', '01/10/2026', '14:30', 'VRAI']) expect(wouldBeReinterpreted(text), text).toBe(true);
    for (const text of ['Très bien', 'a=b', '', 'Tél. 0262 57 87 87', '2 personnes']) expect(wouldBeReinterpreted(text), text).toBe(false);
  });
});
