// Actions that other parts of the tool add to `charter-status` (a logbook entry missing, a
// place with activity not in service, ...). Each feature registers one provider here.
import type { Store } from './engine.js';
import type { Db } from './open.js';
import type { Action } from '../domain/charter.js';
import { UsageError } from '../errors.js';
import { commissioningActions } from './commissioning.js';
import { confidentialityActions } from './confidentiality.js';
import { logbookStatusActions } from './logbook.js';

export type ActionProvider = (store: Store, today: string) => Promise<Action[]>;

/** A provider whose repository still reads the raw SQLite connection (refused on PostgreSQL, as ctx.legacyDb is). */
function onLegacyDb(provider: (db: Db, today: string) => Action[]): ActionProvider {
  return async (store, today) => {
    if (store.engine !== 'sqlite') throw new UsageError('--db : cette commande ne fonctionne pas encore sur PostgreSQL ; utilisez un magasin SQLite (« store copy --vers FICHIER »).');
    return provider((store as unknown as { db: Db }).db, today);
  };
}

export const STATUS_ACTION_PROVIDERS: ActionProvider[] = [logbookStatusActions, onLegacyDb(commissioningActions), confidentialityActions];
