import { describe, expect, it } from 'vitest';
import { addTestPlaces, openTestStore, runCli, tempDb, type ScriptedAnswer } from '../harness.js';
import { sql } from 'kysely';
import type { Store } from '../../src/store/engine.js';
import { logbookTotals } from '../../src/store/logbook.js';

// 2026-11-26 12:00 in La Réunion (the harness's DEFAULT_NOW).
const TODAY = '2026-11-26';

const FULL = [
  '--date', '2026-11-25', '--debut', '14:00', '--lieu', 'Médiathèque du Tampon', '--type', 'teledeclaration',
  '--recus', '8', '--nouveaux', '3', '--duree', '120', '--animateur', 'Sophie Payet', '--remarques', 'Connexion lente de 14h à 15h',
  '--teledeclarations', '5', '--comptes-crees', '2', '--courriels', '1', '--attestations', '0', '--demarches-abouties', '4',
  '--resultats', '2 comptes caf.fr créés',
];

async function setup(): Promise<string> {
  const db = tempDb();
  await addTestPlaces(db);
  return db;
}

async function withStore<T>(db: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openTestStore(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A session row, written straight to the table (the sessions commands are another module). */
async function addSession(db: string, placeId: number, date: string, start = '14:00', end = '16:00', animators = ['Sophie']): Promise<number> {
  return withStore(db, async (store) => {
    const row = await store.one(
      sql<{ id: number }>`INSERT INTO sessions (place_id, date, start_time, end_time, type, animators, created_at, updated_at)
           VALUES (${placeId}, ${date}, ${start}, ${end}, 'decouverte-caf-fr', ${JSON.stringify(animators)}, 'x', 'x') RETURNING id`,
    );
    return Number(row!.id);
  });
}

async function entries(db: string) {
  const r = await runCli(['logbook', 'list', '--json'], { db });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { entrees: Record<string, unknown>[]; totaux: Record<string, number> };
}

/** The questions of an interactive add with no flags and no session that day, in order. */
function addAnswers(overrides: Partial<Record<string, string>> = {}): ScriptedAnswer[] {
  const a = { date: '', lieu: 'Médiathèque du Tampon', type: 'teledeclaration', debut: '14:00', recus: '8', nouveaux: '3', duree: '90', animateurs: 'Sophie, Jean-Marc', remarques: 'Connexion lente', ...overrides };
  return [
    { question: 'Date de l’atelier', answer: a.date },
    { question: 'Lieu', answer: a.lieu },
    { question: 'Type d’atelier', answer: a.type },
    { question: 'Heure de début', answer: a.debut },
    { question: 'Nombre de personnes reçues', answer: a.recus },
    { question: 'Dont nouveaux', answer: a.nouveaux },
    { question: 'Durée en minutes', answer: a.duree },
    { question: 'Animateurs', answer: a.animateurs },
    { question: 'Remarques', answer: a.remarques },
    { question: 'Résultats — télédéclarations', answer: '5' },
    { question: 'Résultats — comptes caf.fr créés', answer: '2' },
    { question: 'Résultats — courriels à la CAF', answer: '' },
    { question: 'Résultats — attestations', answer: '' },
    { question: 'Résultats — démarches abouties', answer: '1' },
    { question: 'Résultats en quelques mots', answer: '' },
  ];
}

const SAVE: ScriptedAnswer = { question: 'Enregistrer cette entrée ?', answer: 'enregistrer' };

describe('logbook add without a terminal', () => {
  it('saves an entry from flags and lists it with French JSON keys', async () => {
    const db = await setup();
    const r = await runCli(['logbook', 'add', ...FULL, '--auteur', 'Sophie'], { db });
    // The only note: the place is not in service yet (art. 7), which never blocks an entry.
    expect(r.stderr).toMatch(/^Attention : Médiathèque du Tampon n’est pas encore mise en service[^\n]*\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Entrée n° 1 ajoutée au carnet de bord : mer. 25 nov. 2026 à 14h, Médiathèque du Tampon');
    const { entrees } = await entries(db);
    expect(entrees).toHaveLength(1);
    expect(entrees[0]).toMatchObject({
      id: 1,
      date: '2026-11-25',
      debut: '14:00',
      lieu: 'Médiathèque du Tampon',
      commune: 'Le Tampon',
      type: 'teledeclaration',
      recus: 8,
      nouveaux: 3,
      duree_minutes: 120,
      animateurs: ['Sophie Payet'],
      remarques: 'Connexion lente de 14h à 15h',
      teledeclarations: 5,
      comptes_crees: 2,
      courriels: 1,
      attestations: 0,
      demarches_abouties: 4,
      resultats: '2 comptes caf.fr créés',
      auteur: 'Sophie',
      session: null,
    });
  });

  it('defaults the date to today in La Réunion and the author to the OS user', async () => {
    const db = await setup();
    // 22:30 UTC on the 25th is already the 26th in La Réunion.
    const r = await runCli(['logbook', 'add', '--lieu', '1', '--type', 'courriel', '--recus', '2'], { db, now: new Date('2026-11-25T22:30:00Z'), env: { USER: 'mdupont' } });
    expect(r.code).toBe(0);
    expect((await entries(db)).entrees[0]).toMatchObject({ date: TODAY, auteur: 'mdupont', nouveaux: null, duree_minutes: null, teledeclarations: 0 });
  });

  it.each([
    [['--type', 'courriel', '--recus', '2'], '--lieu'],
    [['--lieu', '1', '--recus', '2'], '--type'],
    [['--lieu', '1', '--type', 'courriel'], '--recus'],
  ])('never prompts: a missing required field is exit 2 naming the flag (%j)', async (args, flag) => {
    const db = await setup();
    const r = await runCli(['logbook', 'add', ...args], { db });
    expect(r.code).toBe(2);
    expect(r.asked).toEqual([]);
    expect(r.stderr).toContain(`Erreur : ${flag} :`);
    expect((await entries(db)).entrees).toEqual([]);
  });

  it.each([
    [['--recus', '-1'], '--recus'],
    [['--recus', 'huit'], '--recus'],
    [['--recus', '3', '--nouveaux', '4'], '--nouveaux'],
    [['--recus', '3', '--date', '31/02/2026'], '--date'],
    [['--recus', '3', '--debut', '25:00'], '--debut'],
    [['--recus', '3', '--duree', '0'], '--duree'],
    [['--recus', '3', '--teledeclarations', '1.5'], '--teledeclarations'],
    [['--recus', '3', '--type', 'atelier'], '--type'],
  ])('refuses a bad value %j with exit 2 naming the flag', async (args, flag) => {
    const db = await setup();
    const r = await runCli(['logbook', 'add', '--lieu', '1', '--type', 'courriel', ...args], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect((await entries(db)).entrees).toEqual([]);
  });

  it('refuses an unknown place (exit 3) and an unknown session (exit 2)', async () => {
    const db = await setup();
    expect((await runCli(['logbook', 'add', '--lieu', 'Cilaos', '--type', 'courriel', '--recus', '1'], { db })).code).toBe(3);
    const r = await runCli(['logbook', 'add', '--session', '99', '--recus', '1'], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--session');
  });
});

describe('the personal-data guard', () => {
  it('refuses personal data in the remarks with exit 5, naming the field and kind, showing the masked text, writing nothing', async () => {
    const db = await setup();
    const r = await runCli(['logbook', 'add', '--lieu', '1', '--type', 'courriel', '--recus', '2', '--remarques', 'Mme Hoarau rappellera au 0692 12 34 56'], { db });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('--remarques');
    expect(r.stderr).toContain('nom de personne, numéro de téléphone');
    expect(r.stderr).toContain('Texte masqué : Mme ****** rappellera au **** ** ** **');
    expect((await entries(db)).entrees).toEqual([]);
  });

  it('refuses personal data in the results text too', async () => {
    const db = await setup();
    const r = await runCli(['logbook', 'add', '--lieu', '1', '--type', 'courriel', '--recus', '2', '--resultats', 'compte créé pour jean.payet@gmail.com'], { db });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('--resultats');
    expect(r.stderr).toContain('adresse électronique');
  });

  it('stores the masked text with --masquer and says so on stderr', async () => {
    const db = await setup();
    const r = await runCli(['logbook', 'add', '--lieu', '1', '--type', 'courriel', '--recus', '2', '--remarques', 'Allocataire 1234567 aidé', '--masquer'], { db });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('données personnelles masquées avant enregistrement (numéro d’allocataire)');
    expect((await entries(db)).entrees[0].remarques).toBe('Allocataire ******* aidé');
  });

  it('lets the animators of the entry be named after a civility', async () => {
    const db = await setup();
    const r = await runCli(['logbook', 'add', '--lieu', '1', '--type', 'courriel', '--recus', '2', '--animateur', 'Sophie Payet', '--remarques', 'Atelier mené par Mme Payet'], { db });
    expect(r.code).toBe(0);
  });

  it('lets no phone number or e-mail hide among the animators', async () => {
    const db = await setup();
    const r = await runCli(['logbook', 'add', '--lieu', '1', '--type', 'courriel', '--recus', '2', '--animateur', 'Sophie', '--animateur', 'Paul 0692 12 34 56'], { db });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('--animateur : données personnelles refusées (numéro de téléphone)');
    expect(r.stderr).toContain('Texte masqué : Sophie, Paul **** ** ** **');
  });

  it('guards the reason of a removal', async () => {
    const db = await setup();
    await runCli(['logbook', 'add', ...FULL], { db });
    const r = await runCli(['logbook', 'remove', '1', '--motif', 'demandé par M. Grondin'], { db });
    expect(r.code).toBe(5);
    expect((await entries(db)).entrees).toHaveLength(1);
  });
});

describe('duplicates', () => {
  it('refuses a second entry for the same place, date and start time (exit 4, showing the existing one) unless --doublon-ok', async () => {
    const db = await setup();
    await runCli(['logbook', 'add', ...FULL], { db });
    const r = await runCli(['logbook', 'add', '--date', '2026-11-25', '--debut', '14h', '--lieu', '1', '--type', 'courriel', '--recus', '3'], { db });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('une entrée existe déjà pour ce lieu, ce jour et cette heure : n° 1 — mer. 25 nov. 2026 à 14h, Médiathèque du Tampon');
    expect((await entries(db)).entrees).toHaveLength(1);
    const ok = await runCli(['logbook', 'add', '--date', '2026-11-25', '--debut', '14h', '--lieu', '1', '--type', 'courriel', '--recus', '3', '--doublon-ok'], { db });
    expect(ok.code).toBe(0);
    expect((await entries(db)).entrees).toHaveLength(2);
  });

  it('takes place, date, type, time, duration and animators from --session, and refuses a second entry for it', async () => {
    const db = await setup();
    const session = await addSession(db, 2, '2026-11-20', '09:00', '11:30', ['Paul']);
    const r = await runCli(['logbook', 'add', '--session', String(session), '--recus', '6'], { db });
    expect(r.code).toBe(0);
    expect((await entries(db)).entrees[0]).toMatchObject({
      session,
      lieu: 'MPT de Bois-Court',
      date: '2026-11-20',
      debut: '09:00',
      type: 'decouverte-caf-fr',
      duree_minutes: 150,
      animateurs: ['Paul'],
    });
    const again = await runCli(['logbook', 'add', '--session', String(session), '--recus', '7', '--debut', '10:00'], { db });
    expect(again.code).toBe(4);
    expect(again.stderr).toContain(`pour la séance n° ${session}`);
    const wrongPlace = await runCli(['logbook', 'add', '--session', String(session), '--lieu', '1', '--recus', '7', '--doublon-ok'], { db });
    expect(wrongPlace.code).toBe(2);
    expect(wrongPlace.stderr).toContain('--lieu');
  });
});

describe('logbook add on a terminal', () => {
  it('asks for every field in order, shows the entry back and saves it', async () => {
    const db = await setup();
    const r = await runCli(['logbook', 'add'], { db, tty: true, answers: [...addAnswers(), SAVE] });
    expect(r.stderr).toMatch(/^Attention : Médiathèque du Tampon n’est pas encore mise en service[^\n]*\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Date\s+: jeu\. 26 nov\. 2026 à 14h/);
    expect(r.stdout).toMatch(/Personnes reçues\s+: 8/);
    expect((await entries(db)).entrees[0]).toMatchObject({
      date: TODAY,
      debut: '14:00',
      lieu: 'Médiathèque du Tampon',
      recus: 8,
      nouveaux: 3,
      duree_minutes: 90,
      animateurs: ['Sophie', 'Jean-Marc'],
      teledeclarations: 5,
      comptes_crees: 2,
      courriels: 0,
      demarches_abouties: 1,
      resultats: null,
      auteur: 'testeur',
    });
  });

  it('only asks for what the flags did not give', async () => {
    const db = await setup();
    const r = await runCli(['logbook', 'add', ...FULL], { db, tty: true, answers: [SAVE] });
    expect(r.code).toBe(0);
    expect(r.asked).toEqual(['Enregistrer cette entrée ?']);
  });

  it('offers the session of that day at that place; choosing it fills type, time, duration and animators', async () => {
    const db = await setup();
    const session = await addSession(db, 1, TODAY, '14:00', '17:00', ['Sophie']);
    const answers: ScriptedAnswer[] = [
      { question: 'Date de l’atelier', answer: '' },
      { question: 'Lieu', answer: 1 },
      { question: 'Séance de ce jour', answer: session },
      ...addAnswers().slice(4).filter((a) => !['Durée en minutes', 'Animateurs'].includes(String(a.question))),
      SAVE,
    ];
    const r = await runCli(['logbook', 'add'], { db, tty: true, answers });
    expect(r.code).toBe(0);
    expect(r.asked).not.toContain('Type d’atelier');
    expect((await entries(db)).entrees[0]).toMatchObject({ session, debut: '14:00', duree_minutes: 180, type: 'decouverte-caf-fr', animateurs: ['Sophie'] });
  });

  it('when the guard refuses, lets the user correct the text and save in the same run, keeping everything else typed', async () => {
    const db = await setup();
    const answers = [
      ...addAnswers({ remarques: 'Vu avec M. Payet pour son RSA', recus: '11' }),
      { question: 'Que faire de ce texte ?', answer: 'corriger' },
      { question: 'Remarques', answer: 'Une personne aidée pour le RSA' },
      SAVE,
    ];
    const r = await runCli(['logbook', 'add'], { db, tty: true, answers });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Refusé : --remarques : données personnelles refusées (nom de personne)');
    expect(r.stderr).toContain('Texte masqué : Vu avec M. ***** pour son RSA');
    expect((await entries(db)).entrees[0]).toMatchObject({ remarques: 'Une personne aidée pour le RSA', recus: 11, nouveaux: 3, animateurs: ['Sophie', 'Jean-Marc'] });
  });

  it('can store the masked text instead, when the user chooses so', async () => {
    const db = await setup();
    const answers = [...addAnswers({ remarques: 'Rappeler le 0262 27 12 34' }), { question: 'Que faire de ce texte ?', answer: 'masquer' }, SAVE];
    const r = await runCli(['logbook', 'add'], { db, tty: true, answers });
    expect(r.code).toBe(0);
    expect((await entries(db)).entrees[0].remarques).toBe('Rappeler le **** ** ** **');
  });

  it('lets the user correct a field from the confirmation', async () => {
    const db = await setup();
    const answers = [
      ...addAnswers(),
      { question: 'Enregistrer cette entrée ?', answer: 'corriger' },
      { question: 'Quel champ corriger ?', answer: 'received' },
      { question: 'Nombre de personnes reçues', answer: '12' },
      SAVE,
    ];
    const r = await runCli(['logbook', 'add'], { db, tty: true, answers });
    expect(r.code).toBe(0);
    expect((await entries(db)).entrees[0]).toMatchObject({ recus: 12, nouveaux: 3 });
  });

  it('writes nothing when the user gives up at the confirmation', async () => {
    const db = await setup();
    const r = await runCli(['logbook', 'add'], { db, tty: true, answers: [...addAnswers(), { question: 'Enregistrer cette entrée ?', answer: 'abandonner' }] });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('rien n’a été enregistré');
    expect((await entries(db)).entrees).toEqual([]);
  });

  it('asks before saving a duplicate: no writes nothing, yes saves it', async () => {
    const db = await setup();
    await runCli(['logbook', 'add', ...FULL], { db });
    const no = await runCli(['logbook', 'add', ...FULL], { db, tty: true, answers: [{ question: 'Enregistrer quand même', answer: false }] });
    expect(no.code).toBe(130);
    expect(no.stderr).toContain('une entrée existe déjà pour ce lieu, ce jour et cette heure : n° 1');
    expect((await entries(db)).entrees).toHaveLength(1);
    const yes = await runCli(['logbook', 'add', ...FULL], { db, tty: true, answers: [{ question: 'Enregistrer quand même', answer: true }, SAVE] });
    expect(yes.code).toBe(0);
    expect((await entries(db)).entrees).toHaveLength(2);
  });
});

describe('logbook list, show', () => {
  async function threeEntries(): Promise<string> {
    const db = await setup();
    const add = (args: string[]) => runCli(['logbook', 'add', ...args], { db });
    await add(FULL); // 2026-11-25, Le Tampon, 8 received
    await add(['--date', '2026-10-07', '--lieu', '3', '--type', 'courriel', '--recus', '4', '--nouveaux', '1', '--duree', '60', '--courriels', '3']);
    await add(['--date', '2026-06-30', '--lieu', '2', '--type', 'teledeclaration', '--recus', '5']);
    return db;
  }

  it('prints the entries and a totals line; the totals are logbookTotals (the report’s query)', async () => {
    const db = await threeEntries();
    const r = await runCli(['logbook', 'list', '--semestre', '2026-S2'], { db });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('N°\tDate\tLieu\tType\tReçus\tNouveaux\tDurée\tRésultats\tRemarques');
    expect(lines.slice(1, 3).map((l) => l.split('\t')[0])).toEqual(['2', '1']);
    expect(lines.at(-1)).toBe(
      'Total : 2 entrées, 12 personnes reçues dont 4 nouvelles, 3 h d’atelier ; télédéclarations : 5, comptes caf.fr créés : 2, courriels à la CAF : 4, attestations : 0, démarches abouties : 4.',
    );
    const json = JSON.parse((await runCli(['logbook', 'list', '--semestre', '2026-S2', '--json'], { db })).stdout);
    const totals = await withStore(db, (store) => logbookTotals(store, { from: '2026-07-01', to: '2026-12-31' }));
    expect(json.totaux).toEqual({
      entrees: totals.entries,
      creneaux_sans_public: totals.noPublicSlots,
      recus: totals.received,
      nouveaux: totals.firstTimers,
      duree_minutes: totals.durationMinutes,
      teledeclarations: totals.onlineDeclarations,
      comptes_crees: totals.accountsCreated,
      courriels: totals.emailsSent,
      attestations: totals.certificates,
      demarches_abouties: totals.completedProcedures,
    });
    expect(json.totaux.recus).toBe(12);
  });

  it.each([
    [['--mois', '2026-11'], [1]],
    [['--du', '2026-10-01', '--au', '2026-10-31'], [2]],
    [['--semestre', '2026-S1'], [3]],
    [['--commune', 'Saint-Pierre'], [2]],
    [['--commune', 'tampon'], [3, 1]],
    [['--lieu', 'Bois-Court', '--lieu', '1'], [3, 1]],
    [['--type', 'teledeclaration'], [3, 1]],
    [['--type', 'courriel', '--mois', '2026-11'], []],
  ])('filters with %j', async (args, ids) => {
    const db = await threeEntries();
    const json = JSON.parse((await runCli(['logbook', 'list', '--json', ...args], { db })).stdout);
    expect(json.entrees.map((e: { id: number }) => e.id)).toEqual(ids);
    expect(json.totaux.entrees).toBe(ids.length);
  });

  it('refuses bad filters with exit 2', async () => {
    const db = await threeEntries();
    expect((await runCli(['logbook', 'list', '--semestre', '2026-S3'], { db })).code).toBe(2);
    expect((await runCli(['logbook', 'list', '--commune', 'Saint-Denis'], { db })).code).toBe(2);
    expect((await runCli(['logbook', 'list', '--du', '2026-12-01', '--au', '2026-11-01'], { db })).code).toBe(2);
  });

  it('shows one entry, as text or JSON; unknown is exit 3', async () => {
    const db = await threeEntries();
    const text = await runCli(['logbook', 'show', '1'], { db });
    expect(text.stdout).toMatch(/Remarques\s+: Connexion lente de 14h à 15h/);
    expect(text.stdout).toMatch(/Durée\s+: 2 h/);
    expect(JSON.parse((await runCli(['logbook', 'show', '2', '--json'], { db })).stdout)).toMatchObject({ id: 2, lieu: 'Médiathèque de Saint-Pierre', commune: 'Saint-Pierre', courriels: 3 });
    expect((await runCli(['logbook', 'show', '9'], { db })).code).toBe(3);
  });

  it('prints a table on a terminal', async () => {
    const db = await threeEntries();
    const r = await runCli(['logbook', 'list'], { db, tty: true });
    expect(r.stdout).toMatch(/┌|─/);
    expect(r.stdout).toContain('Total : 3 entrées');
  });
});

describe('edit, remove, restore, history', () => {
  it('edits with flags; the history shows who changed what', async () => {
    const db = await setup();
    await runCli(['logbook', 'add', ...FULL, '--auteur', 'Sophie'], { db });
    const r = await runCli(['logbook', 'edit', '1', '--recus', '9', '--remarques', 'Connexion rétablie à 15h'], { db, env: { USER: 'paul' } });
    expect(r.code).toBe(0);
    expect((await entries(db)).entrees[0]).toMatchObject({ recus: 9, nouveaux: 3, remarques: 'Connexion rétablie à 15h', auteur: 'Sophie' });
    const history = await runCli(['logbook', 'history', '1'], { db });
    expect(history.stdout).toContain('ajout par Sophie');
    expect(history.stdout).toContain('modification par paul');
    expect(history.stdout).toContain('    recus : 8 → 9');
    expect(history.stdout).toContain('    remarques : Connexion lente de 14h à 15h → Connexion rétablie à 15h');
  });

  it('refuses an edit with nothing to change without a terminal, and asks every field on one', async () => {
    const db = await setup();
    await runCli(['logbook', 'add', ...FULL], { db });
    const none = await runCli(['logbook', 'edit', '1'], { db });
    expect(none.code).toBe(2);
    expect(none.asked).toEqual([]);
    const answers: ScriptedAnswer[] = [
      { question: 'Date de l’atelier', answer: '' },
      { question: 'Lieu', answer: 1 },
      { question: 'Type d’atelier', answer: 'teledeclaration' },
      { question: 'Heure de début', answer: '' },
      { question: 'Nombre de personnes reçues', answer: '10' },
      ...addAnswers().slice(5).map((a) => ({ ...a, answer: '' })),
      SAVE,
    ];
    const r = await runCli(['logbook', 'edit', '1'], { db, tty: true, answers });
    expect(r.code).toBe(0);
    expect((await entries(db)).entrees[0]).toMatchObject({ recus: 10, date: '2026-11-25', debut: '14:00', duree_minutes: 120, teledeclarations: 5, resultats: '2 comptes caf.fr créés' });
  });

  it('guards an edit and checks duplicates against the other entries', async () => {
    const db = await setup();
    await runCli(['logbook', 'add', ...FULL], { db });
    await runCli(['logbook', 'add', '--date', '2026-11-25', '--debut', '09:00', '--lieu', '1', '--type', 'courriel', '--recus', '2'], { db });
    expect((await runCli(['logbook', 'edit', '2', '--remarques', 'né le 12/03/1985'], { db })).code).toBe(5);
    expect((await runCli(['logbook', 'edit', '2', '--debut', '14:00'], { db })).code).toBe(4);
    expect((await runCli(['logbook', 'edit', '1', '--recus', '1'], { db })).code).toBe(2); // 3 nouveaux > 1 reçu
    expect((await runCli(['logbook', 'edit', '1', '--recus', '7'], { db })).code).toBe(0);
  });

  it('soft-deletes with a reason, out of lists and totals, and restores', async () => {
    const db = await setup();
    await runCli(['logbook', 'add', ...FULL], { db });
    expect((await runCli(['logbook', 'remove', '1'], { db })).code).toBe(2);
    const removed = await runCli(['logbook', 'remove', '1', '--motif', 'saisie en double', '--auteur', 'Paul'], { db });
    expect(removed.code).toBe(0);
    expect(await entries(db)).toEqual({ schema: 'cafcharte-carnet/1', entrees: [], totaux: expect.objectContaining({ entrees: 0, recus: 0 }) });
    expect((await runCli(['logbook', 'remove', '1', '--motif', 'encore'], { db })).code).toBe(4);
    expect((await runCli(['logbook', 'edit', '1', '--recus', '2'], { db })).code).toBe(4);
    const shown = await runCli(['logbook', 'show', '1', '--json'], { db });
    expect(JSON.parse(shown.stdout)).toMatchObject({ motif_suppression: 'saisie en double', supprimee_le: '2026-11-26T12:00:00+04:00' });

    expect((await runCli(['logbook', 'restore', '1'], { db })).code).toBe(0);
    expect((await entries(db)).totaux.recus).toBe(8);
    expect((await runCli(['logbook', 'restore', '1'], { db })).code).toBe(4);

    const history = JSON.parse((await runCli(['logbook', 'history', '1', '--json'], { db })).stdout);
    expect(history.map((h: { action: string; auteur: string }) => [h.action, h.auteur])).toEqual([
      ['ajout', 'testeur'],
      ['suppression', 'Paul'],
      ['restauration', 'testeur'],
    ]);
    expect(history[1].champs_modifies).toEqual(expect.arrayContaining(['supprimee_le', 'motif_suppression']));
  });

  it('asks for the reason of a removal on a terminal', async () => {
    const db = await setup();
    await runCli(['logbook', 'add', ...FULL], { db });
    const r = await runCli(['logbook', 'remove', '1'], { db, tty: true, answers: [{ question: 'Motif de la suppression', answer: 'erreur de lieu' }] });
    expect(r.code).toBe(0);
    expect(JSON.parse((await runCli(['logbook', 'show', '1', '--json'], { db })).stdout).motif_suppression).toBe('erreur de lieu');
  });

  it('restoring an entry that would now be a duplicate is a conflict', async () => {
    const db = await setup();
    await runCli(['logbook', 'add', ...FULL], { db });
    await runCli(['logbook', 'remove', '1', '--motif', 'erreur'], { db });
    await runCli(['logbook', 'add', ...FULL], { db });
    const r = await runCli(['logbook', 'restore', '1'], { db });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('doublon avec l’entrée n° 2');
  });
});

describe('logbook missing', () => {
  it('lists sessions more than 7 days old without an entry, until one is written', async () => {
    const db = await setup();
    const old = await addSession(db, 1, '2026-11-14');
    await addSession(db, 1, '2026-11-20'); // 6 days ago: not yet due
    const r = await runCli(['logbook', 'missing'], { db });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1].split('\t')).toEqual([String(old), 'sam. 14 nov. 2026', '14h-16h', 'Médiathèque du Tampon', 'Découverte du site caf.fr', '12 j']);
    expect(r.stdout).toContain('1 séance sans entrée au carnet de bord depuis plus de 7 jours');
    expect(JSON.parse((await runCli(['logbook', 'missing', '--json'], { db })).stdout)).toEqual([
      { session: old, date: '2026-11-14', debut: '14:00', fin: '16:00', lieu: 'Médiathèque du Tampon', lieu_id: 1, type: 'decouverte-caf-fr', jours: 12 },
    ]);
    await runCli(['logbook', 'add', '--session', String(old), '--recus', '4'], { db });
    const after = await runCli(['logbook', 'missing'], { db });
    expect(after.stdout).toBe('Aucune séance de plus de 7 jours sans entrée au carnet de bord.\n');
  });
});

describe('help', () => {
  it.each(['add', 'list', 'show', 'edit', 'remove', 'restore', 'history', 'missing'])('logbook %s has French help with examples', async (verb) => {
    const r = await runCli(['logbook', verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exemples :');
    expect(r.stdout).toContain(`$ cafcharte logbook ${verb}`);
  });
});
