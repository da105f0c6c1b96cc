import { readFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import { composePoster } from '../../src/render/poster/compose.js';
import { PosterTemplateError } from '../../src/render/poster/errors.js';
import type { Measure } from '../../src/render/poster/layout.js';
import { standaloneMeasure } from '../../src/render/poster/measure.js';
import {
  defaultTemplatePath,
  loadPosterTemplate,
  parseAttributes,
  parsePosterTemplate,
} from '../../src/render/poster/template.js';
import { mediatheque } from '../fixtures/poster/places.js';

const shipped = readFileSync(defaultTemplatePath(), 'utf8');

let measure: Measure;
beforeAll(async () => {
  measure = await standaloneMeasure();
});

/** x positions and baselines of the inserted <text> elements. */
function textPositions(svg: string): { x: number; y: number }[] {
  const group = /<g id="emplacement-texte"[^>]*>([\s\S]*?)<\/g>/.exec(svg)![1]!;
  return [...group.matchAll(/<text\b[^>]*>/g)].map((m) => {
    const a = parseAttributes(m[0]);
    return { x: Number(a.get('x')), y: Number(a.get('y')) };
  });
}

describe('the shipped model templates/affiche.svg', () => {
  it('is an A4 page in points with the framed blank slot the tool reads', async () => {
    const template = await loadPosterTemplate();
    expect(template.frame).toEqual({ x: 40, y: 432, width: 515, height: 196 });
    expect(template.transform).toBeUndefined();
    expect(shipped).toMatch(/viewBox="0 0 595 842"/);
    expect(shipped).toMatch(/<rect id="emplacement-vierge" data-cafcharte="emplacement"/);
  });

  it('says what the poster is about, in French, with the partners as text', () => {
    for (const text of [
      'Vos démarches CAF en ligne :',
      'on vous accompagne !',
      'consulter votre dossier',
      'écrire à la CAF',
      'télédéclarer',
      'accompagné pas à pas par un animateur',
      'www.caf.fr',
      'commune du Tampon',
      'CAF de la Réunion',
    ]) {
      expect(shipped).toContain(text);
    }
  });

  it('is self-contained: no image, no link to an external resource', () => {
    expect(shipped).not.toMatch(/<image\b|xlink:href|\shref=|url\(\s*['"]?http|@import/);
  });

  it('has a QR code that encodes https://www.caf.fr, module for module, with a 4-module quiet zone', () => {
    const group = /<g id="qr-code"[^>]*>[\s\S]*?<\/g>/.exec(shipped)![0];
    expect(parseAttributes(group).get('data-url')).toBe('https://www.caf.fr');
    const path = /<path\b[^>]*>/.exec(group)![0];
    const attributes = parseAttributes(path);
    expect(attributes.get('transform')).toBe('translate(14 14) scale(3.5)');
    const expected = QRCode.create('https://www.caf.fr', { errorCorrectionLevel: 'Q' }).modules;
    const n = expected.size;
    // Background square = quiet zone + modules + quiet zone.
    expect(group).toContain(`width="${(n + 8) * 3.5}"`);
    const drawn = new Array<number>(n * n).fill(0);
    for (const run of attributes.get('d')!.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
      const [x, y, length] = [Number(run[1]), Number(run[2]), Number(run[3])];
      for (let i = 0; i < length; i++) drawn[y * n + x + i] = 1;
    }
    expect(drawn).toEqual(Array.from(expected.data, (bit) => (bit ? 1 : 0)));
  });
});

describe('reading the blank slot from a model', () => {
  it('follows the rectangle when a user moves and resizes it', () => {
    const moved = shipped.replace('x="40" y="432" width="515" height="196"', 'x="300" y="60" width="250" height="300"');
    const template = parsePosterTemplate(moved, 'déplacé.svg');
    expect(template.frame).toEqual({ x: 300, y: 60, width: 250, height: 300 });
    const { svg, lines } = composePoster(template, mediatheque, 'A4', measure);
    for (const [index, position] of textPositions(svg).entries()) {
      expect(position.x).toBeCloseTo(lines[index]!.x, 1);
      expect(position.x).toBeGreaterThanOrEqual(300);
      expect(position.x + lines[index]!.width).toBeLessThanOrEqual(550);
      expect(position.y).toBeGreaterThan(60);
      expect(position.y).toBeLessThan(360);
    }
  });

  it('gives the text the rectangle\'s own transform, so a rotated or scaled slot carries its text', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 595 842"><g transform="translate(10 20)">' +
      '<rect data-cafcharte="emplacement" transform="rotate(-5 100 100)" x="50" y="50" width="400" height="200"></rect></g></svg>';
    const template = parsePosterTemplate(svg, 'tourné.svg');
    expect(template.frame).toEqual({ x: 50, y: 50, width: 400, height: 200 });
    const filled = composePoster(template, mediatheque, 'A4', measure).svg;
    // Inserted after </rect>, inside the same translated group, with the same rotation.
    expect(filled).toMatch(/<\/rect>\n<g id="emplacement-texte" data-cafcharte="texte" transform="rotate\(-5 100 100\)">/);
    expect(filled.indexOf('emplacement-texte')).toBeLessThan(filled.lastIndexOf('</g>'));
  });

  it('sizes the root for the paper and keeps the viewBox, so A3 is the A4 drawing scaled', () => {
    const template = parsePosterTemplate(shipped, 'affiche.svg');
    const a3 = composePoster(template, null, 'A3', measure).svg;
    const root = parseAttributes(/<svg\b[^>]*>/.exec(a3.replace(/<!--[\s\S]*?-->/g, ''))![0]);
    expect(root.get('width')).toBe('842pt');
    expect(root.get('height')).toBe('1191pt');
    expect(root.get('viewBox')).toBe('0 0 595 842');
  });

  it('accepts a filled poster SVG as a model again, replacing its slot text', () => {
    const first = composePoster(parsePosterTemplate(shipped, 'affiche.svg'), mediatheque, 'A4', measure).svg;
    const again = composePoster(parsePosterTemplate(first, 'affiche-remplie.svg'), { ...mediatheque, name: 'MPT de Bois-Court' }, 'A4', measure).svg;
    expect(again.match(/id="emplacement-texte"/g)).toHaveLength(1);
    expect(again).toContain('>MPT de Bois-Court</text>');
    expect(again).not.toContain('>Médiathèque du Tampon</text>');
  });

  it('refuses a model without the slot rectangle, naming the id to add', () => {
    const withoutSlot = shipped.replace(/<rect id="emplacement-vierge"[\s\S]*?\/>/, '');
    expect(() => parsePosterTemplate(withoutSlot, 'perso.svg')).toThrow(PosterTemplateError);
    expect(() => parsePosterTemplate(withoutSlot, 'perso.svg')).toThrow(/« perso\.svg » n’a pas d’emplacement vierge.*« emplacement-vierge »/);
  });

  it('ignores a slot rectangle that is commented out', () => {
    const commented = '<svg viewBox="0 0 10 10"><!-- <rect id="emplacement-vierge" x="0" y="0" width="5" height="5"/> --></svg>';
    expect(() => parsePosterTemplate(commented, 'c.svg')).toThrow(/pas d’emplacement vierge/);
  });

  it('refuses a file that is not SVG, a model without viewBox, and a slot with an unreadable size', () => {
    expect(() => parsePosterTemplate('%PDF-1.4', 'a.pdf')).toThrow(/n’est pas un fichier SVG/);
    expect(() => parsePosterTemplate('<svg width="10"><rect id="emplacement-vierge" width="5" height="5"/></svg>', 'b.svg')).toThrow(/viewBox/);
    expect(() => parsePosterTemplate('<svg viewBox="0 0 9 9"><rect id="emplacement-vierge" width="50%" height="5"/></svg>', 'c.svg')).toThrow(/attribut width illisible/);
  });

  it('reports an unreadable model path in French', async () => {
    await expect(loadPosterTemplate('/nonexistent/modele.svg')).rejects.toThrow(/Impossible de lire le modèle d’affiche « \/nonexistent\/modele\.svg »/);
  });
});
