// Like-for-like comparisons and the territory rule, on figures worked out by hand.
import { describe, expect, it } from 'vitest';
import { coverage, likeForLike, totalOf } from '../../src/domain/cafComparison.js';
import { territoryFigure } from '../../src/domain/cafTerritory.js';
import { comparisonText, monthRangesFr, totalWithCoverage } from '../../src/render/report/labels.js';

const S2 = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'];
const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('like-for-like comparison', () => {
  it('compares a 5-month semester with a 6-month one on its 5 months only', () => {
    // Every month of 2026-S2 is higher than every month of 2026-S1, December not yet received.
    const current = [1080, 1090, 1100, 1110, 1120, null]; // 5 500
    const previous = [1000, 1010, 1020, 1030, 1040, 1050]; // 6 150; its first five months: 5 100
    // Naively 5 500 against 6 150 would read -10,6 %; like for like it is 5 500 / 5 100 − 1 = +7,84 %.
    const evolution = likeForLike(S2, current, previous);
    expect(evolution).toEqual({ evolution_pct: 7.8, mois_comparables: 5, mois: S2.slice(0, 5), actuel: 5500, reference: 5100 });
    expect(nbsp(comparisonText(evolution))).toBe('sur 5 mois comparables, juillet-novembre : +7,8 %');
    expect(totalOf(current)).toBe(5500);
    expect(nbsp(totalWithCoverage({ total: 5500, ...coverage(current, true) }))).toBe('5 500 — partiel (5 mois sur 6)');
  });

  it('compares only the months both sides have, and says n.d. when none', () => {
    // August and November missing now, July missing before: September, October and December compare.
    const evolution = likeForLike(S2, [100, null, 120, 130, null, 150], [null, 90, 100, 100, 100, 100]);
    expect(evolution).toMatchObject({ evolution_pct: 33.3, mois_comparables: 3, actuel: 400, reference: 300 }); // 400 / 300 − 1
    expect(nbsp(comparisonText(evolution))).toBe('sur 3 mois comparables, septembre-octobre, décembre : +33,3 %');
    expect(comparisonText(likeForLike(S2, [1, null, null, null, null, null], [null, 1, 1, 1, 1, 1]))).toBe('n.d.');
    // All six months: the plain change.
    expect(nbsp(comparisonText(likeForLike(S2, [2, 2, 2, 2, 2, 2], [1, 1, 1, 1, 1, 1])))).toBe('+100,0 %');
    expect(monthRangesFr(['2026-12', '2027-01'])).toBe('décembre-janvier');
  });

  it('marks a semester not yet over as provisional', () => {
    expect(nbsp(totalWithCoverage({ total: 300, ...coverage([100, 200, null, null, null, null], false) }))).toBe('300 — provisoire (2 mois sur 6)');
    expect(totalWithCoverage({ total: 600, ...coverage([100, 100, 100, 100, 100, 100], true) })).toBe('600');
  });
});

describe('territory figure', () => {
  it('is the CAF’s own, else the sum of all ten communes, else n.d. with the communes counted', () => {
    expect(territoryFigure({ month: '2026-06', territory: 9000, communes: 2, communeSum: 7000 })).toMatchObject({ value: 9000, source: 'caf' });
    expect(territoryFigure({ month: '2026-06', territory: null, communes: 10, communeSum: 9100 })).toMatchObject({ value: 9100, source: 'communes' });
    // Le Tampon 4 000 + Saint-Pierre 3 000 = 7 000 is not the territory's figure.
    expect(territoryFigure({ month: '2026-06', territory: null, communes: 2, communeSum: 7000 })).toEqual({ month: '2026-06', value: null, source: 'incomplete', communes: 2 });
  });
});
