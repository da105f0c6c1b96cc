// The ordered registry of migrations. Append only: a released migration is never edited.
import type { Migration } from '../migrate.js';
import type { SCHEMA_VERSION } from './latest.js';
import { foundation } from './001_foundation.js';
import { sessions } from './002_sessions.js';
import { logbook } from './003_logbook.js';
import { cafFigures } from './004_caf_figures.js';
import { communication } from './005_communication.js';
import { committeeRecords } from './006_committee_records.js';
import { purgeJournal } from './007_purge_journal.js';
import { staff } from './008_staff.js';
import { animatorIndexes } from './009_animator_indexes.js';
import { statusIndexes } from './010_status_indexes.js';

const REGISTRY = [foundation, sessions, logbook, cafFigures, communication, committeeRecords, purgeJournal, staff, animatorIndexes, statusIndexes] as const;

export const MIGRATIONS: Migration[] = [...REGISTRY];

// Opening a store compares its version with SCHEMA_VERSION without loading this registry: a
// migration appended here without raising SCHEMA_VERSION (./latest.ts) does not compile.
type Holds<T extends true> = T;
export type RegistryMatchesSchemaVersion = Holds<(typeof REGISTRY)['length'] extends typeof SCHEMA_VERSION ? true : false>;
