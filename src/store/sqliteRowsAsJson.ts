// Streamed rows read as one JSON text each. better-sqlite3 builds a row's array value by value
// through V8's generic property setter, which costs a listing more than SQLite's own work; one
// string per row (json_array, then JSON.parse) gives the same values for a third less. It is
// taken only where JSON cannot change a value: every column read straight from an INTEGER or
// TEXT column of a STRICT table (such a column holds nothing else: no REAL, whose -0 JSON loses,
// no BLOB, no text with a JSON subtype that json_array would nest).
import type BetterSqlite3 from 'better-sqlite3';
import { Columns, Sql, sql } from './sql.js';

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** The STRICT tables of a connection, read once per connection (the schema does not change under a listing). */
const strictTablesOf = new WeakMap<BetterSqlite3.Database, Set<string>>();

function strictTables(db: BetterSqlite3.Database): Set<string> {
  let tables = strictTablesOf.get(db);
  if (tables === undefined) {
    const rows = db.prepare('SELECT name FROM pragma_table_list WHERE strict = 1').pluck(true).all() as string[];
    strictTablesOf.set(db, (tables = new Set(rows)));
  }
  return tables;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The query `SELECT json_array(a, b, ...) ...` of a query that starts with `SELECT` and a select
 * list made by sql.columns (`SELECT a AS x, b AS y ...`), with the same parameters in the same
 * order; undefined for any other query.
 */
export function jsonArrayQuery(query: unknown): Sql | undefined {
  if (!(query instanceof Sql) || query.fragments[0]?.trim().toUpperCase() !== 'SELECT') return undefined;
  const list = query.parts[0];
  if (!(list instanceof Columns)) return undefined;
  return new Sql(['SELECT json_array(', `)${query.fragments[1]}`, ...query.fragments.slice(2)], [sql.join(list.columns.map(([expression]) => expression)), ...query.parts.slice(1)]);
}

/**
 * A statement giving each row of `sql` as the JSON text of its values in column order, or
 * undefined when a column could come out of JSON different from what the driver reads.
 * `jsonSql`, when given, is that query already written as `SELECT json_array(...)` (see
 * jsonArrayQuery): otherwise `sql` is read as a subquery, which SQLite runs as a co-routine
 * when it has an ORDER BY, copying every value of every row once more.
 */
export function jsonRowsStatement(db: BetterSqlite3.Database, sql: string, columns: BetterSqlite3.ColumnDefinition[], jsonSql?: string): Statement | undefined {
  const strict = strictTables(db);
  const names = new Set<string>();
  for (const column of columns) {
    const type = column.type?.toUpperCase();
    if (column.column === null || column.table === null || !strict.has(column.table) || (type !== 'INTEGER' && type !== 'TEXT')) return undefined;
    // The outer query names the columns: two of one name would be ambiguous.
    if (names.has(column.name)) return undefined;
    names.add(column.name);
  }
  if (jsonSql !== undefined) return db.prepare(jsonSql).pluck(true) as Statement;
  // A query in FROM with an ORDER BY, read by a plain SELECT, keeps its order in SQLite (the
  // outer query adds no order of its own), at the cost of the co-routine said above.
  return db.prepare(`SELECT json_array(${columns.map((c) => quoted(c.name)).join(', ')}) FROM (${sql})`).pluck(true) as Statement;
}
