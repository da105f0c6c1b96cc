// The repositories' query templates: `sql<Row>\`SELECT ... WHERE id = ${id}\`` keeps each value
// a parameter (never spliced into the text), as Kysely's `sql` does and with the same helpers
// (join, raw, ref, id, table). Kysely's own tag would bring its expression parsers and query
// builders (≈ 170 Ko of code) into every command's start-up; this one is a few lines, compiled
// below for each engine's driver (and turned into a Kysely template inside PostgreSQL
// transactions, src/store/kyselyTemplate.ts).
// Kysely's `sql` templates are still accepted by every store.

/** A query or a piece of one; `T` is the row type it reads. */
export class Sql<T = unknown> {
  /** The row type, for inference only (never set). */
  declare readonly row?: T;

  /** `parts[i]` follows `fragments[i]`; a part is a nested Sql or a value (a parameter). */
  constructor(
    readonly fragments: readonly string[],
    readonly parts: readonly unknown[],
  ) {}
}

/** A query or piece of SQL from the trusted text of the code; values become parameters. */
function template<T = unknown>(fragments: TemplateStringsArray, ...values: unknown[]): Sql<T> {
  return new Sql<T>(fragments, values);
}

/** An identifier quoted for both engines (double quotes, a quote doubled). */
function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Dotted names (`table.column`, `schema.table`), each part quoted; an `x as y` alias kept. */
function dotted(reference: string): Sql {
  const [name = '', alias] = reference.split(/\s+as\s+/i);
  const text = name.trim().split('.').map(quote).join('.');
  return raw(alias === undefined ? text : `${text} as ${quote(alias.trim())}`);
}

function raw<T = unknown>(text: string): Sql<T> {
  return new Sql<T>([text], []);
}

/** Pieces or values separated by `separator` (a comma by default), for IN lists and columns. */
function join<T = unknown>(items: readonly unknown[], separator: Sql = raw(', ')): Sql<T> {
  const parts: unknown[] = [];
  items.forEach((item, index) => {
    if (index > 0) parts.push(separator);
    parts.push(item);
  });
  return new Sql<T>(Array<string>(parts.length + 1).fill(''), parts);
}

/**
 * A select list, `expression AS "name", ...`: as SQL it is just that, on either engine. A SQLite
 * store streaming a query that starts with `SELECT` and one of these may read each row as one
 * JSON array of the expressions instead (see SqliteStore.stream): it needs them apart.
 */
export class Columns<T = unknown> extends Sql<T> {
  constructor(readonly columns: readonly (readonly [expression: Sql, name: string])[]) {
    const parts: unknown[] = [];
    const fragments: string[] = [''];
    columns.forEach(([expression, name], index) => {
      parts.push(expression);
      fragments.push(` AS ${quote(name)}${index < columns.length - 1 ? ', ' : ''}`);
    });
    super(fragments, parts);
  }
}

export const sql = Object.assign(template, {
  join,
  /** Trusted SQL text from constants, spliced as it is. */
  raw,
  /** A column reference (`column` or `table.column`), quoted. */
  ref: <T = unknown>(reference: string): Sql<T> => dotted(reference) as Sql<T>,
  /** A table (`table` or `schema.table`), quoted. */
  table: <T = unknown>(reference: string): Sql<T> => dotted(reference) as Sql<T>,
  /** An identifier made of these names, dotted and quoted. */
  id: <T = unknown>(...names: readonly string[]): Sql<T> => raw<T>(names.map(quote).join('.')),
  /** A select list from `{ name: expression }`, in that order: see Columns. */
  columns: <T = unknown>(columns: Record<string, Sql>): Columns<T> => new Columns<T>(Object.entries(columns).map(([name, expression]) => [expression, name] as const)),
});

/** The text with `?` placeholders and its parameters, in order: SQLite's form. */
export function compileForSqlite(query: Sql): { sql: string; parameters: unknown[] } {
  return compileWith(query, () => '?');
}

/** The text with `$1`, `$2`... placeholders and its parameters, in order: PostgreSQL's form. */
export function compileForPostgres(query: Sql): { sql: string; parameters: unknown[] } {
  return compileWith(query, (n) => `$${n}`);
}

function compileWith(query: Sql, placeholder: (n: number) => string): { sql: string; parameters: unknown[] } {
  const parameters: unknown[] = [];
  let text = '';
  const visit = (piece: Sql): void => {
    const { fragments, parts } = piece;
    for (let i = 0; i < fragments.length; i++) {
      text += fragments[i];
      if (i < parts.length) {
        const part = parts[i];
        if (part instanceof Sql) visit(part);
        else {
          parameters.push(part);
          text += placeholder(parameters.length);
        }
      }
    }
  };
  visit(query);
  return { sql: text, parameters };
}
