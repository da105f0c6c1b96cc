// The tables of a store as the migrations create them: names, columns, primary keys, the
// foreign keys between them and the rows the migrations seed. Read from a fresh in-memory store
// migrated to the latest schema, so a new migration's table is known without a list kept by hand.
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openDatabase } from './driver.js';

export interface TableShape {
  name: string;
  /** Column names in the order the schema declares them. */
  columns: string[];
  /** The primary key's columns, in key order: the order rows are read and compared in. */
  primaryKey: string[];
  /** Whether the primary key is one INTEGER column (an identity on PostgreSQL). */
  integerKey: boolean;
  /** Tables this one references (foreign keys to other tables). */
  references: string[];
  /** Rows a freshly migrated store already holds (the territory's communes, the charter...). */
  seeded: Record<string, unknown>[];
}

let cached: TableShape[] | undefined;

/**
 * Every table of the latest schema, each after the tables it references: inserting in this order
 * and deleting in the reverse one never breaks a foreign key.
 */
export async function storeTables(): Promise<TableShape[]> {
  if (cached) return cached;
  const db = openDatabase(':memory:');
  try {
    await migrate(db, ':memory:', MIGRATIONS, () => new Date(0));
    const names = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const shapes = new Map<string, TableShape>();
    for (const name of names) {
      const columns = db.prepare('SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid').all(name) as { name: string; type: string; pk: number }[];
      const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      const references = (db.prepare('SELECT DISTINCT "table" AS target FROM pragma_foreign_key_list(?)').all(name) as { target: string }[])
        .map((r) => r.target)
        .filter((target) => target !== name);
      // The name comes from the schema itself, not from the user.
      const seeded = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
      shapes.set(name, {
        name,
        columns: columns.map((c) => c.name),
        primaryKey: key.length > 0 ? key.map((c) => c.name) : columns.map((c) => c.name),
        integerKey: key.length === 1 && key[0].type.toUpperCase() === 'INTEGER',
        references,
        seeded,
      });
    }
    cached = inForeignKeyOrder(shapes);
    return cached;
  } finally {
    db.close();
  }
}

function inForeignKeyOrder(shapes: Map<string, TableShape>): TableShape[] {
  const ordered: TableShape[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (shape: TableShape) => {
    if (placed.has(shape.name)) return;
    if (visiting.has(shape.name)) throw new Error(`cycle de clés étrangères autour de la table ${shape.name}`);
    visiting.add(shape.name);
    for (const target of shape.references) {
      const referenced = shapes.get(target);
      if (referenced) visit(referenced);
    }
    visiting.delete(shape.name);
    placed.add(shape.name);
    ordered.push(shape);
  };
  for (const shape of shapes.values()) visit(shape);
  return ordered;
}
