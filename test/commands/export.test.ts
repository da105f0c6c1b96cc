import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/domain/cafFigures/csv.js';
import { LOGBOOK_COLUMNS, neutraliseFormula, SESSION_COLUMNS, STATS_COLUMNS } from '../../src/domain/exportRows.js';
import { csvRecord, frenchCsvCell } from '../../src/render/csv.js';
import { runCli, tempDb, tempDir } from '../harness.js';
import { FORMULA_REMARKS, seedOctober } from './export-fixtures.js';

/** Parses one of our CSV files with the project's independent RFC 4180 reader. */
function parseFrenchCsv(path: string): { bom: boolean; crlf: boolean; header: string[]; rows: Record<string, string>[] } {
  const text = readFileSync(path, 'utf8');
  const bom = text.startsWith('\ufeff');
  const records: string[][] = [];
  readCsv(bom ? text.slice(1) : text, ';', (cells) => records.push([...cells]), () => {
    throw new Error('guillemet non fermé');
  });
  const [header, ...body] = records;
  return {
    bom,
    crlf: !/[^\r]\n/.test(text.replace(/"[^"]*"/g, '')),
    header,
    rows: body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]]))),
  };
}

async function exportOctober(format = 'csv', extra: string[] = []) {
  const db = tempDb();
  await seedOctober(db);
  const dir = tempDir();
  const r = await runCli(['export', '--format', format, '--sortie', dir, ...extra], { db });
  return { db, dir, r };
}

