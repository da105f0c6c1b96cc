// The report's charter-side sentences: each remark with its results, and a semester that
// ended without the comité meeting art. 7 asks for.
import { describe, expect, it } from 'vitest';
import { addTestPlaces, runCli, tempDb } from '../harness.js';

async function setup(): Promise<string> {
  const db = tempDb();
  await addTestPlaces(db);
  await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
  const base = ['logbook', 'add', '--lieu', 'Médiathèque du Tampon', '--type', 'teledeclaration', '--recus', '6', '--duree', '120'];
  const withBoth = await runCli([...base, '--date', '2026-05-20', '--debut', '14:00', '--remarques', 'Connexion lente', '--resultats', 'Quatre télédéclarations terminées'], { db });
  expect(withBoth.code).toBe(0);
  await runCli([...base, '--date', '2026-05-27', '--debut', '14:00', '--resultats', 'Deux comptes ouverts'], { db });
  await runCli([...base, '--date', '2026-06-03', '--debut', '14:00'], { db });
  return db;
}

describe('report: remarks with results, semester without a comité meeting', () => {
  it('shows each entry’s free-text results next to its remarks, in JSON, terminal and Markdown', async () => {
    const db = await setup();
    const json = JSON.parse((await runCli(['report', '--semestre', '2026-S1', '--format', 'json'], { db })).stdout);
    expect(json.remarques).toEqual([
      { date: '2026-05-20', lieu: 'Médiathèque du Tampon', commune: 'Le Tampon', remarque: 'Connexion lente', resultats: 'Quatre télédéclarations terminées' },
      { date: '2026-05-27', lieu: 'Médiathèque du Tampon', commune: 'Le Tampon', remarque: null, resultats: 'Deux comptes ouverts' },
    ]);
    const text = (await runCli(['report', '--semestre', '2026-S1'], { db })).stdout;
    expect(text).toContain('- 20 mai 2026, Médiathèque du Tampon : Connexion lente — Résultats : Quatre télédéclarations terminées');
    expect(text).toContain('- 27 mai 2026, Médiathèque du Tampon : Résultats : Deux comptes ouverts');
    const md = (await runCli(['report', '--semestre', '2026-S1', '--format', 'md'], { db })).stdout;
    expect(md).toContain('- 20 mai 2026, Médiathèque du Tampon : Connexion lente — Résultats : Quatre télédéclarations terminées');
    expect(md).toContain('- 27 mai 2026, Médiathèque du Tampon : Résultats : Deux comptes ouverts');
  });

  it('says the semester ended without a comité meeting; a running semester only has none yet', async () => {
    const db = await setup();
    // Today is 26 November 2026: S1 2026 (January-June) is over, with no meeting.
    const ended = JSON.parse((await runCli(['report', '--semestre', '2026-S1', '--format', 'json'], { db })).stdout);
    expect(ended.comite.semestre_termine_sans_reunion).toBe(true);
    const text = (await runCli(['report', '--semestre', '2026-S1'], { db })).stdout;
    expect(text).toContain('Semestre terminé sans réunion du comité de pilotage (art. 7 : le comité se réunit chaque semestre).');
    const md = (await runCli(['report', '--semestre', '2026-S1', '--format', 'md'], { db })).stdout;
    expect(md).toContain('- Semestre terminé sans réunion du comité de pilotage');
    const running = JSON.parse((await runCli(['report', '--semestre', '2026-S2', '--format', 'json'], { db })).stdout);
    expect(running.comite.semestre_termine_sans_reunion).toBe(false);
    // The same fact in charter-status.
    const status = JSON.parse((await runCli(['charter-status', '--json'], { db })).stdout);
    expect(status.copil.semestres_sans_reunion).toEqual(['2026-S1']);
    // Once a meeting is recorded in S1, neither says so any more.
    await runCli(['charter', 'copil', 'meeting', 'add', '--date', '2026-06-12'], { db });
    expect(JSON.parse((await runCli(['report', '--semestre', '2026-S1', '--format', 'json'], { db })).stdout).comite.semestre_termine_sans_reunion).toBe(false);
    expect(JSON.parse((await runCli(['charter-status', '--json'], { db })).stdout).copil.semestres_sans_reunion).toEqual([]);
  });
});
