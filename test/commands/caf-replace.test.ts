// `stats import --remplacer` replaces exactly the figures of the file, by key (month, perimeter,
// indicator, section), and `--dry-run` says so per month and perimeter before anything is written.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDb, tempDir } from '../harness.js';

const HEADER = 'mois;perimetre;indicateur;rubrique;valeur';
const MONTHS = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

function csv(lines: string[], name: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, [HEADER, ...lines].join('\n') + '\n');
  return path;
}

async function listed(db: string) {
  const r = await runCli(['stats', 'list', '--json'], { db });
  return (JSON.parse(r.stdout) as { mois: string; indicateur: string; rubrique: string | null; valeur: number }[]).map(
    (f) => `${f.mois} ${f.indicateur}${f.rubrique ? ` ${f.rubrique}` : ''} ${f.valeur}`,
  );
}

describe('stats import --remplacer', () => {
  it('a correction of sections and télédéclarations for July-November keeps those months’ consultations', async () => {
    const db = tempDb();
    // First file: consultations 1 000, 1 100 … 1 400; section « Mon Compte » 300 a month; télédéclarations 50 a month.
    const first = MONTHS.flatMap((m, i) => [
      `${m};Territoire Sud;consultations;;${1000 + i * 100}`,
      `${m};Territoire Sud;rubrique;Mon Compte;300`,
      `${m};Territoire Sud;teledeclarations;;50`,
    ]);
    expect((await runCli(['stats', 'import', csv(first, 'premier.csv')], { db })).code).toBe(0);
    // The correction: « Mon Compte » 310 a month, télédéclarations 60 except October (50, unchanged), one new section.
    const correction = csv(
      MONTHS.flatMap((m) => [`${m};Territoire Sud;rubrique;Mon Compte;310`, `${m};Territoire Sud;teledeclarations;;${m === '2026-10' ? 50 : 60}`]).concat(
        '2026-07;Territoire Sud;rubrique;Mes paiements;25',
      ),
      'correction.csv',
    );

    const dry = await runCli(['stats', 'import', correction, '--dry-run', '--remplacer'], { db });
    expect(dry.code).toBe(0);
    const text = dry.stdout;
    expect(text).toContain(
      [
        '  juillet 2026 — Territoire Sud : 1 ajouté, 2 remplacés',
        '      rubrique « Mon Compte » : 300 → 310',
        '      teledeclarations : 50 → 60',
        '  août 2026 — Territoire Sud : 2 remplacés',
      ].join('\n'),
    );
    expect(text).toContain('  octobre 2026 — Territoire Sud : 1 remplacé, 1 inchangé\n      rubrique « Mon Compte » : 300 → 310\n');
    // 5 sections + 4 télédéclarations changed, October's télédéclarations identical: 10 stored figures of this file.
    expect(text).toContain('Avec --remplacer, 10 chiffres déjà en base seraient remplacés (dont 1 à l’identique)');
    expect(await listed(db)).toContain('2026-07 rubrique Mon Compte 300'); // nothing written by the dry run

    const r = await runCli(['stats', 'import', correction, '--remplacer'], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ 11 chiffres importés depuis « correction.csv »');
    expect(r.stdout).toContain('10 chiffres déjà en base (mêmes mois, périmètre, indicateur et rubrique) ont été remplacés');
    const after = await listed(db);
    // Every month keeps its consultations; sections and télédéclarations are the correction's.
    expect(after.filter((f) => f.includes('consultations'))).toEqual(['2026-07 consultations 1000', '2026-08 consultations 1100', '2026-09 consultations 1200', '2026-10 consultations 1300', '2026-11 consultations 1400']);
    expect(after.filter((f) => f.includes('Mon Compte'))).toEqual(MONTHS.map((m) => `${m} rubrique Mon Compte 310`));
    expect(after.filter((f) => f.includes('teledeclarations'))).toEqual(MONTHS.map((m) => `${m} teledeclarations ${m === '2026-10' ? 50 : 60}`));
    expect(after).toContain('2026-07 rubrique Mes paiements 25');
    expect(after).toHaveLength(16); // 15 + the new section

    // The semester report reads the corrected figures: consultations 1 000 + … + 1 400 = 6 000 over 5 months.
    const report = JSON.parse((await runCli(['report', '--semestre', '2026-S2', '--format', 'json'], { db })).stdout);
    expect(report.chiffres_caf.consultations.total).toBe(6000);
    expect(report.chiffres_caf.teledeclarations.total).toBe(290); // 4 × 60 + 50
  });

  it('without --remplacer, new keys of an already filled month are added; an existing key is refused (exit 4) and nothing changes', async () => {
    const db = tempDb();
    await runCli(['stats', 'import', csv(['2026-07;Territoire Sud;consultations;;1000'], 'a.csv')], { db });
    const more = await runCli(['stats', 'import', csv(['2026-07;Territoire Sud;teledeclarations;;50'], 'b.csv')], { db });
    expect(more.code).toBe(0);
    const clash = await runCli(['stats', 'import', csv(['2026-07;Territoire Sud;teledeclarations;;55', '2026-08;Territoire Sud;consultations;;900'], 'c.csv')], { db });
    expect(clash.code).toBe(4);
    expect(clash.stderr).toContain('la base contient déjà 1 chiffre de ce fichier');
    expect(await listed(db)).toEqual(['2026-07 consultations 1000', '2026-07 teledeclarations 50']);
  });
});
