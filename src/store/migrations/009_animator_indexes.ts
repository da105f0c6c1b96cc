// Schema 9: the animators' lists indexed. `charter-status` asks, at every start, which animators
// at work have not committed to confidentiality (art. 12): that is the distinct lists of names
// on live sessions and entries. Unpacking the JSON of every row cost 200,000 rows on five years of
// workshops; a handful of teams write the same few lists, so reading each distinct list once
// from an index is enough. Partial indexes: only the rows the question is about.
import type { Migration } from '../migrate.js';
import { ddl } from './postgresDdl.js';

const INDEXES = `
  CREATE INDEX sessions_by_animators ON sessions(animators) WHERE status <> 'annulee';
  CREATE INDEX logbook_by_animators ON logbook_entries(animators) WHERE removed_at IS NULL;
`;

export const animatorIndexes: Migration = {
  version: 9,
  name: 'index des animateurs',
  up(db) {
    db.exec(INDEXES);
  },
  async postgres(tx) {
    await ddl(tx, INDEXES);
  },
};
