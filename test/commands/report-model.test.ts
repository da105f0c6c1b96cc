// The report's arithmetic and small renderers, on their own: changes, n.d., ranks with ties,
// sparklines, the SVG chart's escaping, Markdown escaping.
import { describe, expect, it } from 'vitest';
import { missingCafMonths, percentChange, rankSections, sharePercent } from '../../src/domain/report.js';
import { sparkline } from '../../src/render/report/terminal.js';
import { barChartSvg } from '../../src/render/report/barChart.js';
import { escapeMarkdown } from '../../src/render/report/template.js';
import { change, count, monthShort, percent } from '../../src/render/report/labels.js';
import { findAll, parseHtml, textOf } from '../fixtures/report/readBack.js';

describe('report arithmetic', () => {
  it('gives a change in % to one decimal, or null (n.d.) when a side is missing or the reference is 0', () => {
    expect(percentChange(1520, 1000)).toBe(52);
    expect(percentChange(1000, 1520)).toBe(-34.2); // −520 / 1520 = −34.21 %
    expect(percentChange(2, 3)).toBe(-33.3);
    expect(percentChange(100, null)).toBeNull();
    expect(percentChange(null, 100)).toBeNull();
    expect(percentChange(100, 0)).toBeNull();
    expect(sharePercent(1, 3)).toBe(33.3);
    expect(sharePercent(5, 0)).toBeNull();
  });

  it('ranks sections by visits, equal values sharing a rank, and shares that add up', () => {
    const months = ['2026-07', '2026-08'];
    const figure = (month: string, value: number | null) =>
      value === null ? { month, value, source: 'incomplete' as const, communes: 0 } : { month, value, source: 'caf' as const, communes: 0 };
    const ranked = rankSections(
      months,
      {
        current: [figure('2026-07', 500), figure('2026-08', 500)],
        previous: [figure('2026-01', null), figure('2026-02', null)],
        yearBefore: [figure('2025-07', 150), figure('2025-08', null)],
      },
      {
        current: [
          { month: '2026-07', section: 'B', value: 300 },
          { month: '2026-08', section: 'A', value: 300 },
          { month: '2026-07', section: 'C', value: 200 },
          { month: '2026-08', section: 'C', value: 200 },
        ],
        previous: [],
        yearBefore: [{ month: '2025-07', section: 'A', value: 150 }],
      },
    );
    expect(ranked.map((r) => [r.rang, r.rubrique, r.part_pct])).toEqual([
      [1, 'C', 40],
      [2, 'A', 30],
      [2, 'B', 30],
    ]);
    // No section figure at all in the previous semester: unknown. A year earlier only July compares:
    // A had 0 in July 2026 against 150 (-100 %), B 300 against 0 (n.d.), C 200 against 0 (n.d.).
    expect(ranked.map((r) => [r.semestre_precedent, r.evolution_annee_precedente_pct, r.comparaison_annee_precedente.mois])).toEqual([
      [null, null, ['2026-07']],
      [null, -100, ['2026-07']],
      [null, null, ['2026-07']],
    ]);
  });

  it('lists the months missing an indicator, with the communes that had one', () => {
    const f = (month: string, value: number | null, communes = 0) =>
      value === null ? { month, value, source: 'incomplete' as const, communes } : { month, value, source: 'caf' as const, communes };
    expect(
      missingCafMonths(['2026-07', '2026-08'], {
        consultations: [f('2026-07', 1), f('2026-08', 1)],
        rubrique: [f('2026-07', 1), f('2026-08', null)],
        teledeclarations: [f('2026-07', 1), f('2026-08', null, 2)],
      }),
    ).toEqual([
      { mois: '2026-08', indicateurs: ['rubrique', 'teledeclarations'], communes: [{ indicateur: 'teledeclarations', communes_couvertes: 2, communes_attendues: 10 }] },
    ]);
  });
});

describe('report labels and small renderers', () => {
  it('writes numbers, changes and months the French way', () => {
    expect(count(1520)).toBe('1\u202f520');
    expect(count(null)).toBe('n.d.');
    expect(percent(12.5)).toBe('12,5\u202f%');
    expect(change(8.7)).toBe('+8,7\u202f%');
    expect(change(-3)).toBe('-3,0\u202f%');
    expect(change(null)).toBe('n.d.');
    expect(['2026-01', '2026-06', '2026-07', '2026-12'].map(monthShort)).toEqual(['janv.', 'juin', 'juil.', 'déc.']);
  });

  it('draws sparklines from the minimum to the maximum, a dot where a month has no figure', () => {
    expect(sparkline([1, 8, null, 4.5])).toBe('▁█·▅');
    expect(sparkline([5, 5])).toBe('▄▄');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([null, null])).toBe('··');
  });

  it('draws one bar a known month, scaled to the tallest, with escaped labels', () => {
    const svg = barChartSvg(
      [
        { label: 'janv.', value: 50, text: '50' },
        { label: 'févr.', value: null, text: 'n.d.' },
        { label: '<b>', value: 100, text: '100' },
      ],
      { title: 'Titre & <script>', height: 200 },
    );
    const root = parseHtml(svg);
    const rects = findAll(root, 'rect');
    expect(rects.map((r) => Number(r.attributes.height))).toEqual([71, 142]); // plot height 200 − 34 − 24 = 142; 50/100 of it
    expect(findAll(root, 'text').map((t) => textOf(t))).toEqual(['Titre & <script>', '50', 'janv.', 'n.d.', 'févr.', '100', '<b>']);
    expect(findAll(root, 'script')).toEqual([]);
  });

  it('escapes what Markdown would read as markup, on one line', () => {
    expect(escapeMarkdown('a | b <i>*x*</i>\n# titre')).toBe('a \\| b \\<i\\>\\*x\\*\\</i\\> \\# titre');
  });
});
