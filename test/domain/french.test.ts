import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countOf, frenchSpacing, frenchSpacingMarkdown, frenchSpacingMarkup, NBSP, NNBSP, plural } from '../../src/domain/french.js';
import { formatDateFr, formatDateShortFr, formatMonthFr } from '../../src/domain/dates.js';
import { formatIntFr, formatPercentFr } from '../../src/domain/numbers.js';

const N = '\u00a0';
const n = '\u202f';

describe('French spacing', () => {
  it('puts a no-break space before ":" and inside « », a narrow one before ; ! ? %', () => {
    expect(frenchSpacing('Erreur : « x » ; vraiment ? oui ! 12 %')).toBe(`Erreur${N}: «${N}x${N}» ; vraiment${n}? oui${n}! 12${n}%`.replace(' ;', `${n};`));
  });
  it('leaves times, URLs and spaces already right alone, and is idempotent', () => {
    const text = 'à 14:00, https://caf.fr/a?b=1 ; fin';
    expect(frenchSpacing(text)).toBe(`à 14:00, https://caf.fr/a?b=1${n}; fin`);
    expect(frenchSpacing(frenchSpacing(text))).toBe(frenchSpacing(text));
  });
  it('in markup, only text between tags changes', () => {
    expect(frenchSpacingMarkup('<style>a { color : red ; }</style><p title="a : b">Semestre : 1</p>')).toBe(
      `<style>a { color : red ; }</style><p title="a : b">Semestre${N}: 1</p>`,
    );
  });
  it('in Markdown, table alignment rows and code keep ordinary spaces', () => {
    expect(frenchSpacingMarkdown('| a | b |\n| :--- | ---: |\n**Total :** `x : y`')).toBe(`| a | b |\n| :--- | ---: |\n**Total${N}:** \`x : y\``);
  });
});

describe('numbers and dates', () => {
  it('groups thousands and precedes % with a narrow no-break space', () => {
    expect(formatIntFr(1520)).toBe(`1${n}520`);
    expect(formatIntFr(-1234567)).toBe(`-1${n}234${n}567`);
    expect(formatPercentFr(12.5)).toBe(`12,5${n}%`);
  });
  it('writes the first of a month "1er"', () => {
    expect(formatDateFr('2026-12-01')).toBe('1er décembre 2026');
    expect(formatDateShortFr('2026-06-01')).toBe('lun. 1er juin 2026');
    expect(formatDateFr('2026-12-11')).toBe('11 décembre 2026');
    expect(formatDateFr('2026-12-21')).toBe('21 décembre 2026');
    expect(formatMonthFr('2026-12')).toBe('décembre 2026');
  });
});

describe('agreement', () => {
  it('takes the singular for 0 and 1, the plural from 2 (Intl.PluralRules fr)', () => {
    expect([0, 1, 1.5, 2, 1000000].map((c) => plural(c, 'an', 'ans'))).toEqual(['an', 'an', 'an', 'ans', 'ans']);
    expect(countOf(1, 'place', 'places')).toBe('1 place');
    expect(countOf(1520, 'personne reçue', 'personnes reçues')).toBe(`1${n}520 personnes reçues`);
  });
});

describe('frenchSpacing skips the rules with nothing to change', () => {
  // The four rules as they read when each ran on every text: the shortcuts must give the same bytes.
  const everyRule = (text: string) =>
    text
      .replace(/ (?=:(?![\w/]))/g, NBSP)
      .replace(/« +/g, `«${NBSP}`)
      .replace(/ +»/g, `${NBSP}»`)
      .replace(/ (?=[;!?%](?![\w/]))/g, NNBSP);

  it('gives what the four rules give, whatever the text', () => {
    const unit = fc.constantFrom(' ', ':', ';', '!', '?', '%', '«', '»', 'a', '/', '1', '\t', NBSP, NNBSP);
    fc.assert(fc.property(fc.string({ unit, maxLength: 16 }), (text) => {
      expect(frenchSpacing(text)).toBe(everyRule(text));
    }), { numRuns: 2000 });
  });
});
