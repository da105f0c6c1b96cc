// Actions that other parts of the tool add to `charter-status` (a logbook entry missing, a
// place with activity not in service, ...). Each feature registers one provider here.
import type { Store } from './engine.js';
import type { Action } from '../domain/charter.js';
import { commissioningActions } from './commissioning.js';
import { confidentialityActions } from './confidentiality.js';
import { logbookStatusActions } from './logbook.js';

export type ActionProvider = (store: Store, today: string) => Promise<Action[]>;

export const STATUS_ACTION_PROVIDERS: ActionProvider[] = [logbookStatusActions, commissioningActions, confidentialityActions];
