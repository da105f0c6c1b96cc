// Opening a PostgreSQL store: connection from the URL and the libpq conventions, schema check
// and migrations.
import { UsageError } from '../../errors.js';
import type { OpenOptions } from '../open.js';
import type { Store } from '../engine.js';

export async function openPostgresStore(location: string, options: OpenOptions): Promise<Store> {
  void location;
  void options;
  throw new UsageError('--db : PostgreSQL n’est pas encore pris en charge par cette version.');
}
