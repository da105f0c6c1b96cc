import { describe, expect, it } from 'vitest';
import { renderPosterPdf, renderPosterSvg } from '../../src/render/poster/index.js';
import { posterHeader } from '../../src/domain/posterSlot.js';
import { communeFullName, COMMUNES, inCommune, matchCommune, ofCommune } from '../../src/domain/territory.js';
import { mediatheque } from '../fixtures/poster/places.js';
import { readPdf } from '../fixtures/poster/read-back.js';

const saintPierre = { ...mediatheque, name: 'Médiathèque de Saint-Pierre', postalCode: '97410', communeName: 'Saint-Pierre' };

describe('commune names with their article', () => {
  it('contracts "de" and "à" with the article of each commune', () => {
    const of = (name: string) => ofCommune(matchCommune(name)!);
    expect(of('Saint-Pierre')).toBe('de Saint-Pierre');
    expect(of('Le Tampon')).toBe('du Tampon');
    expect(of('Les Avirons')).toBe('des Avirons');
    expect(of('Étang-Salé')).toBe('de L’Étang-Salé');
    expect(of('Entre-Deux')).toBe('d’Entre-Deux');
    expect(of('Cilaos')).toBe('de Cilaos');
    expect(inCommune(matchCommune('Le Tampon')!)).toBe('au Tampon');
    expect(inCommune(matchCommune('Les Avirons')!)).toBe('aux Avirons');
    expect(communeFullName(matchCommune('97404')!)).toBe('L’Étang-Salé');
    expect(communeFullName(matchCommune('97422')!)).toBe('Le Tampon');
  });

  it('gives every commune of data/communes.json a known article', () => {
    for (const commune of COMMUNES) expect(['', 'le', 'la', 'les', "l'"]).toContain(commune.article);
  });
});

describe('poster header', () => {
  it('names the place’s own commune, or the territory on the blank poster', () => {
    expect(posterHeader(saintPierre)).toBe('Espaces numériques de Saint-Pierre');
    expect(posterHeader(mediatheque)).toBe('Espaces numériques du Tampon');
    expect(posterHeader(null)).toBe('Espaces numériques du Territoire Sud');
  });

  it('prints "DE SAINT-PIERRE" on a Saint-Pierre poster, never "DU TAMPON" (PDF read back)', async () => {
    const { pages } = await readPdf(await renderPosterPdf(saintPierre));
    // Letter spacing may split the banner line into single letters: compare without spaces.
    const compact = pages[0]!.text.replace(/\s+/g, '');
    expect(compact).toContain('ESPACESNUMÉRIQUESDESAINT-PIERRE');
    expect(compact).not.toContain('DUTAMPON');
  });

  it('prints the territory on the blank poster and the commune on a Tampon one (SVG)', async () => {
    const blank = await renderPosterSvg(null, { blank: true });
    expect(blank).toContain('>ESPACES NUMÉRIQUES DU TERRITOIRE SUD</text>');
    const tampon = await renderPosterSvg(mediatheque);
    expect(tampon).toContain('>ESPACES NUMÉRIQUES DU TAMPON</text>');
    const etang = await renderPosterSvg({ ...mediatheque, communeName: 'Étang-Salé' });
    expect(etang).toContain('>ESPACES NUMÉRIQUES DE L’ÉTANG-SALÉ</text>');
  });
});
