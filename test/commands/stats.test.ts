import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { addTestPlaces, runCli, tempDb, tempDir } from '../harness.js';

const EXAMPLE = new URL('../../data/exemple-stats-caf.csv', import.meta.url).pathname;
const FIXTURES = new URL('../fixtures/caf/', import.meta.url).pathname;

/** Writes a CSV into a fresh folder and returns its path. */
function csvFile(lines: string[], name = 'chiffres.csv'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const HEADER = 'mois;perimetre;indicateur;rubrique;valeur';

async function list(db: string, ...flags: string[]) {
  const result = await runCli(['stats', 'list', '--json', ...flags], { db });
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { mois: string; perimetre: string; perimetre_code: string; indicateur: string; rubrique: string | null; valeur: number }[];
}

describe('stats import', () => {
  it('imports the documented example, records the file, and lists its figures', async () => {
    const db = tempDb();
    const r = await runCli(['stats', 'import', EXAMPLE], { db });
    expect(r.stderr).toBe('Import : 11 Ko lus en 0,0 s.\n'); // piped: the summary line only, no progress drawn
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('✓ 234 chiffres importés depuis « exemple-stats-caf.csv » (18 mois, de janvier 2025 à juin 2026) ; import n° 1.\n');

    const imports = JSON.parse((await runCli(['stats', 'imports', '--json'], { db })).stdout);
    expect(imports).toEqual([
      {
        numero: 1,
        fichier: 'exemple-stats-caf.csv',
        importe_le: '2026-11-26T12:00:00+04:00',
        chiffres: 234,
        remplaces: 0,
        sha256: createHash('sha256').update(readFileSync(EXAMPLE)).digest('hex'),
      },
    ]);

    const semester = await list(db, '--semestre', '2026-S1', '--perimetre', 'territoire sud');
    expect(semester).toHaveLength(6 * 7);
    expect(semester[0]).toEqual({ mois: '2026-01', perimetre: 'Territoire Sud', perimetre_code: 'territoire', indicateur: 'consultations', rubrique: null, valeur: 134992, source: 'caf' });
    // Sections come by decreasing value within a month, after consultations.
    expect(semester.slice(1, 6).map((f) => f.rubrique)).toEqual(['Mon Compte', 'Mes démarches', 'Aides et démarches', 'Mes paiements', 'Mes attestations']);
    const tampon = await list(db, '--mois', '07/2025', '--perimetre', 'tampon');
    expect(tampon.map((f) => [f.perimetre, f.indicateur, f.valeur])).toEqual([
      ['Le Tampon', 'consultations', 26159],
      ['Le Tampon', 'teledeclarations', 1992],
    ]);
  });

  it('says so and changes nothing when the same file comes again', async () => {
    const db = tempDb();
    await runCli(['stats', 'import', EXAMPLE], { db });
    const again = await runCli(['stats', 'import', EXAMPLE], { db });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('« exemple-stats-caf.csv » déjà importé le 26 novembre 2026 à 12:00 (import n° 1, 234 chiffres) : rien n’a changé.\n');
    expect(JSON.parse((await runCli(['stats', 'imports', '--json'], { db })).stdout)).toHaveLength(1);
    expect(await list(db)).toHaveLength(234);
  });

  it('refuses (exit 4) a file whose figures are already stored (same month, perimeter, indicator, section), naming them', async () => {
    const db = tempDb();
    await runCli(['stats', 'import', csvFile([HEADER, '2026-07;Territoire Sud;consultations;;100', '2026-07;Le Tampon;consultations;;30'])], { db });
    const overlap = csvFile([HEADER, 'juillet 2026;Territoire Sud;consultations;;120', 'juillet 2026;Territoire Sud;teledeclarations;;9', '2026-08;Territoire Sud;consultations;;80']);
    const r = await runCli(['stats', 'import', overlap], { db });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      // July's télédéclarations and August are new; July's territory consultations are not.
      'Erreur : « chiffres.csv » : la base contient déjà 1 chiffre de ce fichier (mêmes mois, périmètre, indicateur et rubrique) ; rien n’a été importé. Ajoutez --remplacer pour remplacer exactement ces chiffres, et eux seuls.\n' +
        '  juillet 2026 — Territoire Sud (1 chiffre)\n',
    );
    expect((await list(db)).map((f) => f.valeur)).toEqual([100, 30]);
  });

  it('with --remplacer, replaces exactly the file’s figures, keeps the others of the same month, never double-counts', async () => {
    const db = tempDb();
    await runCli(
      ['stats', 'import', csvFile([HEADER, '2026-07;Territoire Sud;consultations;;100', '2026-07;Territoire Sud;rubrique;Mon Compte;40', '2026-07;Le Tampon;consultations;;30', '2026-06;Territoire Sud;consultations;;90'])],
      { db },
    );
    const correction = csvFile([HEADER, '2026-07;Territoire Sud;consultations;;120', '2026-07;Territoire Sud;teledeclarations;;9'], 'correction.csv');
    const r = await runCli(['stats', 'import', correction, '--remplacer'], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '✓ 2 chiffres importés depuis « correction.csv » (1 mois : juillet 2026) ; import n° 2.\n' +
        '1 chiffre déjà en base (mêmes mois, périmètre, indicateur et rubrique) a été remplacé ; les autres chiffres de ces mois sont inchangés.\n',
    );
    // July's territory consultations are the new file's, its télédéclarations are added; the section, June and Le Tampon stay.
    expect((await list(db)).map((f) => [f.mois, f.perimetre_code, f.indicateur, f.valeur])).toEqual([
      ['2026-06', 'territoire', 'consultations', 90],
      ['2026-07', 'territoire', 'consultations', 120],
      ['2026-07', 'territoire', 'rubrique', 40],
      ['2026-07', 'territoire', 'teledeclarations', 9],
      ['2026-07', 'commune:97422', 'consultations', 30],
    ]);
    const imports = JSON.parse((await runCli(['stats', 'imports', '--json'], { db })).stdout);
    expect(imports.map((i: { chiffres: number; remplaces: number }) => [i.chiffres, i.remplaces])).toEqual([
      [4, 0],
      [2, 1],
    ]);
  });

  it('with --remplacer, a pair met again later in the file is not deleted twice', async () => {
    const db = tempDb();
    await runCli(['stats', 'import', csvFile([HEADER, '2026-07;Territoire Sud;consultations;;100', '2026-07;Territoire Sud;teledeclarations;;8'])], { db });
    const interleaved = csvFile(
      [HEADER, '2026-07;Territoire Sud;consultations;;120', '2026-07;Le Tampon;consultations;;30', '2026-07;Territoire Sud;teledeclarations;;9'],
      'melange.csv',
    );
    expect((await runCli(['stats', 'import', interleaved, '--remplacer'], { db })).code).toBe(0);
    expect((await list(db)).map((f) => [f.perimetre_code, f.indicateur, f.valeur])).toEqual([
      ['territoire', 'consultations', 120],
      ['territoire', 'teledeclarations', 9],
      ['commune:97422', 'consultations', 30],
    ]);
  });

  it('imports a file larger than its 4 MB reading chunks, every row once', async () => {
    const sections = Array.from({ length: 40 }, (_, i) => `Rubrique n° ${i + 1}`);
    const lines = [HEADER];
    for (let month = 0; lines.length <= 120_000; month++) {
      const when = `${2000 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
      for (const perimeter of ['Territoire Sud', 'Le Tampon', 'Petite-Île']) {
        for (const section of sections) lines.push(`${when};${perimeter};rubrique;${section};${lines.length % 1000}`);
      }
    }
    const path = csvFile(lines.slice(0, 120_001), 'gros.csv');
    expect(readFileSync(path).length).toBeGreaterThan(5 * 1024 * 1024);
    const db = tempDb();
    const r = await runCli(['stats', 'import', path], { db });
    expect(r.stderr).toBe('Import : 5,6 Mo lus en 0,0 s.\n');
    expect(r.stdout).toBe('✓ 120 000 chiffres importés depuis « gros.csv » (1 000 mois, de janvier 2000 à avril 2083) ; import n° 1.\n');
    const april2083 = await list(db, '--mois', '2083-04');
    expect(april2083).toHaveLength(120);
    expect(april2083.find((f) => f.perimetre === 'Petite-Île' && f.rubrique === 'Rubrique n° 40')?.valeur).toBe(120_000 % 1000);
  });

  it('lists every bad row on stderr, exits 2 and imports nothing', async () => {
    const db = tempDb();
    const r = await runCli(['stats', 'import', join(FIXTURES, 'erreurs.csv')], { db });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'Erreur : « erreurs.csv » : 8 lignes refusées ; rien n’a été importé. Corrigez ces lignes puis relancez la commande.',
        '  ligne 3 : mois impossible « 2026-13 »',
        '  ligne 4 : indicateur inconnu « visites » (attendu : consultations, rubrique ou teledeclarations)',
        '  ligne 5 : valeur négative « -4 »',
        '  ligne 6 : périmètre « Saint-Denis » hors du territoire Sud de la charte (art. 1)',
        '  ligne 7 : rubrique manquante pour une ligne « rubrique »',
        '  ligne 8 : valeur non numérique « douze »',
        '  ligne 9 : doublon de la ligne 2 (même mois, périmètre, indicateur et rubrique)',
        '  ligne 10 : valeur non entière « 12,5 » (un nombre de consultations ou de télédéclarations est entier)',
        '',
      ].join('\n'),
    );
    expect(await list(db)).toEqual([]);
    expect(JSON.parse((await runCli(['stats', 'imports', '--json'], { db })).stdout)).toEqual([]);
  });

  it('--dry-run shows counts per month and indicator, and per month and perimeter what would be added or replaced, writing nothing', async () => {
    const db = tempDb();
    await runCli(['stats', 'import', csvFile([HEADER, '2026-02;Territoire Sud;consultations;;5'])], { db });
    const r = await runCli(['stats', 'import', join(FIXTURES, 'cp1252-point-virgule.csv'), '--dry-run'], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Simulation (--dry-run) : rien n’a été enregistré.',
        'Fichier « cp1252-point-virgule.csv » (CSV Windows-1252, séparateur « ; »).',
        '5 chiffres valides, 1 mois : février 2026, 3 périmètres : Territoire Sud, Le Tampon, Saint-Pierre.',
        'Nombre de chiffres par mois et indicateur :',
        'Mois\tconsultations\trubrique\tteledeclarations',
        'février 2026\t2\t2\t1',
        'Par mois et périmètre (un chiffre est identifié par son mois, son périmètre, son indicateur et sa rubrique) :',
        '  février 2026 — Territoire Sud : 2 ajoutés, 1 remplacé',
        '      consultations : 5 → 1 520',
        '  février 2026 — Saint-Pierre : 1 ajouté',
        '  février 2026 — Le Tampon : 1 ajouté',
        'La base contient déjà 1 chiffre de ce fichier : sans --remplacer, l’import serait refusé.',
        '',
      ].join('\n'),
    );
    expect((await list(db)).map((f) => f.valeur)).toEqual([5]);
    expect(JSON.parse((await runCli(['stats', 'imports', '--json'], { db })).stdout)).toHaveLength(1);
  });

  it('--dry-run with --remplacer says what would be replaced; on a file already imported, says so', async () => {
    const db = tempDb();
    const first = csvFile([HEADER, '2026-07;Territoire Sud;consultations;;100', '2026-07;Territoire Sud;rubrique;Mon Compte;40']);
    await runCli(['stats', 'import', first], { db });
    const correction = csvFile([HEADER, '2026-07;Territoire Sud;consultations;;120'], 'correction.csv');
    const r = await runCli(['stats', 'import', correction, '--dry-run', '--remplacer'], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Fichier « correction.csv » (CSV UTF-8, séparateur « ; »).\n1 chiffre valide, 1 mois : juillet 2026, 1 périmètre : Territoire Sud.\n');
    expect(r.stdout).toContain('  juillet 2026 — Territoire Sud : 1 remplacé\n      consultations : 100 → 120\n');
    expect(r.stdout).toContain(
      'Avec --remplacer, 1 chiffre déjà en base serait remplacé ; les autres chiffres de ces mois et périmètres resteraient tels quels.\n',
    );
    expect((await list(db)).map((f) => f.valeur)).toEqual([100, 40]);
    const again = await runCli(['stats', 'import', first, '--dry-run'], { db });
    expect([again.code, again.stdout]).toEqual([0, '« chiffres.csv » déjà importé le 26 novembre 2026 à 12:00 (import n° 1, 2 chiffres) : rien n’a changé.\n']);
  });

  it('imports a Windows-1252 file from Excel with accents intact', async () => {
    const db = tempDb();
    expect((await runCli(['stats', 'import', join(FIXTURES, 'cp1252-point-virgule.csv')], { db })).code).toBe(0);
    expect((await list(db)).map((f) => [f.perimetre, f.indicateur, f.rubrique, f.valeur])).toEqual([
      ['Territoire Sud', 'consultations', null, 1520],
      ['Territoire Sud', 'rubrique', 'Mon Compte', 1020],
      ['Territoire Sud', 'rubrique', 'Mes démarches', 640],
      // No territory figure for télédéclarations, and 1 commune of 10 is not the territory: n.d.
      ['Territoire Sud', 'teledeclarations', null, null],
      ['Saint-Pierre', 'consultations', null, 310],
      ['Le Tampon', 'teledeclarations', null, 87],
    ]);
  });

  it('imports an XLSX workbook, recognised by its content whatever its name', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Feuil1');
    sheet.addRow(['Mois', 'Périmètre', 'Indicateur', 'Rubrique', 'Valeur']);
    sheet.addRow([new Date(Date.UTC(2026, 6, 1)), 'Territoire Sud', 'consultations', null, 1520]);
    sheet.addRow(['juil. 2026', 'Territoire Sud', 'Télédéclarations', null, '1 045']);
    const path = join(tempDir(), 'export-caf.dat');
    writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
    const db = tempDb();
    const r = await runCli(['stats', 'import', path], { db });
    expect(r.stderr).toBe('Import : 3 lignes lues en 0,0 s.\n');
    expect(r.code).toBe(0);
    expect((await list(db)).map((f) => [f.mois, f.indicateur, f.valeur])).toEqual([
      ['2026-07', 'consultations', 1520],
      ['2026-07', 'teledeclarations', 1045],
    ]);
  });

  it('imports an XLSX whatever the order of its parts (LibreOffice writes the workbook and styles after the sheet)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Feuil1');
    sheet.addRow(['Mois', 'Périmètre', 'Indicateur', 'Rubrique', 'Valeur']);
    sheet.addRow([new Date(Date.UTC(2026, 6, 1)), 'Territoire Sud', 'consultations', null, 1520]);
    const original = await JSZip.loadAsync(Buffer.from(await workbook.xlsx.writeBuffer()));
    const first = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml'];
    const rest = Object.keys(original.files).filter((name) => !first.includes(name) && !original.files[name]!.dir);
    const reordered = new JSZip();
    for (const name of [...first, ...rest.filter((n) => n !== 'xl/workbook.xml' && n !== 'xl/styles.xml'), 'xl/styles.xml', 'xl/workbook.xml']) {
      reordered.file(name, await original.file(name)!.async('uint8array'));
    }
    const path = join(tempDir(), 'libreoffice.xlsx');
    writeFileSync(path, await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const db = tempDb();
    const r = await runCli(['stats', 'import', path], { db });
    expect([r.code, r.stderr]).toEqual([0, 'Import : 2 lignes lues en 0,0 s.\n']);
    expect((await list(db)).map((f) => [f.mois, f.indicateur, f.valeur])).toEqual([['2026-07', 'consultations', 1520]]);
  });

  it('refuses a damaged XLSX (exit 2) and a missing file (exit 3) in French', async () => {
    const db = tempDb();
    const broken = join(tempDir(), 'casse.xlsx');
    writeFileSync(broken, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 7)]));
    const r = await runCli(['stats', 'import', broken], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Erreur : « casse.xlsx » : classeur XLSX tronqué ou endommagé (répertoire de l’archive introuvable)\n');
    const missing = await runCli(['stats', 'import', 'nulle-part.csv'], { db });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe('Erreur : « nulle-part.csv » : fichier introuvable.\n');
  });

  it('accepts a registered place as perimeter and shows its name', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const r = await runCli(['stats', 'import', csvFile([HEADER, '2026-07;Médiathèque du Tampon;consultations;;12', '2026-07;mpt de bois court;teledeclarations;;3'])], { db });
    expect(r.code).toBe(0);
    expect((await list(db, '--perimetre', 'Médiathèque du Tampon')).map((f) => [f.perimetre, f.perimetre_code, f.valeur])).toEqual([
      ['Médiathèque du Tampon', 'lieu:1', 12],
    ]);
    expect((await list(db)).map((f) => f.perimetre)).toEqual(['Médiathèque du Tampon', 'MPT de Bois-Court']);
  });
});

describe('stats list and imports', () => {
  it('shows a table on a terminal and says when there is nothing', async () => {
    const db = tempDb();
    const empty = await runCli(['stats', 'list'], { db, tty: true });
    expect(empty.code).toBe(0);
    expect(empty.stderr).toBe('Aucun chiffre de la CAF pour cette sélection ; importez-les avec « cafcharte stats import FICHIER ».\n');
    await runCli(['stats', 'import', csvFile([HEADER, '2026-07;Territoire Sud;consultations;;12345'])], { db });
    const table = await runCli(['stats', 'list'], { db, tty: true });
    expect(table.stdout).toContain('juillet 2026');
    expect(table.stdout).toContain('12 345');
    const imports = await runCli(['stats', 'imports'], { db, tty: true });
    expect(imports.stdout).toContain('26 novembre 2026 à 12:00');
    expect(imports.stdout).toContain('chiffres.csv');
  });

  it('refuses --semestre with --mois, a bad semester, and an unknown perimeter (exit 2)', async () => {
    const db = tempDb();
    const both = await runCli(['stats', 'list', '--semestre', '2026-S1', '--mois', '2026-02'], { db });
    expect([both.code, both.stderr]).toEqual([2, 'Erreur : --semestre et --mois : choisissez l’un ou l’autre.\n']);
    expect((await runCli(['stats', 'list', '--semestre', '2026-S3'], { db })).code).toBe(2);
    const outside = await runCli(['stats', 'list', '--perimetre', 'Saint-Denis'], { db });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('--perimetre : « Saint-Denis » n’est ni le Territoire Sud');
  });

  it('has French help with examples on every verb', async () => {
    for (const verb of ['import', 'list', 'imports']) {
      const help = await runCli(['stats', verb, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Exemples :');
      expect(help.stdout).toContain(`$ cafcharte stats ${verb}`);
    }
  });
});
