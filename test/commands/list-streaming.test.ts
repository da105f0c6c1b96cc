// `logbook list` and `sessions list` stream their rows (Store.stream, printTableStream): the
// output must stay byte for byte what the listings printed when they read every row first,
// piped and on a terminal, on both engines, typography and odd cells included.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import fc from 'fast-check';
import { addTestPlaces, DEFAULT_NOW, openTestStore, runCli, tempDb } from '../harness.js';
import type { Ctx } from '../../src/context.js';
import { STREAM_BATCH, type Store } from '../../src/store/engine.js';
import { compileForSqlite, sql as ourSql } from '../../src/store/sql.js';
import { jsonArrayQuery } from '../../src/store/sqliteRowsAsJson.js';
import { listEntries, logbookTotals } from '../../src/store/logbook.js';
import { listSessions, listSessionSummaries, type SessionFilter } from '../../src/store/sessions/read.js';
import { plainLine, printJson, printJsonStream, printLine, printTable, printTableStream, type Cell } from '../../src/render/output.js';
import { formatDurationFr, logbookEntryJson, logbookTotalsJson, type LogbookFilter } from '../../src/domain/logbook.js';
import { todayInReunion } from '../../src/domain/dates.js';
import { countOf, frenchSpacing } from '../../src/domain/french.js';
import { resultsSummary, totalsLine, typeLabel, whenFr } from '../../src/commands/logbook/format.js';
import { LIST_HEAD, listLine, listRow, sessionJson } from '../../src/commands/sessions/format.js';
import { listCellsOf, listLineOf } from '../../src/commands/logbook/list.js';
import { SESSION_TYPES, type SessionType } from '../../src/domain/sessionTypes.js';

/** A context that records each write, on a terminal or piped. */
function recorder(tty: boolean) {
  const writes: string[] = [];
  const ctx = { io: { stdout: { write: (t: string) => writes.push(t) }, stdoutIsTTY: tty }, color: false } as unknown as Ctx;
  return { ctx, writes, text: () => writes.join('') };
}

/** Items in batches of `size`, as Store.stream hands them out. */
async function* inBatches<T>(items: T[], size: number): AsyncIterable<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

// Every kind of cell the listings meet, over a few months.
const ENTRIES = 300;
const SESSIONS = 400;
const REMARKS = [null, 'Connexion lente : à revoir ; « urgent » ?', 'Deux\tcolonnes\r\net lignes', 'Taux 50 % ! fin', '', 'https://caf.fr/?a=1 14:00', 'Salle 2 : vidéoprojecteur'];

let db: string;

