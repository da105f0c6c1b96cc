import { describe, expect, it } from 'vitest';
import { addTestPlaces, openTestStore, runCli, tempDb } from '../harness.js';
import { sql } from 'kysely';

/** Rows of a table, read straight from the store (to prove a refusal changed nothing). */
async function rows(db: string, table: string): Promise<unknown[]> {
  const store = await openTestStore(db);
  try {
    return await store.all(sql`SELECT * FROM ${sql.table(table)} ORDER BY id`);
  } finally {
    await store.close();
  }
}

async function withCampaign(): Promise<string> {
  const db = tempDb();
  await addTestPlaces(db);
  const r = await runCli(['campagnes', 'add', '--nom', 'Affiches caf.fr 2026', '--debut', '2026-09-01'], { db });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return db;
}

describe('campagnes', () => {
  it('adds a campaign (channel affiche by default, art. 3) and lists it as JSON', async () => {
    const db = await withCampaign();
    const r = await runCli(['campagnes', 'add', '--nom', 'Flyers télédéclaration', '--debut', '05/01/2027', '--fin', '2027-03-31', '--canal', 'flyer', '--notes', 'Distribués aux accueils'], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Campagne n° 2 enregistrée : Flyers télédéclaration (flyer, du 5 janvier 2027 au 31 mars 2027)');
    const list = JSON.parse((await runCli(['campagnes', 'list', '--json'], { db })).stdout);
    expect(list).toEqual([
      { id: 1, nom: 'Affiches caf.fr 2026', canal: 'affiche', debut: '2026-09-01', fin: null, notes: null, total: 0, lieux_servis: 0 },
      { id: 2, nom: 'Flyers télédéclaration', canal: 'flyer', debut: '2027-01-05', fin: '2027-03-31', notes: 'Distribués aux accueils', total: 0, lieux_servis: 0 },
    ]);
  });

  it('records deliveries and shows totals per place and the places not yet served', async () => {
    const db = await withCampaign();
    for (const [lieu, quantite, date] of [
      ['Médiathèque du Tampon', '20', '2026-09-03'],
      ['1', '5', '2026-10-01'],
      ['bois court', '10', '2026-09-04'],
    ]) {
      const r = await runCli(['campagnes', 'diffusion', 'Affiches', '--lieu', lieu, '--quantite', quantite, '--date', date], { db });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const show = JSON.parse((await runCli(['campagnes', 'show', '1', '--json'], { db })).stdout);
    expect(show.total).toBe(35);
    expect(show.diffusions).toEqual([
      { lieu_id: 1, lieu: 'Médiathèque du Tampon', commune: 'Le Tampon', quantite: 25, remises: 2, derniere_remise: '2026-10-01' },
      { lieu_id: 2, lieu: 'MPT de Bois-Court', commune: 'Le Tampon', quantite: 10, remises: 1, derniere_remise: '2026-09-04' },
    ]);
    expect(show.lieux_non_servis).toEqual([{ id: 3, nom: 'Médiathèque de Saint-Pierre', commune: 'Saint-Pierre' }]);
    const text = await runCli(['campagnes', 'show', 'Affiches caf.fr 2026'], { db });
    expect(text.stdout).toContain('Lieux pas encore servis (1) : Médiathèque de Saint-Pierre.');
    expect(text.stdout).toContain('Médiathèque du Tampon\tLe Tampon\t25\t2\tjeu. 1er oct. 2026');
    const list = JSON.parse((await runCli(['campagnes', 'list', '--json'], { db })).stdout);
    expect(list[0]).toMatchObject({ total: 35, lieux_servis: 2 });
  });

  it('warns (without refusing) about a delivery outside the campaign period', async () => {
    const db = await withCampaign();
    const r = await runCli(['campagnes', 'diffusion', '1', '--lieu', '2', '--quantite', '3', '--date', '2026-08-20'], { db });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('hors de la période de la campagne (depuis le 1er septembre 2026)');
    expect(await rows(db, 'campaign_deliveries')).toHaveLength(1);
  });

  it.each([
    [['--quantite', '0', '--date', '2026-09-03', '--lieu', '1'], 2, '--quantite'],
    [['--quantite', '-4', '--date', '2026-09-03', '--lieu', '1'], 2, '--quantite'],
    [['--quantite', '2.5', '--date', '2026-09-03', '--lieu', '1'], 2, '--quantite'],
    [['--quantite', '4', '--date', '2026-02-30', '--lieu', '1'], 2, '--date'],
    [['--quantite', '4', '--date', '2026-09-03', '--lieu', 'Cilaos'], 3, '--lieu'],
  ])('refuses a delivery %j with exit %i naming %s, store unchanged', async (flags, code, flag) => {
    const db = await withCampaign();
    const r = await runCli(['campagnes', 'diffusion', '1', ...flags], { db });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(flag);
    expect(await rows(db, 'campaign_deliveries')).toEqual([]);
  });

  it('refuses an unknown campaign with exit 3, store unchanged', async () => {
    const db = await withCampaign();
    const r = await runCli(['campagnes', 'diffusion', 'Presse 2030', '--lieu', '1', '--quantite', '2', '--date', '2026-09-03'], { db });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('aucune campagne « Presse 2030 »');
    expect(await rows(db, 'campaign_deliveries')).toEqual([]);
    expect((await runCli(['campagnes', 'show', '9'], { db })).code).toBe(3);
  });

  it.each([
    [['--nom', 'X', '--debut', '2026-13-01'], 2, '--debut'],
    [['--nom', 'X', '--debut', '2026-09-01', '--fin', '2026-08-01'], 2, '--fin'],
    [['--nom', 'X', '--debut', '2026-09-01', '--canal', 'radio'], 2, 'affiche, flyer, site, presse, autre'],
    [['--nom', '  ', '--debut', '2026-09-01'], 2, '--nom'],
    [['--nom', 'AFFICHES CAF.FR 2026', '--debut', '2026-09-01'], 4, 'déjà'],
    [['--nom', 'X', '--debut', '2026-09-01', '--notes', 'Remis à Mme Payet au 0692 12 34 56'], 5, '--notes'],
  ])('refuses campagnes add %j with exit %i, store unchanged', async (flags, code, text) => {
    const db = await withCampaign();
    const r = await runCli(['campagnes', 'add', ...flags], { db });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(text);
    expect(await rows(db, 'campaigns')).toHaveLength(1);
  });

  it('prints a table on a terminal', async () => {
    const db = await withCampaign();
    const r = await runCli(['campagnes', 'list'], { db, tty: true });
    expect(r.stdout).toContain('Affiches caf.fr 2026');
    expect(r.stdout).toContain('depuis le 1er septembre 2026');
    expect(r.stdout).toContain('1 campagne.');
  });
});
