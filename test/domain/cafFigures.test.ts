import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import {
  detectEncoding,
  decodeWindows1252,
  parseCafCsv,
  parseCafRows,
  parseCount,
  parseMonth,
  type Perimeter,
  type PerimeterResolver,
} from '../../src/domain/cafFigures/index.js';
import { isWholeTerritory, matchCommune } from '../../src/domain/territory.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/caf/${name}`, import.meta.url));

// The store-backed resolver without the store: the whole territory and its communes.
const resolve: PerimeterResolver = (text) => {
  if (isWholeTerritory(text)) return { kind: 'territoire' };
  const found = matchCommune(text);
  return found === undefined ? null : { kind: 'commune', insee: found.insee };
};
const commune = (insee: string): Perimeter => ({ kind: 'commune', insee });

/** The figures as plain tuples, easier to compare whole. */
const tuples = (bytes: Uint8Array) => {
  const parsed = parseCafCsv(bytes, resolve);
  expect(parsed.errors).toEqual([]);
  return parsed.figures.map((f) => [f.line, f.month, f.perimeterKey, f.indicator, f.siteSection, f.value]);
};

describe('parseMonth', () => {
  it.each([
    ['2026-07', '2026-07'],
    ['07/2026', '2026-07'],
    ['7/2026', '2026-07'],
    ['juil. 2026', '2026-07'],
    ['juil 2026', '2026-07'],
    ['juillet 2026', '2026-07'],
    ['Juillet 2026', '2026-07'],
    ['  JUILLET   2026 ', '2026-07'],
    ['févr. 2026', '2026-02'],
    ['fevrier 2026', '2026-02'],
    ['Février 2026', '2026-02'],
    ['août 2026', '2026-08'],
    ['aout 2026', '2026-08'],
    ['déc. 2026', '2026-12'],
    ['sept. 2025', '2025-09'],
    ['2026-07-01', '2026-07'],
    // Excel's day number of a date cell read before the styles that say it is a date.
    ['46204', '2026-07'],
  ])('reads %j as %s', (text, month) => {
    expect(parseMonth(text)).toEqual({ ok: true, value: month });
  });

  it.each([
    ['2026-13', 'mois impossible « 2026-13 »'],
    ['00/2026', 'mois impossible « 00/2026 »'],
    ['13/2026', 'mois impossible « 13/2026 »'],
    ['juilet 2026', 'mois inconnu « juilet 2026 » (attendu : 2026-07, 07/2026 ou juillet 2026)'],
    ['2026-07-15', '« 2026-07-15 » est une date, pas un mois (attendu : 2026-07)'],
    ['46218', '« 46218 » est une date, pas un mois (attendu : 2026-07)'],
    ['', 'mois manquant'],
    ['1999-12', 'année improbable « 1999-12 »'],
    ['bientôt', 'mois illisible « bientôt » (attendu : 2026-07, 07/2026 ou juillet 2026)'],
  ])('refuses %j', (text, reason) => {
    expect(parseMonth(text)).toEqual({ ok: false, reason });
  });
});

