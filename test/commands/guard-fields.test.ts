// Every text a user types goes through the personal-data guard, with a length limit, and what
// the store knows is no allocataire's (staff, registered places) is let through.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addTestPlaces, openTestStore, runCli, tempDb } from '../harness.js';

const ENTRY = ['logbook', 'add', '--date', '2026-11-25', '--debut', '14:00', '--lieu', '1', '--type', 'courriel', '--recus', '2'];
const SESSION = ['sessions', 'add', '--lieu', '1', '--date', '2026-12-02', '--debut', '10:00', '--fin', '12:00', '--type', 'courriel', '--force'];

async function setup(): Promise<string> {
  const db = tempDb();
  await addTestPlaces(db);
  return db;
}

async function count(db: string, query: string): Promise<number> {
  const store = await openTestStore(db);
  try {
    // The query's one column, whatever each engine names it.
    const row = await store.one(sql.raw<Record<string, number>>(query));
    return Number(Object.values(row ?? {})[0] ?? 0);
  } finally {
    await store.close();
  }
}

describe('logbook --auteur, written into the history that is never rewritten', () => {
  it('refuses a NIR or an e-mail as author (exit 5), writing neither the entry nor the history', async () => {
    const db = await setup();
    for (const author of ['1 85 05 78 006 084 91', 'jean.payet@gmail.com']) {
      const r = await runCli([...ENTRY, '--auteur', author], { db });
      expect(r.code, author).toBe(5);
      expect(r.stderr).toContain('--auteur : données personnelles refusées');
    }
    expect(await count(db, 'SELECT count(*) FROM logbook_history')).toBe(0);
    expect(await count(db, 'SELECT count(*) FROM logbook_entries')).toBe(0);
  });

  it('accepts a staff name, refuses one over 100 characters (exit 2)', async () => {
    const db = await setup();
    expect((await runCli([...ENTRY, '--auteur', 'Marie-Josée Payet'], { db })).code).toBe(0);
    const r = await runCli([...ENTRY, '--debut', '15:00', '--auteur', 'x'.repeat(101)], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--auteur : texte trop long (101 caractères, 100 au plus)');
  });

  it('checks the author of a removal and of a restoration', async () => {
    const db = await setup();
    await runCli(ENTRY, { db });
    expect((await runCli(['logbook', 'remove', '1', '--motif', 'doublon', '--auteur', 'tel 0692 12 34 56'], { db })).code).toBe(5);
    expect((await runCli(['logbook', 'remove', '1', '--motif', 'doublon', '--auteur', 'Sophie'], { db })).code).toBe(0);
    expect((await runCli(['logbook', 'restore', '1', '--auteur', 'paul@orange.fr'], { db })).code).toBe(5);
    expect(await count(db, "SELECT count(*) FROM logbook_history WHERE author LIKE '%@%' OR author LIKE '%0692%'")).toBe(0);
  });
});

describe('length limits', () => {
  it('refuses 120,000 characters of animators (exit 2) instead of storing them', async () => {
    const db = await setup();
    const r = await runCli([...ENTRY, '--animateur', Array.from({ length: 12_000 }, (_, i) => `Anim${i}`).join(',')], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--animateur');
    expect(await count(db, 'SELECT count(*) FROM logbook_entries')).toBe(0);
  });
});

describe('sessions --animateur', () => {
  it('refuses a phone number among the animators of a session, on add and edit', async () => {
    const db = await setup();
    const r = await runCli([...SESSION, '--animateur', 'Paul 0692 12 34 56'], { db });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('--animateur');
    expect((await runCli([...SESSION, '--animateur', 'Paul Grondin'], { db })).code).toBe(0);
    expect((await runCli(['sessions', 'edit', '1', '--animateur', 'Paul, paul.grondin@gmail.com'], { db })).code).toBe(5);
  });
});

describe('comité members', () => {
  it('refuses an e-mail as a name and a situation as a role', async () => {
    const db = await setup();
    const add = (nom: string, role: string) => runCli(['charter', 'copil', 'members', 'add', '--organisation', 'caf', '--role', role, '--nom', nom], { db });
    expect((await add('jean.dupont@caf.fr', 'Référent CAF')).code).toBe(5);
    expect((await add('Jean Dupont', 'Référent CAF, son RSA suspendu')).code).toBe(5);
    expect((await add('Jean Dupont', 'Référent CAF')).code).toBe(0);
    expect((await add('J'.repeat(101), 'Référent CAF')).code).toBe(2);
  });
});

describe('places', () => {
  const place = (nom: string, adresse: string) => [
    'places', 'add', '--nom', nom, '--type', 'autre', '--commune', 'Le Tampon', '--adresse', adresse, '--code-postal', '97430', '--telephone', '0262 11 22 33',
  ];

  it('refuses a person’s name and phone inside a place’s name, accepts a place named after someone', async () => {
    const db = await setup();
    const r = await runCli(place('Chez Payet Jean-Marc 0692 12 34 56', '3 rue des Écoles'), { db });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('--nom');
    expect((await runCli(place('Médiathèque Raphaël Barquissau', '3 rue Hubert Delisle'), { db })).code).toBe(0);
  });

  it('refuses a phone number in an address', async () => {
    const db = await setup();
    const r = await runCli(place('Espace Trois-Mares', '3 rue des Écoles, tel 0692 12 34 56'), { db });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('--adresse');
  });
});

describe('what the store knows is no allocataire’s', () => {
  it('lets a registered place’s own phone and address, and a known animator’s name, through a remark', async () => {
    const db = await setup();
    await runCli([...ENTRY, '--animateur', 'Karine Hoarau'], { db });
    const r = await runCli([...ENTRY, '--debut', '16:00', '--remarques', 'tel de la MPT : 0262 27 00 01 ; Karine Hoarau a aidé, RDV au 16 rue Victor Le Vigoureux'], { db });
    expect(r.stderr).not.toContain('données personnelles');
    expect(r.code).toBe(0);
    // another number is still refused
    expect((await runCli([...ENTRY, '--debut', '17:00', '--remarques', 'rappeler au 0692 12 34 56'], { db })).code).toBe(5);
  });
});

describe('--masquer masks the whole item', () => {
  it('masks every character of an IBAN written in RIB groups and a birth date with its correction', async () => {
    const db = await setup();
    const r = await runCli([...ENTRY, '--remarques', 'RIB FR76 30006 00001 12345678901 89, née le 12/03/1990 (et pas 1991)', '--masquer'], { db });
    expect(r.code).toBe(0);
    const store = await openTestStore(db);
    const remarks = (await store.one(sql<{ remarks: string }>`SELECT remarks FROM logbook_entries`))!.remarks;
    await store.close();
    expect(remarks).toBe('RIB **** ***** ***** *********** **, née le **/**/**** (** *** ****)');
  });
});