describe('export: files, names and stdout', () => {
  it('writes the previous month (Réunion time) as three CSV files and prints only their paths', async () => {
    const { dir, r } = await exportOctober();
    // Piped: no progress drawn, only the summary line, on stderr so stdout stays a list of paths.
    expect(r.stderr).toBe('Export : 3 tables (octobre 2026) en 3 fichiers, en 0,0 s.\n');
    expect(r.code).toBe(0);
    const names = ['journal', 'sessions', 'stats'].map((t) => join(dir, `cafcharte-2026-10-${t}.csv`));
    expect(r.stdout).toBe(names.map((n) => `${n}\n`).join(''));
    expect(readdirSync(dir).sort()).toEqual(names.map((n) => n.slice(dir.length + 1)).sort());
  });

  it('takes the previous month in Réunion time, not UTC: 31 Oct 21:00 UTC is already 1 Nov there', async () => {
    const db = tempDb();
    await seedOctober(db);
    const dir = tempDir();
    const r = await runCli(['export', '--sortie', dir, '--quoi', 'journal'], { db, now: new Date('2026-11-30T21:00:00Z') });
    // 30 Nov 21:00 UTC = 1 Dec 01:00 in La Réunion: the previous month is November.
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('novembre 2026');
    const october = await runCli(['export', '--sortie', dir, '--quoi', 'journal'], { db, now: new Date('2026-10-31T21:00:00Z') });
    expect(october.code).toBe(0);
    expect(october.stdout.trim()).toBe(join(dir, 'cafcharte-2026-10-journal.csv'));
  });

  it('names semester files 2026-S2 and covers July to December', async () => {
    const { dir, r } = await exportOctober('csv', ['--semestre', '2026-S2', '--quoi', 'journal']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(join(dir, 'cafcharte-2026-S2-journal.csv'));
    // September and October entries, not the removed one.
    expect(parseFrenchCsv(join(dir, 'cafcharte-2026-S2-journal.csv')).rows.map((row) => row.date)).toEqual([
      '30/09/2026',
      '07/10/2026',
      '14/10/2026',
      '21/10/2026',
      '31/10/2026',
    ]);
  });

  it('gives semester stats month by month: places with activity, then the territory', async () => {
    const { dir, r } = await exportOctober('json', ['--semestre', '2026-S2', '--quoi', 'stats']);
    expect(r.code).toBe(0);
    const { meta, lignes } = JSON.parse(readFileSync(join(dir, 'cafcharte-2026-S2-stats.json'), 'utf8'));
    expect(meta.periode).toEqual({ code: '2026-S2', libelle: '2e semestre 2026 (juillet-décembre)', du: '2026-07-01', au: '2026-12-31' });
    expect(lignes.map((l: Record<string, unknown>) => [l.mois, l.niveau, l.lieu_numero, l.personnes_recues, l.seances])).toEqual([
      ['2026-09', 'lieu', 3, 7, 0],
      ['2026-09', 'territoire', null, 7, 0],
      ['2026-10', 'lieu', 1, 9, 1],
      ['2026-10', 'lieu', 2, 3, 0],
      ['2026-10', 'lieu', 3, 2, 0],
      ['2026-10', 'territoire', null, 14, 1],
      ['2026-11', 'lieu', 1, 0, 1],
      ['2026-11', 'territoire', null, 0, 1],
    ]);
    // September's entry has no « nouveaux » count: no percentage rather than a false 0 %.
    expect(lignes[0].part_nouveaux_pourcent).toBeNull();
    expect(lignes[5]).toMatchObject({ part_nouveaux_pourcent: 30, moyenne_recues_par_entree: 3.5, consultations_caf: 1520 });
  });

  it('writes one XLSX or three JSON files', async () => {
    const xlsx = await exportOctober('xlsx');
    expect(xlsx.r.stdout).toBe(`${join(xlsx.dir, 'cafcharte-2026-10.xlsx')}\n`);
    const json = await exportOctober('json', ['--mois', '2026-10']);
    expect(json.r.stdout.trim().split('\n')).toEqual(['journal', 'sessions', 'stats'].map((t) => join(json.dir, `cafcharte-2026-10-${t}.json`)));
  });

  it('replaces an existing export with a complete new one and leaves no temp file', async () => {
    const { db, dir } = await exportOctober('csv', ['--quoi', 'stats']);
    const path = join(dir, 'cafcharte-2026-10-stats.csv');
    writeFileSync(path, 'ancien contenu');
    // --ecraser is accepted out of habit; replacing is what an export always does.
    const again = await runCli(['export', '--sortie', dir, '--quoi', 'stats', '--ecraser'], { db });
    expect(again.code).toBe(0);
    expect(parseFrenchCsv(path).header).toEqual(STATS_COLUMNS.map((c) => c.key));
    expect(readdirSync(dir)).toEqual(['cafcharte-2026-10-stats.csv']);
  });
});

describe('export: CSV for Excel in French', () => {
  it('has a BOM, « ; », CRLF, the contract header, French dates and comma decimals', async () => {
    const { dir } = await exportOctober();
    const journal = parseFrenchCsv(join(dir, 'cafcharte-2026-10-journal.csv'));
    expect(journal.bom).toBe(true);
    expect(journal.crlf).toBe(true);
    // The documented contract: changing this line breaks users' scripts (append only).
    expect(journal.header.join(';')).toBe(
      'numero;date;heure;lieu_numero;lieu;commune;seance_numero;type;type_libelle;personnes_recues;nouveaux;duree_minutes;animateurs;teledeclarations;comptes_crees;courriels;attestations;demarches_abouties;resultats;remarques;auteur',
    );
    expect(journal.rows.map((row) => [row.numero, row.date, row.lieu, row.personnes_recues])).toEqual([
      ['1', '07/10/2026', 'Médiathèque du Tampon', '5'],
      ['2', '14/10/2026', 'Médiathèque du Tampon', '4'],
      ['3', '21/10/2026', 'MPT de Bois-Court', '3'],
      ['5', '31/10/2026', 'Médiathèque de Saint-Pierre', '2'],
    ]);
    expect(journal.rows[0].animateurs).toBe('Awa Payet, Jean Hoarau');
    // Quotes, « ; » and a newline inside a cell survive the round trip.
    expect(journal.rows[2].resultats).toBe('Deux comptes créés; "trois" courriels\nenvoyés');

    const sessions = parseFrenchCsv(join(dir, 'cafcharte-2026-10-sessions.csv'));
    expect(sessions.header).toEqual(SESSION_COLUMNS.map((c) => c.key));
    expect(sessions.rows).toHaveLength(2);
    expect(sessions.rows[0]).toMatchObject({ statut: 'passee', capacite: '10', places_confirmees: '5', places_en_attente: '1', entrees_carnet: '1', personnes_recues: '5' });
    expect(sessions.rows[1]).toMatchObject({ statut: 'annulee', motif_annulation: 'Panne du réseau', capacite: '' });

    const stats = parseFrenchCsv(join(dir, 'cafcharte-2026-10-stats.csv'));
    expect(stats.rows.map((row) => [row.niveau, row.lieu, row.personnes_recues, row.part_nouveaux_pourcent, row.moyenne_recues_par_entree])).toEqual([
      ['lieu', 'Médiathèque du Tampon', '9', '40,0', '4,5'],
      ['lieu', 'MPT de Bois-Court', '3', '33,3', '3,0'],
      ['lieu', 'Médiathèque de Saint-Pierre', '2', '0,0', '2,0'],
      ['territoire', 'Territoire Sud', '14', '30,0', '3,5'],
    ]);
    expect(stats.rows[3]).toMatchObject({ seances: '1', seances_annulees: '1', places_confirmees: '5', entrees_carnet: '4', consultations_caf: '1520', teledeclarations_caf: '310' });
    expect(stats.rows[0]).toMatchObject({ consultations_caf: '200', teledeclarations_caf: '' });
  });

  it('neutralises formula-leading remarks (OWASP) with a leading quote', async () => {
    const { dir } = await exportOctober();
    const remarks = parseFrenchCsv(join(dir, 'cafcharte-2026-10-journal.csv')).rows.map((row) => row.remarques);
    expect(remarks).toEqual(FORMULA_REMARKS.map((r) => `'${r}`));
  });
});

describe('CSV cells', () => {
  it('neutralises every OWASP trigger, only at the start of text cells', () => {
    expect(['=1+1', '+262', '-2', '@SUM(A1)', '\tx', '\rx'].map(neutraliseFormula)).toEqual(["'=1+1", "'+262", "'-2", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect(['a=b', '', 'Très bien', "'déjà"].map(neutraliseFormula)).toEqual(['a=b', '', 'Très bien', "'déjà"]);
    // Numbers and dates are typed values, never formulas.
    expect(frenchCsvCell('int', -2)).toBe('-2');
    expect(frenchCsvCell('decimal', 12.25)).toBe('12,3');
    expect(frenchCsvCell('date', '2026-03-05')).toBe('05/03/2026');
    expect(frenchCsvCell('text', null)).toBe('');
  });

  it('quotes per RFC 4180 only when needed', () => {
    expect(csvRecord(['a', 'b;c', 'd"e', 'f\ng', 'h\ri'], ';')).toBe('a;"b;c";"d""e";"f\ng";"h\ri"\r\n');
    expect(csvRecord(['a,b', 'c;d'], ',')).toBe('"a,b",c;d\r\n');
  });
});

describe('export: the same data in every format', () => {
  /** Every table as rows of canonical values: ISO dates, numbers, null for empty. */
  type Table = Record<string, unknown>[];

  function fromCsv(path: string, columns: readonly { key: string; kind: string }[]): Table {
    return parseFrenchCsv(path).rows.map((row) =>
      Object.fromEntries(
        columns.map(({ key, kind }) => {
          const text = row[key];
          if (text === '') return [key, null];
          if (kind === 'int' || kind === 'decimal') return [key, Number(text.replace(',', '.'))];
          if (kind === 'date') return [key, text.split('/').reverse().join('-')];
          return [key, text];
        }),
      ),
    );
  }

  it('CSV, JSON and XLSX hold the same rows; XLSX keeps remarks as typed, in string cells', async () => {
    const db = tempDb();
    await seedOctober(db);
    const dir = tempDir();
    for (const format of ['csv', 'json', 'xlsx']) expect((await runCli(['export', '--format', format, '--sortie', dir], { db })).code).toBe(0);

    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'cafcharte-2026-10.xlsx'));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Export', 'Journal', 'Séances', 'Statistiques']);
    const cover = workbook.getWorksheet('Export')!;
    const coverText = cover.getSheetValues().flat().map(String).join(' | ');
    expect(coverText).toContain('octobre 2026');
    expect(coverText).toContain('26 novembre 2026 à 12:00');
    expect(coverText).toContain('carnet de bord, séances, statistiques');
    expect(coverText).toMatch(/Version de cafcharte \| \d+\.\d+\.\d+/);

    const tables = [
      ['journal', 'Journal', LOGBOOK_COLUMNS],
      ['sessions', 'Séances', SESSION_COLUMNS],
      ['stats', 'Statistiques', STATS_COLUMNS],
    ] as const;
    for (const [suffix, sheetName, columns] of tables) {
      const csv = fromCsv(join(dir, `cafcharte-2026-10-${suffix}.csv`), columns);
      const json = JSON.parse(readFileSync(join(dir, `cafcharte-2026-10-${suffix}.json`), 'utf8'));
      expect(json.meta).toMatchObject({ periode: { code: '2026-10', du: '2026-10-01', au: '2026-10-31' }, exporte_le: '2026-11-26T12:00:00+04:00', table: suffix });
      expect(json.meta.colonnes).toEqual(columns.map((c) => c.key));
      const sheet = workbook.getWorksheet(sheetName)!;
      const xlsx: Table = [];
      let header: string[] = [];
      sheet.eachRow((row, n) => {
        const values = (row.values as unknown[]).slice(1);
        if (n === 1) header = values.map(String);
        else
          xlsx.push(
            Object.fromEntries(
              columns.map(({ key, kind }, i) => {
                const v = values[i];
                if (v === undefined || v === null) return [key, null];
                // A time cell (a fraction of a day, hh:mm) reads back as that time on 30 Dec 1899.
                if (kind === 'time' && v instanceof Date) return [key, v.toISOString().slice(11, 16)];
                if (v instanceof Date) return [key, v.toISOString().slice(0, 10)];
                return [key, v];
              }),
            ),
          );
      });
      expect(header).toEqual(columns.map((c) => c.key));
      // JSON keeps the raw text (scripts); the spreadsheet forms neutralise it.
      const neutralised = (json.lignes as Table).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v])),
      );
      expect(csv.length).toBeGreaterThan(0);
      expect(csv).toEqual(neutralised);
      // The spreadsheet keeps the text as typed (its quotePrefix style does the CSV's apostrophe's job).
      expect(xlsx).toEqual(json.lignes);
    }

    const journal = workbook.getWorksheet('Journal')!;
    const remarksColumn = LOGBOOK_COLUMNS.findIndex((c) => c.key === 'remarques') + 1;
    for (let n = 2; n <= 5; n++) {
      const cell = journal.getRow(n).getCell(remarksColumn);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(String(cell.value)).toBe(FORMULA_REMARKS[n - 2]);
      expect(cell.numFmt).toBe('@');
    }
    const dateCell = journal.getRow(2).getCell(2);
    expect(dateCell.type).toBe(ExcelJS.ValueType.Date);
    expect(dateCell.numFmt).toBe('dd/mm/yyyy');
  });
});

