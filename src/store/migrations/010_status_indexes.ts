// Schema 10: what `charter-status` looks up at every start, answered from small indexes.
//
// « Sessions of more than 7 days without a logbook entry » looks at every past session (100,000
// on five years of workshops) and whether a live entry covers it; reading the wide session and
// entry rows for that cost ~80 ms per command. The partial indexes below hold only the rows the
// question is about (sessions not cancelled, entries not removed) and every column it reads:
// the numbers of live sessions and of the sessions live entries are linked to, both in number
// order so that they are compared side by side (src/store/logbook.ts), and the entries' slots for
// the few sessions left. `status` and `removed_at` are columns of the index even though its WHERE
// already settles them: SQLite reads the table row for any column an index lacks.
//
// The animators' lists (schema 9) are read one distinct list at a time, with the first row that
// wrote it. SQLite's index on (animators) already ends with the row id; PostgreSQL's is ordered
// by physical position within a list, so there it becomes (animators, id): the first row of a
// list is then the first index entry, not a scan of the list's 12,000 rows.
import type { Migration } from '../migrate.js';
import { ddl } from './postgresDdl.js';

const INDEXES = `
  CREATE INDEX sessions_live_by_id ON sessions(id, date, status) WHERE status <> 'annulee';
  CREATE INDEX logbook_live_by_session ON logbook_entries(session_id, removed_at) WHERE removed_at IS NULL;
  CREATE INDEX logbook_live_by_slot ON logbook_entries(place_id, date, start_time, removed_at) WHERE removed_at IS NULL;
`;

const POSTGRES_ANIMATOR_INDEXES = `
  DROP INDEX sessions_by_animators;
  DROP INDEX logbook_by_animators;
  CREATE INDEX sessions_by_animators ON sessions(animators, id) WHERE status <> 'annulee';
  CREATE INDEX logbook_by_animators ON logbook_entries(animators, id) WHERE removed_at IS NULL;
`;

export const statusIndexes: Migration = {
  version: 10,
  name: 'index des rappels de charter-status',
  up(db) {
    db.exec(INDEXES);
  },
  async postgres(tx) {
    await ddl(tx, INDEXES + POSTGRES_ANIMATOR_INDEXES);
  },
};
