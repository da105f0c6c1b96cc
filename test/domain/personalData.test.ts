import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PERSONAL_DATA_LABELS,
  findPersonalData,
  isValidIban,
  isValidNir,
  maskPersonalData,
  type PersonalDataKind,
} from '../../src/domain/personalData.js';
import { CLEAN, TAINTED } from '../fixtures/personalDataCorpus.js';

const kindsOf = (text: string, allowedNames?: string[]) =>
  findPersonalData(text, { allowedNames }).map((f) => f.kind);

describe('corpus', () => {
  it('has enough examples of each kind', () => {
    expect(TAINTED.length).toBeGreaterThanOrEqual(40);
    expect(CLEAN.length).toBeGreaterThanOrEqual(40);
    for (const kind of Object.keys(PERSONAL_DATA_LABELS) as PersonalDataKind[]) {
      expect(TAINTED.filter((t) => t.kinds.includes(kind)).length, kind).toBeGreaterThanOrEqual(4);
    }
  });

  it.each(TAINTED)('catches personal data in "$text"', ({ text, kinds }) => {
    expect(kindsOf(text)).toEqual(kinds);
  });

  it.each(CLEAN)('lets an ordinary remark through: "%s"', (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });
});

describe('findPersonalData', () => {
  it('reports exact offsets and text', () => {
    const text = 'Rappeler M. Payet au 0692 12 34 56.';
    expect(findPersonalData(text)).toEqual([
      { kind: 'civilite_nom', start: 9, end: 17, text: 'M. Payet' },
      { kind: 'telephone', start: 21, end: 34, text: '0692 12 34 56' },
    ]);
  });

  it('only reports a NIR when its key is right', () => {
    expect(kindsOf('1 85 05 78 006 084 91')).toEqual(['nir']);
    // with a wrong key it is no NIR (though "05 78 00 60 84" in it reads as a phone number)
    expect(kindsOf('1 85 05 78 006 084 92')).not.toContain('nir');
    // written without spaces, a wrong key still leaves a long digit run
    expect(kindsOf('185057800608492')).toEqual(['numero_allocataire']);
  });

  it('checks NIR keys including Corsica', () => {
    expect(isValidNir('1850578006084', '91')).toBe(true);
    expect(isValidNir('185052A012345', '79')).toBe(true);
    expect(isValidNir('290032B056789', '52')).toBe(true);
    expect(isValidNir('290032B056789', '53')).toBe(false);
  });

  it('checks IBANs with mod 97 and does not swallow a following word', () => {
    expect(isValidIban('FR7630006000011234567890189')).toBe(true);
    expect(isValidIban('FR7630006000011234567890188')).toBe(false);
    const text = 'RIB FR76 3000 6000 0112 3456 7890 189 CAF';
    expect(findPersonalData(text)).toEqual([
      { kind: 'iban', start: 4, end: 37, text: 'FR76 3000 6000 0112 3456 7890 189' },
    ]);
    // an invalid IBAN still contains no long digit run in spaced form: nothing to flag
    expect(kindsOf('FR76 3000 6000 0112 3456 7890 188')).toEqual([]);
  });

  it('lets the entry’s own animators through after a civility', () => {
    const text = 'Jean-Marc et Sophie ont animé l’atelier avec Mme Payet';
    const close = (t: string, closeNames: string[]) => findPersonalData(t, { closeNames }).map((f) => f.kind);
    expect(kindsOf(text)).toEqual(['nom_personne', 'nom_personne', 'civilite_nom']);
    expect(close(text, ['Sophie Payet', 'Jean-Marc Hoarau'])).toEqual([]);
    expect(close('avec Mme Payet et M. Grondin', ['Payet'])).toEqual(['civilite_nom']);
    expect(close('Atelier de Mme Técher', ['Marie TECHER'])).toEqual([]);
  });

  it('lets staff the store knows through by whole name or given name, never by a surname alone', () => {
    const staff = ['Sophie Payet', 'Jean-Marc Hoarau', 'Olivier Grondin'];
    expect(kindsOf('Jean-Marc et Sophie ont animé l’atelier', staff)).toEqual([]);
    expect(kindsOf('atelier animé par Olivier Grondin', staff)).toEqual([]);
    // The common surnames of La Réunion belong to allocataires as well as to staff.
    expect(kindsOf('MME GRONDIN est venue pour sa déclaration', staff)).toEqual(['civilite_nom']);
    expect(kindsOf('Mme Payet a oublié son code', staff)).toEqual(['civilite_nom']);
    expect(kindsOf('Sophie Hoarau est venue', staff)).toEqual(['nom_personne']);
  });

  it('tells a function from a name after a civility', () => {
    expect(kindsOf('M. le Maire et Madame la directrice')).toEqual([]);
    expect(kindsOf('Monsieur Le Maire a ouvert la séance')).toEqual([]);
    expect(kindsOf('Mme Directrice du CCAS')).toEqual([]);
    // a capitalised word right after the civility is a name, even at a sentence start
    expect(kindsOf('Arrivée de Mme. Hoarau. Elle avait oublié son code.')).toEqual(['civilite_nom']);
    expect(kindsOf('Mme Elle')).toEqual(['civilite_nom']);
  });

  it('does not flag times, dates or amounts', () => {
    expect(findPersonalData('14h30 9h-12h 14:00-17:00 12/11/2026 2026-11-12 1 520 € 35,50 euros 2500000 €')).toEqual([]);
  });

  it('handles texts without digits or at-signs quickly and empty text', () => {
    expect(findPersonalData('')).toEqual([]);
    expect(findPersonalData('@@@ a@b @.fr x@y.')).toEqual([]);
  });
});