describe('parseCount', () => {
  it.each([
    ['1520', 1520],
    ['0', 0],
    ['1 520', 1520],
    ['1\u00a0520', 1520],
    ['1\u202f520', 1520],
    ['1.520', 1520],
    ['1.234.567', 1234567],
    ['12 345 678', 12345678],
    [' 87 ', 87],
  ])('reads %j as %d', (text, value) => {
    expect(parseCount(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['-4', 'valeur négative « -4 »'],
    ['12,5', 'valeur non entière « 12,5 » (un nombre de consultations ou de télédéclarations est entier)'],
    ['1.5', 'valeur non entière « 1.5 » (un nombre de consultations ou de télédéclarations est entier)'],
    ['douze', 'valeur non numérique « douze »'],
    ['1 52', 'valeur non numérique « 1 52 »'],
    ['1.520 300', 'valeur non numérique « 1.520 300 »'],
    ['1520 €', 'valeur non numérique « 1520 € »'],
    ['', 'valeur manquante'],
  ])('refuses %j', (text, reason) => {
    expect(parseCount(text)).toEqual({ ok: false, reason });
  });
});

describe('detectEncoding', () => {
  // The reader cuts cells from a Latin-1 view of the bytes; cellText gives a cell its real text.
  const decoded = (bytes: Uint8Array) => {
    const { encoding, bomLength, cellText } = detectEncoding(bytes);
    return { text: cellText(Buffer.from(bytes).toString('latin1', bomLength)), encoding };
  };

  it('decodes UTF-8 with and without a byte order mark', () => {
    const bytes = Buffer.from('Mes démarches ; 1\u202f520', 'utf8');
    expect(decoded(bytes)).toEqual({ text: 'Mes démarches ; 1\u202f520', encoding: 'utf-8' });
    expect(decoded(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]))).toEqual({ text: 'Mes démarches ; 1\u202f520', encoding: 'utf-8-bom' });
    expect(decoded(Buffer.from('2026-07;Territoire Sud'))).toEqual({ text: '2026-07;Territoire Sud', encoding: 'utf-8' });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    expect(decoded(iconv.encode('févr. 2026 ; Mes démarches ; 20 €', 'win1252'))).toEqual({
      text: 'févr. 2026 ; Mes démarches ; 20 €',
      encoding: 'windows-1252',
    });
  });

  it('agrees with iconv-lite on every byte Windows-1252 defines', () => {
    // 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned: iconv-lite gives U+FFFD, WHATWG the C1 code.
    const unassigned = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
    const defined = Uint8Array.from({ length: 256 }, (_, i) => i).filter((byte) => !unassigned.has(byte));
    expect(defined).toHaveLength(251);
    expect(decodeWindows1252(defined)).toBe(iconv.decode(Buffer.from(defined), 'win1252'));
  });
});

describe('parseCafCsv: format variants', () => {
  it('reads a Windows-1252 file saved by Excel (";", CRLF, accented header, "févr.", "Mes démarches")', () => {
    const parsed = parseCafCsv(fixture('cp1252-point-virgule.csv'), resolve);
    expect(parsed.encoding).toBe('windows-1252');
    expect(parsed.separator).toBe(';');
    expect(tuples(fixture('cp1252-point-virgule.csv'))).toEqual([
      [2, '2026-02', 'territoire', 'consultations', null, 1520],
      [3, '2026-02', 'territoire', 'siteSection', 'Mes démarches', 640],
      [4, '2026-02', 'territoire', 'siteSection', 'Mon Compte', 1020],
      [5, '2026-02', 'commune:97422', 'onlineDeclaration', null, 87],
      [6, '2026-02', 'commune:97416', 'consultations', null, 310],
    ]);
  });

  it('reads UTF-8 with BOM, "," separator, columns in another order and quoted fields', () => {
    const parsed = parseCafCsv(fixture('utf8-bom-virgule.csv'), resolve);
    expect([parsed.encoding, parsed.separator]).toEqual(['utf-8-bom', ',']);
    expect(tuples(fixture('utf8-bom-virgule.csv'))).toEqual([
      [2, '2026-07', 'territoire', 'consultations', null, 2300],
      [3, '2026-07', 'territoire', 'siteSection', 'Aides et démarches, en ligne', 1045],
      [4, '2026-07', 'territoire', 'siteSection', 'Mon "Compte"', 412],
      [5, '2026-07', 'commune:97414', 'onlineDeclaration', null, 98],
    ]);
  });

  it('reads UTF-8 without BOM, tab separated, with a newline inside quotes and no final newline', () => {
    const parsed = parseCafCsv(fixture('utf8-tabulation.tsv'), resolve);
    expect([parsed.encoding, parsed.separator]).toEqual(['utf-8', '\t']);
    expect(tuples(fixture('utf8-tabulation.tsv'))).toEqual([
      [2, '2026-07', 'territoire', 'consultations', null, 1200],
      [3, '2026-07', 'commune:97424', 'consultations', null, 75],
      [4, '2026-07', 'commune:97405', 'consultations', null, 60],
      [5, '2026-07', 'commune:97403', 'consultations', null, 1001],
      [6, '2026-08', 'territoire', 'siteSection', 'Mes démarches', 5],
      [8, '2026-12', 'territoire', 'onlineDeclaration', null, 1234567],
    ]);
  });

  it('skips blank lines and rows of empty cells, and ignores extra columns', () => {
    const csv = 'mois;perimetre;indicateur;rubrique;valeur;commentaire\n\n;;;;\n2026-07;Territoire Sud;consultations;;10;source SI\n';
    expect(tuples(Buffer.from(csv))).toEqual([[4, '2026-07', 'territoire', 'consultations', null, 10]]);
  });

  it('merges section spellings that differ only by case or spaces, keeping the first', () => {
    const csv = 'mois;perimetre;indicateur;rubrique;valeur\n2026-07;Territoire Sud;rubrique;Mon Compte;1\n2026-08;Territoire Sud;rubrique;mon  compte;2\n';
    expect(tuples(Buffer.from(csv)).map((t) => t[4])).toEqual(['Mon Compte', 'Mon Compte']);
  });
});

