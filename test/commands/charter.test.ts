import { describe, expect, it } from 'vitest';
import { runCli, tempDb } from '../harness.js';

const at = (iso: string) => new Date(`${iso}T08:00:00Z`);

describe('charter and charter-status', () => {
  it('reports an unsigned charter, with an action, exit 10 under --check', async () => {
    const db = tempDb();
    const r = await runCli(['charter-status', '--json'], { db });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.etat).toBe('non_signee');
    expect(s.signature).toBeNull();
    expect(s.actions[0].code).toBe('signature_manquante');
    expect((await runCli(['charter-status', '--check'], { db })).code).toBe(10);
  });

  it('signs, then reports the period, renewal, renegotiation window with the JSON contract keys', async () => {
    const db = tempDb();
    expect((await runCli(['charter', 'sign', '--date', '2026-03-10', '--partie', 'commune'], { db })).code).toBe(0);
    expect((await runCli(['charter', 'sign', '--date', '15/03/2026', '--partie', 'caf'], { db })).code).toBe(0);
    await runCli(['charter', 'copil', 'meeting', 'add', '--date', '2026-09-10', '--lieu', 'Antenne CAF de Saint-Pierre'], { db });
    const r = await runCli(['charter-status', '--date', '2026-10-01', '--json', '--check'], { db });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({
      etat: 'en_vigueur',
      signature: '2026-03-15',
      periode: { numero: 1, debut: '2026-03-15', fin: '2027-03-14' },
      prochain_renouvellement: '2027-03-15',
      renegociation_des: '2026-12-15',
      resiliation_effective: null,
      avenants: [],
      manquements: [],
      copil: { derniere_reunion: '2026-09-10', echeance: null },
      actions: [],
    });
    const window = JSON.parse((await runCli(['charter-status', '--date', '2026-12-20', '--json'], { db })).stdout);
    expect(window.etat).toBe('renegociation');
    expect(window.actions.map((a: { code: string }) => a.code)).toEqual(['renegociation']); // the S2 meeting was held in September
  });

  it('uses today in Réunion time by default (UTC evening is already tomorrow there)', async () => {
    const db = tempDb();
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
    const r = await runCli(['charter-status', '--json'], { db, now: new Date('2026-12-14T21:00:00Z') });
    expect(JSON.parse(r.stdout).date).toBe('2026-12-15');
    expect(JSON.parse(r.stdout).etat).toBe('renegociation');
  });

  it('prints the status in French on a terminal', async () => {
    const db = tempDb();
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
    const r = await runCli(['charter-status', '--date', '2026-10-01'], { db, tty: true });
    expect(r.stdout).toContain('État : en vigueur');
    expect(r.stdout).toContain('Période n° 1 : du 15 mars 2026 au 14 mars 2027');
    expect(r.stdout).toContain('Prochaine reconduction tacite : 15 mars 2027');
    expect(r.stdout).toContain('Renégociation (art. 8) : à partir du 15 décembre 2026, dans 75 jours');
  });

  it('records avenants in order', async () => {
    const db = tempDb();
    expect((await runCli(['charter', 'amend', '--date', '2026-09-01', '--objet', 'x', '--elements', 'y'], { db })).code).toBe(4);
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
    await runCli(['charter', 'amend', '--date', '2026-09-01', '--objet', 'Ajout de la MPT de Trois-Mares', '--elements', 'Article 5'], { db });
    await runCli(['charter', 'amend', '--date', '2026-10-01', '--objet', 'Créneaux du samedi', '--elements', 'Article 5'], { db });
    const s = JSON.parse((await runCli(['charter-status', '--date', '2026-10-02', '--json'], { db })).stdout);
    expect(s.avenants.map((a: { numero: number; objet: string }) => [a.numero, a.objet])).toEqual([
      [1, 'Ajout de la MPT de Trois-Mares'],
      [2, 'Créneaux du samedi'],
    ]);
  });

  it('follows breach, resolution refusal rules and termination of right', async () => {
    const db = tempDb();
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
    expect((await runCli(['charter', 'breach', '--par', 'commune', '--recu', '2026-10-02', '--motif', 'Créneaux réservés non assurés'], { db })).code).toBe(0);
    // Too early: the 30 days to cure run until 1 November.
    const early = await runCli(['charter', 'terminate', '--par', 'caf', '--recu', '2026-10-20', '--manquement', '1'], { db });
    expect(early.code).toBe(4);
    expect(early.stderr).toContain('1er novembre 2026');
    // The party in breach cannot terminate for its own breach.
    expect((await runCli(['charter', 'terminate', '--par', 'commune', '--recu', '2026-11-05', '--manquement', '1'], { db })).code).toBe(4);
    expect((await runCli(['charter', 'terminate', '--par', 'caf', '--recu', '2026-11-05', '--manquement', '9'], { db })).code).toBe(3);
    const done = await runCli(['charter', 'terminate', '--par', 'caf', '--recu', '2026-11-05', '--manquement', '1'], { db });
    expect(done.code).toBe(0);
    // Breach letter 2 October + 30 days = 1 November; the termination letter comes later, on
    // 5 November: the termination takes effect on its receipt (not 30 days after it).
    expect(done.stdout).toContain('effet le 5 novembre 2026');
    expect(done.stdout).toContain('le délai de 30 jours court jusqu’au 1er novembre 2026');
    expect(done.typeset.stdout).toContain(
      "Art. 10 appliqué\u00a0: «\u00a0La résiliation prend effet à l'issue du délai de trente (30) jours à compter de la réception de la lettre recommandée avec accusé réception restée infructueuse.\u00a0»",
    );
    expect(JSON.parse((await runCli(['charter-status', '--date', '2026-11-04', '--json'], { db })).stdout).etat).toBe('en_vigueur');
    const s = JSON.parse((await runCli(['charter-status', '--date', '2026-11-20', '--json'], { db })).stdout);
    expect(s.etat).toBe('resiliee');
    expect(s.resiliation_effective).toBe('2026-11-05');
    expect(s.resiliation).toMatchObject({ par: 'caf', recue_le: '2026-11-05', manquement: 1, effet_le: '2026-11-05', regle: 'manquement' });
    expect(s.resiliation.article_10).toMatch(/^La résiliation prend effet à l'issue du délai de trente \(30\) jours/);
    // After the effect, no comité meeting is asked for any more.
    expect(s.copil.echeance).toBeNull();
    expect(s.actions).toEqual([]);
    const text = await runCli(['charter-status', '--date', '2026-11-20'], { db, tty: true });
    expect(text.stdout).toContain('Résiliation : effective le 5 novembre 2026');
    expect(text.typeset.stdout).toContain('Art. 10 appliqué\u00a0: «\u00a0La résiliation prend effet');
    expect(text.stdout).not.toContain('réunion du semestre à tenir');
    const show = await runCli(['charter', 'show'], { db });
    expect(show.stdout).toContain('Résiliation notifiée par la CAF de la Réunion, lettre reçue le 5 novembre 2026.');
    expect(show.typeset.stdout).toContain('Art. 10 appliqué\u00a0: «\u00a0La résiliation prend effet');
    expect(JSON.parse((await runCli(['charter', 'show', '--json'], { db })).stdout).resiliation.effet_le).toBe('2026-11-05');
    // A second termination is a conflict.
    expect((await runCli(['charter', 'terminate', '--par', 'commune', '--recu', '2026-11-06'], { db })).code).toBe(4);
  });

  it('free termination: received 10 January 2027, effect 9 February 2027, first sentence of art. 10 quoted', async () => {
    const db = tempDb();
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
    const r = await runCli(['charter', 'terminate', '--par', 'commune', '--recu', '2027-01-10'], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('effet le 9 février 2027');
    expect(r.typeset.stdout).toContain('Art. 10 appliqué\u00a0: «\u00a0Chaque partie pourra librement résilier la présente par lettre recommandée avec accusé de réception.\u00a0»');
    const pending = JSON.parse((await runCli(['charter-status', '--date', '2027-02-08', '--json'], { db })).stdout);
    expect(pending).toMatchObject({ etat: 'resiliation_en_cours', resiliation_effective: '2027-02-09', resiliation: { regle: 'libre' } });
    // While pending, the S1 2027 meeting is still asked for; from 9 February on, no more.
    expect(pending.actions.map((a: { code: string }) => a.code)).toContain('copil_a_reunir');
    expect(JSON.parse((await runCli(['charter-status', '--date', '2027-02-09', '--json'], { db })).stdout).actions).toEqual([]);
  });

  it('reports each semester that ended without a comité meeting', async () => {
    const db = tempDb();
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
    await runCli(['charter', 'copil', 'meeting', 'add', '--date', '2026-09-10'], { db });
    const s = JSON.parse((await runCli(['charter-status', '--date', '2027-01-15', '--json'], { db })).stdout);
    expect(s.copil.semestres_sans_reunion).toEqual(['2026-S1']);
    const text = await runCli(['charter-status', '--date', '2027-01-15'], { db, tty: true });
    expect(text.stdout).toContain('1er semestre 2026 (janvier-juin) : terminé sans réunion du comité de pilotage');
  });

  it('allows the comité members’ names in the meeting notes; any other person named is still refused', async () => {
    const db = tempDb();
    await runCli(['charter', 'copil', 'members', 'add', '--organisation', 'caf', '--role', 'Référent CAF', '--nom', 'Jean Dupont'], { db });
    await runCli(['charter', 'copil', 'members', 'add', '--organisation', 'commune', '--role', 'Coordonnatrice des MPT', '--nom', 'Marie Hoarau'], { db });
    await runCli(['charter', 'copil', 'members', 'remove', '2'], { db });
    const notes = 'M. Dupont présente le bilan ; Mme Hoarau (ancienne membre) transmet le planning.';
    const ok = await runCli(['charter', 'copil', 'meeting', 'add', '--date', '2026-12-10', '--notes', notes], { db });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const other = await runCli(['charter', 'copil', 'meeting', 'add', '--date', '2026-12-11', '--notes', 'Mme Grondin, allocataire, est venue se plaindre.'], { db });
    expect(other.code).toBe(5);
    expect(other.stderr).toContain('--notes');
    const meetings = JSON.parse((await runCli(['charter', 'copil', 'meeting', 'list', '--json'], { db })).stdout);
    expect(meetings.map((m: { notes: string }) => m.notes)).toEqual([notes]);
  });

  it('resolves a breach and refuses unknown or already resolved ones', async () => {
    const db = tempDb();
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
    await runCli(['charter', 'breach', '--par', 'caf', '--recu', '2026-10-02', '--motif', 'Supports non fournis'], { db });
    expect((await runCli(['charter', 'resolve', '2', '--date', '2026-10-10'], { db })).code).toBe(3);
    expect((await runCli(['charter', 'resolve', '1', '--date', '2026-10-01'], { db })).code).toBe(2);
    expect((await runCli(['charter', 'resolve', '1', '--date', '2026-10-10'], { db })).code).toBe(0);
    expect((await runCli(['charter', 'resolve', '1', '--date', '2026-10-11'], { db })).code).toBe(4);
  });

  it('refuses impossible dates and unknown parties with exit 2, naming the flag', async () => {
    const db = tempDb();
    const bad = await runCli(['charter', 'sign', '--date', '2026-02-30'], { db });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--date');
    const party = await runCli(['charter', 'sign', '--date', '2026-03-15', '--partie', 'prefecture'], { db });
    expect(party.code).toBe(2);
    expect(party.stderr).toContain('--partie');
    expect(JSON.parse((await runCli(['charter-status', '--json'], { db })).stdout).etat).toBe('non_signee');
  });

  it('refuses personal data in a breach reason (exit 5) and stores nothing', async () => {
    const db = tempDb();
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
    const r = await runCli(['charter', 'breach', '--par', 'commune', '--recu', '2026-10-02', '--motif', 'Mme Hoarau renvoyée sans aide'], { db });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('--motif');
    expect(JSON.parse((await runCli(['charter-status', '--date', '2026-10-03', '--json'], { db })).stdout).manquements).toEqual([]);
  });

  it('manages comité members: add, list, remove kept in history', async () => {
    const db = tempDb();
    await runCli(['charter', 'copil', 'members', 'add', '--organisation', 'caf', '--role', 'Référent CAF', '--nom', 'Jean Dupont'], { db });
    await runCli(['charter', 'copil', 'members', 'add', '--organisation', 'commune', '--role', 'Coordonnateur des MPT', '--nom', 'Marie Técher'], { db });
    expect((await runCli(['charter', 'copil', 'members', 'remove', '1'], { db, now: at('2026-12-01') })).code).toBe(0);
    expect((await runCli(['charter', 'copil', 'members', 'remove', '1'], { db })).code).toBe(3);
    const active = JSON.parse((await runCli(['charter', 'copil', 'members', 'list', '--json'], { db })).stdout);
    expect(active.map((m: { nom: string }) => m.nom)).toEqual(['Marie Técher']);
    const all = JSON.parse((await runCli(['charter', 'copil', 'members', 'list', '--json', '--tous'], { db })).stdout);
    expect(all).toHaveLength(2);
  });
});
