// The Territoire Sud figure is the territory or nothing, and every output says the same:
// the report (JSON and terminal), `stats list` and the semester export, on one dataset.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDb, tempDir } from '../harness.js';
import { readCsv } from '../../src/domain/cafFigures/csv.js';
import { COMMUNES } from '../../src/domain/territory.js';

const HEADER = 'mois;perimetre;indicateur;rubrique;valeur';
let db: string;

// 2026-S1, worked out by hand:
// - January-April: the CAF's own territory figures (consultations 10 000, 11 000, 12 000, 13 000;
//   télédéclarations 500 a month).
// - May: no territory row, all ten communes: consultations 1 000 each = 10 000, télédéclarations 50 each = 500.
// - June: only Le Tampon (4 000) and Saint-Pierre (3 000): 7 000 is not the territory's figure, June is n.d.
beforeAll(async () => {
  db = tempDb();
  const lines = [HEADER];
  ['01', '02', '03', '04'].forEach((m, i) => {
    lines.push(`2026-${m};Territoire Sud;consultations;;${10000 + i * 1000}`, `2026-${m};Territoire Sud;teledeclarations;;500`);
  });
  for (const commune of COMMUNES) lines.push(`2026-05;${commune.name};consultations;;1000`, `2026-05;${commune.name};teledeclarations;;50`);
  lines.push('2026-06;Le Tampon;consultations;;4000', '2026-06;Saint-Pierre;consultations;;3000');
  const file = join(tempDir(), 'chiffres.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const r = await runCli(['stats', 'import', file], { db });
  expect(r.code).toBe(0);
});

type Figure = number | null;

async function fromReport(): Promise<Record<string, [Figure, Figure]>> {
  const r = await runCli(['report', '--semestre', '2026-S1', '--format', 'json'], { db });
  expect(r.code).toBe(0);
  const caf = JSON.parse(r.stdout).chiffres_caf;
  return Object.fromEntries(
    caf.consultations.par_mois.map((m: { mois: string; valeur: Figure }, i: number) => [m.mois, [m.valeur, caf.teledeclarations.par_mois[i].valeur]]),
  );
}

async function fromStatsList(): Promise<Record<string, [Figure, Figure]>> {
  const r = await runCli(['stats', 'list', '--semestre', '2026-S1', '--perimetre', 'Territoire Sud', '--json'], { db });
  expect(r.code).toBe(0);
  const rows = JSON.parse(r.stdout) as { mois: string; indicateur: string; valeur: Figure }[];
  const result: Record<string, [Figure, Figure]> = {};
  for (const row of rows) {
    result[row.mois] ??= [null, null];
    result[row.mois]![row.indicateur === 'consultations' ? 0 : 1] = row.valeur;
  }
  return result;
}

async function fromExport(): Promise<Record<string, [Figure, Figure]>> {
  const dir = tempDir();
  const r = await runCli(['export', '--semestre', '2026-S1', '--quoi', 'stats', '--sortie', dir], { db });
  expect(r.code).toBe(0);
  const records: string[][] = [];
  readCsv(readFileSync(join(dir, 'cafcharte-2026-S1-stats.csv'), 'utf8').replace(/^\ufeff/, ''), ';', (cells) => records.push(cells), () => undefined);
  const [header, ...body] = records;
  const at = (name: string) => header!.indexOf(name);
  const value = (cell: string | undefined): Figure => (cell === undefined || cell === '' ? null : Number(cell.replace(/\s/g, '')));
  const result: Record<string, [Figure, Figure]> = {};
  for (const row of body.filter((cells) => cells[at('niveau')] === 'territoire')) {
    result[row[at('mois')]!] = [value(row[at('consultations_caf')]), value(row[at('teledeclarations_caf')])];
  }
  return result;
}

describe('the Territoire Sud figure', () => {
  it('is the same in the report, stats list and the export: the CAF’s own, the ten communes’ sum, or n.d.', async () => {
    const expected = {
      '2026-01': [10000, 500],
      '2026-02': [11000, 500],
      '2026-03': [12000, 500],
      '2026-04': [13000, 500],
      '2026-05': [10000, 500], // 10 × 1 000 and 10 × 50: all ten communes
      '2026-06': [null, null], // 2 communes out of 10 (consultations), none (télédéclarations)
    };
    expect(await fromReport()).toEqual(expected);
    expect(await fromStatsList()).toEqual(expected);
    expect(await fromExport()).toEqual(expected);
  });

  it('says where a figure comes from and how many communes a missing one had, in every output', async () => {
    const report = await runCli(['report', '--semestre', '2026-S1'], { db });
    const text = report.stdout.replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain('10 000 (somme des 10 communes)');
    expect(text).toContain('n.d. (2 communes sur 10)');
    // Completeness agrees with the table: June has no territory figure.
    expect(text).toContain('juin 2026 : consultations de caf.fr (2 communes sur 10), rubriques consultées, télédéclarations');
    expect(text).toContain('56 000 — partiel (5 mois sur 6)'); // 10 000 + 11 000 + 12 000 + 13 000 + 10 000 (May), without June's 7 000

    const list = await runCli(['stats', 'list', '--mois', '2026-06'], { db });
    const listed = list.stdout.replace(/[\u00a0\u202f]/g, ' ');
    expect(listed).toMatch(/juin 2026\tTerritoire Sud\tconsultations\t\tn\.d\. \(2 communes sur 10\)/);
    expect(listed).toMatch(/juin 2026\tLe Tampon\tconsultations\t\t4 000/);
    const json = JSON.parse((await runCli(['stats', 'list', '--mois', '2026-06', '--perimetre', 'territoire', '--json'], { db })).stdout);
    expect(json).toContainEqual({
      mois: '2026-06',
      perimetre: 'Territoire Sud',
      perimetre_code: 'territoire',
      indicateur: 'consultations',
      rubrique: null,
      valeur: null,
      source: 'incomplet',
      communes_couvertes: 2,
      communes_attendues: 10,
    });

    const dir = tempDir();
    await runCli(['export', '--semestre', '2026-S1', '--quoi', 'stats', '--sortie', dir], { db });
    const csv = readFileSync(join(dir, 'cafcharte-2026-S1-stats.csv'), 'utf8');
    expect(csv).toContain('somme des 10 communes');
    expect(csv).toContain('n.d. (2 communes sur 10)');
  });

  it('marks a semester not yet over as provisional in every format', async () => {
    const path = tempDb();
    const file = join(tempDir(), 'en-cours.csv');
    writeFileSync(file, [HEADER, '2026-07;Territoire Sud;consultations;;1000', '2026-08;Territoire Sud;consultations;;1100'].join('\n') + '\n');
    expect((await runCli(['stats', 'import', file], { db: path })).code).toBe(0);
    // 26 November 2026: 2026-S2 is not over.
    const json = JSON.parse((await runCli(['report', '--semestre', '2026-S2', '--format', 'json'], { db: path })).stdout);
    expect(json.semestre.provisoire).toBe(true);
    expect(json.chiffres_caf.consultations).toMatchObject({ total: 2100, mois_couverts: 2, mois_attendus: 6, partiel: true, provisoire: true });
    const terminal = (await runCli(['report', '--semestre', '2026-S2'], { db: path })).stdout.replace(/[\u00a0\u202f]/g, ' ');
    expect(terminal).toContain('2 100 — provisoire (2 mois sur 6)');
    const md = (await runCli(['report', '--semestre', '2026-S2', '--format', 'md'], { db: path })).stdout.replace(/[\u00a0\u202f]/g, ' ');
    expect(md).toContain('2 100 — provisoire (2 mois sur 6)');
  });
});
