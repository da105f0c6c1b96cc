// Plain words of a poster are laid out from the build's table (src/render/poster/plainLayout.ts)
// instead of by fontkit's OpenType engine. A reader must see no difference: same glyphs, same
// advances, same kerning, so the same line breaks and the same PDF, byte for byte.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { posterHeader, posterSlotParagraphs } from '../../src/domain/posterSlot.js';
import { subsetFolder } from '../../src/render/poster/fonts.js';
import { plainLayoutFor, plainRun } from '../../src/render/poster/plainLayout.js';
import { longPlace, mediatheque, mptNoSlots } from '../fixtures/poster/places.js';

const root = join(import.meta.dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'cafcharte-plain-layout-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

type FontkitRun = { glyphs: { id: number; codePoints: number[]; advanceWidth: number }[]; positions: Record<string, number>[]; advanceWidth: number };
type FontkitFont = { numGlyphs: number; layout(text: string): FontkitRun };
const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as { create(data: Buffer): FontkitFont };

const FACES = ['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSans-Oblique', 'DejaVuSans-BoldOblique'];

/** What pdfkit reads of a run: each glyph, its advance and its position. */
const summary = (run: FontkitRun | NonNullable<ReturnType<typeof plainRun>>) => ({
  glyphs: run.glyphs.map((glyph, i) => {
    const { xAdvance, yAdvance, xOffset, yOffset } = run.positions[i]!;
    return [glyph.id, [...glyph.codePoints], glyph.advanceWidth, xAdvance, yAdvance, xOffset, yOffset];
  }),
  advanceWidth: run.advanceWidth,
});

/** Letters, digits and the punctuation of French text, with the spaces the poster uses. */
const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ',
  ...' .,;:!?\'’"«»()[]-–—…/&@%€+=*#→•✓☎№',
  '\u00a0',
  '\u202f',
];

/** The template's own text and the slots of the fixture places. */
async function posterTexts(): Promise<string[]> {
  const svg = readFileSync(join(root, 'templates', 'affiche.svg'), 'utf8');
  const model = [...svg.matchAll(/>([^<>]+)</g)].map((m) => m[1]!.trim()).filter(Boolean);
  const slots = [mediatheque, mptNoSlots, longPlace].flatMap((place) => [posterHeader(place), ...posterSlotParagraphs(place).map((p) => p.text)]);
  return [...model, ...slots];
}

describe('plain layout of the poster subsets', () => {
  it('is built for the four faces', () => {
    expect(subsetFolder()).toBeDefined();
    for (const face of FACES) {
      const font = fontkit.create(readFileSync(join(subsetFolder()!, `${face}.ttf`)));
      expect(plainLayoutFor(face, font.numGlyphs), face).not.toBeNull();
    }
  });

  it('gives what fontkit gives for every pair of French letters, digits and signs, and for the poster’s words', async () => {
    const texts = await posterTexts();
    for (const face of FACES) {
      const font = fontkit.create(readFileSync(join(subsetFolder()!, `${face}.ttf`)));
      const layout = plainLayoutFor(face, font.numGlyphs)!;
      // One string per first character, followed in turn by every other: every pair, both ways.
      const strings = ALPHABET.map((a) => ALPHABET.map((b) => a + b).join(''));
      // Digits and signs only (no letter: fontkit picks the default script there, not Latin).
      const signs = ALPHABET.filter((c) => !/\p{L}/u.test(c));
      strings.push(...signs.map((a) => signs.map((b) => a + b).join('')));
      // pdfkit lays out word by word, each with its following space.
      const words = texts.flatMap((text) => text.match(/\S+\s?/g) ?? []);
      let compared = 0;
      for (const text of [...strings, ...texts, ...words]) {
        // Where DejaVu forms a ligature (fi, fl, ff), fontkit shapes: split there.
        for (const piece of text.split(/f[fil]/)) {
          const plain = plainRun(layout, piece);
          expect(plain, `${face}: ${JSON.stringify(piece)}`).not.toBeNull();
          expect(summary(plain!), `${face}: ${JSON.stringify(piece)}`).toEqual(summary(font.layout(piece)));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(ALPHABET.length);
    }
  });

  it('leaves to fontkit words with a ligature, a combining accent, a soft hyphen or a letter outside Latin', () => {
    const font = fontkit.create(readFileSync(join(subsetFolder()!, 'DejaVuSans.ttf')));
    const layout = plainLayoutFor('DejaVuSans', font.numGlyphs)!;
    for (const word of ['affiche', 'fleur', 'efficace', 'de\u0301marche', 'ate\u00adlier', 'Ω', 'Ŋ']) expect(plainRun(layout, word), word).toBeNull();
    expect(plainRun(layout, 'accès ')).not.toBeNull();
  });
});

describe('a poster drawn with the plain layout', () => {
  it('is byte for byte the PDF fontkit alone makes, with a ligature word and an accent drawn by fontkit', async () => {
    const place = { ...mediatheque, name: 'Médiathèque de l’Île – affiches « Œuvre »', address: '3 bis rue Évariste de Parny\u202f; entre\u0301e 2\u00a0€' };
    const creationDate = new Date('2026-03-02T08:00:00Z');
    // First with the table, noting each face it was put on (so the comparison below is not idle).
    const tabled = new Set<string>();
    vi.resetModules();
    vi.doMock('../../src/render/poster/plainLayout.js', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../src/render/poster/plainLayout.js')>();
      return {
        ...real,
        usePlainLayout: (embedded: Parameters<typeof real.usePlainLayout>[0]) => {
          real.usePlainLayout(embedded);
          if (embedded?.font && Object.hasOwn(embedded.font, 'layout')) tabled.add(embedded.name!);
        },
      };
    });
    const withTable = await (await import('../../src/render/poster/index.js')).renderPosterPdf(place, { creationDate });
    expect([...tabled].sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);

    vi.resetModules();
    vi.doMock('../../src/render/poster/plainLayout.js', () => ({ usePlainLayout: () => undefined }));
    const fontkitOnly = await (await import('../../src/render/poster/index.js')).renderPosterPdf(place, { creationDate });
    vi.doUnmock('../../src/render/poster/plainLayout.js');

    expect(withTable.equals(fontkitOnly)).toBe(true);
    // And it reads as the poster: its text, its fonts embedded.
    const path = join(folder, 'affiche.pdf');
    writeFileSync(path, withTable);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0\u202f]+/g, ' ');
    expect(text).toContain('Médiathèque de l’Île – affiches « Œuvre »');
    expect(text).toContain('Vos démarches CAF en ligne :');
    const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans\s.*yes\s+yes/);
    expect(fonts).toMatch(/DejaVuSans-Bold\s.*yes\s+yes/);
    // Nothing but DejaVu: no starting Helvetica.
    expect(fonts.split('\n').slice(2).filter((line) => line.trim() && !/DejaVuSans/.test(line))).toEqual([]);
  });
});
