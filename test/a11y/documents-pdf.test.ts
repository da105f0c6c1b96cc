// The comité's documents in PDF as assistive technology reads them: tagged, in French, the
// title as H1, sections as H2, the agenda as a list, the members as a table with column
// headers, art. 10 as a quotation; page numbers and table rules are artifacts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDb, tempDir } from '../harness.js';
import { deepText, flatten, pdfinfo, readTaggedPdf } from '../fixtures/taggedPdf.js';
import { parseMarkup } from '../../src/render/document/markup.js';
import { renderDocumentPdf } from '../../src/render/document/pdf.js';

async function run(argv: string[], db: string) {
  const r = await runCli(argv, { db });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

describe('document PDFs: tagged for assistive technology', () => {
  it('tags the convocation and the breach letter', async () => {
    const db = tempDb();
    const dir = tempDir();
    await run(['charter', 'sign', '--date', '2026-03-15'], db);
    await run(['charter', 'copil', 'members', 'add', '--organisation', 'caf', '--role', 'Référent CAF', '--nom', 'Jean Dupont'], db);
    await run(['charter', 'copil', 'meeting', 'add', '--date', '2026-12-10', '--heure', '09:30', '--lieu', 'Antenne CAF de Saint-Pierre'], db);
    await run(['charter', 'breach', '--par', 'commune', '--recu', '2026-10-02', '--motif', 'Créneaux réservés non assurés'], db);
    await run(['charter', 'copil', 'convocation', '--reunion', '1', '--format', 'pdf', '--sortie', join(dir, 'convocation.pdf')], db);
    await run(['charter', 'lettre', 'manquement', '--manquement', '1', '--format', 'pdf', '--sortie', join(dir, 'lettre.pdf')], db);

    const data = readFileSync(join(dir, 'convocation.pdf'));
    const info = pdfinfo(data);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe('Convocation au comité de pilotage du 10 décembre 2026');
    const pdf = await readTaggedPdf(data);
    expect(pdf.language).toBe('fr-FR');
    expect(pdf.displayDocTitle).toBe(true);
    const elements = pdf.pages.flatMap((page) => flatten(page.tree, page).map((e) => ({ ...e, page })));
    expect(elements.filter((e) => e.role === 'H1').map((e) => e.text)).toEqual(['Convocation au comité de pilotage']);
    expect(elements.filter((e) => e.role === 'H2').map((e) => e.text)).toEqual(['Ordre du jour', 'Membres convoqués', 'Pièce jointe']);
    const list = elements.find((e) => e.role === 'L')!;
    expect(flatten(list.node, list.page).filter((e) => e.role === 'LI')).toHaveLength(5);
    const table = elements.find((e) => e.role === 'Table')!;
    expect(flatten(table.node, table.page).filter((e) => e.role === 'TH').map((e) => e.text)).toEqual(['Nom', 'Fonction', 'Organisation']);
    expect(deepText(table.node, table.page)).toContain('Jean Dupont Référent CAF CAF de la Réunion');
    // Everything a reader meets is in the structure, except the page numbers.
    for (const page of pdf.pages) {
      expect(page.untagged).toEqual([]);
      expect(page.artifacts.join(' ')).toMatch(/^Page 1 \/ 1$/);
    }

    const letter = await readTaggedPdf(readFileSync(join(dir, 'lettre.pdf')));
    const quotes = letter.pages.flatMap((page) => flatten(page.tree, page).filter((e) => e.role === 'BlockQuote').map((e) => deepText(e.node, page)));
    expect(quotes.some((q) => q.startsWith('Chaque partie pourra librement résilier'))).toBe(true);
    expect(quotes).toContain('Créneaux réservés non assurés');
  });
});

describe('document PDFs: text that runs over pages', () => {
  it('carries a long paragraph with bold words over to the next pages, every word tagged and none lost', async () => {
    const words = Array.from({ length: 1500 }, (_, i) => (i % 50 === 7 ? `**mot${i}**` : `mot${i}`));
    const blocks = parseMarkup(`# Titre\n\n${words.join(' ')}\n`);
    const data = await renderDocumentPdf(blocks, { title: 'Essai', subject: 'essai', date: new Date('2026-11-26T08:00:00Z') });
    const pdf = await readTaggedPdf(data);
    expect(pdf.pages.length).toBeGreaterThan(1);
    const text = pdf.pages.map((p) => [...p.tagged.values()].join(' ')).join(' ');
    for (const i of [0, 7, 749, 1499]) expect(text).toMatch(new RegExp(`\\bmot${i}\\b`));
    expect(text.match(/mot\d+/g)).toHaveLength(1500);
    for (const page of pdf.pages) expect(page.untagged).toEqual([]);
    expect(pdf.pages.at(-1)!.artifacts.join(' ')).toBe(`Page ${pdf.pages.length} / ${pdf.pages.length}`);
  });
});
