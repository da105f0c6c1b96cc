// A whole store copied from one engine to the other (SQLite file ↔ PostgreSQL database), ids,
// histories and imports as they are, then proven equal: a logical dump of every table (rows in
// primary-key order, values normalised) is compared on both sides before the target's one
// transaction commits. Anything short of an exact copy leaves the target as it was.
import { createHash } from 'node:crypto';
import { sql, type Sql } from './sql.js';
import { SystemError, UsageError } from '../errors.js';
import { count, type Store } from './engine.js';
import { storeTables, type TableShape } from './tables.js';

/** Rows read (then written) per statement: well under both engines' parameter limits. */
const CHUNK_ROWS = 1000;
const MAX_PARAMETERS = 30_000;

type Row = Record<string, unknown>;

/** The copy differs from its source: nothing was kept. Exit 1. */
export class CopyMismatchError extends SystemError {}

export interface CopyReport {
  tables: number;
  rows: number;
}

/** Called after each chunk with the rows done so far; may throw (Ctrl-C) to abandon the copy. */
export type RowsCopied = (rows: number) => Promise<void>;

const ident = (name: string) => sql.id(name);
const columnList = (names: string[]) => sql.join(names.map(ident));

/** One value as both engines agree to show it: numbers as numbers, text as text, bytes in hex. */
function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
  if (value instanceof Date) return value.toISOString();
  return value;
}

function rowText(table: TableShape, row: Row): string {
  return JSON.stringify(table.columns.map((c) => normalise(row[c])));
}

/** The next rows of `table` after `after` (a primary key), in primary-key order. */
function pageQuery(table: TableShape, after: unknown[] | undefined, limit: number): Sql<Row> {
  const order = columnList(table.primaryKey);
  const where =
    after === undefined
      ? sql``
      : table.primaryKey.length === 1
        ? sql`WHERE ${ident(table.primaryKey[0])} > ${after[0]}`
        : sql`WHERE (${order}) > (${sql.join(after.map((v) => sql`${v}`))})`;
  return sql<Row>`SELECT ${columnList(table.columns)} FROM ${ident(table.name)} ${where} ORDER BY ${order} LIMIT ${limit}`;
}

/** Every row of `table`, page by page in primary-key order (a million rows never sit in memory). */
async function* rowsOf(store: Store, table: TableShape): AsyncGenerator<Row[]> {
  let after: unknown[] | undefined;
  for (;;) {
    const rows = await store.all(pageQuery(table, after, CHUNK_ROWS));
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < CHUNK_ROWS) return;
    const last = rows[rows.length - 1];
    after = table.primaryKey.map((c) => last[c]);
  }
}

/** A table's logical dump: its row count and a digest of its rows in primary-key order. */
export interface TableDump {
  rows: number;
  digest: string;
}

/** The logical dump of every table of the store: what must be equal on both sides of a copy. */
export async function dumpStore(store: Store): Promise<Map<string, TableDump>> {
  const dump = new Map<string, TableDump>();
  for (const table of await storeTables()) {
    const hash = createHash('sha256');
    let rows = 0;
    for await (const page of rowsOf(store, table)) {
      for (const row of page) hash.update(rowText(table, row) + '\n');
      rows += page.length;
    }
    dump.set(table.name, { rows, digest: hash.digest('hex') });
  }
  return dump;
}

/** Rows in all the store's tables. */
export async function countRows(store: Store): Promise<number> {
  let total = 0;
  for (const table of await storeTables()) {
    total += count((await store.one(sql<{ n: number }>`SELECT count(*) AS n FROM ${ident(table.name)}`))?.n);
  }
  return total;
}

/** Text of a row without its timestamps (`*_at`: the seeds' creation time differs from store to store). */
function seedText(table: TableShape, row: Row): string {
  return JSON.stringify(table.columns.filter((c) => !c.endsWith('_at')).map((c) => normalise(row[c])));
}

/**
 * The first table whose rows are more than what a freshly migrated store holds, or undefined
 * when `store` is as the migrations left it: the only target a copy may fill.
 */
