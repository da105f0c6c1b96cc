import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/domain/cafFigures/csv.js';
import { STANDARD_COLUMNS, validateTable, type TableSchema } from '../../src/domain/mediationStandard.js';
import { addTestPlaces, runCli, tempDb, tempDir } from '../harness.js';

const schemaPath = fileURLToPath(new URL('../../data/standards/lieux-mediation-numerique.schema.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as TableSchema;

function parse(text: string): string[][] {
  const records: string[][] = [];
  readCsv(text, ',', (cells) => records.push([...cells]), () => {
    throw new Error('guillemet non fermé');
  });
  return records;
}

/** The three test places, with SIRETs, opening hours and an e-mail on the first. */
async function completePlaces(): Promise<string> {
  const db = tempDb();
  await addTestPlaces(db);
  const edits = [
    ['1', '--siret', '21974022400015', '--horaires', 'mar 09:00-12:00; mar 13:30-17:30; sam 09:00-12:00', '--courriel', 'mediatheque@letampon.fr'],
    ['2', '--siret', '21974022400023'],
    ['3', '--siret', '21974022400031'],
  ];
  for (const [id, ...flags] of edits) {
    const r = await runCli(['places', 'edit', id, ...flags], { db });
    if (r.code !== 0) throw new Error(r.stderr);
  }
  return db;
}

describe('places export --standard', () => {
  it('writes every place in the national standard, valid against the schema file', async () => {
    const db = await completePlaces();
    const r = await runCli(['places', 'export', '--standard'], { db });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\ufeff')).toBe(false);
    const [header, ...rows] = parse(r.stdout);
    expect(header).toEqual([...STANDARD_COLUMNS]);
    expect(rows).toHaveLength(3);
    expect(validateTable(schema, header, rows)).toEqual([]);
    const byName = Object.fromEntries(rows.map((cells) => [cells[2], Object.fromEntries(header.map((h, i) => [h, cells[i]]))]));
    expect(byName['Médiathèque du Tampon']).toMatchObject({
      id: 'cafcharte-lieu-1',
      pivot: '21974022400015',
      commune: 'Le Tampon',
      code_postal: '97430',
      code_insee: '97422',
      adresse: '16 rue Victor Le Vigoureux',
      telephone: '+262262578686',
      courriels: 'mediatheque@letampon.fr',
      horaires: 'Tu 09:00-12:00,13:30-17:30; Sa 09:00-12:00',
      date_maj: '2026-11-26',
      services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique',
      modalites_acces: 'Se présenter|Téléphoner|Contacter par mail',
      modalites_accompagnement: 'En autonomie|Accompagnement individuel|Dans un atelier collectif',
      frais_a_charge: 'Gratuit sous condition',
      dispositif_programmes_nationaux: "Point d'accès numérique CAF",
    });
    expect(byName['Médiathèque du Tampon'].presentation_resume).toContain('mercredi 14h-17h, samedi 9h-12h');
    expect(byName['Médiathèque de Saint-Pierre']).toMatchObject({ commune: 'Saint-Pierre', code_insee: '97416', horaires: '' });
  });

  it('names the places without SIRET and exits 2, unless --ignorer-incomplets', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    await runCli(['places', 'edit', '1', '--siret', '21974022400015'], { db });
    const refused = await runCli(['places', 'export', '--standard'], { db });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('2 lieux incomplets');
    expect(refused.stderr).toContain('n° 2 « MPT de Bois-Court » : SIRET manquant');
    expect(refused.stderr).toContain('n° 3 « Médiathèque de Saint-Pierre » : SIRET manquant');
    expect(refused.stderr).toContain('--ignorer-incomplets');

    const partial = await runCli(['places', 'export', '--standard', '--ignorer-incomplets'], { db });
    expect(partial.code).toBe(0);
    expect(partial.stderr).toContain('MPT de Bois-Court');
    const [header, ...rows] = parse(partial.stdout);
    expect(rows.map((cells) => cells[2])).toEqual(['Médiathèque du Tampon']);
    expect(validateTable(schema, header, rows)).toEqual([]);
  });

  it('writes JSON with every column in order, and --sortie replaces a file atomically', async () => {
    const db = await completePlaces();
    const dir = tempDir();
    const path = join(dir, 'lieux.json');
    writeFileSync(path, 'ancien');
    const r = await runCli(['places', 'export', '--standard', '--format', 'json', '--sortie', path], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${path}\n`);
    expect(readdirSync(dirname(path))).toEqual(['lieux.json']);
    const places = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string | null>[];
    expect(places).toHaveLength(3);
    for (const p of places) expect(Object.keys(p)).toEqual([...STANDARD_COLUMNS]);
    // The JSON holds the same values as a valid CSV row would.
    const rows = places.map((p) => STANDARD_COLUMNS.map((c) => p[c] ?? ''));
    expect(validateTable(schema, STANDARD_COLUMNS, rows)).toEqual([]);
    expect(places[0].complement_adresse).toBeNull();
  });

  it('refuses a missing --standard and an unknown format with exit 2', async () => {
    const db = await completePlaces();
    const noStandard = await runCli(['places', 'export'], { db });
    expect(noStandard.code).toBe(2);
    expect(noStandard.stderr).toContain('--standard');
    const xlsx = await runCli(['places', 'export', '--standard', '--format', 'xlsx'], { db });
    expect(xlsx.code).toBe(2);
    expect(xlsx.stderr).toContain('csv, json');
  });
});
