// Erasure (logbook purger) and retention (purge --avant): the only writes that change the
// history; the removed bytes are gone from the store file and its write-ahead log.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE, addTestPlaces, openTestStore, runCli, tempDb } from '../harness.js';
import { sql } from 'kysely';
import type { Store } from '../../src/store/engine.js';
import { fieldsOf } from '../../src/domain/logbook.js';
import { insertEntry, requireEntry, updateEntry } from '../../src/store/logbook.js';

const PHONE = '0692 12 34 56';
const ENTRY = ['logbook', 'add', '--date', '2026-11-25', '--debut', '14:00', '--lieu', '1', '--type', 'courriel', '--recus', '4', '--remarques', 'connexion lente'];

async function withStore<T>(db: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openTestStore(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** One value of the first row. */
async function value(store: Store, query: ReturnType<typeof sql<Record<string, unknown>>>): Promise<unknown> {
  const row = await store.one(query);
  return row && Object.values(row)[0];
}

/** Every byte of the store and its write-ahead log, as the file system holds them. */
function rawBytes(db: string): string {
  return [db, `${db}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
}

/** The store is a SQLite file, whose bytes the tests can read (a PostgreSQL server's are its own). */
const isFile = ENGINE === 'sqlite';

/** An entry into which a phone number slipped, past the guard (as with an older version), edited twice. */
async function slippedEntry(db: string): Promise<void> {
  await addTestPlaces(db);
  expect((await runCli(ENTRY, { db })).code).toBe(0);
  await withStore(db, async (store) => {
    const entry = await requireEntry(store, 1);
    await updateEntry(store, 1, { ...fieldsOf(entry), remarks: `rappeler la dame au ${PHONE}` }, 'Sophie', '2026-11-25T15:00:00+04:00');
    await updateEntry(store, 1, { ...fieldsOf(entry), remarks: `rappeler au ${PHONE} demain`, resultsText: 'compte créé' }, 'Sophie', '2026-11-25T16:00:00+04:00');
  });
}

describe('logbook purger', () => {
  it('masks the text in the entry and in every history version, journals the purge without the text, and the bytes leave the file', async () => {
    const db = tempDb();
    await slippedEntry(db);
    if (isFile) expect(rawBytes(db)).toContain(PHONE);
    const r = await runCli(['logbook', 'purger', '1', '--motif', 'numéro de téléphone saisi par erreur', '--auteur', 'Karine'], { db });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Entrée n° 1 purgée : remarques ; 2 versions de l’historique réécrites');
    await withStore(db, async (store) => {
      expect(await value(store, sql`SELECT remarks FROM logbook_entries`)).toBe('rappeler au **** ** ** ** demain');
      const versions = await store.all(sql<{ before: string | null; after: string | null }>`SELECT before, after FROM logbook_history ORDER BY id`);
      expect(versions).toHaveLength(3);
      expect(JSON.stringify(versions)).not.toContain(PHONE);
      expect(JSON.parse(versions[1]!.after!).remarques).toBe('rappeler la dame au **** ** ** **');
      const journal = await store.all(sql`SELECT author, reason, scope, entry_id, fields FROM purge_journal ORDER BY id`);
      expect(journal).toEqual([{ author: 'Karine', reason: 'numéro de téléphone saisi par erreur', scope: 'entree', entry_id: 1, fields: '["remarques"]' }]);
    });
    if (isFile) {
      expect(rawBytes(db)).not.toContain(PHONE);
      expect(rawBytes(db)).not.toContain('rappeler la dame au 0692');
    }
  });

  // The stamped backups beside a SQLite file (a PostgreSQL store has none beside it).
  it.skipIf(ENGINE === 'postgres')('lists the backups made before the purge, which still hold the text', async () => {
    const db = tempDb();
    await slippedEntry(db);
    const backup = await runCli(['backup'], { db });
    expect(backup.code).toBe(0);
    const r = await runCli(['logbook', 'purger', '1', '--motif', 'téléphone'], { db });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Cette sauvegarde faite avant la purge contient encore le texte effacé');
    expect(r.stdout).toContain(backup.stdout.trim());
    expect(readFileSync(backup.stdout.trim()).toString('latin1')).toContain(PHONE);
  });

  it('refuses when nothing is recognised (exit 2, nothing written) and --effacer removes the free texts whole', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    await runCli(ENTRY, { db });
    const r = await runCli(['logbook', 'purger', '1', '--motif', 'prénom d’un enfant'], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--effacer');
    expect(await withStore(db, (s) => value(s, sql`SELECT count(*) AS n FROM purge_journal`))).toBe(0);
    const erased = await runCli(['logbook', 'purger', '1', '--motif', 'prénom d’un enfant', '--effacer'], { db });
    expect(erased.code).toBe(0);
    await withStore(db, async (store) => {
      expect(await value(store, sql`SELECT remarks FROM logbook_entries`)).toBe('[texte effacé]');
      expect(await value(store, sql`SELECT after FROM logbook_history ORDER BY id`)).toContain('"remarques":"[texte effacé]"');
    });
    if (isFile) expect(rawBytes(db)).not.toContain('connexion lente');
  });

  it('guards its own reason and author, which the journal keeps for ever', async () => {
    const db = tempDb();
    await slippedEntry(db);
    expect((await runCli(['logbook', 'purger', '1', '--motif', `demandé par Mme Grondin`], { db })).code).toBe(5);
    expect((await runCli(['logbook', 'purger', '1', '--motif', 'téléphone', '--auteur', 'x@y.fr'], { db })).code).toBe(5);
    expect((await runCli(['logbook', 'purger', '9', '--motif', 'téléphone'], { db })).code).toBe(3);
  });

  it('leaves the history and the journal append-only for everything else', async () => {
    const db = tempDb();
    await slippedEntry(db);
    await runCli(['logbook', 'purger', '1', '--motif', 'téléphone'], { db });
    await withStore(db, async (store) => {
      await expect(store.run(sql`UPDATE logbook_history SET author = 'x'`)).rejects.toThrow(/modification interdite/);
      await expect(store.run(sql`DELETE FROM logbook_history`)).rejects.toThrow(/suppression interdite/);
      await expect(store.run(sql`UPDATE purge_journal SET reason = 'x'`)).rejects.toThrow(/modification interdite/);
      await expect(store.run(sql`DELETE FROM purge_journal`)).rejects.toThrow(/suppression interdite/);
      // even with the flag, which entry and what was done cannot change
      await store.run(sql`INSERT INTO purge_in_progress (id) VALUES (1)`);
      await expect(store.run(sql`UPDATE logbook_history SET entry_id = 2`)).rejects.toThrow(/modification interdite/);
      await store.run(sql`DELETE FROM purge_in_progress`);
    });
  });
});

describe('purge --avant (retention)', () => {
  async function pastAndPresent(db: string): Promise<void> {
    await addTestPlaces(db);
    await withStore(db, async (store) => {
      const base = { startTime: '14:00', placeId: 1, sessionId: null, type: 'courriel' as const, received: 6, firstTimers: 2, durationMinutes: 60, animators: ['Sophie'], onlineDeclarations: 3, accountsCreated: 1, emailsSent: 0, certificates: 0, completedProcedures: 2 };
      await insertEntry(store, { ...base, date: '2024-05-10', remarks: 'vieille remarque à effacer', resultsText: 'vieux résultat' }, 'Sophie', '2024-05-10T12:00:00+04:00');
      await insertEntry(store, { ...base, date: '2026-11-20', remarks: 'remarque récente', resultsText: null }, 'Sophie', '2026-11-20T12:00:00+04:00');
    });
  }

  it('--dry-run says what would be blanked and writes nothing', async () => {
    const db = tempDb();
    await pastAndPresent(db);
    const r = await runCli(['purge', '--avant', '2025-01-01', '--dry-run'], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Simulation (--dry-run) : rien n’a été modifié. Seraient effacés les textes libres de 1 entrée du carnet de bord (1 version d’historique)');
    await withStore(db, async (store) => {
      expect(await value(store, sql`SELECT count(*) AS n FROM logbook_entries WHERE remarks IS NOT NULL`)).toBe(2);
      expect(await value(store, sql`SELECT count(*) AS n FROM purge_journal`)).toBe(0);
    });
  });

  it('blanks the free texts of older entries and their history, keeps every count, and the bytes leave the file', async () => {
    const db = tempDb();
    await pastAndPresent(db);
    const totals = async () => JSON.parse((await runCli(['logbook', 'list', '--json', '--du', '2024-01-01', '--au', '2026-12-31'], { db })).stdout).totaux;
    const before = await totals();
    const r = await runCli(['purge', '--avant', '2025-01-01'], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Textes libres effacés : 1 entrée du carnet de bord');
    // Piped: no bar, only the summary line of the long operation.
    expect(r.stderr).toContain('Purge : textes effacés et magasin compacté en 0,0 s.\n');
    expect(r.stderr).not.toContain('\r');
    expect(await totals()).toEqual(before);
    await withStore(db, async (store) => {
      expect(await store.all(sql`SELECT date, remarks, results_text, received FROM logbook_entries ORDER BY date, id`)).toEqual([
        { date: '2024-05-10', remarks: null, results_text: null, received: 6 },
        { date: '2026-11-20', remarks: 'remarque récente', results_text: null, received: 6 },
      ]);
      expect(JSON.parse((await value(store, sql`SELECT after FROM logbook_history WHERE entry_id = 1 ORDER BY id`)) as string).remarques).toBeNull();
      const journal = (await store.one(sql<{ scope: string; before_date: string; counts: string }>`SELECT scope, before_date, counts FROM purge_journal ORDER BY id`))!;
      expect(journal.scope).toBe('conservation');
      expect(journal.before_date).toBe('2025-01-01');
      expect(JSON.parse(journal.counts).entrees).toBe(1);
    });
    if (isFile) {
      expect(rawBytes(db)).not.toContain('vieille remarque');
      expect(rawBytes(db)).toContain('remarque récente'.slice(0, 8));
    }
  });

  it('refuses a date in the future and a bad date (exit 2)', async () => {
    const db = tempDb();
    await pastAndPresent(db);
    expect((await runCli(['purge', '--avant', '2030-01-01'], { db })).code).toBe(2);
    expect((await runCli(['purge', '--avant', 'hier'], { db })).code).toBe(2);
  });
});