async function firstFilledTable(store: Store, tables: TableShape[]): Promise<TableShape | undefined> {
  for (const table of tables) {
    const rows = await store.all(sql<Row>`SELECT ${columnList(table.columns)} FROM ${ident(table.name)} ORDER BY ${columnList(table.primaryKey)}`);
    const want = table.seeded.map((r) => seedText(table, r)).sort();
    const have = rows.map((r) => seedText(table, r)).sort();
    if (want.length !== have.length || want.some((text, i) => text !== have[i])) return table;
  }
  return undefined;
}

function insertQuery(store: Store, table: TableShape, rows: Row[]): Sql<unknown> {
  // Ids are copied as they are; on PostgreSQL an identity column takes them only when told to.
  const overriding = store.engine === 'postgres' && table.integerKey ? sql` OVERRIDING SYSTEM VALUE` : sql``;
  const values = sql.join(rows.map((row) => sql`(${sql.join(table.columns.map((c) => sql`${row[c] ?? null}`))})`));
  return sql`INSERT INTO ${ident(table.name)} (${columnList(table.columns)})${overriding} VALUES ${values}`;
}

function describeDifference(source: Map<string, TableDump>, target: Map<string, TableDump>): string | undefined {
  for (const [name, want] of source) {
    const have = target.get(name);
    if (!have || have.rows !== want.rows) return `table ${name} : ${want.rows} lignes dans la source, ${have?.rows ?? 0} dans la copie`;
    if (have.digest !== want.digest) return `table ${name} : mêmes effectifs, contenu différent`;
  }
  return undefined;
}

/**
 * Copies every row of `source` into `target` (already migrated, and as freshly created), in one
 * transaction on each side: the source is read as one consistent state, and the target commits
 * only once its dump equals the source's. `flag` names the target in messages (--vers, --sortie).
 */
export async function copyStore(source: Store, target: Store, flag: string, onRows: RowsCopied): Promise<CopyReport> {
  const tables = await storeTables();
  const report = await copyInTransactions(source, target, flag, onRows, tables);
  // PostgreSQL plans from its statistics of each table, which a bulk copy leaves empty until
  // autovacuum comes by: without them the first commands may scan whole tables (charter-status
  // reading every session). Gathered at once (a sample, about a second for the large store).
  if (target.engine === 'postgres') await target.run(sql`ANALYZE`);
  return report;
}

function copyInTransactions(source: Store, target: Store, flag: string, onRows: RowsCopied, tables: TableShape[]): Promise<CopyReport> {
  return source.transaction((from) =>
    target.transaction(async (to) => {
      const filled = await firstFilledTable(to, tables);
      if (filled) {
        throw new UsageError(
          `${flag} : la cible « ${target.label} » n’est pas un magasin vide (la table ${filled.name} contient déjà des données) ; la copie ne remplace jamais un magasin. Indiquez un fichier qui n’existe pas encore ou une base PostgreSQL vide. Rien n’a été modifié.`,
        );
      }
      // The seeds (communes, charter, staff) come from the source, as it may have changed them.
      for (const table of [...tables].reverse()) {
        if (table.seeded.length > 0) await to.run(sql`DELETE FROM ${ident(table.name)}`);
      }
      let rows = 0;
      for (const table of tables) {
        const perStatement = Math.max(1, Math.min(CHUNK_ROWS, Math.floor(MAX_PARAMETERS / table.columns.length)));
        for await (const page of rowsOf(from, table)) {
          for (let i = 0; i < page.length; i += perStatement) await to.run(insertQuery(to, table, page.slice(i, i + perStatement)));
          rows += page.length;
          await onRows(rows);
        }
      }
      // Ids went in as they are: PostgreSQL's identities must go on from the largest.
      if (to.engine === 'postgres') await (await import('./postgres/identities.js')).alignIdentitySequences(to);
      const difference = describeDifference(await dumpStore(from), await dumpStore(to));
      if (difference) {
        throw new CopyMismatchError(`la copie vers « ${target.label} » diffère de l’original (${difference}) ; elle a été annulée, la cible n’a pas été modifiée.`);
      }
      return { tables: tables.length, rows };
    }),
  );
}
