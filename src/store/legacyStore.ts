// The Store over the raw SQLite connection, for code that is still handed the legacy `Db` and
// calls a repository already on the Store API. It shares the connection (no second file
// handle) and is never closed: the connection's owner closes it. Goes when legacyDb goes.
import type { Db } from './open.js';
import type { Store } from './engine.js';
import { SqliteStore } from './sqliteStore.js';

const stores = new WeakMap<Db, Store>();

/** The Store over `db`; must not be used inside one of `db`'s own synchronous transactions. */
export function storeOverLegacyDb(db: Db): Store {
  let store = stores.get(db);
  if (!store) {
    store = new SqliteStore(db, db.name);
    stores.set(db, store);
  }
  return store;
}
