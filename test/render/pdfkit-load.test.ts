// pdfkit loads crypto-js (every cipher), linebreak and, through fontkit, brotli (a 750 kB
// dictionary) and unicode-properties up front; cafcharte writes neither encrypted PDFs nor WOFF2
// fonts, a poster neither wraps text with doc.text() nor (its words being plain, see
// poster/plainLayout.ts) runs fontkit's OpenType engine, so src/render/pdfkit.ts leaves them to be
// loaded on first use. A PDF still gets its MD5 file ID, encryption still works, and the report
// still wraps its text.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPdfKit } from '../../src/render/pdfkit.js';
import { pdfBuffer } from '../../src/render/pdfBuffer.js';

const root = join(import.meta.dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'cafcharte-pdfkit-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('pdfkit with lazy ciphers and WOFF2', () => {
  it('writes a poster without loading brotli, the ciphers, unicode-properties nor linebreak (built CLI)', () => {
    const out = join(folder, 'affiche.pdf');
    const r = spawnSync(
      process.execPath,
      ['--import', join(root, 'test', 'fixtures', 'trace-pdf-load.mjs'), join(root, 'bin', 'cafcharte'), '--db', join(folder, 'x.sqlite'), 'poster', '--vierge', '--sortie', out],
      { encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } },
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('[brotli absent] [aes absent] [md5 chargé] [unicode-properties absent] [linebreak absent]\n');
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The file ID pdfkit hashes with MD5: two 16-byte strings in the trailer.
    expect(pdf.toString('latin1')).toMatch(/\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/);
  });

  it('still wraps text with doc.text() and shapes with fontkit (linebreak and unicode-properties load then)', async () => {
    const PDFDocument = await loadPdfKit();
    const doc = new PDFDocument({ font: null as unknown as string });
    doc.registerFont('DejaVu', join(root, 'node_modules', 'dejavu-fonts-ttf', 'ttf', 'DejaVuSans.ttf'));
    const done = pdfBuffer(doc);
    doc.font('DejaVu').text('Une ligne assez longue pour être coupée en plusieurs morceaux à la largeur demandée.', { width: 120 });
    const lines = (doc as unknown as { y: number }).y;
    doc.end();
    expect((await done).subarray(0, 5).toString()).toBe('%PDF-');
    // Several lines: the text was broken at its spaces.
    expect(lines).toBeGreaterThan(72 + 3 * 12);
  });

  it('still encrypts a PDF when asked (the ciphers load then)', async () => {
    const PDFDocument = await loadPdfKit();
    const doc = new PDFDocument({ userPassword: 'secret', pdfVersion: '1.7ext3', font: null as unknown as string });
    const done = pdfBuffer(doc);
    doc.end();
    const pdf = (await done).toString('latin1');
    expect(pdf).toMatch(/\/Encrypt \d+ 0 R/);
    expect(pdf).toMatch(/\/CF <<\n\/StdCF <<\n\/AuthEvent \/DocOpen\n\/CFM \/AESV3/);
  });
});
