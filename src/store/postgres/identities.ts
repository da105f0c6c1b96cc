// SQLite numbers a new row max(id) + 1; a PostgreSQL identity column takes its sequence's next
// value, which rows inserted with their own id (a store copied with its ids) do not advance. After
// such inserts the sequences are moved past the highest id, or the next insert would collide.
import { sql } from 'kysely';
import type { Store } from '../engine.js';

/** Moves every identity sequence of the store's tables just past its column's highest value. */
export async function alignIdentitySequences(store: Store): Promise<void> {
  const columns = await store.all(sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND is_identity = 'YES'
    ORDER BY table_name, column_name`);
  for (const { table_name: table, column_name: column } of columns) {
    // Names come from the catalog, not from a user: sql.id quotes them.
    await store.run(sql`SELECT setval(pg_get_serial_sequence(${`"${table}"`}, ${column}),
      COALESCE((SELECT max(${sql.id(column)}) FROM ${sql.id(table)}), 0) + 1, false)`);
  }
}
