// 6. The personal-data guard, fuzzed: identifiers of every kind planted anywhere in random French
// text are always caught, by the domain function and through a real command (exit 5, nothing stored).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findPersonalData, type PersonalDataKind } from '../../src/domain/personalData.js';
import { addTestPlaces, runCli, tempDb } from '../harness.js';

const WORDS = [
  'atelier', 'télédéclaration', 'médiathèque', 'personnes', 'reçues', 'connexion', 'lente', 'caf.fr', 'compte', 'créé',
  'attestation', 'imprimée', 'le', 'la', 'de', 'du', 'avec', 'pour', 'très', 'bonne', 'ambiance', 'matin', '14h30', '9h-12h',
  '3', '12', '1 520 €', 'groupe', 'Saint-Pierre', 'Le Tampon', 'animateur', 'questions', 'sur', 'les', 'aides', 'logement',
];

const text = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 25 }).map((w) => w.join(' '));

const nir = fc
  .tuple(fc.constantFrom('1', '2'), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('974', '75', '2A', '2B', '13'), fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 999 }))
  .map(([sex, yy, mm, dept, commune, order]) => {
    const d = dept.length === 3 ? dept : dept.padEnd(2, '0');
    const communeDigits = String(commune).padStart(dept.length === 3 ? 2 : 3, '0').slice(-(dept.length === 3 ? 2 : 3));
    const body = `${sex}${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}${d}${communeDigits}${String(order).padStart(3, '0')}`;
    const numeric = BigInt(body.replace('2A', '19').replace('2B', '18'));
    const key = String(97n - (numeric % 97n)).padStart(2, '0');
    return `${body.slice(0, 1)} ${body.slice(1, 3)} ${body.slice(3, 5)} ${body.slice(5, 7)} ${body.slice(7, 10)} ${body.slice(10)} ${key}`;
  });

const phone = fc
  .tuple(fc.constantFrom('0262', '0263', '0692', '0693', '0639', '+262 692', '06', '07'), fc.integer({ min: 100000, max: 999999 }), fc.constantFrom(' ', '.', '-', ''))
  .map(([prefix, n, sep]) => {
    const digits = String(n).padStart(6, '0');
    const tail = prefix.length === 2 ? `${String(n).padStart(8, '1').slice(0, 8)}` : digits;
    const pairs = tail.match(/../g)!.join(sep);
    return `${prefix}${sep || ''}${pairs}`;
  });

const email = fc.tuple(fc.stringMatching(/^[a-z]{2,8}$/), fc.stringMatching(/^[a-z]{2,8}$/), fc.constantFrom('fr', 're', 'com')).map(([u, d, tld]) => `${u}.${d}@${d}-mail.${tld}`);

const allocataire = fc.integer({ min: 1_000_000, max: 99_999_999 }).map(String);

const civility = fc.tuple(fc.constantFrom('M.', 'Mme', 'Madame', 'Monsieur', 'Mlle'), fc.constantFrom('Payet', 'Hoarau', 'Grondin', 'Técher', 'Fontaine', 'Boyer', 'Rivière')).map(([c, n]) => `${c} ${n}`);

const birth = fc.tuple(fc.constantFrom('né le', 'née le', 'né(e) le'), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1930, max: 2010 })).map(
  ([lead, d, m, y]) => `${lead} ${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`,
);

const planted: [PersonalDataKind, fc.Arbitrary<string>][] = [
  ['nir', nir],
  ['telephone', phone],
  ['courriel', email],
  ['numero_allocataire', allocataire],
  ['civilite_nom', civility],
  ['date_naissance', birth],
];

describe('personal-data guard under fuzzing', () => {
  it.each(planted)('always catches a planted %s', (kind, identifier) => {
    fc.assert(
      fc.property(text, identifier, text, (before, id, after) => {
        const remark = `${before} ${id} ${after}`.trim();
        const findings = findPersonalData(remark);
        expect(findings.length, `${kind} missed in « ${remark} »`).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses them through logbook add, storing nothing', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const samples = fc.sample(fc.tuple(text, fc.oneof(...planted.map(([, a]) => a))), 15);
    for (const [words, id] of samples) {
      const r = await runCli(['logbook', 'add', '--date', '2026-11-18', '--debut', '14:00', '--lieu', '1', '--type', 'teledeclaration', '--recus', '5', '--remarques', `${words} ${id}`], { db });
      expect(r.code, `${words} ${id}`).toBe(5);
    }
    const list = await runCli(['logbook', 'list', '--json'], { db });
    expect(JSON.parse(list.stdout).entrees).toEqual([]);
  });
});