describe('parseCafCsv: bad rows', () => {
  it('reports every bad row with its line and reason, not only the first', () => {
    const parsed = parseCafCsv(fixture('erreurs.csv'), resolve);
    expect(parsed.errors).toEqual([
      { line: 3, reason: 'mois impossible « 2026-13 »' },
      { line: 4, reason: 'indicateur inconnu « visites » (attendu : consultations, rubrique ou teledeclarations)' },
      { line: 5, reason: 'valeur négative « -4 »' },
      { line: 6, reason: 'périmètre « Saint-Denis » hors du territoire Sud de la charte (art. 1)' },
      { line: 7, reason: 'rubrique manquante pour une ligne « rubrique »' },
      { line: 8, reason: 'valeur non numérique « douze »' },
      { line: 9, reason: 'doublon de la ligne 2 (même mois, périmètre, indicateur et rubrique)' },
      { line: 10, reason: 'valeur non entière « 12,5 » (un nombre de consultations ou de télédéclarations est entier)' },
    ]);
    expect(parsed.figures.map((f) => f.line)).toEqual([2]);
  });

  it('reports five lines for a file with five different bad rows', () => {
    const csv = [
      'mois;perimetre;indicateur;rubrique;valeur',
      '2026-07;Territoire Sud;consultations;;100',
      '2026-13;Territoire Sud;consultations;;1',
      '2026-07;Territoire Sud;clics;;1',
      '2026-07;Territoire Sud;teledeclarations;;-1',
      '2026-07;Saint-Denis;consultations;;1',
      '2026-07;Territoire Sud;rubrique;;1',
    ].join('\n');
    expect(parseCafCsv(Buffer.from(csv), resolve).errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
  });

  it('gives every reason of a row that is wrong several ways, on one line', () => {
    const csv = 'mois;perimetre;indicateur;rubrique;valeur\nplus tard;Nulle Part;teledeclarations;Mon Compte;abc\n';
    expect(parseCafCsv(Buffer.from(csv), resolve).errors).toEqual([
      {
        line: 2,
        reason:
          'mois illisible « plus tard » (attendu : 2026-07, 07/2026 ou juillet 2026) ; périmètre inconnu « Nulle Part » (attendu : Territoire Sud, une commune du territoire ou un lieu enregistré) ; la colonne rubrique doit rester vide pour l’indicateur « teledeclarations » ; valeur non numérique « abc »',
      },
    ]);
  });

  it('counts lines from where a record starts when quotes span lines', () => {
    const csv = 'mois;perimetre;indicateur;rubrique;valeur\n2026-07;Territoire Sud;rubrique;"Mes\ndémarches";5\n2026-07;Territoire Sud;rubrique;"A";x\n';
    expect(parseCafCsv(Buffer.from(csv), resolve).errors.map((e) => e.line)).toEqual([4]);
  });

  it('refuses a row with too many cells rather than drop some (1,520 unquoted with ",")', () => {
    const csv = 'mois,perimetre,indicateur,rubrique,valeur\n2026-07,Territoire Sud,consultations,,1,520\n2026-08,Territoire Sud,consultations,,"1,520"\n2026-09,Territoire Sud,consultations,,7,,\n';
    const parsed = parseCafCsv(Buffer.from(csv), resolve);
    expect(parsed.errors).toEqual([
      { line: 2, reason: '6 colonnes au lieu de 5 : vérifiez le séparateur et les guillemets (un nombre écrit avec une virgule doit être entre guillemets)' },
      { line: 3, reason: 'valeur non entière « 1,520 » (un nombre de consultations ou de télédéclarations est entier)' },
    ]);
    expect(parsed.figures.map((f) => [f.month, f.value])).toEqual([['2026-09', 7]]);
  });

  it('names the missing header columns', () => {
    const parsed = parseCafCsv(Buffer.from('Mois;Périmètre;Valeur\n2026-07;Territoire Sud;10\n'), resolve);
    expect(parsed.errors).toEqual([
      { line: 1, reason: "colonnes « indicateur », « rubrique » absentes de l’en-tête (attendu : mois;perimetre;indicateur;rubrique;valeur)" },
    ]);
    expect(parsed.figures).toEqual([]);
  });

  it('refuses an empty file, a short row and an unclosed quote', () => {
    expect(parseCafCsv(new Uint8Array(), resolve).errors).toEqual([
      { line: 1, reason: "fichier vide : l’en-tête mois;perimetre;indicateur;rubrique;valeur est attendu" },
    ]);
    const csv = 'mois;perimetre;indicateur;rubrique;valeur\n2026-07;Territoire Sud\n2026-07;Territoire Sud;rubrique;"Mon Compte;5\n';
    expect(parseCafCsv(Buffer.from(csv), resolve).errors).toEqual([
      { line: 2, reason: '2 colonnes au lieu de 5 : vérifiez le séparateur et les guillemets (un nombre écrit avec une virgule doit être entre guillemets)' },
      { line: 3, reason: 'guillemet ouvert jamais refermé : la fin du fichier est illisible' },
    ]);
  });
});

describe('parseCafRows (XLSX sheets)', () => {
  it('uses the sheet row numbers as lines', () => {
    const parsed = parseCafRows(
      [
        { line: 1, cells: ['Mois', 'Périmètre', 'Indicateur', 'Rubrique', 'Valeur'] },
        { line: 2, cells: ['2026-07', 'Territoire Sud', 'consultations', '', '1520'] },
        { line: 4, cells: ['2026-07', 'Territoire Sud', 'rubrique', '', '3'] },
      ],
      resolve,
    );
    expect(parsed.figures.map((f) => [f.line, f.perimeter, f.value])).toEqual([[2, { kind: 'territoire' }, 1520]]);
    expect(parsed.errors).toEqual([{ line: 4, reason: 'rubrique manquante pour une ligne « rubrique »' }]);
  });

  it('accepts places and communes from the resolver', () => {
    const withPlace: PerimeterResolver = (text) => (text === 'Médiathèque du Tampon' ? { kind: 'lieu', placeId: 7 } : resolve(text));
    const parsed = parseCafRows(
      [
        { line: 1, cells: ['mois', 'perimetre', 'indicateur', 'rubrique', 'valeur'] },
        { line: 2, cells: ['2026-07', 'Médiathèque du Tampon', 'consultations', '', '12'] },
        { line: 3, cells: ['2026-07', 'Le Tampon', 'consultations', '', '40'] },
      ],
      withPlace,
    );
    expect(parsed.figures.map((f) => [f.perimeterKey, f.perimeter])).toEqual([
      ['lieu:7', { kind: 'lieu', placeId: 7 }],
      ['commune:97422', commune('97422')],
    ]);
  });
});

describe('data/exemple-stats-caf.csv', () => {
  it('parses cleanly: three semesters (18 months) of the documented format', () => {
    const parsed = parseCafCsv(readFileSync(new URL('../../data/exemple-stats-caf.csv', import.meta.url)), resolve);
    expect(parsed.errors).toEqual([]);
    expect(parsed.figures).toHaveLength(18 * 13);
    expect(new Set(parsed.figures.map((f) => f.month)).size).toBe(18);
    expect(parsed.figures[0]).toMatchObject({ line: 2, month: '2025-01', perimeterKey: 'territoire', indicator: 'consultations', value: 118000 });
    expect(new Set(parsed.figures.filter((f) => f.siteSection !== null).map((f) => f.siteSection))).toEqual(
      new Set(['Mon Compte', 'Mes démarches', 'Aides et démarches', 'Mes paiements', 'Mes attestations']),
    );
  });
});
