import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/domain/cafFigures/csv.js';
import {
  ACCESS,
  allowedValues,
  FEES,
  FIXED_PLACE,
  NATIONAL_SCHEMES,
  SERVICES,
  STANDARD_COLUMNS,
  STANDARD_VERSION,
  SUPPORT_MODES,
  toStandardRow,
  validateTable,
  type StandardPlace,
  type TableSchema,
} from '../../src/domain/mediationStandard.js';

// The standard's own files, read where they are (never copied into the repo).
const standards = (name: string) => fileURLToPath(new URL(`../../data/standards/${name}`, import.meta.url));
const schema = JSON.parse(readFileSync(standards('lieux-mediation-numerique.schema.json'), 'utf8')) as TableSchema & { version: string };

function parse(text: string): string[][] {
  const records: string[][] = [];
  readCsv(text.replace(/^\ufeff/, ''), ',', (cells) => records.push([...cells]), () => {
    throw new Error('guillemet non fermé');
  });
  return records;
}

const field = (name: string) => schema.fields.find((f) => f.name === name)!;

const place: StandardPlace = {
  id: 1,
  name: 'Médiathèque du Tampon',
  kind: 'mediatheque',
  communeName: 'Le Tampon',
  communeInsee: '97422',
  address: '16 rue Victor Le Vigoureux',
  postalCode: '97430',
  phone: '+262262578686',
  email: 'mediatheque@letampon.fr',
  siret: '21974022400015',
  openingHoursOsm: 'Tu-Fr 09:00-12:00,13:30-17:30; Sa 09:00-12:00',
  reservedSlotsFr: 'mercredi 14h-17h, samedi 9h-12h',
  updatedAt: '2026-11-26T12:00:00+04:00',
};

describe('the standard-mediation-num validator', () => {
  it('reads the schema version we target and its columns in our order', () => {
    expect(schema.version).toBe(STANDARD_VERSION);
    expect(schema.fields.map((f) => f.name)).toEqual([...STANDARD_COLUMNS]);
  });

  it('accepts the standard’s own valid example (a file no one here wrote)', () => {
    const [header, ...rows] = parse(readFileSync(standards('lieux-mediation-numerique.exemple-valide.csv'), 'utf8'));
    expect(rows.length).toBeGreaterThan(0);
    expect(validateTable(schema, header, rows)).toEqual([]);
  });

  it('accepts our rows for a médiathèque and an MPT without e-mail or hours', () => {
    const mpt: StandardPlace = { ...place, id: 2, name: 'MPT de Bois-Court', kind: 'mpt', email: null, openingHoursOsm: '', reservedSlotsFr: '', phone: '+262692123456' };
    const rows = [place, mpt].map((p) => toStandardRow(p, { source: 'Commune du Tampon' }));
    expect(validateTable(schema, STANDARD_COLUMNS, rows.map((r) => STANDARD_COLUMNS.map((c) => r[c])))).toEqual([]);
    expect(rows[0]).toMatchObject({ id: 'cafcharte-lieu-1', pivot: '21974022400015', code_insee: '97422', telephone: '+262262578686', date_maj: '2026-11-26' });
    expect(rows[1]).toMatchObject({ courriels: '', horaires: '', modalites_acces: 'Se présenter|Téléphoner', frais_a_charge: 'Gratuit' });
  });

  it('uses only values from the schema’s own lists', () => {
    const lists: [string, string[]][] = [
      ['services', SERVICES],
      ['modalites_accompagnement', SUPPORT_MODES],
      ['dispositif_programmes_nationaux', NATIONAL_SCHEMES],
      ['itinerance', [FIXED_PLACE]],
      ['frais_a_charge', Object.values(FEES)],
      ['modalites_acces', Object.values(ACCESS)],
    ];
    for (const [name, ours] of lists) {
      const allowed = allowedValues(field(name));
      expect(allowed, name).toBeDefined();
      for (const value of ours) expect(allowed, `${name} : ${value}`).toContain(value);
    }
    expect(allowedValues(field('frais_a_charge'))).toEqual(['Gratuit', 'Gratuit sous condition', 'Payant']);
  });

  it.each([
    ['pivot', '1234', 'motif'],
    ['nom', '', 'obligatoire'],
    ['code_postal', '9743', 'motif'],
    ['telephone', '0262578686', 'motif'],
    ['date_maj', '26/11/2026', 'type date'],
    ['date_maj', '2026-02-30', 'type date'],
    ['latitude', 'vingt', 'type number'],
    ['services', 'Cours de cuisine', 'motif'],
    ['services', 'Aide aux démarches administratives|Cours de cuisine', 'motif'],
    ['modalites_accompagnement', 'En autonomie,Accompagnement individuel', 'motif'],
    ['presentation_resume', 'x'.repeat(281), '280 au plus'],
  ])('rejects a row whose %s is %j', (name, value, expected) => {
    const row = toStandardRow(place, { source: 'Commune du Tampon' });
    const cells = STANDARD_COLUMNS.map((c) => (c === name ? value : row[c]));
    const problems = validateTable(schema, STANDARD_COLUMNS, [cells]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 1, field: name });
    expect(problems[0].message).toContain(expected);
  });

  it('rejects a missing or misplaced column, a short row and a duplicate id', () => {
    const row = toStandardRow(place, { source: 'x' });
    const cells = STANDARD_COLUMNS.map((c) => row[c]);
    const swapped = [...STANDARD_COLUMNS];
    [swapped[2], swapped[3]] = [swapped[3], swapped[2]];
    expect(validateTable(schema, swapped, [cells]).map((p) => p.field)).toEqual(['nom', 'commune']);
    expect(validateTable(schema, STANDARD_COLUMNS.slice(0, -1), [cells])[0]).toMatchObject({ row: 0, field: 'prise_rdv' });
    expect(validateTable(schema, STANDARD_COLUMNS, [cells.slice(1)])[0]).toMatchObject({ row: 1, field: '*' });
    expect(validateTable(schema, STANDARD_COLUMNS, [cells, cells])).toEqual([
      { row: 2, field: 'id', message: '« cafcharte-lieu-1 » déjà présent : la valeur doit être unique' },
    ]);
  });

  it('checks an enum list with « | » when a schema has one', () => {
    const tiny: TableSchema = { fields: [{ name: 'jours', type: 'string', constraints: { enum: ['lundi', 'mardi'] } }] };
    expect(validateTable(tiny, ['jours'], [['lundi|mardi'], ['mardi']])).toEqual([]);
    expect(validateTable(tiny, ['jours'], [['lundi|dimanche']])[0].message).toContain('dimanche');
  });
});
