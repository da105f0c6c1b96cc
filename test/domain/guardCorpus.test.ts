// Recall of the personal-data guard on an independent corpus of logbook remarks (art. 12 of the
// charter). The corpus in test/fixtures/guard-corpus/ was written by someone who had not read the
// detectors, in the way animators really type after a workshop; this file measures the guard
// against it, prints recall per category and the false-alarm rate, and holds the targets:
// every documented kind caught in every form, at least 90 % of the others, at most 2 % of
// ordinary remarks refused.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findPersonalData } from '../../src/domain/personalData.js';

interface CorpusItem {
  texte: string;
  categorie: string;
  personnel: boolean;
}

/** Kinds the guard documents: each must be caught in every written form. */
const DOCUMENTED = ['civilite', 'date_naissance', 'iban', 'email', 'telephone', 'nir', 'numero_allocataire'];
/** Kinds recognised from context (names, addresses, relatives, situations): 90 % is the target. */
const CONTEXTUAL = ['nom_sans_civilite', 'adresse', 'proche', 'situation'];
const ORDINARY = 'ordinaire';
const CONTEXTUAL_TARGET = 0.9;
const FALSE_ALARM_LIMIT = 0.02;

const FILES = ['personnel.json', 'ordinaire.json'];
const corpusDir = new URL('../fixtures/guard-corpus/', import.meta.url);
const corpus: CorpusItem[] = FILES.flatMap(
  (file) => JSON.parse(readFileSync(new URL(file, corpusDir), 'utf8')) as CorpusItem[],
);

interface Measure {
  items: CorpusItem[];
  flagged: CorpusItem[];
  passed: CorpusItem[];
}

function measure(categorie: string): Measure {
  const items = corpus.filter((item) => item.categorie === categorie);
  const flagged = items.filter((item) => findPersonalData(item.texte).length > 0);
  const passed = items.filter((item) => !flagged.includes(item));
  return { items, flagged, passed };
}

const measures = new Map([...DOCUMENTED, ...CONTEXTUAL, ORDINARY].map((c) => [c, measure(c)]));
const get = (categorie: string): Measure => measures.get(categorie)!;

const percent = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`;
const listed = (items: CorpusItem[]): string => items.map((item) => `  - ${item.texte}`).join('\n');

describe('guard corpus: fixtures', () => {
  it('has the size and spread the issue asks for', () => {
    const personal = corpus.filter((item) => item.personnel);
    const ordinary = corpus.filter((item) => !item.personnel);
    expect(corpus.length).toBeGreaterThanOrEqual(330);
    expect(personal.length).toBeGreaterThanOrEqual(170);
    expect(ordinary.length).toBeGreaterThanOrEqual(160);
    for (const categorie of [...DOCUMENTED, ...CONTEXTUAL]) {
      expect(get(categorie).items.length, categorie).toBeGreaterThanOrEqual(12);
    }
    // Every item belongs to a known category, and personnel agrees with it.
    for (const item of corpus) {
      expect([...DOCUMENTED, ...CONTEXTUAL, ORDINARY], item.texte).toContain(item.categorie);
      expect(item.personnel, item.texte).toBe(item.categorie !== ORDINARY);
    }
    const texts = corpus.map((item) => item.texte);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('writes real IBANs and NIRs (valid check digits), so a checksum test cannot excuse a miss', () => {
    for (const item of get('iban').items) {
      const match = /fr[\s-]*\d[\d\s-]{20,}\d/i.exec(item.texte);
      expect(match, item.texte).not.toBeNull();
      const iban = match![0].replace(/[\s-]/g, '').toUpperCase();
      const rearranged = iban.slice(4) + iban.slice(0, 4);
      const numeric = rearranged.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
      expect(BigInt(numeric) % 97n, item.texte).toBe(1n);
    }
    for (const item of get('nir').items) {
      const digits = item.texte.replace(/\D/g, '');
      expect(digits, item.texte).toHaveLength(15);
      const key = 97n - (BigInt(digits.slice(0, 13)) % 97n);
      expect(key, item.texte).toBe(BigInt(digits.slice(13)));
    }
  });
});

describe('guard corpus: recall and false alarms', () => {
  it('prints the table', () => {
    const rows = [...DOCUMENTED, ...CONTEXTUAL].map((categorie) => {
      const { items, flagged } = get(categorie);
      const target = DOCUMENTED.includes(categorie) ? '100 %' : '≥ 90 %';
      return `${categorie.padEnd(20)} ${String(flagged.length).padStart(3)}/${String(items.length).padEnd(3)} ${percent(flagged.length, items.length).padStart(8)}   cible ${target}`;
    });
    const ordinary = get(ORDINARY);
    rows.push(
      `${'fausses alertes'.padEnd(20)} ${String(ordinary.flagged.length).padStart(3)}/${String(ordinary.items.length).padEnd(3)} ${percent(ordinary.flagged.length, ordinary.items.length).padStart(8)}   cible ≤ 2 %`,
    );
    console.log(['Corpus du garde (rappel par catégorie)', ...rows].join('\n'));
    expect(rows).toHaveLength(DOCUMENTED.length + CONTEXTUAL.length + 1);
  });

  it.each(DOCUMENTED)('catches every written form of %s', (categorie) => {
    const { passed } = get(categorie);
    expect(passed.length, `${categorie}: ${passed.length} texte(s) non détecté(s) :\n${listed(passed)}`).toBe(0);
  });

  it.each(CONTEXTUAL)('catches at least nine in ten of %s', (categorie) => {
    const { items, flagged, passed } = get(categorie);
    const recall = flagged.length / items.length;
    expect(
      recall,
      `${categorie}: rappel ${percent(flagged.length, items.length)} < 90 %, non détectés :\n${listed(passed)}`,
    ).toBeGreaterThanOrEqual(CONTEXTUAL_TARGET);
  });

  it('refuses at most 2 % of ordinary remarks', () => {
    const { items, flagged } = get(ORDINARY);
    const report = flagged
      .map((item) => `  - ${item.texte}\n      ${JSON.stringify(findPersonalData(item.texte))}`)
      .join('\n');
    expect(
      flagged.length / items.length,
      `fausses alertes ${percent(flagged.length, items.length)} > 2 % :\n${report}`,
    ).toBeLessThanOrEqual(FALSE_ALARM_LIMIT);
  });
});
