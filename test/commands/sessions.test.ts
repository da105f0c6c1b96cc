import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { addTestPlaces, runCli, tempDb, tempDir } from '../harness.js';

let db: string;
const cli = (argv: string[], options: Parameters<typeof runCli>[1] = {}) => runCli(['sessions', ...argv], { db, ...options });
const listJson = async (extra: string[] = []) => JSON.parse((await cli(['list', '--json', ...extra])).stdout) as Record<string, unknown>[];

/** A Wednesday-morning workshop at the Médiathèque du Tampon (place 1). */
const workshop = (extra: string[] = []) =>
  cli(['add', '--lieu', 'Médiathèque du Tampon', '--date', '2026-12-02', '--debut', '10:00', '--fin', '12:00', '--type', 'decouverte-caf-fr', '--capacite', '8', ...extra]);

beforeEach(async () => {
  db = tempDb();
  await addTestPlaces(db);
});

describe('sessions add and list', () => {
  it('creates a session and lists it with French dates, seats and a count line', async () => {
    const r = await workshop(['--animateur', 'Marie Hoarau', '--titre', 'Découvrir caf.fr']);
    // The test places were never put into service (art. 7): a warning, not a refusal.
    expect(r.stderr).toMatch(/^Attention : Médiathèque du Tampon n’est pas encore mise en service/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('n° 1, mer. 2 déc. 2026 10:00-12:00, Découverte du site caf.fr « Découvrir caf.fr », Médiathèque du Tampon');
    const list = await cli(['list']);
    expect(list.code).toBe(0);
    const [head, row, count] = list.stdout.trimEnd().split('\n');
    expect(head).toBe('N°\tDate\tHeure\tLieu\tCommune\tType\tPlaces\tListe d’attente\tStatut');
    expect(row).toBe('1\tmer. 2 déc. 2026\t10:00-12:00\tMédiathèque du Tampon\tLe Tampon\tDécouverte du site caf.fr\t0/8 réservée\t\tprévue');
    expect(count).toBe('1 séance ; 0 place réservée.');
  });

  it('gives stable French JSON keys', async () => {
    await workshop(['--animateur', 'Marie Hoarau']);
    const [session] = await listJson();
    expect(session).toMatchObject({
      id: 1,
      date: '2026-12-02',
      date_affichee: 'mer. 2 déc. 2026',
      debut: '10:00',
      fin: '12:00',
      lieu: 'Médiathèque du Tampon',
      commune: 'Le Tampon',
      type: 'decouverte-caf-fr',
      capacite: 8,
      places_reservees: 0,
      places_libres: 8,
      liste_attente_demandes: 0,
      statut: 'prevue',
      animateurs: ['Marie Hoarau'],
    });
  });

  it('draws a table on a terminal', async () => {
    await workshop();
    const r = await cli(['list'], { tty: true });
    expect(r.stdout).toMatch(/│ mer\. 2 déc\. 2026 │/);
    expect(r.stdout).toContain('0/8 réservée');
  });

  it('accepts --duree instead of --fin', async () => {
    const r = await cli(['add', '--lieu', '1', '--date', '03/12/2026', '--debut', '9h30', '--duree', '90', '--type', 'teledeclaration']);
    expect(r.code).toBe(0);
    expect((await listJson())[0]).toMatchObject({ date: '2026-12-03', debut: '09:30', fin: '11:00', capacite: null });
  });

  it.each([
    [['--date', '2026-02-30'], '--date', '2026-02-30'],
    [['--debut', '25:00'], '--debut', '25:00'],
    [['--fin', '09:00'], '--fin', 'après le début'],
    [['--type', 'atelier'], '--type', 'teledeclaration'],
    [['--capacite', '0'], '--capacite', 'entre 1 et 500'],
  ])('refuses %j with exit 2 and a French message naming the flag, store unchanged', async (override, flag, expected) => {
    const args: Record<string, string> = { '--lieu': '1', '--date': '2026-12-02', '--debut': '10:00', '--fin': '12:00', '--type': 'courriel' };
    args[override[0]!] = override[1]!;
    const r = await cli(['add', ...Object.entries(args).flat()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain(expected);
    expect(await listJson()).toEqual([]);
  });

  it('refuses an unknown place with exit 3', async () => {
    const r = await cli(['add', '--lieu', 'Cilaos', '--date', '2026-12-02', '--debut', '10:00', '--fin', '12:00', '--type', 'courriel']);
    expect(r.code).toBe(3);
  });

  it('refuses personal data in the notes (exit 5) but accepts the animators’ names', async () => {
    const refused = await workshop(['--notes', 'rappeler Mme Payet au 0692 12 34 56']);
    expect(refused.code).toBe(5);
    expect(await listJson()).toEqual([]);
    const ok = await workshop(['--animateur', 'Jean Grondin', '--notes', 'co-animé par M. Grondin']);
    expect(ok.code).toBe(0);
  });
});

describe('overlap rules', () => {
  it('refuses an overlapping session at the same place with exit 4, showing the other one', async () => {
    await workshop();
    const r = await cli(['add', '--lieu', '1', '--date', '2026-12-02', '--debut', '11:00', '--fin', '13:00', '--type', 'courriel']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('chevauche');
    expect(r.stderr).toContain('n° 1, mer. 2 déc. 2026 10:00-12:00');
    expect(await listJson()).toHaveLength(1);
  });

  it('accepts it with --chevauchement, and accepts back-to-back sessions and other places', async () => {
    await workshop();
    const forced = await cli(['add', '--lieu', '1', '--date', '2026-12-02', '--debut', '11:00', '--fin', '13:00', '--type', 'courriel', '--chevauchement']);
    expect(forced.code).toBe(0);
    const after = await cli(['add', '--lieu', '1', '--date', '2026-12-02', '--debut', '13:00', '--fin', '14:00', '--type', 'courriel']);
    expect(after.code).toBe(0);
    const elsewhere = await cli(['add', '--lieu', '2', '--date', '2026-12-02', '--debut', '10:00', '--fin', '12:00', '--type', 'courriel']);
    expect(elsewhere.code).toBe(0);
  });

  it('lets a cancelled session free its hours', async () => {
    await workshop();
    await cli(['cancel', '1', '--motif', 'animateur absent']);
    expect((await workshop()).code).toBe(0);
  });
});

describe('series and unusual days', () => {
  it('skips 20 December (abolition of slavery) and tells it on stderr', async () => {
    const r = await cli([
      'add', '--lieu', '1', '--date', '2026-12-06', '--debut', '14:00', '--fin', '16:00', '--type', 'teledeclaration',
      '--chaque', 'semaine', '--jusqu-au', '2026-12-31', '--force',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Jour férié sauté : dim. 20 déc. 2026 (Abolition de l’esclavage).");
    expect(r.stdout).toContain('3 séances créées (n° 1 à 3), du dim. 6 déc. 2026 au dim. 27 déc. 2026');
    expect((await listJson()).map((s) => s.date)).toEqual(['2026-12-06', '2026-12-13', '2026-12-27']);
  });

  it('skips Toussaint 2026 in a series with a count, which still creates that many sessions', async () => {
    const r = await cli([
      'add', '--lieu', '1', '--date', '2026-10-18', '--debut', '09:00', '--fin', '10:00', '--type', 'courriel',
      '--chaque', 'semaine', '--nombre', '3', '--force',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('dim. 1er nov. 2026 (Toussaint)');
    expect((await listJson()).map((s) => s.date)).toEqual(['2026-10-18', '2026-10-25', '2026-11-08']);
  });

  it('needs --force for a Sunday when there is no terminal (exit 2, nothing stored)', async () => {
    const r = await cli(['add', '--lieu', '1', '--date', '2026-12-06', '--debut', '10:00', '--fin', '12:00', '--type', 'evenement']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dim. 6 déc. 2026 (dimanche)');
    expect(r.stderr).toContain('--force');
    expect(await listJson()).toEqual([]);
  });

  it('asks on a terminal for a holiday and respects the answer', async () => {
    const args = ['add', '--lieu', '1', '--date', '2026-12-25', '--debut', '10:00', '--fin', '12:00', '--type', 'evenement'];
    const no = await cli(args, { tty: true, answers: [{ question: 'férié : Noël', answer: false }] });
    expect(no.code).toBe(130);
    expect(await listJson()).toEqual([]);
    const yes = await cli(args, { tty: true, answers: [{ question: 'La créer quand même', answer: true }] });
    expect(yes.code).toBe(0);
    expect((await listJson()).map((s) => s.date)).toEqual(['2026-12-25']);
  });

  it('refuses a whole series when one date overlaps, creating nothing', async () => {
    await cli(['add', '--lieu', '1', '--date', '2026-12-16', '--debut', '14:30', '--fin', '15:00', '--type', 'courriel']);
    const r = await cli(['add', '--lieu', '1', '--date', '2026-12-02', '--debut', '14:00', '--fin', '16:00', '--type', 'courriel', '--chaque', 'semaine', '--nombre', '4']);
    expect(r.code).toBe(4);
    expect(await listJson()).toHaveLength(1);
  });
});

describe('bookings and the waiting list', () => {
  it('enforces capacity, queues with --liste-attente and promotes in arrival order', async () => {
    await cli(['add', '--lieu', '1', '--date', '2026-12-02', '--debut', '10:00', '--fin', '12:00', '--type', 'courriel', '--capacite', '3']);
    expect((await cli(['book', '1', '--places', '2'])).code).toBe(0);
    expect((await cli(['book', '1'])).code).toBe(0);
    const full = await cli(['book', '1']);
    expect(full.code).toBe(4);
    expect(full.stderr).toContain('complète (3/3 places réservées)');
    expect(full.stderr).toContain('--liste-attente');

    const first = await cli(['book', '1', '--places', '2', '--liste-attente']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('rang 1');
    const second = await cli(['book', '1', '--liste-attente', '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ statut: 'attente', rang_attente: 2 });

    // One seat freed: the 2-seat request cannot fit, the 1-seat one behind it can.
    const freed = await cli(['unbook', '1']);
    expect(freed.code).toBe(0);
    expect(freed.stderr).toContain('1 demande confirmée (1 place)');
    expect((await listJson())[0]).toMatchObject({ places_reservees: 3, liste_attente_demandes: 1, liste_attente_places: 2 });

    // Two more seats freed: the first request now fits.
    const more = await cli(['unbook', '1', '--places', '2', '--json']);
    expect(JSON.parse(more.stdout)).toMatchObject({ places_liberees: 2, demandes_promues: 1, places_promues: 2 });
    const list = await cli(['list']);
    expect(list.stdout).toContain('3/3 réservées\t\tprévue');
  });

  it('lets staff overbook on purpose, and keeps it in the history', async () => {
    await cli(['add', '--lieu', '1', '--date', '2026-12-02', '--debut', '10:00', '--fin', '12:00', '--type', 'courriel', '--capacite', '1']);
    await cli(['book', '1']);
    const r = await cli(['book', '1', '--surreservation']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('surréservation');
    expect((await listJson())[0]).toMatchObject({ places_reservees: 2, places_libres: 0 });
    const show = JSON.parse((await cli(['show', '1', '--json'])).stdout);
    expect(show.historique.map((h: { action: string }) => h.action)).toEqual(['creation', 'reservation', 'surreservation']);
    expect((await cli(['book', '1', '--surreservation', '--liste-attente'])).code).toBe(2);
  });

  it('refuses to free more seats than booked (exit 4)', async () => {
    await workshop();
    await cli(['book', '1']);
    const r = await cli(['unbook', '1', '--places', '2']);
    expect(r.code).toBe(4);
    expect((await listJson())[0]!.places_reservees).toBe(1);
  });

  it('refuses a booking on a cancelled or unknown session', async () => {
    await workshop();
    await cli(['cancel', '1', '--motif', 'salle indisponible']);
    expect((await cli(['book', '1'])).code).toBe(4);
    expect((await cli(['book', '99'])).code).toBe(3);
    expect((await cli(['book', 'abc'])).code).toBe(2);
  });
});

describe('cancel, edit, show', () => {
  it('keeps a cancelled session, marked, with its reason', async () => {
    await workshop();
    expect((await cli(['cancel', '1'])).code).toBe(2);
    const r = await cli(['cancel', '1', '--motif', 'cyclone : alerte orange']);
    expect(r.code).toBe(0);
    expect((await listJson(['--statut', 'annulee']))[0]).toMatchObject({ id: 1, statut: 'annulee', motif_annulation: 'cyclone : alerte orange' });
    expect(await listJson(['--statut', 'prevue'])).toEqual([]);
    expect((await cli(['cancel', '1', '--motif', 'encore'])).code).toBe(4);
  });

  it('edits a future session and keeps every change in its history', async () => {
    await workshop();
    const r = await cli(['edit', '1', '--debut', '10:30', '--duree', '60', '--capacite', '10']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const show = JSON.parse((await cli(['show', '1', '--json'])).stdout);
    expect(show).toMatchObject({ debut: '10:30', fin: '11:30', capacite: 10 });
    expect(show.historique.map((h: { action: string }) => h.action)).toEqual(['creation', 'modification']);
    expect(show.historique[1]).toMatchObject({ auteur: 'testeur', avant: { debut: '10:00', fin: '12:00', capacite: 8 }, apres: { debut: '10:30', fin: '11:30', capacite: 10 } });
    const text = await cli(['show', '1']);
    expect(text.stdout).toContain('mer. 2 déc. 2026, 10:30-11:30');
    expect(text.stdout).toContain('modification (testeur) : début 10:00 → 10:30, fin 12:00 → 11:30, capacité 8 → 10');
  });

  it('refuses to edit a past session (exit 4) and an invalid new date (exit 2)', async () => {
    await cli(['add', '--lieu', '1', '--date', '2026-11-20', '--debut', '10:00', '--fin', '12:00', '--type', 'courriel']);
    expect((await cli(['edit', '1', '--debut', '11:00'])).code).toBe(4);
    await workshop();
    expect((await cli(['edit', '2', '--date', '2026-02-30'])).code).toBe(2);
    expect((await listJson())[1]).toMatchObject({ date: '2026-12-02' });
  });

  it('checks overlaps and unusual days again when a session moves', async () => {
    await workshop();
    await cli(['add', '--lieu', '2', '--date', '2026-12-02', '--debut', '11:00', '--fin', '12:30', '--type', 'courriel']);
    const clash = await cli(['edit', '2', '--lieu', 'Médiathèque du Tampon']);
    expect(clash.code).toBe(4);
    expect(clash.stderr).toContain('n° 1, mer. 2 déc. 2026 10:00-12:00');
    expect((await cli(['edit', '2', '--date', '2026-12-20'])).code).toBe(2); // a holiday, no --force
    expect((await cli(['edit', '2', '--date', '2026-12-20', '--force'])).code).toBe(0);
    expect((await listJson()).map((s) => [s.id, s.date, s.lieu])).toEqual([
      [1, '2026-12-02', 'Médiathèque du Tampon'],
      [2, '2026-12-20', 'MPT de Bois-Court'],
    ]);
  });

  it('refuses to lower the capacity under the seats booked', async () => {
    await workshop();
    await cli(['book', '1', '--places', '5']);
    expect((await cli(['edit', '1', '--capacite', '4'])).code).toBe(4);
  });
});

describe('list filters', () => {
  it('filters by month, place, commune, type and availability', async () => {
    await workshop();
    await cli(['add', '--lieu', '3', '--date', '2026-12-04', '--debut', '14:00', '--fin', '15:00', '--type', 'teledeclaration', '--capacite', '1']);
    await cli(['add', '--lieu', '2', '--date', '2027-01-06', '--debut', '14:00', '--fin', '15:00', '--type', 'courriel']);
    await cli(['book', '2']);
    const ids = async (extra: string[]) => (await listJson(extra)).map((s) => s.id);
    expect(await ids(['--mois', '2026-12'])).toEqual([1, 2]);
    expect(await ids(['--du', '2026-12-03'])).toEqual([2, 3]);
    expect(await ids(['--commune', 'Saint-Pierre'])).toEqual([2]);
    expect(await ids(['--lieu', 'Bois-Court'])).toEqual([3]);
    expect(await ids(['--type', 'courriel', '--type', 'decouverte-caf-fr'])).toEqual([1, 3]);
    expect(await ids(['--disponibles'])).toEqual([1, 3]);
    expect((await cli(['list', '--mois', '2026-13'])).code).toBe(2);
    expect((await cli(['list', '--statut', 'finie'])).code).toBe(2);
  });
});

describe('calendar, export, generate', () => {
  it('draws the month with holidays marked and sessions counted', async () => {
    await workshop();
    const r = await cli(['calendar', '--mois', '2026-12']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Décembre 2026');
    expect(r.stdout).toContain(' 2 (1)');
    expect(r.stdout).toContain('20*');
    expect(r.stdout).toContain("* dim. 20 déc. 2026 : Abolition de l’esclavage");
  });

  it('exports an iCalendar file that reads back with Réunion times and cancelled status', async () => {
    await workshop(['--titre', 'Découvrir caf.fr, pas à pas; niveau 1']);
    await cli(['add', '--lieu', '3', '--date', '2026-12-04', '--debut', '14:00', '--fin', '15:00', '--type', 'teledeclaration']);
    await cli(['cancel', '2', '--motif', 'animateur absent']);
    const file = join(tempDir(), 'seances.ics');
    const r = await cli(['export', '--ics', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 séances exportées');
    const root = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
    ICAL.TimezoneService.register(new ICAL.Timezone(root.getFirstSubcomponent('vtimezone')!));
    const events = root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual(['session-1@cafcharte', 'session-2@cafcharte']);
    expect(events[0]!.summary).toBe('Découverte du site caf.fr : Découvrir caf.fr, pas à pas; niveau 1 – Médiathèque du Tampon');
    expect(events[0]!.location).toBe('Médiathèque du Tampon, 16 rue Victor Le Vigoureux, 97430 Le Tampon');
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2026-12-02T06:00:00.000Z');
    expect(events[1]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events[1]!.sequence).toBe(1);
    expect(events[1]!.description).toContain('Annulée : animateur absent');
    // Existing file: refused without --ecraser.
    expect((await cli(['export', '--ics', file])).code).toBe(4);
    expect((await cli(['export', '--ics', file, '--ecraser', '--mois', '2026-13'])).code).toBe(2);
  });

  it('generates the reserved slots of a month once, skipping Christmas', async () => {
    const first = await cli(['generate', '--mois', '2026-12']);
    expect(first.code).toBe(0);
    // Médiathèque du Tampon: 5 Wednesdays + 4 Saturdays; Saint-Pierre: 4 Fridays minus Christmas.
    expect(first.stdout).toContain('12 créneaux réservés créés pour décembre 2026');
    expect(first.stderr).toContain('ven. 25 déc. 2026 (Noël)');
    const sessions = await listJson();
    expect(sessions).toHaveLength(12);
    expect(sessions.every((s) => s.type === 'creneau-reserve' && s.creneau_genere === true)).toBe(true);
    expect(sessions[0]).toMatchObject({ date: '2026-12-02', debut: '14:00', fin: '17:00', lieu: 'Médiathèque du Tampon' });
    const second = await cli(['generate', '--mois', '2026-12']);
    expect(second.stdout).toContain('0 créneau réservé créé pour décembre 2026 (12 existaient déjà)');
    expect(await listJson()).toHaveLength(12);
  });

  it('does not generate a slot over an existing workshop, nor in the past', async () => {
    await cli(['add', '--lieu', '1', '--date', '2026-12-09', '--debut', '15:00', '--fin', '16:00', '--type', 'courriel']);
    const r = await cli(['generate', '--mois', '2026-11', '--lieu', '1']);
    expect(r.stdout).toContain('1 créneau réservé créé'); // only Saturday 28 Nov is still ahead
    const dec = await cli(['generate', '--mois', '2026-12', '--lieu', '1']);
    expect(dec.stderr).toContain('mer. 9 déc. 2026 14:00-17:00 non créé');
    expect(dec.stdout).toContain('8 créneaux réservés créés');
  });
});

describe('help', () => {
  it('documents every verb with French examples', async () => {
    for (const verb of ['add', 'list', 'show', 'book', 'unbook', 'cancel', 'edit', 'calendar', 'export', 'generate']) {
      const r = await runCli(['sessions', verb, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Exemples :');
      expect(r.stdout).toContain(`cafcharte sessions ${verb}`);
    }
  });
});
