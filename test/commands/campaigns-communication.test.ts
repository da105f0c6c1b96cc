// The report's section « Communication et contenus » (loadCommunicationSection), built from
// data recorded through the real commands.
import { describe, expect, it } from 'vitest';
import { addTestPlaces, openTestStore, runCli, tempDb } from '../harness.js';
import { loadCommunicationSection } from '../../src/store/communication.js';

async function ok(db: string, argv: string[]): Promise<void> {
  const r = await runCli(argv, { db });
  expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
}

async function section(db: string, from: string, to: string) {
  const store = await openTestStore(db);
  try {
    return await loadCommunicationSection(store, { from, to });
  } finally {
    await store.close();
  }
}

const S2_2026 = ['2026-07-01', '2026-12-31'] as const;

describe('loadCommunicationSection', () => {
  it('is empty (but complete) for an empty store', async () => {
    const db = tempDb();
    expect(await section(db, ...S2_2026)).toEqual({ campagnes: [], supports_valides: [], lieux_mis_en_service: [] });
  });

  it('gives the semester’s campaigns with deliveries in range, supports validated at its meetings, places put into service', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    // Campaigns: one running through the semester, one that ended before it, one that starts after.
    await ok(db, ['campagnes', 'add', '--nom', 'Affiches caf.fr', '--debut', '2026-05-01']);
    await ok(db, ['campagnes', 'add', '--nom', 'Presse printemps', '--debut', '2026-03-01', '--fin', '2026-06-30', '--canal', 'presse']);
    await ok(db, ['campagnes', 'add', '--nom', 'Flyers 2027', '--debut', '2027-01-05', '--canal', 'flyer']);
    for (const [lieu, quantite, date] of [
      ['1', '20', '2026-05-10'], // before the semester: not counted
      ['1', '15', '2026-09-03'],
      ['3', '8', '2026-10-01'],
      ['1', '5', '2026-11-02'],
    ]) {
      await ok(db, ['campagnes', 'diffusion', 'Affiches caf.fr', '--lieu', lieu, '--quantite', quantite, '--date', date]);
    }
    // Supports: v1 validated in June (S1), v2 validated in December (S2).
    await ok(db, ['charter', 'copil', 'meeting', 'add', '--date', '2026-06-10']);
    await ok(db, ['charter', 'copil', 'meeting', 'add', '--date', '2026-12-10']);
    await ok(db, ['supports', 'add', '--titre', 'Découvrir caf.fr', '--version=v1']);
    await ok(db, ['supports', 'validate', '1', '--reunion', '1']);
    await ok(db, ['supports', 'add', '--titre', 'Découvrir caf.fr', '--version=v2']);
    await ok(db, ['supports', 'validate', '1', '--reunion', '2']);
    await ok(db, ['supports', 'add', '--titre', 'La télédéclaration', '--version=2026', '--public', 'allocataires']);
    await ok(db, ['supports', 'validate', '2', '--reunion', '2']);
    // Places: 3 in service in S2 (its slots tick the last item), 1 only in preparation.
    const check = ['--verifie-par', 'Chef d’antenne', '--coche', 'ordinateurs', '--coche', 'animateur', '--coche', 'affiche'];
    await ok(db, ['places', 'mise-en-service', '3', '--date', '2026-09-15', ...check]);
    await ok(db, ['places', 'mise-en-service', '1', '--date', '2026-09-15', '--verifie-par', 'Chef d’antenne', '--coche', 'ordinateurs']);

    expect(await section(db, ...S2_2026)).toEqual({
      campagnes: [
        {
          nom: 'Affiches caf.fr',
          canal: 'affiche',
          debut: '2026-05-01',
          fin: null,
          diffusions: [
            { lieu: 'Médiathèque de Saint-Pierre', quantite: 8 },
            { lieu: 'Médiathèque du Tampon', quantite: 20 },
          ],
          total: 28,
        },
      ],
      supports_valides: [
        { titre: 'Découvrir caf.fr', version: 'v2', reunion: '2026-12-10' },
        { titre: 'La télédéclaration', version: '2026', reunion: '2026-12-10' },
      ],
      lieux_mis_en_service: [{ lieu: 'Médiathèque de Saint-Pierre', commune: 'Saint-Pierre', date: '2026-09-15' }],
    });

    // The same section, as `cafcharte report` prints it (the report engineer's command).
    const report = await runCli(['report', '--semestre', '2026-S2', '--format', 'json'], { db });
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).communication).toEqual(await section(db, ...S2_2026));
    const text = (await runCli(['report', '--semestre', '2026-S2'], { db })).stdout;
    expect(text).toContain('Communication et contenus');
    expect(text).toContain('Campagne « Affiches caf.fr » (affiche)');
    expect(text).toContain('Médiathèque de Saint-Pierre : 8');
    expect(text).toContain('Support validé : Découvrir caf.fr (version v2)');
    expect(text).toContain('Mise en service : Médiathèque de Saint-Pierre (Saint-Pierre)');

    const s1 = await section(db, '2026-01-01', '2026-06-30');
    expect(s1.campagnes.map((c) => [c.nom, c.total])).toEqual([
      ['Presse printemps', 0],
      ['Affiches caf.fr', 20],
    ]);
    expect(s1.supports_valides).toEqual([{ titre: 'Découvrir caf.fr', version: 'v1', reunion: '2026-06-10' }]);
    expect(s1.lieux_mis_en_service).toEqual([]);
  });
});
