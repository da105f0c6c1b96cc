import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDb } from '../harness.js';
import { openStore, type Db } from '../../src/store/open.js';
import { monthlyTotals, monthsWithFigures, perimetersWithFigures, siteSectionRanking } from '../../src/store/cafFigures.js';

const EXAMPLE = new URL('../../data/exemple-stats-caf.csv', import.meta.url).pathname;

// The example file read the naive way (it is plain: ';', no quotes), to check SQL against.
const rows = readFileSync(EXAMPLE, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(';'))
  .map(([month, perimeter, indicator, section, value]) => ({ month: month!, perimeter: perimeter!, indicator: indicator!, section: section!, value: Number(value) }));
const S1_2026 = { from: '2026-01', to: '2026-06' };
const inS1 = (month: string) => month >= S1_2026.from && month <= S1_2026.to;

describe('CAF figure aggregates for the report (SQL GROUP BY)', () => {
  let db: Db;
  beforeAll(async () => {
    const path = tempDb();
    expect((await runCli(['stats', 'import', EXAMPLE], { db: path })).code).toBe(0);
    db = await openStore(path, { now: () => new Date('2026-11-26T08:00:00Z') });
  });

  it('sums an indicator per month for the territory', () => {
    const expected = rows
      .filter((r) => inS1(r.month) && r.perimeter === 'Territoire Sud' && r.indicator === 'teledeclarations')
      .map((r) => ({ month: r.month, value: r.value }));
    expect(expected).toHaveLength(6);
    expect(monthlyTotals(db, { ...S1_2026, indicator: 'onlineDeclaration' })).toEqual(expected);
  });

  it('sums for one commune when asked', () => {
    const tampon = monthlyTotals(db, { from: '2025-01', to: '2025-03', indicator: 'consultations', perimeter: 'commune:97422' });
    expect(tampon).toEqual(
      rows.filter((r) => r.month <= '2025-03' && r.perimeter === 'Le Tampon' && r.indicator === 'consultations').map((r) => ({ month: r.month, value: r.value })),
    );
  });

  it('ranks the caf.fr sections over the semester', () => {
    const totals = new Map<string, number>();
    for (const r of rows) if (inS1(r.month) && r.indicator === 'rubrique') totals.set(r.section, (totals.get(r.section) ?? 0) + r.value);
    const expected = [...totals].map(([siteSection, value]) => ({ siteSection, value })).sort((a, b) => b.value - a.value);
    const ranking = siteSectionRanking(db, S1_2026);
    expect(ranking).toEqual(expected);
    expect(ranking[0]!.siteSection).toBe('Mon Compte');
  });

  it('tells which months have figures, and which perimeters', () => {
    expect(monthsWithFigures(db, { from: '2024-10', to: '2025-03' })).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(monthsWithFigures(db, { from: '2026-07', to: '2026-12' })).toEqual([]);
    expect(perimetersWithFigures(db, S1_2026)).toEqual(['commune:97414', 'commune:97416', 'commune:97422', 'territoire']);
  });
});
