// French typography in every output a person reads (terminal, Markdown, HTML, PDF, poster),
// on a dataset made for it: the first of a month, counts of 0, 1 and 2, a commune whose name
// takes an article (Les Avirons) and a place name holding « ».
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDb, tempDir } from './harness.js';
import { parseHtml, pdfTextBoxes, type HtmlNode } from './fixtures/report/readBack.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const PLACE = 'Médiathèque des Avirons « Bel Air »';

let db: string;
let cwd: string;

async function cli(argv: string[]) {
  const r = await runCli(argv, { db, cwd });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} : ${r.stderr}`);
  return r;
}

beforeAll(async () => {
  db = tempDb();
  cwd = tempDir();
  await cli(['places', 'add', '--nom', PLACE, '--type', 'mediatheque', '--commune', 'Les Avirons', '--adresse', '2 rue du Stade', '--code-postal', '97425', '--telephone', '0262 38 00 00', '--creneau', 'mer 14:00-17:00']);
  // 1 July (first of a month): 2 animators informed in 1 workshop; 1 September: 1 person, 0 newcomer.
  await cli(['logbook', 'add', '--lieu', PLACE, '--date', '2026-07-01', '--debut', '14:00', '--duree', '60', '--type', 'information-animateurs', '--recus', '2', '--remarques', 'Salle prête ; wifi rapide !']);
  await cli(['logbook', 'add', '--lieu', PLACE, '--date', '2026-09-01', '--debut', '14:00', '--duree', '60', '--type', 'courriel', '--recus', '1', '--nouveaux', '0', '--courriels', '1']);
}, 60_000);

/** Lines that break French typography: one starting with ":" ";" "»", one ending with "«". */
const badBreaks = (lines: string[]) => lines.filter((l) => /^\s*[:;!?»]/.test(l) || /«\s*$/.test(l));

/**
 * What every rendering must say the French way. A PDF's text extracts its no-break spaces as
 * ordinary ones (`spaces: false`): there the no-break spaces show in where lines break.
 */
function expectFrench(text: string, spaces = true) {
  expect(text).toContain('1er juillet 2026');
  expect(text).not.toMatch(/\b1 (juillet|septembre)\b/);
  expect(text).not.toMatch(/\([se]\)|\(x\)|\(es\)/);
  expect(text).not.toContain('n.d..');
  if (!spaces) return;
  expect(text).toContain(`«${NBSP}Bel Air${NBSP}»`);
  expect(text).not.toMatch(/\S :|« | »| ;| %/); // ordinary spaces where French wants no-break ones
}

describe('French typography in every output', () => {
  it('terminal report', async () => {
    const r = await cli(['rapport', '--semestre', '2026-S2']);
    const text = r.typeset.stdout;
    expectFrench(text);
    expect(text).toContain(`Semestre${NBSP}: 2026-S2, 2e semestre 2026 (juillet-décembre)`);
    expect(text).toContain('1 atelier, 2 animateurs');
    expect(text).toContain(`Salle prête${NNBSP}; wifi rapide${NNBSP}!`);
    expect(badBreaks(text.split('\n'))).toEqual([]);
  });

  it('Markdown report', async () => {
    const text = (await cli(['rapport', '--semestre', '2026-S2', '--format', 'md'])).typeset.stdout;
    expectFrench(text);
    expect(text).toContain(`**Semestre${NBSP}:**`);
    expect(text).toContain('1 atelier, 2 animateurs');
  });

  it('HTML report: the text, never the markup', async () => {
    await cli(['rapport', '--semestre', '2026-S2', '--format', 'html', '--sortie', 'r.html']);
    const html = readFileSync(join(cwd, 'r.html'), 'utf8');
    const texts: string[] = [];
    const walk = (node: HtmlNode) => {
      if (node.name === 'style' || node.name === 'script') return;
      for (const child of node.children) {
        if (typeof child === 'string') texts.push(child);
        else walk(child);
      }
    };
    walk(parseHtml(html));
    expectFrench(texts.join('\n'));
    expect(texts.join('\n')).toContain('1 atelier, 2 animateurs');
  });

  it('PDF report: no line of text starts with ":" or "»" or ends with "«"', async () => {
    await cli(['rapport', '--semestre', '2026-S2', '--format', 'pdf', '--sortie', 'r.pdf']);
    const boxes = await pdfTextBoxes(readFileSync(join(cwd, 'r.pdf')));
    // A PDF line: the runs of one page at one height.
    const lines = new Map<string, string>();
    for (const b of boxes.sort((a, c) => a.page - c.page || c.y - a.y || a.x - c.x)) {
      const key = `${b.page}:${Math.round(b.y)}`;
      lines.set(key, (lines.get(key) ?? '') + b.str);
    }
    const text = [...lines.values()].join('\n');
    expectFrench(text, false);
    expect(text).toContain('« Bel Air »');
    expect(badBreaks([...lines.values()])).toEqual([]);
  });

  it('poster: the commune with its article, « » kept with their words on a narrow slot', async () => {
    await cli(['affiche', '--lieu', PLACE, '--format', 'svg', '--sortie', 'a.svg']);
    const svg = readFileSync(join(cwd, 'a.svg'), 'utf8');
    const lines = [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    expect(lines.join('\n').toUpperCase()).toContain('DES AVIRONS');
    expect(lines.join(' ')).toContain(`Créneaux réservés aux allocataires${NBSP}:`);
    expect(lines.join(' ')).toContain(`CAF en ligne${NBSP}:`);
    expect(lines.join(' ')).toContain(`accompagne${NNBSP}!`);
    expect(badBreaks(lines)).toEqual([]);
  });
});
