// The CAF figures repository on the suite's engine: an import is all-or-nothing, refuses or
// replaces exactly the keys already stored, and crosses the batches of both engines. On a
// PostgreSQL run, the same dataset is also written to a SQLite file and every aggregate of the
// report and the export must come out identical from both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Store } from '../../src/store/engine.js';
import { findImportBySha, importFigures, listFigures, listImports, type ImportInput } from '../../src/store/cafFigures.js';
import { perimeterMonthly, territoryMonthly, territorySectionsMonthly } from '../../src/store/cafTerritory.js';
import { readExport } from '../../src/store/exports.js';
import { loadReportInput } from '../../src/store/report.js';
import type { CafFigure, Indicator, RowError } from '../../src/domain/cafFigures/types.js';
import { COMMUNES } from '../../src/domain/territory.js';
import { ENGINE, openTestStore, tempDb, tempSqliteDb } from '../harness.js';
import { insertEntry, insertSession } from '../commands/export-fixtures.js';

const AT = '2026-11-26T12:00:00+04:00';

function figure(month: string, perimeterKey: string, indicator: Indicator, value: number, siteSection: string | null = null): CafFigure {
  // The perimeter object is not stored: the key is.
  return { line: 0, month, perimeter: { kind: 'territoire' }, perimeterKey, indicator, siteSection, value };
}

function file(sha256: string, figures: CafFigure[], options: { replace?: boolean; errors?: RowError[] } = {}): ImportInput {
  return {
    fileName: `${sha256}.csv`,
    sha256,
    importedAt: AT,
    replace: options.replace ?? false,
    // Hands the figures over in two halves with a drain between, as a file read in chunks does.
    read: async (onFigure, drain) => {
      const half = Math.floor(figures.length / 2);
      figures.slice(0, half).forEach(onFigure);
      await drain();
      figures.slice(half).forEach(onFigure);
      return { errors: options.errors ?? [] };
    },
  };
}

/** 6,000 sections in one pair: more than one batch on either engine. */
const MANY_SECTIONS = Array.from({ length: 6000 }, (_, i) => figure('2026-01', 'territoire', 'siteSection', i, `Rubrique ${String(i).padStart(4, '0')}`));

const FIRST_FILE = [
  figure('2026-01', 'territoire', 'consultations', 1500),
  ...MANY_SECTIONS,
  figure('2026-01', 'territoire', 'onlineDeclaration', 300),
  figure('2026-01', 'lieu:1', 'consultations', 120),
  figure('2026-02', 'territoire', 'consultations', 1600),
];

async function figureCount(store: Store): Promise<number> {
  return Number((await store.one(sql<{ n: number }>`SELECT count(*) AS n FROM caf_figures`))!.n);
}

describe(`CAF figures repository (${ENGINE})`, () => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(tempDb());
  });
  afterEach(() => store.close());

  it('imports a file in batches, every figure once, and records it', async () => {
    const outcome = await importFigures(store, file('premier', FIRST_FILE));
    expect(outcome).toEqual({ kind: 'imported', importId: 1, inserted: 6004, replaced: 0, months: ['2026-01', '2026-02'] });
    expect(await figureCount(store)).toBe(6004);
    expect((await listImports(store)).map(({ id, rowCount, replacedCount }) => ({ id, rowCount, replacedCount }))).toEqual([{ id: 1, rowCount: 6004, replacedCount: 0 }]);
    const listed = await listFigures(store, { from: '2026-01', to: '2026-01' });
    expect(listed.slice(0, 3)).toEqual([
      { month: '2026-01', perimeter: 'territoire', indicator: 'consultations', siteSection: null, value: 1500 },
      { month: '2026-01', perimeter: 'territoire', indicator: 'siteSection', siteSection: 'Rubrique 5999', value: 5999 },
      { month: '2026-01', perimeter: 'territoire', indicator: 'siteSection', siteSection: 'Rubrique 5998', value: 5998 },
    ]);
    expect(listed.at(-2)).toEqual({ month: '2026-01', perimeter: 'territoire', indicator: 'onlineDeclaration', siteSection: null, value: 300 });
    expect(listed.at(-1)).toEqual({ month: '2026-01', perimeter: 'lieu:1', indicator: 'consultations', siteSection: null, value: 120 });
    expect(await listFigures(store, { perimeter: 'lieu:1' })).toHaveLength(1);
    expect(await importFigures(store, file('premier', FIRST_FILE))).toMatchObject({ kind: 'alreadyImported', previous: { id: 1, rowCount: 6004 } });
  });

  it('refuses a file whose keys are stored, naming the pairs; with replace, replaces those keys alone', async () => {
    await importFigures(store, file('premier', FIRST_FILE));
    const correction = [figure('2026-01', 'territoire', 'onlineDeclaration', 310), figure('2026-01', 'lieu:1', 'consultations', 125), figure('2026-03', 'territoire', 'consultations', 1700)];
    expect(await importFigures(store, file('correction', correction))).toEqual({
      kind: 'occupied',
      pairs: [
        { month: '2026-01', perimeter: 'lieu:1', figureCount: 1 },
        { month: '2026-01', perimeter: 'territoire', figureCount: 1 },
      ],
    });
    expect(await figureCount(store)).toBe(6004);
    expect(await findImportBySha(store, 'correction')).toBeUndefined();

    expect(await importFigures(store, file('correction', correction, { replace: true }))).toEqual({
      kind: 'imported',
      importId: 2, // the refused attempt spent no number, on either engine
      inserted: 3,
      replaced: 2,
      months: ['2026-01', '2026-03'],
    });
    expect(await figureCount(store)).toBe(6005);
    const january = await listFigures(store, { from: '2026-01', to: '2026-01' });
    expect(january.find((f) => f.indicator === 'onlineDeclaration')?.value).toBe(310);
    expect(january.find((f) => f.perimeter === 'lieu:1')?.value).toBe(125);
    expect(january.find((f) => f.indicator === 'consultations' && f.perimeter === 'territoire')?.value).toBe(1500);
  });

  it('writes nothing when the file has refused rows', async () => {
    const outcome = await importFigures(store, file('mauvais', FIRST_FILE, { errors: [{ line: 7, reason: 'mois illisible' }] }));
    expect(outcome).toEqual({ kind: 'invalid', errors: [{ line: 7, reason: 'mois illisible' }] });
    expect(await figureCount(store)).toBe(0);
    expect(await listImports(store)).toEqual([]);
  });
});

