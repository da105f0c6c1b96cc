import { describe, expect, it } from 'vitest';
import { renderMonthGrid } from '../../src/render/monthGrid.js';

describe('renderMonthGrid', () => {
  it('draws December 2026 from Monday, with counts and starred holidays named below', () => {
    const counts = new Map([
      ['2026-12-02', 1],
      ['2026-12-04', 12],
    ]);
    const text = renderMonthGrid({ month: '2026-12', counts });
    const lines = text.split('\n');
    expect(lines[0]!.trim()).toBe('Décembre 2026');
    expect(lines[1]).toBe('lun.     mar.     mer.     jeu.     ven.     sam.     dim.');
    // 1 December 2026 is a Tuesday: the Monday cell is blank.
    expect(lines[2]).toBe('          1        2 (1)    3        4 (12)   5        6');
    expect(lines[4]).toContain('20*');
    expect(lines[5]).toContain('25*');
    expect(text).toContain("* dim. 20 déc. 2026 : Abolition de l’esclavage");
    expect(text).toContain('* ven. 25 déc. 2026 : Noël');
  });

  it('starts a month beginning on a Monday in the first column (June 2026)', () => {
    const lines = renderMonthGrid({ month: '2026-06', counts: new Map() }).split('\n');
    expect(lines[2]!.startsWith(' 1 ')).toBe(true);
    expect(lines.filter((l) => /^\s*\d/.test(l))).toHaveLength(5);
  });

  it('applies paint to holidays, busy days and today without breaking alignment', () => {
    const mark = (tag: string) => (s: string) => `<${tag}>${s}</${tag}>`;
    const text = renderMonthGrid({
      month: '2026-11',
      counts: new Map([['2026-11-03', 2]]),
      today: '2026-11-26',
      paint: { holiday: mark('h'), busy: mark('b'), today: mark('t') },
    });
    expect(text).toContain('<h> 1*</h>');
    expect(text).toContain('<b> (2)</b>');
    expect(text).toContain('<t>26</t>');
  });
});
