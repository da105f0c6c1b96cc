import { describe, expect, it } from 'vitest';
import { addTestPlaces, openTestStore, runCli, tempDb } from '../harness.js';
import { sql } from 'kysely';
import type { Store } from '../../src/store/engine.js';
import { createContext } from '../../src/context.js';
import { noPrompter } from '../../src/prompts/prompter.js';
import { commissioningActions, commissioningStates } from '../../src/store/commissioning.js';
import { warnIfNotInService } from '../../src/commands/shared/commissioning.js';
import { applyVisit, emptyChecklist } from '../../src/domain/commissioning.js';

async function withStore<T>(db: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openTestStore(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const visits = (db: string) => withStore(db, (s) => s.all(sql`SELECT * FROM commissioning_visits ORDER BY id`));

/** `places mise-en-service` with the chef d'antenne as verifier, on `date`, then extra flags. */
const check = (db: string, place: string, date: string, extra: string[] = []) =>
  runCli(['places', 'mise-en-service', place, '--verifie-par', 'Chef d’antenne de Saint-Pierre', '--date', date, ...extra, '--json'], { db });

describe('places mise-en-service', () => {
  it('accumulates ticks over visits and puts the place into service when every required item is checked', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    // Place 1 has reserved slots: that item is checked automatically.
    const first = await check(db, '1', '2026-11-20', ['--coche', 'ordinateurs', '--coche', 'AFFICHE']);
    expect(first.code).toBe(0);
    const r1 = JSON.parse(first.stdout);
    expect(r1.etat).toBe('en_preparation');
    expect(r1.liste.map((i: { code: string; coche: boolean; mode: string | null }) => [i.code, i.coche, i.mode])).toEqual([
      ['ordinateurs', true, 'coche'],
      ['animateur', false, null],
      ['affiche', true, 'coche'],
      ['creneaux', true, 'automatique'],
    ]);

    const second = JSON.parse((await check(db, 'Médiathèque du Tampon', '2026-11-27', ['--coche', 'animateur', '--critere', 'Imprimante disponible'])).stdout);
    expect(second.etat).toBe('en_service');
    expect(second.mis_en_service_le).toBe('2026-11-27');
    expect(second.liste.at(-1)).toEqual({ code: 'critere:imprimante disponible', libelle: 'Imprimante disponible', obligatoire: false, coche: false, coche_le: null, mode: null });
    expect(second.historique).toEqual([
      { date: '2026-11-20', verifie_par: 'Chef d’antenne de Saint-Pierre', etat: 'en_preparation', enregistre_le: '2026-11-26T12:00:00+04:00' },
      { date: '2026-11-27', verifie_par: 'Chef d’antenne de Saint-Pierre', etat: 'en_service', enregistre_le: '2026-11-26T12:00:00+04:00' },
    ]);
    const states = await withStore(db, commissioningStates);
    expect([...states.entries()].sort()).toEqual([[1, 'en_service'], [2, 'en_preparation'], [3, 'en_preparation']]);
  });

  it('puts a place without reserved slots into service: the slots item applies only where slots exist (art. 3, 5)', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    // Place 2 (MPT de Bois-Court) has no reserved slot.
    const r = JSON.parse((await check(db, '2', '2026-11-20', ['--coche', 'ordinateurs', '--coche', 'animateur', '--coche', 'affiche'])).stdout);
    expect(r.etat).toBe('en_service');
    expect(r.liste.find((i: { code: string }) => i.code === 'creneaux')).toMatchObject({ obligatoire: false, coche: false });
    const states = await withStore(db, commissioningStates);
    expect(states.get(2)).toBe('en_service');
    // Ticking the item by hand is refused: it is without object here, and says so.
    const tick = await check(db, '2', '2026-11-21', ['--coche', 'creneaux']);
    expect(tick.code).toBe(2);
    expect(tick.stderr).toContain('sans objet');
    // Once the place defines slots, the next visit checks the item automatically; still in service.
    await runCli(['places', 'edit', '2', '--creneau', 'mer 14:00-17:00'], { db });
    const later = JSON.parse((await check(db, '2', '2026-11-27', ['--critere', 'Imprimante'])).stdout);
    expect(later.liste.find((i: { code: string }) => i.code === 'creneaux')).toMatchObject({ obligatoire: true, coche: true, mode: 'automatique' });
    expect(later.etat).toBe('en_service');
  });

  it('is idempotent: the same run twice records one visit, and a free criterion can be ticked later by its text', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const flags = ['--coche', 'ordinateurs', '--critere', 'Imprimante disponible'];
    expect((await check(db, '2', '2026-11-20', flags)).code).toBe(0);
    const again = await runCli(['places', 'mise-en-service', '2', '--verifie-par', 'Chef d’antenne', '--date', '2026-11-20', ...flags], { db });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Rien de nouveau pour MPT de Bois-Court');
    expect(await visits(db)).toHaveLength(1);
    const ticked = JSON.parse((await check(db, '2', '2026-11-21', ['--coche', 'imprimante DISPONIBLE'])).stdout);
    expect(ticked.liste.find((i: { code: string }) => i.code.startsWith('critere:')).coche).toBe(true);
    expect(ticked.etat).toBe('en_preparation'); // no reserved slots yet, animator not informed
    expect(await visits(db)).toHaveLength(2);
  });

  it('prints the checklist and what remains on a terminal', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const r = await runCli(['places', 'mise-en-service', '3', '--verifie-par', 'Chef d’antenne', '--date', '2026-11-20', '--coche', 'ordinateurs'], { db, tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Vérification du 20 novembre 2026 enregistrée pour Médiathèque de Saint-Pierre');
    expect(r.stdout).toContain('postes informatiques avec accès à internet');
    expect(r.stdout).toContain('oui (automatique)');
    expect(r.stdout).toContain('reste à cocher : animateur, affiche');
    const done = await runCli(['places', 'mise-en-service', '3', '--verifie-par', 'Chef d’antenne', '--date', '2026-11-21', '--coche', 'animateur', '--coche', 'affiche'], { db });
    expect(done.stdout).toContain('Médiathèque de Saint-Pierre est mise en service le 21 novembre 2026.');
    // A later visit that adds an optional point keeps the place in service since its date.
    const later = await runCli(['places', 'mise-en-service', '3', '--verifie-par', 'Chef d’antenne', '--date', '2026-12-01', '--critere', 'Casque audio'], { db });
    expect(later.stdout).toContain('État : en service depuis le 21 novembre 2026.');
    expect(await visits(db)).toHaveLength(3);
  });

  it.each([
    [['3', '--date', '2026-13-01', '--coche', 'ordinateurs'], 2, '--date'],
    [['Cilaos', '--date', '2026-11-20', '--coche', 'ordinateurs'], 3, 'aucun espace numérique'],
    [['3', '--date', '2026-11-20', '--coche', 'wifi'], 2, 'attendu ordinateurs, animateur, affiche, creneaux'],
    // Place 2 has no reserved slots: ticking them by hand would be false.
    [['2', '--date', '2026-11-20', '--coche', 'ordinateurs', '--coche', 'creneaux'], 2, 'aucun créneau réservé'],
    [['3', '--date', '2026-11-20', '--critere', 'Appeler M. Payet au 0692 12 34 56'], 5, '--critere'],
  ])('refuses %j with exit %i, store unchanged', async (args, code, text) => {
    const db = tempDb();
    await addTestPlaces(db);
    const r = await runCli(['places', 'mise-en-service', args[0], '--verifie-par', 'Chef d’antenne', ...args.slice(1)], { db });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(text);
    expect(await visits(db)).toEqual([]);
  });

  it('applyVisit never modifies the checklist it is given', () => {
    const before = emptyChecklist();
    const copy = structuredClone(before);
    const result = applyVisit(before, { date: '2026-11-20', criteria: ['Wifi'], ticks: ['ordinateurs', 'wifi'], hasReservedSlots: true });
    expect(before).toEqual(copy);
    expect(result.changes).toEqual([
      'critère ajouté : Wifi',
      'coché : postes informatiques avec accès à internet (préambule)',
      'coché : Wifi',
      'coché : créneaux réservés aux allocataires définis (art. 5) (d’après les créneaux du lieu)',
    ]);
  });
});