beforeAll(async () => {
  db = tempDb();
  await addTestPlaces(db);
  const store = await openTestStore(db);
  try {
    await store.transaction(async (tx) => {
      for (let i = 0; i < ENTRIES; i++) {
        const date = `2026-0${1 + (i % 6)}-${String(1 + (i % 28)).padStart(2, '0')}`;
        await tx.run(sql`INSERT INTO logbook_entries (date, start_time, place_id, type, received, first_timers, duration_minutes, animators, remarks,
                           online_declarations, accounts_created, emails_sent, certificates, completed_procedures, author, removed_at, created_at, updated_at)
                         VALUES (${date}, ${i % 5 === 0 ? null : `${String(8 + (i % 9)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`}, ${1 + (i % 3)},
                           ${i % 7 === 0 ? 'creneau-reserve' : 'teledeclaration'}, ${i % 14 === 0 ? 0 : 2 + (i % 11)}, ${i % 4 === 0 || i % 14 === 0 ? null : i % 3}, ${i % 9 === 0 ? null : 30 + i},
                           '["Sophie"]', ${REMARKS[i % REMARKS.length]}, ${i % 3}, ${i % 2}, 0, ${i % 5}, 1234, 'testeur', ${i % 50 === 7 ? '2026-07-01 10:00' : null}, 'x', 'x')`);
      }
      for (let i = 0; i < SESSIONS; i++) {
        const date = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
        const row = await tx.one(
          sql<{ id: number }>`INSERT INTO sessions (place_id, date, start_time, end_time, type, capacity, status, created_at, updated_at)
               VALUES (${1 + (i % 3)}, ${date}, ${`${String(8 + (i % 9)).padStart(2, '0')}:00`}, ${`${String(9 + (i % 9)).padStart(2, '0')}:30`},
                 ${i % 2 ? 'teledeclaration' : 'decouverte-caf-fr'}, ${i % 4 === 0 ? null : 8}, ${i % 10 === 0 ? 'annulee' : 'prevue'}, 'x', 'x') RETURNING id`,
        );
        if (i % 3 === 0) {
          await tx.run(sql`INSERT INTO bookings (session_id, seats, status, created_at, updated_at) VALUES (${row!.id}, ${1 + (i % 4)}, 'confirmee', 'x', 'x')`);
          await tx.run(sql`INSERT INTO bookings (session_id, seats, status, created_at, updated_at) VALUES (${row!.id}, 2, ${i % 2 ? 'attente' : 'annulee'}, 'x', 'x')`);
        }
      }
    });
  } finally {
    await store.close();
  }
}, 120_000);

/** `logbook list` as it was written before it streamed: every entry read, then one table. */
async function logbookListBefore(ctx: Ctx, store: Store, filter: LogbookFilter): Promise<void> {
  const entries = await listEntries(store, filter);
  const totals = await logbookTotals(store, filter);
  if (entries.length === 0) return printLine(ctx, 'Aucune entrée au carnet de bord pour ces critères.');
  printTable(
    ctx,
    ['N°', 'Date', 'Lieu', 'Type', 'Reçus', 'Nouveaux', 'Durée', 'Résultats', 'Remarques'],
    entries.map((e) => [e.id, whenFr(e), e.placeName, typeLabel(e.type), e.received, e.firstTimers, e.durationMinutes === null ? null : formatDurationFr(e.durationMinutes), resultsSummary(e), e.remarks]),
    { alignRight: [0, 4, 5] },
  );
  printLine(ctx, totalsLine(totals));
}

/** `sessions list` as it was written before it streamed. */
async function sessionsListBefore(ctx: Ctx, store: Store, filter: SessionFilter): Promise<void> {
  const today = todayInReunion(DEFAULT_NOW);
  const sessions = await listSessionSummaries(store, { ...filter, today });
  printTable(ctx, LIST_HEAD, sessions.map((s) => listRow(s, today)), { alignRight: [0] });
  const cancelled = sessions.filter((s) => s.cancelled).length;
  const seats = sessions.filter((s) => !s.cancelled).reduce((n, s) => n + s.booked, 0);
  printLine(ctx, `${countOf(sessions.length, 'séance', 'séances')}${cancelled ? `, dont ${countOf(cancelled, 'annulée', 'annulées')}` : ''} ; ${countOf(seats, 'place réservée', 'places réservées')}.`);
}

async function before(list: (ctx: Ctx, store: Store) => Promise<void>, tty: boolean): Promise<string> {
  const { ctx, text } = recorder(tty);
  const store = await openTestStore(db);
  try {
    await list(ctx, store);
  } finally {
    await store.close();
  }
  return text();
}

describe('listings that stream print what they printed before, byte for byte', () => {
  it.each([
    ['every entry', [], {}],
    ['a semester', ['--semestre', '2026-S1'], { from: '2026-01-01', to: '2026-06-30' }],
    ['a place', ['--lieu', '2'], { placeIds: [2] }],
    ['nothing', ['--mois', '2025-01'], { from: '2025-01-01', to: '2025-01-31' }],
  ] as [string, string[], LogbookFilter][])('logbook list, %s, piped and on a terminal', async (_, args, filter) => {
    // A terminal table of hundreds of rows takes cli-table3 seconds: the small cases only.
    for (const tty of args.length && args[0] !== '--semestre' ? [false, true] : [false]) {
      const r = await runCli(['logbook', 'list', ...args], { db, tty });
      expect(r.code).toBe(0);
      expect(r.typeset.stdout).toBe(await before((ctx, store) => logbookListBefore(ctx, store, filter), tty));
    }
  });

  it.each([
    ['every entry', [], {}],
    ['a place', ['--lieu', '2'], { placeIds: [2] }],
    ['nothing', ['--mois', '2025-01'], { from: '2025-01-01', to: '2025-01-31' }],
  ] as [string, string[], LogbookFilter][])('logbook list --json, %s: the document printJson made of every entry read first', async (_, args, filter) => {
    const r = await runCli(['logbook', 'list', ...args, '--json'], { db });
    expect(r.code).toBe(0);
    const expected = await before(async (ctx, store) => {
      const totals = await logbookTotals(store, filter);
      printJson(ctx, { schema: 'cafcharte-carnet/1', entrees: (await listEntries(store, filter)).map(logbookEntryJson), totaux: logbookTotalsJson(totals) });
    }, false);
    expect(r.stdout).toBe(expected);
  });

  it('logbook list: the French typography of the cells and of the totals, piped', async () => {
    const r = await runCli(['logbook', 'list', '--mois', '2026-01'], { db });
    const lines = r.typeset.stdout.split('\n');
    expect(lines[0]).toBe('N°\tDate\tLieu\tType\tReçus\tNouveaux\tDurée\tRésultats\tRemarques');
    expect(r.typeset.stdout).toContain('Connexion lente\u00a0: à revoir\u202f; «\u00a0urgent\u00a0»\u202f?');
    expect(r.typeset.stdout).toContain('\tDeux colonnes et lignes\n');
    expect(r.typeset.stdout).toContain('\thttps://caf.fr/?a=1 14:00\n');
    expect(lines.at(-2)).toMatch(/^Total\u00a0: 50 entrées dont \d+ créneaux sans public, /);
    expect(lines.at(-1)).toBe('');
  });

  it('logbook list with no entry: one sentence, no table', async () => {
    const r = await runCli(['logbook', 'list', '--mois', '2025-01'], { db });
    expect(r.typeset.stdout).toBe('Aucune entrée au carnet de bord pour ces critères.\n');
  });

  it.each([
    ['every session', [], {}],
    ['a month', ['--mois', '2026-06'], { from: '2026-06-01', to: '2026-06-30' }],
    ['with a free seat', ['--disponibles'], { available: true }],
    ['cancelled', ['--statut', 'annulee'], { status: 'annulee' }],
    ['nothing', ['--mois', '2025-01'], { from: '2025-01-01', to: '2025-01-31' }],
  ] as [string, string[], SessionFilter][])('sessions list, %s, piped and on a terminal', async (_, args, filter) => {
    for (const tty of args.length && args[0] !== '--disponibles' ? [false, true] : [false]) {
      const r = await runCli(['sessions', 'list', ...args], { db, tty });
      expect(r.code).toBe(0);
      expect(r.typeset.stdout).toBe(await before((ctx, store) => sessionsListBefore(ctx, store, filter), tty));
    }
  });

  it.each([
    ['every session', [], {}],
    ['with a free seat', ['--disponibles'], { available: true }],
    ['nothing', ['--mois', '2025-01'], { from: '2025-01-01', to: '2025-01-31' }],
  ] as [string, string[], SessionFilter][])('sessions list --json, %s: the document printJson made of every session read first', async (_, args, filter) => {
    const r = await runCli(['sessions', 'list', ...args, '--json'], { db });
    expect(r.code).toBe(0);
    const today = todayInReunion(DEFAULT_NOW);
    const expected = await before(async (ctx, store) => printJson(ctx, (await listSessions(store, { ...filter, today })).map((s) => sessionJson(s, today))), false);
    expect(r.stdout).toBe(expected);
  });

  it('sessions list with no session: the header and a zero count', async () => {
    const r = await runCli(['sessions', 'list', '--mois', '2025-01'], { db });
    expect(r.typeset.stdout).toBe('N°\tDate\tHeure\tLieu\tCommune\tType\tPlaces\tListe d’attente\tStatut\n0 séance\u202f; 0 place réservée.\n');
  });

  it('piped, a long listing goes out in chunks of about 64 KB, not one string nor one write per row', async () => {
    const head = ['N°', 'Lieu', 'Remarques'];
    const rows: Cell[][] = Array.from({ length: 5000 }, (_, i) => [i, `Médiathèque n° ${i}`, REMARKS[i % REMARKS.length]]);
    const whole = recorder(false);
    printTable(whole.ctx, head, rows);
    const streamed = recorder(false);
    expect(await printTableStream(streamed.ctx, head, inBatches(rows, 250))).toBe(rows.length);
    expect(streamed.text()).toBe(whole.text());
    expect(whole.text().length).toBeGreaterThan(3 * 64 * 1024);
    expect(streamed.writes.length).toBeGreaterThanOrEqual(3);
    expect(streamed.writes.length).toBeLessThan(10);
    for (const chunk of streamed.writes.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(64 * 1024);
  });
});

describe('a piped row', () => {
  it('is each cell French-spaced, then flattened to one line, joined by tabs, whatever the cells hold', async () => {
    const cellText = fc.string({ unit: fc.constantFrom(' ', ':', ';', '!', '?', '%', '«', '»', '\t', '\n', '\r', 'a', '/', '1', 'é'), maxLength: 12 });
    const cell = fc.oneof(cellText, fc.integer(), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), async (rows) => {
        const width = rows[0].length;
        const table = rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? null));
        const oneCell = (c: Cell) => (c === null || c === undefined ? '' : frenchSpacing(String(c))).replace(/[\t\r\n]+/g, ' ');
        const expected = table.map((row) => row.map(oneCell).join('\t')).join('\n');
        const whole = recorder(false);
        printTable(whole.ctx, ['N°', 'Remarques : x', 'b', 'c'].slice(0, width), table);
        expect(whole.text().split('\n').slice(1).join('\n')).toBe(`${expected}\n`);
        const streamed = recorder(false);
        await printTableStream(streamed.ctx, ['N°', 'Remarques : x', 'b', 'c'].slice(0, width), inBatches(table, 2));
        expect(streamed.text()).toBe(whole.text());
      }),
      { numRuns: 300 },
    );
  });
});

