// The posters as tagged PDF, read back: poppler's verdict and text, the structure tree through
// pdfjs, the letter-spaced banner line as words, one bookmark per page with --un-fichier.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPosterPdf } from '../../src/render/poster/index.js';
import { takeQrCode, takeSpacedTexts } from '../../src/render/poster/tagging.js';
import { addTestPlaces, runCli, tempDb, tempDir } from '../harness.js';
import { mediatheque } from '../fixtures/poster/places.js';
import { flatten, pdfinfo, readTaggedPdf } from '../fixtures/taggedPdf.js';

/** pdftotext's reading of the file (poppler-utils), spaces normalised. */
function pdftotext(data: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cafcharte-pdftotext-')), 'affiche.pdf');
  writeFileSync(path, data);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/[ \u00a0\u202f]+/g, ' ');
}

/** Every FlateDecode stream of the file, inflated and joined (the page content among them). */
function pageContents(data: Buffer): string {
  const raw = data.toString('latin1');
  const parts: string[] = [];
  for (const match of raw.matchAll(/\/FlateDecode[^>]*>>\s*stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      parts.push(inflateSync(data.subarray(start, end)).toString('latin1'));
    } catch {
      // Not a content stream we can read (fonts are compressed too): skip.
    }
  }
  return parts.join('\n');
}

let single: Buffer;
beforeAll(async () => {
  single = await renderPosterPdf(mediatheque, { creationDate: new Date('2026-11-26T08:00:00Z') });
});

describe('poster PDF: tagged', () => {
  it('is a tagged PDF in French per pdfinfo, showing its title', async () => {
    const info = pdfinfo(single);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe('Affiche – Médiathèque du Tampon');
    const pdf = await readTaggedPdf(single);
    expect(pdf.language).toBe('fr-FR');
    expect(pdf.displayDocTitle).toBe(true);
  });

  it('reads in order: banner line, the title as one H1, subheadings as H2, lines as paragraphs; no text outside the structure', async () => {
    const pdf = await readTaggedPdf(single);
    const page = pdf.pages[0]!;
    expect(page.untagged).toEqual([]);
    const elements = flatten(page.tree, page).filter((e) => ['H1', 'H2', 'P'].includes(e.role));
    const read = elements.map((e) => `${e.role} ${e.alt ?? e.text}`);
    expect(read[0]).toBe('P ESPACES NUMÉRIQUES DU TAMPON');
    expect(read[1]).toBe('H1 Vos démarches CAF en ligne : on vous accompagne !');
    expect(read).toContain('H2 Ici, vous pouvez :');
    expect(read).toContain('P → consulter votre dossier et vos paiements');
    expect(read).toContain('H2 Votre espace numérique');
    expect(read).toContain('H2 Médiathèque du Tampon');
    expect(read).toContain('P 97430 Le Tampon');
    expect(read).toContain('P Créneaux réservés aux allocataires : mercredi 14h-17h30, samedi 9h-12h — sur réservation');
    expect(read.filter((line) => line.startsWith('H1'))).toHaveLength(1);
    const sections = flatten(page.tree, page).filter((e) => e.role === 'Sect');
    expect(sections).toHaveLength(1);
    // The QR code is an image that informs: a figure saying where it leads.
    expect(flatten(page.tree, page).filter((e) => e.role === 'Figure').map((e) => e.alt)).toEqual(['Code QR menant au site https://www.caf.fr']);
  });

  it('writes the letter-spaced banner line as one run with character spacing, which extracts as words (A4 and A3)', async () => {
    const text = pdftotext(single);
    expect(text.split('\n')[0]).toBe('ESPACES NUMÉRIQUES DU TAMPON');
    expect(text).not.toMatch(/E S P/);
    const a3 = pdftotext(await renderPosterPdf(mediatheque, { size: 'A3' }));
    expect(a3.split('\n')[0]).toBe('ESPACES NUMÉRIQUES DU TAMPON');
    // In the page's content: a Span carrying the words as ActualText, drawn with a Tc operator
    // as one run, not one positioned glyph per letter.
    const content = pageContents(single);
    const span = /\/Span\s*<<\s*\/MCID \d+\s*\/ActualText \(([^)]*)\)\s*>> BDC([\s\S]*?)EMC/.exec(content);
    // A PDF text string in UTF-16BE with its byte-order mark.
    const utf16be = Buffer.from(span?.[1] ?? '', 'latin1').subarray(2).swap16().toString('utf16le');
    expect(utf16be).toBe('ESPACES NUMÉRIQUES DU TAMPON');
    expect(span?.[2]).toMatch(/\b1\.5 Tc\b/);
    expect(span?.[2].match(/ Tm\b/g)).toHaveLength(1);
  });
});

