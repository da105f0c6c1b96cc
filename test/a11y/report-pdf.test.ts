// The report's PDF as assistive technology reads it: a tagged PDF in French whose structure
// tree holds the headings, paragraphs, lists, tables with column headers and charts with their
// text alternative; page numbers, rules and fills are artifacts; the sections are bookmarks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDb, tempDir } from '../harness.js';
import { buildReportFixture } from '../fixtures/report/dataset.js';
import { deepText, flatten, pdfinfo, readTaggedPdf, type TaggedPdf } from '../fixtures/taggedPdf.js';

let data: Buffer;
let pdf: TaggedPdf;

beforeAll(async () => {
  const db = tempDb();
  await buildReportFixture(db);
  const cwd = tempDir();
  const r = await runCli(['report', '--format', 'pdf'], { db, cwd });
  expect(r.stderr).toBe('');
  data = readFileSync(join(cwd, 'rapport-2026-S1.pdf'));
  pdf = await readTaggedPdf(data);
});

const elements = () => pdf.pages.flatMap((page) => flatten(page.tree, page).map((e) => ({ ...e, page })));

describe('report PDF: tagged for assistive technology', () => {
  it('is a tagged PDF in French per pdfinfo, showing its title', () => {
    const info = pdfinfo(data);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe('Évaluation semestrielle — Promotion des contacts dématérialisés avec la CAF — 2026-S1');
    expect(pdf.language).toBe('fr-FR');
    expect(pdf.displayDocTitle).toBe(true);
  });

  it('has the title as H1, the sections as H2 and subsections as H3, in reading order', () => {
    const headings = elements().filter((e) => /^H\d$/.test(e.role)).map((e) => `${e.role} ${e.text}`);
    expect(headings[0]).toBe('H1 Évaluation semestrielle — Promotion des contacts dématérialisés avec la CAF');
    expect(headings).toContain('H2 1. Chiffres de la CAF (art. 7)');
    expect(headings).toContain('H3 Consultations de caf.fr');
    expect(headings).toContain('H3 Rubriques consultées');
    expect(headings).toContain('H2 2. Ateliers et accueil (carnet de bord, art. 5)');
    expect(headings).toContain('H2 6. Complétude des données');
    expect(headings.indexOf('H2 1. Chiffres de la CAF (art. 7)')).toBeLessThan(headings.indexOf('H3 Consultations de caf.fr'));
  });

  it('tags every table with a header row of column-scoped TH cells, then TD cells', () => {
    const tables = elements().filter((e) => e.role === 'Table');
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const table of tables) {
      const rows = flatten(table.node, table.page).filter((e) => e.role === 'TR');
      const [head, ...body] = rows.map((row) => (row.node.children ?? []).filter((c) => 'role' in c) as { role: string }[]);
      expect(head.length).toBeGreaterThan(0);
      expect(head.every((cell) => cell.role === 'TH')).toBe(true);
      for (const row of body) expect(row.every((cell) => cell.role === 'TD')).toBe(true);
    }
    const consultations = tables[0];
    expect(deepText(consultations.node, consultations.page)).toMatch(/^Mois Consultations janvier 2026 1 000/);
  });

  it('gives each chart a Figure with a text alternative stating its values', () => {
    const figures = elements().filter((e) => e.role === 'Figure');
    expect(figures.map((f) => f.alt?.split(' : ')[0])).toEqual([
      'Diagramme en barres, consultations de caf.fr par mois',
      'Diagramme en barres, télédéclarations par mois',
      'Diagramme en barres, personnes reçues en atelier par mois',
    ]);
    expect(figures[0].alt!.replace(/[\u00a0\u202f]/g, ' ')).toContain('janvier 2026 : 1 000 ; février 2026 : 1 200');
  });

  it('tags bullets as lists (L > LI > Lbl, LBody)', () => {
    const items = elements().filter((e) => e.role === 'LI');
    expect(items.length).toBeGreaterThan(3);
    for (const item of items) {
      const roles = (item.node.children ?? []).filter((c) => 'role' in c).map((c) => (c as { role: string }).role);
      expect(roles).toEqual(['Lbl', 'LBody']);
    }
    const bodies = elements().filter((e) => e.role === 'LBody').map((e) => e.text);
    expect(bodies.some((t) => t.startsWith('Prochaine reconduction tacite'))).toBe(true);
  });

  it('leaves page numbers as artifacts and no text outside the structure', () => {
    pdf.pages.forEach((page, i) => {
      expect(page.artifacts.join(' ')).toContain(`Page ${i + 1} / ${pdf.pages.length}`);
      expect(page.untagged).toEqual([]);
      expect([...page.tagged.values()].join(' ')).not.toContain(`Page ${i + 1} /`);
    });
  });

  it('bookmarks every section on its page, subsections beneath', () => {
    const titles = pdf.outline.map((o) => o.title);
    expect(titles[0]).toBe('1. Chiffres de la CAF (art. 7)');
    expect(titles).toContain('6. Complétude des données');
    expect(pdf.outline[0].items.map((i) => i.title)).toContain('Rubriques consultées');
    expect(pdf.outline[0].page).toBe(2);
    for (const section of pdf.outline) expect(section.page).toBeGreaterThan(1);
  });
});
