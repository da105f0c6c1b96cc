// Our query templates (src/store/sql.ts) as Kysely templates, for the stores that run on Kysely
// (PostgreSQL transactions), and Kysely's templates compiled for SQLite. Loaded only when one is needed, so
// that a SQLite command never evaluates Kysely's expression parsers and builders.
import { sql as kyselySql, SqliteQueryCompiler, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { Sql } from './sql.js';

/** The same SQL text and parameters as a Kysely RawBuilder. */
export function toKysely<T>(query: Sql<T>): RawBuilder<T> {
  const parts = query.parts.map((part) => (part instanceof Sql ? toKysely(part) : part));
  return kyselySql<T>(Object.assign([...query.fragments], { raw: query.fragments }) as unknown as TemplateStringsArray, ...parts);
}

/** Compiles a Kysely template the way Kysely's SQLite dialect does (no plugins): `?` placeholders. */
const sqliteCompiler: QueryExecutorProvider = {
  getExecutor: () =>
    ({
      transformQuery: (node: unknown) => node,
      compileQuery: (node: unknown, queryId: unknown) => new SqliteQueryCompiler().compileQuery(node as never, queryId as never),
    }) as unknown as ReturnType<QueryExecutorProvider['getExecutor']>,
};

/** A Kysely template's text with `?` placeholders and its parameters. */
export function compileKyselyForSqlite(query: RawBuilder<unknown>): { sql: string; parameters: readonly unknown[] } {
  const { sql, parameters } = query.compile(sqliteCompiler);
  return { sql, parameters };
}
