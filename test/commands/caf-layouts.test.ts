// CAF files as they arrive: a title block, a header somewhere in the first rows, total rows,
// numbers stored as text, merged header cells, one column per month; in CSV and in XLSX.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { runCli, tempDb, tempDir } from '../harness.js';

const WIDE_EXAMPLE = new URL('../../data/exemple-stats-caf-mois-en-colonnes.csv', import.meta.url).pathname;
const LONG_EXAMPLE = new URL('../../data/exemple-stats-caf.csv', import.meta.url).pathname;

function file(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

async function figures(db: string): Promise<string[]> {
  const r = await runCli(['stats', 'list', '--json'], { db });
  return (JSON.parse(r.stdout) as { mois: string; perimetre: string; indicateur: string; rubrique: string | null; valeur: number | null; source: string }[])
    .filter((f) => f.source === 'caf')
    .map((f) => `${f.mois} ${f.perimetre} ${f.indicateur}${f.rubrique ? ` ${f.rubrique}` : ''} ${f.valeur}`);
}

describe('stats import of files made for people', () => {
  it('reads a CSV with a title block, one column per month (three spellings), numbers as text and total rows', async () => {
    const db = tempDb();
    const path = file(
      'extraction.csv',
      [
        'Extraction SI CAF du 05/01/2027;;;;;',
        ';;;;;',
        'Statistiques caf.fr — Territoire Sud;;;;;',
        'Périmètre;Indicateur;Rubrique;juil.-26;août 2026;2026-09',
        'Territoire Sud;Consultations;;"10 000";"11 000";"12 500"',
        'Territoire Sud;Télédéclarations;;800;820;790',
        'Territoire Sud;;Mon Compte;4 000;4 100;4 200',
        'Territoire Sud;;Mes paiements;1 000;900;1 100',
        // 4 000 + 1 000 = 5 000 and 4 100 + 900 = 5 000 are right; 4 200 + 1 100 = 5 300, not 5 000.
        ';;Total;5 000;5 000;5 000',
        'Le Tampon;Consultations;;2 500;2 600;2 700',
        'TOTAL;;;;;',
      ].join('\n'),
    );
    const r = await runCli(['stats', 'import', path], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ 15 chiffres importés depuis « extraction.csv » (3 mois, de juillet 2026 à septembre 2026)');
    expect(r.stderr).toBe('Import : 1 Ko lus en 0,0 s.\nAttention : ligne 9 : ligne de total, colonne « 2026-09 » : 5 000 alors que les lignes au-dessus font 5 300 ; la ligne de total est ignorée, les chiffres sont importés.\n');
    expect(await figures(db)).toEqual([
      '2026-07 Territoire Sud consultations 10000',
      '2026-07 Territoire Sud rubrique Mon Compte 4000',
      '2026-07 Territoire Sud rubrique Mes paiements 1000',
      '2026-07 Territoire Sud teledeclarations 800',
      '2026-07 Le Tampon consultations 2500',
      '2026-08 Territoire Sud consultations 11000',
      '2026-08 Territoire Sud rubrique Mon Compte 4100',
      '2026-08 Territoire Sud rubrique Mes paiements 900',
      '2026-08 Territoire Sud teledeclarations 820',
      '2026-08 Le Tampon consultations 2600',
      '2026-09 Territoire Sud consultations 12500',
      '2026-09 Territoire Sud rubrique Mon Compte 4200',
      '2026-09 Territoire Sud rubrique Mes paiements 1100',
      '2026-09 Territoire Sud teledeclarations 790',
      '2026-09 Le Tampon consultations 2700',
    ]);
  });

  it('reads a long CSV below a title block, skipping « Total » and « Ensemble » rows checked against the sum', async () => {
    const db = tempDb();
    const path = file(
      'long.csv',
      ['Chiffres CAF — juillet 2026', '', 'mois;perimetre;indicateur;rubrique;valeur', '2026-07;Territoire Sud;consultations;;1 520', '2026-07;Le Tampon;consultations;;480', 'Total;;;;2 000', '2026-08;Territoire Sud;consultations;;1 600', 'Ensemble;;;;1 700'].join('\n'),
    );
    const r = await runCli(['stats', 'import', path], { db });
    expect(r.code).toBe(0);
    // 1 520 + 480 = 2 000: silent. 1 600 alone against 1 700: said, with both numbers.
    expect(r.stderr).toBe('Import : 1 Ko lus en 0,0 s.\nAttention : ligne 8 : ligne de total : 1 700 alors que les lignes au-dessus font 1 600 ; la ligne de total est ignorée, les chiffres sont importés.\n');
    expect(await figures(db)).toEqual(['2026-07 Territoire Sud consultations 1520', '2026-07 Le Tampon consultations 480', '2026-08 Territoire Sud consultations 1600']);
  });

  it('reads an XLSX with a merged title, merged header cells, Excel date cells as months, text numbers and a total row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Extraction');
    sheet.addRow(['Extraction SI CAF du 05/01/2027']);
    sheet.mergeCells('A1:E1');
    sheet.addRow([]);
    // Row 3: « Périmètre » and « Indicateur » merged down over rows 3-4, « Mois » merged across the month columns.
    sheet.addRow(['Périmètre', 'Indicateur', 'Mois']);
    sheet.addRow([null, null, new Date(Date.UTC(2026, 9, 1)), new Date(Date.UTC(2026, 10, 1)), new Date(Date.UTC(2026, 11, 1))]);
    sheet.mergeCells('A3:A4');
    sheet.mergeCells('B3:B4');
    sheet.mergeCells('C3:E3');
    sheet.getCell('C4').numFmt = 'mmm-yy';
    sheet.getCell('D4').numFmt = 'mmm-yy';
    sheet.getCell('E4').numFmt = 'mmm-yy';
    sheet.addRow(['Saint-Pierre', 'consultations', '3 000', '3 100', 3200]);
    sheet.addRow([null, 'teledeclarations', '250', 260, '270']); // « Saint-Pierre » merged down: empty below
    sheet.mergeCells('A5:A6');
    sheet.addRow(['Ensemble', null, 3250, 3360, 3470]); // the two rows are different runs: checked against the last one only
    const path = join(tempDir(), 'extraction.xlsx');
    await workbook.xlsx.writeFile(path);
    const db = tempDb();
    const r = await runCli(['stats', 'import', path], { db });
    expect(r.stderr).toContain('ligne 7 : ligne de total, colonne « 2026-10 » : 3 250 alors que les lignes au-dessus font 250');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ 6 chiffres importés depuis « extraction.xlsx » (3 mois, de octobre 2026 à décembre 2026)');
    expect(await figures(db)).toEqual([
      '2026-10 Saint-Pierre consultations 3000',
      '2026-10 Saint-Pierre teledeclarations 250',
      '2026-11 Saint-Pierre consultations 3100',
      '2026-11 Saint-Pierre teledeclarations 260',
      '2026-12 Saint-Pierre consultations 3200',
      '2026-12 Saint-Pierre teledeclarations 270',
    ]);
  });

  it('the wide example holds the same figures as the long one for 2026-S1', async () => {
    const wide = tempDb();
    const long = tempDb();
    const r = await runCli(['stats', 'import', WIDE_EXAMPLE], { db: wide });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Import : 1 Ko lus en 0,0 s.\n'); // its « Total rubriques » rows add up
    await runCli(['stats', 'import', LONG_EXAMPLE], { db: long });
    const semester = async (db: string) => (await runCli(['stats', 'list', '--semestre', '2026-S1', '--json'], { db })).stdout;
    expect(await semester(wide)).toBe(await semester(long));
  });

  it('when no layout is recognised, shows the rows examined, both layouts with an example, and the example files (exit 2)', async () => {
    const db = tempDb();
    const path = file('inconnu.csv', ['Rapport mensuel', 'Commune;Nombre', 'Le Tampon;1520', 'Saint-Pierre;1200'].join('\n'));
    const r = await runCli(['stats', 'import', path], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ligne 1 : disposition du fichier non reconnue dans ses 30 premières lignes (aucune ligne d’en-tête trouvée). Lignes examinées :');
    expect(r.stderr).toContain('      ligne 2 : Commune | Nombre\n');
    expect(r.stderr).toContain('      ligne 4 : Saint-Pierre | 1200\n');
    expect(r.stderr).toContain('mois;perimetre;indicateur;rubrique;valeur\n        2026-07;Territoire Sud;consultations;;134992');
    expect(r.stderr).toContain('perimetre;indicateur;rubrique;juil.-26;août-26\n        Territoire Sud;consultations;;134992;128450');
    expect(r.stderr).toContain('Exemples complets : data/exemple-stats-caf.csv et data/exemple-stats-caf-mois-en-colonnes.csv.');
    expect(await figures(db)).toEqual([]);
  });
});
