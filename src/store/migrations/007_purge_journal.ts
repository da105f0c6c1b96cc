// Schema 7: erasure (charter art. 12, GDPR art. 17) and retention. The logbook history stays
// append-only except for one operation, the purge of personal data that slipped into an entry:
// its triggers let an update through only while a purge holds the flag (a row of purge_in_progress
// set and cleared inside the purge's own transaction). Every purge is written to a journal that is
// itself append-only: who, when, why, which fields, never the removed text.
import type { Migration } from '../migrate.js';
import { appendOnly, ddl, ID, TEXT } from './postgresDdl.js';

export const purgeJournal: Migration = {
  version: 7,
  name: 'journal des purges',
  up(db) {
    db.exec(`
      CREATE TABLE purge_journal (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        reason TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('entree', 'conservation')),
        entry_id INTEGER,                             -- the entry purged (scope entree)
        before_date TEXT,                             -- YYYY-MM-DD: texts older than this (scope conservation)
        fields TEXT NOT NULL,                         -- JSON array of the French field names changed
        counts TEXT NOT NULL DEFAULT '{}'             -- JSON: rows changed per kind
      ) STRICT;
      CREATE TRIGGER purge_journal_no_update BEFORE UPDATE ON purge_journal
      BEGIN SELECT RAISE(ABORT, 'journal des purges : modification interdite'); END;
      CREATE TRIGGER purge_journal_no_delete BEFORE DELETE ON purge_journal
      BEGIN SELECT RAISE(ABORT, 'journal des purges : suppression interdite'); END;

      -- Holds one row only inside a purge's transaction.
      CREATE TABLE purge_in_progress (id INTEGER PRIMARY KEY CHECK (id = 1)) STRICT;

      DROP TRIGGER logbook_history_no_update;
      CREATE TRIGGER logbook_history_no_update BEFORE UPDATE ON logbook_history
      WHEN NOT EXISTS (SELECT 1 FROM purge_in_progress)
      BEGIN SELECT RAISE(ABORT, 'historique du carnet de bord : modification interdite'); END;
      -- Even a purge rewrites texts only: which entry, when and what was done stay as they were.
      CREATE TRIGGER logbook_history_fixed_columns BEFORE UPDATE OF id, entry_id, at, action ON logbook_history
      BEGIN SELECT RAISE(ABORT, 'historique du carnet de bord : modification interdite'); END;
    `);
  },
  async postgres(tx) {
    await ddl(tx, `
      CREATE TABLE purge_journal (
        id ${ID},
        at ${TEXT} NOT NULL,
        author ${TEXT} NOT NULL,
        reason ${TEXT} NOT NULL,
        scope ${TEXT} NOT NULL CHECK (scope IN ('entree', 'conservation')),
        entry_id integer,
        before_date ${TEXT},
        fields ${TEXT} NOT NULL,
        counts ${TEXT} NOT NULL DEFAULT '{}'
      );
      ${appendOnly('purge_journal', 'journal des purges')}

      CREATE TABLE purge_in_progress (id ${ID} CHECK (id = 1));

      -- A trigger's WHEN cannot hold a subquery on PostgreSQL: the function checks the flag.
      DROP TRIGGER logbook_history_no_update ON logbook_history;
      CREATE FUNCTION logbook_history_refuse_unless_purging() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM purge_in_progress) THEN
          RAISE EXCEPTION USING MESSAGE = 'historique du carnet de bord : modification interdite', ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER logbook_history_no_update BEFORE UPDATE ON logbook_history
        FOR EACH ROW EXECUTE FUNCTION logbook_history_refuse_unless_purging();
      CREATE TRIGGER logbook_history_fixed_columns BEFORE UPDATE OF id, entry_id, at, action ON logbook_history
        FOR EACH ROW EXECUTE FUNCTION cafcharte_refuse('historique du carnet de bord : modification interdite');
    `);
  },
};