describe('a listing that makes its own piped lines', () => {
  // Cells as odd as a store from elsewhere may hold: typography, tabs, line breaks, unknown types.
  const text = fc.string({ unit: fc.constantFrom(' ', ':', ';', '?', '%', '«', '»', '\t', '\n', '\r', 'a', '/', '1', 'é', '’'), maxLength: 10 });
  const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const count = fc.integer({ min: 0, max: 2500 });

  it('logbook list: the line of an entry is plainLine of its cells, whatever they hold', () => {
    const entry = fc.record({
      id: fc.nat(),
      date: day,
      startTime: fc.oneof(fc.constant(null), fc.constantFrom('08:30', '14:00'), text),
      placeName: fc.oneof(fc.constantFrom('Médiathèque du Tampon', 'Pont-d’Yves'), text),
      // A type the tool does not know (a store from elsewhere) is shown as it is stored.
      type: fc.oneof(fc.constantFrom('teledeclaration', 'creneau-reserve'), text).map((t) => t as SessionType),
      received: count,
      firstTimers: fc.oneof(fc.constant(null), count),
      durationMinutes: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 600 })),
      remarks: fc.oneof(fc.constant(null), fc.constant('Séance écourtée : coupure.'), text),
      onlineDeclarations: count,
      accountsCreated: count,
      emailsSent: count,
      certificates: count,
      completedProcedures: count,
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        for (const e of entries) expect(listLineOf(e)).toBe(plainLine(listCellsOf(e)));
      }),
      { numRuns: 500 },
    );
  });

  it('sessions list: the line of a session is plainLine of its row, whatever it holds', () => {
    const session = fc.record({
      id: fc.nat(),
      placeId: fc.nat(),
      placeName: fc.oneof(fc.constantFrom('Médiathèque du Tampon', 'Pont-d’Yves'), text),
      communeName: fc.oneof(fc.constantFrom('Le Tampon', 'L’Entre-Deux'), text),
      date: day,
      start: fc.oneof(fc.constantFrom('08:30', '14:00'), text),
      end: fc.oneof(fc.constantFrom('10:00', '16:30'), text),
      type: fc.constantFrom(...SESSION_TYPES),
      capacity: fc.oneof(fc.constant(null), count),
      cancelled: fc.boolean(),
      booked: count,
      waitingSeats: count,
      waitingRequests: count,
    });
    fc.assert(
      fc.property(session, day, (s, today) => {
        expect(listLine(s, today)).toBe(plainLine(listRow(s, today)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('printJsonStream', () => {
  it('writes what printJson writes of the whole object, whatever the values', async () => {
    // Names apart from each other (in one object a name given twice is one member).
    const members = (prefix: string) => fc.dictionary(fc.string().map((k) => `${prefix}${k}`), fc.jsonValue());
    await fc.assert(
      fc.asyncProperty(members('b'), fc.array(fc.jsonValue(), { maxLength: 7 }), members('a'), fc.integer({ min: 1, max: 3 }), async (first, items, last, size) => {
        const whole = recorder(false);
        printJson(whole.ctx, { ...first, items, ...last });
        const streamed = recorder(false);
        await printJsonStream(streamed.ctx, first, 'items', inBatches(items, size), () => last);
        expect(streamed.text()).toBe(whole.text());
      }),
      { numRuns: 300 },
    );
  });
});

describe('Store.stream', () => {
  it('hands out the rows of all(), in order, in batches, and the store answers again once the loop is left early', async () => {
    const store = await openTestStore(db);
    try {
      const query = sql<{ id: number; remarks: string | null }>`SELECT id, remarks FROM logbook_entries ORDER BY id`;
      const batches: { id: number; remarks: string | null }[][] = [];
      for await (const batch of store.stream(query)) batches.push(batch);
      expect(batches.flat()).toEqual(await store.all(query));
      expect(batches.map((batch) => batch.length)).toEqual(ENTRIES > STREAM_BATCH ? [STREAM_BATCH, ENTRIES - STREAM_BATCH] : [ENTRIES]);
      // Null values, numbers, and a name given twice (the last value wins, as in all()).
      const twice = sql<{ n: string; remarks: string | null }>`SELECT id AS n, remarks, first_timers, date AS n FROM logbook_entries ORDER BY id`;
      const rows: unknown[] = [];
      for await (const batch of store.stream(twice)) rows.push(...batch);
      expect(rows).toEqual(await store.all(twice));
      expect(rows[0]).toEqual({ n: expect.stringMatching(/^2026-/), remarks: null, first_timers: null });
      const many = sql<{ n: number }>`SELECT e.id AS n FROM logbook_entries e CROSS JOIN logbook_entries f ORDER BY e.id, f.id`;
      let seen = 0;
      for await (const _ of store.stream(many)) if (++seen === 2) break;
      expect(seen).toBe(2);
      // Left early more times than PostgreSQL's pool has connections: each cursor gave its own back.
      for (let time = 0; time < 3; time++) for await (const _ of store.stream(many)) break;
      expect(await store.one(sql<{ n: number }>`SELECT count(*) AS n FROM logbook_entries`)).toEqual({ n: ENTRIES });
      // An empty result streams nothing.
      const none: unknown[] = [];
      for await (const row of store.stream(sql`SELECT id FROM logbook_entries WHERE id < 0`)) none.push(row);
      expect(none).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('a streamed query with a select list made by sql.columns', () => {
  it('is read on SQLite as one JSON array per row, its parameters in the same order', () => {
    const query = ourSql`SELECT ${ourSql.columns({ id: ourSql`e.id`, startTime: ourSql`coalesce(e.start_time, ${'--'})` })} FROM logbook_entries e WHERE e.date >= ${'2026-01-01'} ORDER BY e.date`;
    expect(compileForSqlite(query)).toEqual({
      sql: 'SELECT e.id AS "id", coalesce(e.start_time, ?) AS "startTime" FROM logbook_entries e WHERE e.date >= ? ORDER BY e.date',
      parameters: ['--', '2026-01-01'],
    });
    expect(compileForSqlite(jsonArrayQuery(query)!)).toEqual({
      sql: 'SELECT json_array(e.id, coalesce(e.start_time, ?)) FROM logbook_entries e WHERE e.date >= ? ORDER BY e.date',
      parameters: ['--', '2026-01-01'],
    });
    // Anything else is read as it is.
    expect(jsonArrayQuery(ourSql`SELECT e.id FROM logbook_entries e`)).toBeUndefined();
    expect(jsonArrayQuery(ourSql`WITH x AS (SELECT 1) SELECT ${ourSql.columns({ id: ourSql`e.id` })} FROM x`)).toBeUndefined();
  });

  it('hands out the rows of all(), on either engine, typography, nulls and parameters included', async () => {
    const store = await openTestStore(db);
    try {
      const columns = ourSql.columns({ id: ourSql`e.id`, date: ourSql`e.date`, startTime: ourSql`e.start_time`, placeName: ourSql`p.name`, remarks: ourSql`e.remarks`, firstTimers: ourSql`e.first_timers` });
      const query = ourSql`SELECT ${columns} FROM logbook_entries e JOIN places p ON p.id = e.place_id WHERE e.id > ${3} ORDER BY e.date, coalesce(e.start_time, ''), e.id`;
      const rows: unknown[] = [];
      for await (const batch of store.stream(query)) rows.push(...batch);
      expect(rows).toEqual(await store.all(query));
      expect(rows).toHaveLength(ENTRIES - 3);
      expect(rows).toContainEqual(expect.objectContaining({ remarks: 'Deux\tcolonnes\r\net lignes', startTime: null }));
      // A value that is not a column of a table (a parameter) is read by the driver, as before.
      const withValue = ourSql`SELECT ${ourSql.columns({ id: ourSql`e.id`, label: ourSql`${'« a » : b'}` })} FROM logbook_entries e ORDER BY e.id`;
      const labelled: unknown[] = [];
      for await (const batch of store.stream(withValue)) labelled.push(...batch);
      expect(labelled).toEqual(await store.all(withValue));
    } finally {
      await store.close();
    }
  });
});
