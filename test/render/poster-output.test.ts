import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { composePoster } from '../../src/render/poster/compose.js';
import { standaloneMeasure } from '../../src/render/poster/measure.js';
import { rasterizePoster } from '../../src/render/poster/png.js';
import { renderPosterPdf, renderPostersPdf, renderPosterPng, renderPosterSvg, loadPosterTemplate } from '../../src/render/poster/index.js';
import { hostilePlace, longName, longPlace, mediatheque, mptNoSlots } from '../fixtures/poster/places.js';
import { pngSize, readPdf, slotTexts } from '../fixtures/poster/read-back.js';

const squash = (s: string): string => s.replace(/\s+/g, ' ');

describe('PDF poster, read back with pdfjs', () => {
  it('is an A4 page (595×842 pt) carrying the place, its address, phone and reserved slots', async () => {
    const { pages, title } = await readPdf(await renderPosterPdf(mediatheque, { creationDate: new Date('2026-11-26T08:00:00Z') }));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.view).toEqual([0, 0, 595, 842]);
    const lines = pages[0]!.lines;
    expect(lines).toContain('Médiathèque du Tampon');
    expect(lines).toContain('16 rue Victor Le Vigoureux');
    expect(lines).toContain('97430 Le Tampon');
    expect(lines).toContain('Tél. 0262 57 87 87');
    expect(squash(pages[0]!.text)).toContain(
      'Créneaux réservés aux allocataires : mercredi 14h-17h30, samedi 9h-12h — sur réservation',
    );
    expect(title).toBe('Affiche – Médiathèque du Tampon');
  });

  it('embeds a font that renders the French and typographic characters of the model (→ œ « » ’ –)', async () => {
    const { pages } = await readPdf(await renderPosterPdf(mptNoSlots));
    const lines = pages[0]!.lines;
    expect(lines).toContain('Vos démarches CAF en ligne :');
    expect(lines).toContain('→ consulter votre dossier et vos paiements');
    expect(lines).toContain('→ être accompagné pas à pas par un animateur');
    expect(lines).toContain('Un partenariat mis en œuvre par la commune du Tampon et la CAF de la Réunion');
    expect(lines).toContain('Charte de partenariat « Promotion des contacts dématérialisés avec la Caisse d’Allocations Familiales »');
    expect(lines).toContain('Votre compte en ligne – à toute heure, sans vous déplacer');
    expect(pages[0]!.text).not.toContain('Créneaux réservés');
  });

  it('prints a 120-character name with Œ and → whole, every slot glyph run inside the frame', async () => {
    const { pages } = await readPdf(await renderPosterPdf(longPlace));
    expect(squash(pages[0]!.text)).toContain(longName);
    expect(pages[0]!.text).toContain('Œuvre');
    expect(pages[0]!.text).toContain('→ atelier');
    // The slot text is drawn between the label above the frame and the site address below it.
    const items = pages[0]!.items;
    const start = items.findIndex((i) => i.str === 'Votre espace numérique');
    const end = items.findIndex((i) => i.str === 'www.caf.fr');
    const slot = items.slice(start + 1, end);
    expect(slot.length).toBeGreaterThan(5);
    expect(squash(slot.map((i) => i.str).join(' '))).toContain('Trois-Mares');
    // Frame x 40..555, y 432..628 from the top, i.e. 214..410 from the bottom; 14 pt padding.
    for (const item of slot) {
      expect(item.x).toBeGreaterThanOrEqual(54 - 0.5);
      expect(item.x + item.width).toBeLessThanOrEqual(541 + 0.5);
      expect(item.y - 0.24 * item.fontSize).toBeGreaterThanOrEqual(214 + 14 - 0.5);
      expect(item.y + 0.93 * item.fontSize).toBeLessThanOrEqual(410 - 14 + 0.5);
    }
  });

  it('is an A3 page (842×1191 pt) with --taille A3, the whole A4 drawing scaled up', async () => {
    const { pages } = await readPdf(await renderPosterPdf(mediatheque, { size: 'A3' }));
    expect(pages[0]!.view).toEqual([0, 0, 842, 1191]);
    expect(pages[0]!.lines).toContain('Médiathèque du Tampon');
    const a4 = (await readPdf(await renderPosterPdf(mediatheque))).pages[0]!;
    const site = (page: typeof a4) => page.items.find((i) => i.str === 'www.caf.fr')!;
    const scale = 1191 / 842;
    expect(site(pages[0]!).x).toBeCloseTo(site(a4).x * scale, 0);
    expect(1191 - site(pages[0]!).y).toBeCloseTo((842 - site(a4).y) * scale, 0);
    expect(site(pages[0]!).fontSize).toBeCloseTo(26 * scale, 1);
  });

  it('puts one page per place in a single PDF', async () => {
    const { pages } = await readPdf(await renderPostersPdf([mediatheque, mptNoSlots]));
    expect(pages).toHaveLength(2);
    expect(pages[0]!.lines).toContain('Médiathèque du Tampon');
    expect(pages[0]!.text).not.toContain('Plaine des Cafres');
    expect(squash(pages[1]!.text)).toContain('Maison Pour Tous de la Plaine des Cafres');
    expect(pages[1]!.text).not.toContain('Médiathèque du Tampon');
  });

  it('leaves the slot empty for the blank poster (the charter annex)', async () => {
    const { pages, title } = await readPdf(await renderPosterPdf(mediatheque, { blank: true }));
    expect(pages[0]!.text).not.toContain('Médiathèque du Tampon');
    expect(pages[0]!.text).not.toContain('Tél.');
    expect(pages[0]!.lines).toContain('Votre espace numérique');
    expect(title).toBe('Affiche – emplacement vierge');
  });

  it('prints a name with <, & and quotes as text', async () => {
    const { pages } = await readPdf(await renderPosterPdf(hostilePlace));
    expect(squash(pages[0]!.text)).toContain('MPT <script>alert("x")</script> & "Ti\'Case"');
  });
});