describe('maskPersonalData', () => {
  const mask = (text: string) => maskPersonalData(text, findPersonalData(text));

  it('keeps the civility and masks the name', () => {
    expect(mask('Accueil de M. Payet ce matin')).toBe('Accueil de M. ***** ce matin');
    expect(mask('Mme Marie-Thérèse Hoarau')).toBe('Mme *****-******* ******');
  });

  it('masks each character except spaces and separators', () => {
    expect(mask('Tel 0692 12 34 56.')).toBe('Tel **** ** ** **.');
    expect(mask('né le 12/03/1985')).toBe('né le **/**/****');
    expect(mask('écrire à jean.payet@gmail.com')).toBe('écrire à ****.*****@*****.***');
    expect(mask('NIR 1 85 05 78 006 084 91 !')).toBe('NIR * ** ** ** *** *** ** !');
    expect(mask('allocataire 1234567')).toBe('allocataire *******');
  });

  it('leaves a clean text alone and masks several findings', () => {
    expect(mask(CLEAN[0]!)).toBe(CLEAN[0]);
    expect(mask('M. Payet, 0262 27 12 34')).toBe('M. *****, **** ** ** **');
  });

  it('masks everything it found: the masked text has no finding left', () => {
    for (const { text } of TAINTED) expect(findPersonalData(mask(text)), text).toEqual([]);
  });
});

// --- properties: personal data planted anywhere in a random remark is always caught -------

const WORDS = [
  'atelier', 'personnes', 'reçues', 'compte', 'caf.fr', 'créé', 'médiathèque', 'du', 'Tampon',
  'à', '14h30', 'de', '9h', '12h', 'télédéclaration', 'aide', 'pour', 'la', 'prime', 'd’activité',
  '8', '2', 'nouveaux', 'RSA', 'APL', 'connexion', 'lente', ':', ',', '.', '1 520 €', '35,50 euros',
  '12/11/2026', 'MPT', 'Trois-Mares', 'Plaine', 'des', 'Cafres', 'attestation', 'téléchargée',
  'le', 'M. le Maire', 'Madame la directrice', '(', ')', '-', 'semaine', 'prochaine',
];
const remark = fc.array(fc.constantFrom(...WORDS), { maxLength: 25 });

function nirKey(body: string): string {
  const numeric = body.replace('2A', '19').replace('2B', '18');
  let rest = 0;
  for (const ch of numeric) rest = (rest * 10 + Number(ch)) % 97;
  return String(97 - rest).padStart(2, '0');
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

const nir = fc
  .tuple(
    fc.constantFrom('1', '2'),
    digits(2),
    fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0')),
    fc.oneof(digits(2), fc.constantFrom('2A', '2B', '97')),
    digits(3),
    digits(3),
    fc.constantFrom('', ' ', '.'),
  )
  .map(([sex, year, month, dept, commune, order, sep]) => {
    const body = sex + year + month + dept + commune + order;
    return [sex, year, month, dept, commune, order, nirKey(body)].join(sep);
  });

function ibanFor(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const ch of numeric) rest = (rest * 10 + Number(ch)) % 97;
  return country + String(98 - rest).padStart(2, '0') + bban;
}
const iban = fc
  .tuple(digits(23), fc.boolean())
  .map(([bban, spaced]) => {
    const compact = ibanFor('FR', bban);
    return spaced ? compact.replace(/(.{4})/g, '$1 ').trim() : compact;
  });

const email = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9]{0,8}(?:[._-][a-z0-9]{1,8})?$/),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/),
    fc.constantFrom('fr', 're', 'com', 'net', 'org'),
  )
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

function plantedIsCaught(kind: PersonalDataKind, value: fc.Arbitrary<string>) {
  fc.assert(
    fc.property(remark, remark, value, (before, after, planted) => {
      const prefix = before.join(' ');
      const text = `${prefix}${prefix ? ' ' : ''}${planted} ${after.join(' ')}`;
      const start = prefix ? prefix.length + 1 : 0;
      const findings = findPersonalData(text);
      return findings.some((f) => f.kind === kind && f.start === start && f.end === start + planted.length);
    }),
    { numRuns: 300 },
  );
}

describe('properties', () => {
  it('a valid NIR planted in a random remark is always caught', () => plantedIsCaught('nir', nir));
  it('a valid IBAN planted in a random remark is always caught', () => plantedIsCaught('iban', iban));
  it('an e-mail planted in a random remark is always caught', () => plantedIsCaught('courriel', email));
  it('a random remark made of ordinary words is never flagged', () => {
    fc.assert(fc.property(remark, (words) => findPersonalData(words.join(' ')).length === 0), { numRuns: 300 });
  });
});

describe('performance', () => {
  it('checks a 1 MB text (no catastrophic backtracking)', () => {
    const line = 'Atelier télédéclaration à 14h30, 8 personnes, Mme la directrice, caf.fr, 1 520 € ';
    const big = line.repeat(Math.ceil(1_000_000 / line.length)) + 'M. Payet';
    expect(findPersonalData(big).map((f) => f.kind)).toEqual(['civilite_nom']);
    // pathological inputs for naive e-mail, digit-run and IBAN regexes
    expect(findPersonalData('a'.repeat(1_000_000) + '@')).toEqual([]);
    expect(findPersonalData('FR76' + ' 1234'.repeat(200_000)).length).toBe(0);
    expect(findPersonalData(('FR76' + 'AB'.repeat(30) + ' ').repeat(15_000))).toEqual([]);
    expect(findPersonalData('1'.repeat(1_000_000)).map((f) => f.kind)).toEqual(['numero_allocataire']);
  }, 20_000);
});
