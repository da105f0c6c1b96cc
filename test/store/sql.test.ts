// The repositories' templates (src/store/sql.ts) give the same SQL text and parameters as the
// same templates written with Kysely's `sql`, on SQLite (our compiler) and on PostgreSQL
// (through the Kysely form), so that moving off Kysely's tag changed no query.
import { PostgresQueryCompiler, sql as kyselySql, SqliteQueryCompiler, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compileKyselyForSqlite, toKysely } from '../../src/store/kyselyTemplate.js';
import { compileForPostgres, compileForSqlite, sql, type Sql } from '../../src/store/sql.js';

function compiledBy(compiler: () => SqliteQueryCompiler | PostgresQueryCompiler, query: RawBuilder<unknown>): { sql: string; parameters: readonly unknown[] } {
  const provider = {
    getExecutor: () => ({ transformQuery: (node: unknown) => node, compileQuery: (node: never, id: never) => compiler().compileQuery(node, id) }),
  } as unknown as QueryExecutorProvider;
  const { sql: text, parameters } = query.compile(provider);
  return { sql: text, parameters };
}

const cases: [string, Sql, RawBuilder<unknown>][] = [
  ['values', sql`SELECT * FROM places WHERE id = ${7} AND name = ${'MPT'} AND note IS ${null}`, kyselySql`SELECT * FROM places WHERE id = ${7} AND name = ${'MPT'} AND note IS ${null}`],
  ['nested', sql`SELECT 1 WHERE ${sql`a = ${1}`} AND ${sql`b = ${2}`}`, kyselySql`SELECT 1 WHERE ${kyselySql`a = ${1}`} AND ${kyselySql`b = ${2}`}`],
  ['join of values', sql`x IN (${sql.join([1, 'two', 3])})`, kyselySql`x IN (${kyselySql.join([1, 'two', 3])})`],
  ['join with a separator', sql`WHERE ${sql.join([sql`a = ${1}`, sql`b = ${2}`], sql` AND `)}`, kyselySql`WHERE ${kyselySql.join([kyselySql`a = ${1}`, kyselySql`b = ${2}`], kyselySql` AND `)}`],
  ['empty join', sql`(${sql.join([])})`, kyselySql`(${kyselySql.join([])})`],
  ['raw', sql`SELECT ${sql.raw('count(*)')} FROM t`, kyselySql`SELECT ${kyselySql.raw('count(*)')} FROM t`],
  ['ref', sql`UPDATE t SET ${sql.ref('remarks')} = ${'x'}, ${sql.ref('e.id')} = 1`, kyselySql`UPDATE t SET ${kyselySql.ref('remarks')} = ${'x'}, ${kyselySql.ref('e.id')} = 1`],
  ['id and table', sql`SELECT ${sql.id('we"ird')} FROM ${sql.table('logbook_entries')}, ${sql.id('s', 't')}`, kyselySql`SELECT ${kyselySql.id('we"ird')} FROM ${kyselySql.table('logbook_entries')}, ${kyselySql.id('s', 't')}`],
];

describe('query templates', () => {
  it.each(cases)('%s: the same text and parameters as Kysely on SQLite', (_name, ours, theirs) => {
    expect(compileForSqlite(ours)).toEqual(compiledBy(() => new SqliteQueryCompiler(), theirs));
    expect(compileKyselyForSqlite(theirs)).toEqual(compiledBy(() => new SqliteQueryCompiler(), theirs));
  });

  it.each(cases)('%s: the same text and parameters as Kysely on PostgreSQL', (_name, ours, theirs) => {
    expect(compiledBy(() => new PostgresQueryCompiler(), toKysely(ours))).toEqual(compiledBy(() => new PostgresQueryCompiler(), theirs));
    // What the PostgreSQL store runs outside transactions, without Kysely.
    expect(compileForPostgres(ours)).toEqual(compiledBy(() => new PostgresQueryCompiler(), theirs));
  });

  it('keeps a value out of the text, whatever it holds', () => {
    const hostile = "x'); DROP TABLE places; --";
    expect(compileForSqlite(sql`SELECT ${hostile}`)).toEqual({ sql: 'SELECT ?', parameters: [hostile] });
    expect(compileForPostgres(sql`SELECT ${hostile}, ${1}`)).toEqual({ sql: 'SELECT $1, $2', parameters: [hostile, 1] });
  });
});