describe('activity at a place not in service', () => {
  function captureCtx() {
    let stderr = '';
    const ctx = createContext({
      io: { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, stdoutIsTTY: false, interactive: false },
      env: { NO_COLOR: '1' },
      now: () => new Date('2026-11-26T08:00:00Z'),
      cwd: '/',
      prompter: noPrompter,
      openStore: () => Promise.reject(new Error('not used')),
    });
    return { ctx, stderr: () => stderr };
  }

  it('warnIfNotInService warns on stderr for a place in preparation, and is silent once it is in service', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const { ctx, stderr } = captureCtx();
    expect(await withStore(db, (s) => warnIfNotInService(ctx, s, 1))).toBe(true);
    expect(stderr()).toContain('Attention\u00a0: Médiathèque du Tampon n’est pas encore mise en service (art. 7');
    expect(stderr()).toContain('l’enregistrement est accepté');
    await check(db, '1', '2026-11-20', ['--coche', 'ordinateurs', '--coche', 'animateur', '--coche', 'affiche']);
    const quiet = captureCtx();
    expect(await withStore(db, (s) => warnIfNotInService(quiet.ctx, s, 1))).toBe(false);
    expect(quiet.stderr()).toBe('');
  });

  it('lists places with sessions or logbook entries that are not in service as charter-status actions', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    await withStore(db, async (s) => {
      await s.run(sql`INSERT INTO sessions (place_id, date, start_time, end_time, type, created_at, updated_at) VALUES (1, '2026-12-02', '14:00', '16:00', 'teledeclaration', 'x', 'x')`);
      await s.run(sql`INSERT INTO sessions (place_id, date, start_time, end_time, type, status, created_at, updated_at) VALUES (3, '2026-12-02', '14:00', '16:00', 'courriel', 'annulee', 'x', 'x')`);
      await s.run(sql`INSERT INTO logbook_entries (date, place_id, type, received, author, created_at, updated_at) VALUES ('2026-11-18', 2, 'courriel', 4, 'x', 'x', 'x')`);
    });
    const actions = await withStore(db, (s) => commissioningActions(s, '2026-11-26'));
    expect(actions.map((a) => a.code)).toEqual(['lieu_non_mis_en_service', 'lieu_non_mis_en_service']);
    expect(actions[0].message).toContain('lieu avec activité mais pas encore mis en service : Médiathèque du Tampon (n° 1)');
    expect(actions[1].message).toContain('MPT de Bois-Court (n° 2)');
    await check(db, '1', '2026-11-20', ['--coche', 'ordinateurs', '--coche', 'animateur', '--coche', 'affiche']);
    expect((await withStore(db, (s) => commissioningActions(s, '2026-11-26'))).map((a) => a.message)).toEqual([expect.stringContaining('MPT de Bois-Court')]);
  });
});
