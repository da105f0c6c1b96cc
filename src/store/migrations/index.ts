// The ordered registry of migrations. Append only: a released migration is never edited.
import type { Migration } from '../migrate.js';
import { foundation } from './001_foundation.js';
import { sessions } from './002_sessions.js';
import { logbook } from './003_logbook.js';
import { cafFigures } from './004_caf_figures.js';
import { communication } from './005_communication.js';
import { committeeRecords } from './006_committee_records.js';
import { purgeJournal } from './007_purge_journal.js';
import { staff } from './008_staff.js';
import { animatorIndexes } from './009_animator_indexes.js';

export const MIGRATIONS: Migration[] = [foundation, sessions, logbook, cafFigures, communication, committeeRecords, purgeJournal, staff, animatorIndexes];
