// The Store on a SQLite file: Kysely over the better-sqlite3 connection the store opened.
import { Kysely, SqliteDialect, sql, type RawBuilder } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import { KyselyStore } from './engine.js';

/** A SQLite store; `db` is the connection, for what SQLite alone does (backup API, pragmas). */
export class SqliteStore extends KyselyStore {
  constructor(readonly db: BetterSqlite3.Database, label: string) {
    super(
      'sqlite',
      label,
      new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: db }) }),
      (kysely, work) =>
        // One connection, held for the whole transaction; IMMEDIATE takes the write lock first.
        kysely.connection().execute(async (connection) => {
          await sql`BEGIN IMMEDIATE`.execute(connection);
          try {
            const result = await work(connection);
            await sql`COMMIT`.execute(connection);
            return result;
          } catch (error) {
            if (db.inTransaction) await sql`ROLLBACK`.execute(connection);
            throw error;
          }
        }),
      false,
      async () => {
        if (db.open) db.close();
      },
    );
  }

  /**
   * Rows straight from better-sqlite3's iterator: one row object at a time, never the whole
   * result in memory. Leaving the loop early (a closed pipe) finalises the statement.
   */
  override async *stream<T>(query: RawBuilder<T>): AsyncIterable<T> {
    const { sql: text, parameters } = query.compile(this.kysely);
    yield* this.db.prepare(text).iterate(...parameters) as IterableIterator<T>;
  }
}
