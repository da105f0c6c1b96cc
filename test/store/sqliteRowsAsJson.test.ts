// A SQLite stream reads its rows as JSON texts only where JSON gives back exactly what the driver
// reads; the rows are the same either way, in the same order.
import { describe, expect, it } from 'vitest';
import { compileForSqlite, sql, type Sql } from '../../src/store/sql.js';
import { openStoreAt } from '../../src/store/open.js';
import type { SqliteStore } from '../../src/store/sqliteStore.js';
import { jsonRowsStatement } from '../../src/store/sqliteRowsAsJson.js';
import { addTestPlaces, DEFAULT_NOW, ENGINE, runCli, tempSqliteDb } from '../harness.js';
import type { Store } from '../../src/store/engine.js';

async function streamed<T>(store: Store, query: Parameters<Store['stream']>[0]): Promise<T[]> {
  const rows: T[] = [];
  for await (const batch of store.stream(query)) rows.push(...(batch as T[]));
  return rows;
}

/** Whether the stream of `query` would read JSON texts. */
function readsJson(store: SqliteStore, query: Sql<unknown>): boolean {
  const { sql: text } = compileForSqlite(query);
  return jsonRowsStatement(store.db, text, store.db.prepare(text).columns()) !== undefined;
}

describe('SQLite stream rows as JSON', () => {
  it.skipIf(ENGINE === 'postgres')('only for columns read straight from INTEGER or TEXT columns of STRICT tables, with the rows of all() either way', async () => {
    const db = tempSqliteDb();
    await addTestPlaces(db);
    expect((await runCli(['sessions', 'add', '--lieu', '1', '--date', '2026-12-02', '--debut', '09:30', '--duree', '90', '--type', 'teledeclaration', '--capacite', '8', '--force'], { db })).code).toBe(0);
    const store = (await openStoreAt(db, { now: () => DEFAULT_NOW })) as SqliteStore;
    try {
      // Odd texts and names: quotes, guillemets, a tab, a line break, an emoji, a name with a double quote.
      store.db.prepare(`UPDATE places SET name = ? WHERE id = 2`).run('MPT « Bois-Court »\t"2"\n🏠 l’annexe');
      store.db.exec(`CREATE TABLE loose (id INTEGER PRIMARY KEY, amount INTEGER, label TEXT)`);
      store.db.prepare(`INSERT INTO loose (amount, label) VALUES (?, ?), (?, ?)`).run(2.5, 'x', Buffer.from([0, 1]), null);

      const places = sql`SELECT p.id, p.name AS "na""me", p.commune_insee, s.capacity FROM places p LEFT JOIN sessions s ON s.place_id = p.id ORDER BY p.name DESC, p.id`;
      expect(readsJson(store, places)).toBe(true);
      expect(await streamed(store, places)).toEqual(await store.all(places));
      expect((await streamed<Record<string, unknown>>(store, places)).map((p) => p['na"me'])).toContain('MPT « Bois-Court »\t"2"\n🏠 l’annexe');

      const reads = [
        sql`SELECT id, id * 0.5 AS half, -0.0 AS zero FROM places ORDER BY id`, // expressions, REAL, -0
        sql`SELECT json_object('a', name) AS j FROM places ORDER BY id`, // a text with a JSON subtype
        sql`SELECT id, amount, label FROM loose ORDER BY id`, // not STRICT: a REAL and a BLOB in INTEGER
        sql`SELECT id, name, id FROM places ORDER BY id`, // a name twice
      ];
      for (const query of reads) {
        expect(readsJson(store, query)).toBe(false);
        expect(await streamed(store, query)).toEqual(await store.all(query));
      }
    } finally {
      await store.close();
    }
  });
});
