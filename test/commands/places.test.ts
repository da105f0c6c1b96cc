import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addTestPlaces, openTestStore, runCli, tempDb } from '../harness.js';

const add = (db: string, extra: string[] = [], overrides: Record<string, string> = {}) => {
  const flags: Record<string, string> = {
    '--nom': 'Médiathèque du Tampon',
    '--type': 'mediatheque',
    '--commune': 'Le Tampon',
    '--adresse': '16 rue Victor Le Vigoureux',
    '--code-postal': '97430',
    '--telephone': '0262 57 86 86',
    ...overrides,
  };
  return runCli(['places', 'add', ...Object.entries(flags).flat(), ...extra], { db });
};

describe('places', () => {
  it('adds a place and lists it as JSON with E.164 phone, French display and OSM slots', async () => {
    const db = tempDb();
    const r = await add(db, ['--creneau', 'mer 14:00-17:00', '--creneau', 'samedi 9h-12h', '--horaires', 'lun 09:00-12:00; mar 09:00-12:00']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = await runCli(['places', 'list', '--json'], { db });
    const [place] = JSON.parse(list.stdout);
    expect(place).toMatchObject({
      id: 1,
      nom: 'Médiathèque du Tampon',
      commune: 'Le Tampon',
      code_insee: '97422',
      telephone: '+262262578686',
      telephone_affiche: '0262 57 86 86',
      creneaux_osm: 'We 14:00-17:00; Sa 09:00-12:00',
      creneaux_texte: 'mercredi 14h-17h, samedi 9h-12h',
    });
  });

  it.each([
    ['st pierre', '97410'],
    ['ST-PIERRE', '97432'],
    ['Saint Pierre', '97410'],
  ])('matches the commune %s without regard to case, accents and hyphens', async (commune, cp) => {
    const db = tempDb();
    const r = await add(db, [], { '--commune': commune, '--code-postal': cp, '--nom': 'Médiathèque Raphaël Barquissau' });
    expect(r.code).toBe(0);
    const show = await runCli(['places', 'show', 'Barquissau', '--json'], { db });
    expect(JSON.parse(show.stdout).commune).toBe('Saint-Pierre');
  });

  it.each([
    [{ '--commune': 'Saint-Denis' }, '--commune', 'Territoire Sud'],
    [{ '--code-postal': '97400' }, '--code-postal', '97430 ou 97418'],
    [{ '--telephone': '12 34' }, '--telephone', 'numéro'],
    [{ '--type': 'bibliotheque' }, '--type', 'mediatheque, mpt, autre'],
  ])('refuses bad input %j with exit 2 naming the field, store unchanged', async (override, flag, expected) => {
    const db = tempDb();
    const r = await add(db, [], override as Record<string, string>);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain(expected);
    expect(JSON.parse((await runCli(['places', 'list', '--json'], { db })).stdout)).toEqual([]);
  });

  it('refuses an impossible reserved slot', async () => {
    const r = await add(tempDb(), ['--creneau', 'mer 25:00-26:00']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--creneau');
  });

  it('refuses a duplicate name with exit 4', async () => {
    const db = tempDb();
    await add(db);
    const r = await add(db, [], { '--nom': 'MÉDIATHÈQUE DU TAMPON'.toLowerCase() });
    expect(r.code).toBe(4);
  });

  it('lists a commune’s places by name whatever their case, as SQLite’s NOCASE does, on both engines', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    // A name in lower case: byte order would put it after « MPT » and « Médiathèque ».
    const r = await add(db, [], { '--nom': 'cyberbase du Tampon', '--type': 'autre' });
    expect(r.code).toBe(0);
    const list = JSON.parse((await runCli(['places', 'list', '--commune', 'Le Tampon', '--json'], { db })).stdout);
    expect(list.map((p: { nom: string }) => p.nom)).toEqual(['cyberbase du Tampon', 'MPT de Bois-Court', 'Médiathèque du Tampon']);
  });

  it('finds places by id or unambiguous name; unknown is exit 3, ambiguous exit 2', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    expect(JSON.parse((await runCli(['places', 'show', '3', '--json'], { db })).stdout).nom).toBe('Médiathèque de Saint-Pierre');
    expect(JSON.parse((await runCli(['places', 'show', 'bois court', '--json'], { db })).stdout).nom).toBe('MPT de Bois-Court');
    expect((await runCli(['places', 'show', 'Cilaos'], { db })).code).toBe(3);
    const ambiguous = await runCli(['places', 'show', 'Médiathèque'], { db });
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('plusieurs lieux');
  });

  it('edits a place, keeping what was not given', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const r = await runCli(['places', 'edit', '1', '--telephone', '+262 262 57 86 87', '--aucun-creneau'], { db });
    expect(r.code).toBe(0);
    const place = JSON.parse((await runCli(['places', 'show', '1', '--json'], { db })).stdout);
    expect(place.telephone_affiche).toBe('0262 57 86 87');
    expect(place.creneaux).toEqual([]);
    expect(place.adresse).toBe('16 rue Victor Le Vigoureux');
  });

  it('removes an unused place and records the removal', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const r = await runCli(['places', 'remove', '2'], { db });
    expect(r.code).toBe(0);
    const list = JSON.parse((await runCli(['places', 'list', '--json'], { db })).stdout);
    expect(list.map((p: { id: number }) => p.id)).toEqual([3, 1]);
    const store = await openTestStore(db);
    const removal = (await store.one(sql<{ place_id: number; snapshot: string }>`SELECT place_id, snapshot FROM place_removals`))!;
    await store.close();
    expect(removal.place_id).toBe(2);
    expect(JSON.parse(removal.snapshot).name).toBe('MPT de Bois-Court');
  });

  it('refuses to remove a place used by a session (exit 4)', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const store = await openTestStore(db);
    await store.run(
      sql`INSERT INTO sessions (place_id, date, start_time, end_time, type, created_at, updated_at) VALUES (1, '2026-12-02', '14:00', '16:00', 'teledeclaration', 'x', 'x')`,
    );
    await store.close();
    const r = await runCli(['places', 'remove', '1'], { db });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('1 séance');
  });

  it('prints a table on a terminal and tab-separated text when piped', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const tty = await runCli(['places', 'list'], { db, tty: true });
    expect(tty.stdout).toMatch(/┌|─/);
    const piped = await runCli(['places', 'list'], { db });
    expect(piped.stdout.split('\n')[0]).toBe('N°\tNom\tType\tCommune\tTéléphone\tCréneaux réservés\tÉtat');
    expect(piped.stdout).toContain('3 espaces numériques.');
  });
});
