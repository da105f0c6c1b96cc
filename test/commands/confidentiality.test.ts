import { describe, expect, it } from 'vitest';
import { addTestPlaces, openTestStore, runCli, tempDb } from '../harness.js';
import { sql } from 'kysely';
import type { Store } from '../../src/store/engine.js';
import { confidentialityActions } from '../../src/store/confidentiality.js';

async function withStore<T>(db: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openTestStore(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const register = (db: string) => withStore(db, (s) => s.all(sql`SELECT * FROM confidentiality_commitments ORDER BY id`));

describe('charter confidentialite', () => {
  it('records commitments to art. 12 and lists them', async () => {
    const db = tempDb();
    const r = await runCli(['charter', 'confidentialite', 'add', '--nom', 'Marie Hoarau', '--fonction', 'Animatrice multimédia', '--date', '02/11/2026'], { db });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Engagement de confidentialité n° 1 enregistré : Marie Hoarau (Animatrice multimédia, commune du Tampon), le 2 novembre 2026.');
    // A civility before the person's own name is not personal data of an allocataire.
    expect((await runCli(['charter', 'confidentialite', 'add', '--nom', 'M. Paul Técher', '--fonction', 'Coordonnateur des MPT', '--date', '2026-11-03'], { db })).code).toBe(0);
    const list = JSON.parse((await runCli(['charter', 'confidentialite', 'list', '--json'], { db })).stdout);
    expect(list).toEqual([
      { id: 1, nom: 'Marie Hoarau', fonction: 'Animatrice multimédia', date: '2026-11-02', commune: '97422' },
      { id: 2, nom: 'M. Paul Técher', fonction: 'Coordonnateur des MPT', date: '2026-11-03', commune: '97422' },
    ]);
    const text = await runCli(['charter', 'confidentialite', 'list'], { db });
    expect(text.stdout).toContain('2 engagements de confidentialité (art. 12).');
  });

  it.each([
    [['--nom', 'Marie Hoarau', '--fonction', 'Animatrice', '--date', '2026-02-30'], 2, '--date'],
    [['--nom', ' ', '--fonction', 'Animatrice', '--date', '2026-11-02'], 2, '--nom'],
    [['--nom', 'Marie Hoarau', '--fonction', 'Animatrice, 0692 12 34 56', '--date', '2026-11-02'], 5, '--fonction'],
    [['--nom', 'marie hoarau', '--fonction', 'Animatrice', '--date', '2026-11-02'], 4, 'déjà enregistré'],
  ])('refuses %j with exit %i, register unchanged', async (flags, code, text) => {
    const db = tempDb();
    await runCli(['charter', 'confidentialite', 'add', '--nom', 'Marie Hoarau', '--fonction', 'Animatrice', '--date', '2026-11-02'], { db });
    const r = await runCli(['charter', 'confidentialite', 'add', ...flags], { db });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(text);
    expect(await register(db)).toHaveLength(1);
  });

  it('charter-status action: animators named on sessions or logbook entries who are not in the register', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    await withStore(db, async (s) => {
      const session = (animators: string[], status: string) =>
        s.run(sql`INSERT INTO sessions (place_id, date, start_time, end_time, type, animators, status, created_at, updated_at) VALUES (1, '2026-12-02', '14:00', '16:00', 'courriel', ${JSON.stringify(animators)}, ${status}, 'x', 'x')`);
      await session(['Marie Hoarau', 'Jean Payet'], 'prevue');
      await session(['Lucie Annulée'], 'annulee');
      const entry = (animators: string[], removedAt: string | null) =>
        s.run(sql`INSERT INTO logbook_entries (date, place_id, type, received, animators, removed_at, author, created_at, updated_at) VALUES ('2026-11-18', 2, 'courriel', 4, ${JSON.stringify(animators)}, ${removedAt}, 'x', 'x', 'x')`);
      await entry(['MARIE HOARAU', 'Éric Técher'], null);
      await entry(['Paul Supprimé'], '2026-11-19');
    });
    const messages = async (today: string) => (await withStore(db, (s) => confidentialityActions(s, today))).map((a) => a.message);
    expect(await messages('2026-11-26')).toEqual([
      expect.stringMatching(/^animateur sans engagement de confidentialité : Éric Técher/),
      expect.stringMatching(/^animateur sans engagement de confidentialité : Jean Payet/),
      expect.stringMatching(/^animateur sans engagement de confidentialité : Marie Hoarau/),
    ]);
    await runCli(['charter', 'confidentialite', 'add', '--nom', 'Marie Hoarau', '--fonction', 'Animatrice', '--date', '2026-11-20'], { db });
    await runCli(['charter', 'confidentialite', 'add', '--nom', 'Eric Techer', '--fonction', 'Animateur', '--date', '2026-11-20'], { db });
    // Matching ignores case and accents; a commitment dated after `today` does not count yet.
    expect(await messages('2026-11-26')).toEqual([expect.stringContaining('Jean Payet')]);
    expect((await messages('2026-11-19')).length).toBe(3);
    const actions = await withStore(db, (s) => confidentialityActions(s, '2026-11-26'));
    expect(actions[0].code).toBe('animateur_sans_engagement_confidentialite');
  });

  it('names from the register are allowed in the free text of a commissioning check', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const criterion = ['places', 'mise-en-service', '2', '--verifie-par', 'Chef d’antenne', '--date', '2026-11-20', '--critere', 'Mme Hoarau présente'];
    expect((await runCli(criterion, { db })).code).toBe(5);
    await runCli(['charter', 'confidentialite', 'add', '--nom', 'Marie Hoarau', '--fonction', 'Animatrice', '--date', '2026-11-02'], { db });
    const r = await runCli(criterion, { db });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('art. 12 concerns commune staff: a CAF animator or referent is never flagged, unknown people are, with both ways out', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    await withStore(db, (s) =>
      s.run(
        sql`INSERT INTO sessions (place_id, date, start_time, end_time, type, animators, status, created_at, updated_at) VALUES (1, '2026-12-02', '14:00', '16:00', 'courriel', ${JSON.stringify(['Jean Payet', 'Sophie Grondin', 'Lucie Técher', 'Paul Hoarau'])}, 'prevue', 'x', 'x')`,
      ),
    );
    // Jean Payet: CAF animator; Sophie Grondin: CAF referent on the comité; Lucie Técher: Saint-Pierre staff.
    const caf = await runCli(['charter', 'personnel', 'add', '--nom', 'Jean Payet', '--organisation', 'caf', '--fonction', 'Animateur CAF'], { db });
    expect(caf.code).toBe(0);
    expect(caf.stdout).toContain('Agent n° 1 enregistré : Jean Payet (CAF de la Réunion).');
    await runCli(['charter', 'copil', 'members', 'add', '--organisation', 'caf', '--role', 'Référent CAF', '--nom', 'Sophie Grondin'], { db });
    const sp = await runCli(['charter', 'personnel', 'add', '--nom', 'Lucie Técher', '--organisation', 'commune', '--commune', 'st pierre'], { db });
    expect(sp.stdout).toContain('Lucie Técher (commune de Saint-Pierre)');
    const messages = (await withStore(db, (s) => confidentialityActions(s, '2026-11-26'))).map((a) => a.message);
    expect(messages).toEqual([
      expect.stringMatching(/^animateur de la commune sans engagement de confidentialité : Lucie Técher/),
      expect.stringMatching(/^animateur sans engagement de confidentialité : Paul Hoarau .*agent de la CAF \(non concerné\) : « cafcharte charter personnel add --nom "Paul Hoarau" --organisation caf »/),
    ]);
    expect(messages.join(' ')).not.toContain('Jean Payet');
    expect(messages.join(' ')).not.toContain('Sophie Grondin');
    // Lucie commits, for her commune; Paul turns out to be CAF staff: nothing left.
    await runCli(['charter', 'confidentialite', 'add', '--nom', 'Lucie Técher', '--fonction', 'Animatrice', '--date', '2026-11-20', '--commune', 'Saint-Pierre'], { db });
    await runCli(['charter', 'personnel', 'add', '--nom', 'paul HOARAU', '--organisation', 'caf'], { db });
    expect(await withStore(db, (s) => confidentialityActions(s, '2026-11-26'))).toEqual([]);
    const staff = JSON.parse((await runCli(['charter', 'personnel', 'list', '--json'], { db })).stdout);
    expect(staff).toEqual([
      { id: 1, nom: 'Jean Payet', organisation: 'caf', commune: null, fonction: 'Animateur CAF' },
      { id: 3, nom: 'paul HOARAU', organisation: 'caf', commune: null, fonction: null },
      { id: 2, nom: 'Lucie Técher', organisation: 'commune', commune: '97416', fonction: null },
    ]);
  });

  it.each([
    [['--nom', 'Jean Payet', '--organisation', 'prefecture'], 2, '--organisation'],
    [['--nom', 'Jean Payet', '--organisation', 'commune', '--commune', 'Saint-Denis'], 2, '--commune'],
    [['--nom', 'Jean Payet', '--organisation', 'caf', '--commune', 'Saint-Pierre'], 2, '--commune'],
    [['--nom', ' ', '--organisation', 'caf'], 2, '--nom'],
    [['--nom', 'JEAN PAYET', '--organisation', 'commune'], 4, 'déjà enregistré comme agent de la CAF'],
  ])('personnel add %j: exit %i naming %s, register unchanged', async (flags, code, text) => {
    const db = tempDb();
    await runCli(['charter', 'personnel', 'add', '--nom', 'Jean Payet', '--organisation', 'caf'], { db });
    const r = await runCli(['charter', 'personnel', 'add', ...flags], { db });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(text);
    expect(await withStore(db, async (s) => Number((await s.one(sql<{ n: number }>`SELECT count(*) AS n FROM staff`))?.n))).toBe(1);
  });

  it('a CAF agent cannot be entered in the commune’s register (exit 4, nothing recorded)', async () => {
    const db = tempDb();
    await runCli(['charter', 'personnel', 'add', '--nom', 'Jean Payet', '--organisation', 'caf'], { db });
    const r = await runCli(['charter', 'confidentialite', 'add', '--nom', 'Jean Payet', '--fonction', 'Animateur', '--date', '2026-11-02'], { db });
    expect(r.code).toBe(4);
    expect(await register(db)).toHaveLength(0);
  });
});
