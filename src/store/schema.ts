// The store's schema compared with the one the migrations produce on a fresh store: a foreign
// trigger (copying remarks elsewhere), a dropped no-update trigger of the history or a missing
// table must not pass for a sound store. Names are bound as parameters, never spliced into SQL.
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openDatabase } from './driver.js';
import type { Db } from './open.js';

export type SchemaObjectType = 'table' | 'index' | 'trigger' | 'view';

/** One object that is extra, missing or different from what the migrations create. */
export interface SchemaDifference {
  change: 'extra' | 'missing' | 'different';
  type: SchemaObjectType;
  name: string;
}

interface SchemaObject {
  type: SchemaObjectType;
  name: string;
  /** The CREATE statement with its whitespace collapsed, and for tables their column list. */
  shape: string;
}

function schemaObjects(db: Db): Map<string, SchemaObject> {
  const rows = db
    .prepare(
      `SELECT type, name, coalesce(sql, '') AS sql FROM sqlite_schema
       WHERE type IN ('table', 'index', 'trigger', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name`,
    )
    .all() as { type: SchemaObjectType; name: string; sql: string }[];
  const columns = db.prepare('SELECT name, type, "notnull" AS not_null, dflt_value AS dflt, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid');
  const objects = new Map<string, SchemaObject>();
  for (const row of rows) {
    let shape = row.sql.replace(/\s+/g, ' ').trim();
    if (row.type === 'table') shape += ` ${JSON.stringify(columns.all(row.name))}`;
    objects.set(`${row.type}\u0000${row.name}`, { type: row.type, name: row.name, shape });
  }
  return objects;
}

let expected: Map<string, SchemaObject> | undefined;

/** The schema the migrations produce, computed once per process on an in-memory store. */
async function expectedSchema(): Promise<Map<string, SchemaObject>> {
  if (!expected) {
    const fresh = openDatabase(':memory:');
    try {
      await migrate(fresh, ':memory:', MIGRATIONS, () => new Date(0));
      expected = schemaObjects(fresh);
    } finally {
      fresh.close();
    }
  }
  return expected;
}

/** Every table, column, index, trigger or view that differs from what the migrations create. */
export async function schemaDifferences(db: Db): Promise<SchemaDifference[]> {
  const want = await expectedSchema();
  const have = schemaObjects(db);
  const differences: SchemaDifference[] = [];
  for (const [key, object] of have) {
    const wanted = want.get(key);
    if (!wanted) differences.push({ change: 'extra', type: object.type, name: object.name });
    else if (wanted.shape !== object.shape) differences.push({ change: 'different', type: object.type, name: object.name });
  }
  for (const [key, object] of want) {
    if (!have.has(key)) differences.push({ change: 'missing', type: object.type, name: object.name });
  }
  return differences;
}