/** The same small territory on any store: places, sessions, entries and CAF figures of 2026-S1. */
async function seed(store: Store): Promise<void> {
  for (const [name, insee] of [
    ['Médiathèque du Tampon', '97422'],
    ['MPT de Bois-Court', '97422'],
    ['Médiathèque de Saint-Pierre', '97416'],
  ]) {
    await store.run(sql`
      INSERT INTO places (name, kind, commune_insee, address, postal_code, phone, created_at, updated_at)
      VALUES (${name}, 'mediatheque', ${insee}, '1 rue de la Mairie', '97430', '+262262000000', ${AT}, ${AT})`);
  }
  await store.transaction(async (tx) => {
    const held = await insertSession(tx, { place: 1, date: '2026-03-04', start: '14:00', end: '17:00', type: 'creneau-reserve', capacity: 8 });
    await insertSession(tx, { place: 3, date: '2026-04-09', start: '09:00', end: '12:00', type: 'teledeclaration', status: 'annulee', reason: 'Panne' });
    await insertSession(tx, { place: 2, date: '2026-05-12', start: '09:00', end: '12:00', type: 'courriel', capacity: 6 });
    await tx.run(sql`INSERT INTO bookings (session_id, seats, status, created_at, updated_at) VALUES (${held}, 3, 'confirmee', ${AT}, ${AT})`);
    await insertEntry(tx, { date: '2026-03-04', start: '14:00', place: 1, session: held, type: 'creneau-reserve', received: 5, firstTimers: 2, remarks: 'Bonne séance' });
    await insertEntry(tx, { date: '2026-03-18', place: 2, type: 'courriel', received: 3, results: 'Deux comptes créés' });
    await insertEntry(tx, { date: '2026-06-02', place: 3, type: 'teledeclaration', received: 4, firstTimers: 1, onlineDeclarations: 2 });
  });
  const figures: CafFigure[] = [];
  for (const month of ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2025-01', '2025-07']) {
    if (month !== '2026-02') figures.push(figure(month, 'territoire', 'consultations', 1000 + Number(month.slice(5))));
    // February: no territory figure, but all ten communes; March: only two of them.
    const communes = month === '2026-02' ? COMMUNES : month === '2026-03' ? COMMUNES.slice(0, 2) : [];
    for (const commune of communes) {
      figures.push(figure(month, `commune:${commune.insee}`, 'consultations', 90));
      figures.push(figure(month, `commune:${commune.insee}`, 'siteSection', 40, 'Mon Compte'));
      figures.push(figure(month, `commune:${commune.insee}`, 'siteSection', 30, 'Mes démarches'));
    }
    figures.push(figure(month, 'territoire', 'siteSection', 700, 'Mon Compte'), figure(month, 'territoire', 'onlineDeclaration', 250));
    figures.push(figure(month, 'lieu:1', 'consultations', 80), figure(month, 'lieu:3', 'onlineDeclaration', 12));
  }
  expect(await importFigures(store, file('territoire', figures))).toMatchObject({ kind: 'imported' });
}

describe('CAF figures, report and export aggregates on both engines', () => {
  it.skipIf(ENGINE !== 'postgres')('are identical on SQLite and PostgreSQL for the same dataset', async () => {
    const stores = [await openTestStore(tempSqliteDb()), await openTestStore(tempDb())];
    try {
      const answers = [];
      for (const store of stores) {
        await seed(store);
        const span = { from: '2026-01', to: '2026-06' };
        answers.push(
          JSON.stringify({
            report: await loadReportInput(store, { year: 2026, half: 1 }, '2026-11-26'),
            export: Object.fromEntries((await readExport(store, { from: '2026-01-01', to: '2026-06-30' }, ['logbook', 'sessions', 'stats'], '2026-11-26', 'Territoire Sud')).rows),
            listed: await listFigures(store),
            territory: await territoryMonthly(store, 'consultations', span),
            sections: await territorySectionsMonthly(store, span),
            perimeters: await perimeterMonthly(store, span),
          }, (_key, value: unknown) => (value instanceof Map ? [...value] : value)),
        );
      }
      expect(answers[1]).toBe(answers[0]);
      // And the dataset did reach every part of the answers.
      const answer = JSON.parse(answers[0]!) as { report: { logbook: { totals: { entries: number } } }; export: Record<string, unknown[]> };
      expect(answer.report.logbook.totals.entries).toBe(3);
      expect(answer.export.stats!.length).toBeGreaterThan(6);
    } finally {
      for (const store of stores) await store.close();
    }
  });
});
