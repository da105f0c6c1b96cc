// The HTML report in a real browser: axe-core (every rule it enables by default, best practices
// included) finds no violation, and Chromium's print of it is A4 with nothing past the page edge.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { runCli, tempDb, tempDir } from '../harness.js';
import { buildReportFixture } from '../fixtures/report/dataset.js';
import { launchChromium } from '../fixtures/chromium.js';
import { findAll, parseHtml, textOf } from '../fixtures/report/readBack.js';

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[];
  passes: { id: string }[];
}

let browser: Browser;
let page: Page;
let html: string;
const requested: string[] = [];

beforeAll(async () => {
  const db = tempDb();
  await buildReportFixture(db);
  const cwd = tempDir();
  const r = await runCli(['report', '--format', 'html'], { db, cwd });
  expect(r.code).toBe(0);
  const path = join(cwd, 'rapport-2026-S1.html');
  html = readFileSync(path, 'utf8');
  browser = await launchChromium();
  page = await browser.newPage();
  // The page stands alone: anything it would fetch beyond its own file is refused and noted.
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url().startsWith('file:') || request.url().startsWith('data:')) void request.continue();
    else {
      requested.push(request.url());
      void request.abort();
    }
  });
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('HTML report in headless Chromium', () => {
  it('has no accessibility violation for axe-core, best practices included', async () => {
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const result = (await page.evaluate(() =>
      (window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        resultTypes: ['violations'],
      }),
    )) as AxeResult;
    const report = result.violations.map((v) => `${v.id} (${v.impact}) : ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(report).toEqual([]);
    // The rules that matter here did run.
    const ran = result.passes.map((p) => p.id);
    for (const rule of ['color-contrast', 'landmark-one-main', 'region', 'th-has-data-cells', 'html-has-lang', 'page-has-heading-one', 'heading-order']) expect(ran).toContain(rule);
    expect(requested).toEqual([]);
  }, 60_000);

  it('prints on A4 pages, nothing drawn past the right edge', async () => {
    const pdf = Buffer.from(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
    const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, useSystemFonts: false }).promise;
    expect(doc.numPages).toBeGreaterThanOrEqual(3);
    expect(doc.numPages).toBeLessThanOrEqual(12);
    for (let n = 1; n <= doc.numPages; n++) {
      const p = await doc.getPage(n);
      const [x0, y0, x1, y1] = p.view;
      expect(Math.abs(x1 - x0 - 595.28)).toBeLessThan(1);
      expect(Math.abs(y1 - y0 - 841.89)).toBeLessThan(1);
      const content = await p.getTextContent();
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        expect(item.transform[4], item.str).toBeGreaterThanOrEqual(0);
        expect(item.transform[4] + item.width, item.str).toBeLessThanOrEqual(595.28);
      }
    }
    await doc.destroy();
  }, 60_000);
});

describe('HTML report markup', () => {
  it('keeps its content in <main>, captions every table, scopes every header cell, shows charts as figures', () => {
    const root = parseHtml(html.replace(/^<!DOCTYPE html>/i, ''));
    const body = findAll(root, 'body')[0]!;
    const elements = body.children.filter((c) => typeof c !== 'string');
    expect(elements.map((e) => (e as { name: string }).name)).toEqual(['main']);
    const tables = findAll(root, 'table');
    expect(tables.length).toBeGreaterThanOrEqual(9);
    for (const table of tables) {
      const first = table.children.find((c) => typeof c !== 'string');
      expect(first && typeof first !== 'string' ? first.name : '').toBe('caption');
      expect(textOf(first!).trim()).not.toBe('');
      for (const th of findAll(table, 'th')) expect(['col', 'row']).toContain(th.attributes.scope);
    }
    const figures = findAll(root, 'figure');
    expect(figures).toHaveLength(3);
    for (const figure of figures) {
      expect(findAll(figure, 'svg')[0]!.attributes['aria-label']).toMatch(/par mois$/);
      expect(textOf(findAll(figure, 'figcaption')[0]!)).toMatch(/tableau/);
    }
  });

  it('draws a missing month’s "n.d." in a grey of at least 4.5:1 on white', () => {
    const fills = [...html.matchAll(/fill="(#[0-9a-f]{6})"[^>]*>n\.d\.</gi)].map((m) => m[1]!);
    expect(fills.length).toBeGreaterThan(0);
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const fill of fills) expect((1.05 / (luminance(fill) + 0.05))).toBeGreaterThanOrEqual(4.5);
  });
});