describe('poster --tous --un-fichier: one bookmark and one section per place', () => {
  it('titles each page after its own place in the outline', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const cwd = tempDir();
    const r = await runCli(['poster', '--tous', '--un-fichier'], { db, cwd });
    expect(r.code).toBe(0);
    const data = readFileSync(join(cwd, 'affiches.pdf'));
    expect(pdfinfo(data).Tagged).toBe('yes');
    const pdf = await readTaggedPdf(data);
    expect(pdf.outline.map((o) => o.title).sort()).toEqual(['Affiche – Médiathèque de Saint-Pierre', 'Affiche – Médiathèque du Tampon', 'Affiche – MPT de Bois-Court'].sort());
    expect(pdf.outline.map((o) => o.page)).toEqual([1, 2, 3]);
    // Each bookmark leads to its own place's poster: the page's slot heading is that place.
    for (const item of pdf.outline) {
      const page = pdf.pages[item.page - 1]!;
      const headings = flatten(page.tree, page).filter((e) => e.role === 'H2').map((e) => e.text);
      expect(headings).toContain(item.title.replace('Affiche – ', ''));
    }
    pdf.pages.forEach((page) => expect(page.untagged).toEqual([]));
  });
});

describe('letter-spaced lines taken out of the model', () => {
  it('takes plain letter-spaced lines; leaves those under a transform or with tspans to svg-to-pdfkit', () => {
    const svg =
      '<svg viewBox="0 0 10 10"><text x="1" y="2" font-size="11" letter-spacing="1.5" fill="#fff" font-weight="bold">A &amp; B</text>' +
      '<g transform="translate(1 1)"><text x="1" y="2" font-size="11" letter-spacing="1">Moved</text></g>' +
      '<text x="1" y="2" font-size="9" letter-spacing="1"><tspan>T</tspan></text><text x="1" y="5" font-size="9">Plain</text></svg>';
    const { svg: rest, texts } = takeSpacedTexts(svg);
    expect(texts).toEqual([{ text: 'A & B', x: 1, y: 2, fontSize: 11, bold: true, fill: '#fff', letterSpacing: 1.5, anchor: 'start' }]);
    expect(rest).not.toContain('A &amp; B');
    for (const kept of ['Moved', '<tspan>T</tspan>', 'Plain']) expect(rest).toContain(kept);
  });
});

describe('QR code taken out of the model', () => {
  it('takes the marked group with its nested groups, unless an enclosing group moves it', () => {
    const qr = '<g data-cafcharte="qr" data-url="https://www.caf.fr" transform="translate(4 4)"><g><rect width="1" height="1"/></g><path d="M0 0h1"/></g>';
    const taken = takeQrCode(`<svg viewBox="0 0 9 9"><g id="site">${qr}<text>www.caf.fr</text></g></svg>`);
    expect(taken.qr).toEqual({ markup: qr, url: 'https://www.caf.fr' });
    expect(taken.svg).toBe('<svg viewBox="0 0 9 9"><g id="site"><text>www.caf.fr</text></g></svg>');
    const moved = `<svg viewBox="0 0 9 9"><g transform="scale(2)">${qr}</g></svg>`;
    expect(takeQrCode(moved)).toEqual({ svg: moved, qr: undefined });
  });
});