describe('export: empty periods and bad arguments', () => {
  it('exits 3 and writes nothing when the period has no data; --vide-ok writes header-only files', async () => {
    const db = tempDb();
    await seedOctober(db);
    const dir = tempDir();
    const empty = await runCli(['export', '--mois', '2026-08', '--sortie', dir], { db });
    expect(empty.code).toBe(3);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('aucune donnée pour août 2026');
    expect(empty.stderr).toContain('--vide-ok');
    expect(readdirSync(dir)).toEqual([]);

    const ok = await runCli(['export', '--mois', '2026-08', '--sortie', dir, '--vide-ok'], { db });
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(3);
    const journal = parseFrenchCsv(join(dir, 'cafcharte-2026-08-journal.csv'));
    expect(journal.header).toEqual(LOGBOOK_COLUMNS.map((c) => c.key));
    expect(journal.rows).toEqual([]);
  });

  it('counts only the chosen tables: sessions alone in a month with only entries is empty', async () => {
    const db = tempDb();
    await seedOctober(db);
    const r = await runCli(['export', '--mois', '2026-09', '--quoi', 'sessions', '--sortie', tempDir()], { db });
    expect(r.code).toBe(3);
    const journal = await runCli(['export', '--mois', '2026-09', '--quoi', 'journal', '--sortie', tempDir()], { db });
    expect(journal.code).toBe(0);
  });

  it.each([
    [['--mois', '2026-13'], '--mois'],
    [['--mois', 'hier'], 'precedent'],
    [['--mois', '2026-10', '--semestre', '2026-S2'], '--semestre'],
    [['--semestre', '2026-S3'], '--semestre'],
    [['--format', 'pdf'], 'csv, json, xlsx'],
    [['--quoi', 'journal,factures'], 'factures'],
    [['--sortie', '/nulle/part/ici'], 'n’existe pas'],
  ])('refuses %j with exit 2 and a French message', async (args, expected) => {
    const db = tempDb();
    await seedOctober(db);
    const r = await runCli(['export', ...args, ...(args.includes('--sortie') ? [] : ['--sortie', tempDir()])], { db });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(expected);
  });

  it('accepts --mois precedent and aliases in --quoi', async () => {
    const { dir, r } = await exportOctober('csv', ['--mois', 'precedent', '--quoi', 'stats,carnet,stats']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([join(dir, 'cafcharte-2026-10-journal.csv'), join(dir, 'cafcharte-2026-10-stats.csv')]);
    expect(existsSync(join(dir, 'cafcharte-2026-10-sessions.csv'))).toBe(false);
  });

  it('has French help with examples, the cron line and the exit codes', async () => {
    const r = await runCli(['export', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Utilisation :');
    expect(r.stdout).toContain('Exemples :');
    expect(r.stdout).toContain('0 6 1 * * cafcharte export');
    expect(r.stdout).toContain('3 aucune donnée');
    expect(r.stdout).toContain('remplacé');
  });
});