describe('SVG poster', () => {
  it('escapes <, & and quotes: the name is text, never markup', async () => {
    const svg = await renderPosterSvg(hostilePlace);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(slotTexts(svg).join(' ')).toBe(`${hostilePlace.name} 12 rue Dr Charles Andrieu, Bourg-Murat 97418 Le Tampon Tél.\u00a00262\u00a027\u00a050\u00a000`);
    // Still well-formed: a strict XML parser (resvg) accepts it.
    expect(() => new Resvg(svg, { font: { loadSystemFonts: false } })).not.toThrow();
  });

  it('keeps the model editable: slot text as <text> in DejaVu Sans right after the slot rectangle', async () => {
    const svg = await renderPosterSvg(mediatheque);
    expect(svg.indexOf('id="emplacement-texte"')).toBeGreaterThan(svg.indexOf('id="emplacement-vierge"'));
    expect(slotTexts(svg)[0]).toBe('Médiathèque du Tampon');
    expect(svg).toMatch(/<text x="[\d.]+" y="[\d.]+" font-family="DejaVu Sans" font-size="[\d.]+" font-weight="bold"/);
  });

  it('has no slot text with --vierge', async () => {
    const svg = await renderPosterSvg(mediatheque, { blank: true });
    expect(svg).not.toContain('emplacement-texte');
    expect(svg).toContain('id="emplacement-vierge"');
  });
});

describe('PNG poster at 150 dpi', () => {
  it('is 1240×1754 px (±1) for A4 and 1754×2481 px (±1) for A3', async () => {
    const a4 = pngSize(await renderPosterPng(mediatheque));
    expect(a4.width).toBe(1240);
    expect(Math.abs(a4.height - 1754)).toBeLessThanOrEqual(1);
    const a3 = pngSize(await renderPosterPng(mediatheque, { size: 'A3' }));
    expect(a3.width).toBe(1754);
    expect(Math.abs(a3.height - 2481)).toBeLessThanOrEqual(1);
  });

  it('draws the slot text with the bundled fonts (dark pixels inside the frame only when filled)', async () => {
    const template = await loadPosterTemplate();
    const measure = await standaloneMeasure();
    const darkInSlot = async (filled: boolean): Promise<number> => {
      const { svg } = composePoster(template, filled ? mediatheque : null, 'A4', measure);
      const image = await rasterizePoster(svg, 'A4');
      const scale = image.width / 595;
      let dark = 0;
      // Inside the frame, away from its border.
      for (let y = Math.ceil((432 + 6) * scale); y < (432 + 196 - 6) * scale; y++) {
        for (let x = Math.ceil((40 + 6) * scale); x < (40 + 515 - 6) * scale; x++) {
          const i = (y * image.width + x) * 4;
          if (image.pixels[i]! + image.pixels[i + 1]! + image.pixels[i + 2]! < 300) dark++;
        }
      }
      return dark;
    };
    expect(await darkInSlot(false)).toBe(0);
    expect(await darkInSlot(true)).toBeGreaterThan(2000);
  });
});
