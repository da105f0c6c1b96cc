// Schema 3: the carnet de bord (art. 5) and its append-only history. Counts, never people.
import type { Migration } from '../migrate.js';
import { appendOnly, ddl, ID, TEXT } from './postgresDdl.js';

export const logbook: Migration = {
  version: 3,
  name: 'carnet de bord',
  up(db) {
    db.exec(`
      CREATE TABLE logbook_entries (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,                           -- YYYY-MM-DD
        start_time TEXT,                              -- HH:MM
        place_id INTEGER NOT NULL REFERENCES places(id),
        session_id INTEGER REFERENCES sessions(id),
        type TEXT NOT NULL,
        received INTEGER NOT NULL CHECK (received >= 0),
        first_timers INTEGER CHECK (first_timers IS NULL OR (first_timers >= 0 AND first_timers <= received)),
        duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes > 0),
        animators TEXT NOT NULL DEFAULT '[]',         -- JSON array of staff names
        remarks TEXT,
        online_declarations INTEGER NOT NULL DEFAULT 0 CHECK (online_declarations >= 0),
        accounts_created INTEGER NOT NULL DEFAULT 0 CHECK (accounts_created >= 0),
        emails_sent INTEGER NOT NULL DEFAULT 0 CHECK (emails_sent >= 0),
        certificates INTEGER NOT NULL DEFAULT 0 CHECK (certificates >= 0),
        completed_procedures INTEGER NOT NULL DEFAULT 0 CHECK (completed_procedures >= 0),
        results_text TEXT,
        author TEXT NOT NULL,
        removed_at TEXT,                              -- soft delete: excluded from lists and reports
        removal_reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX logbook_by_date ON logbook_entries(date);
      CREATE INDEX logbook_by_place ON logbook_entries(place_id, date);
      CREATE INDEX logbook_by_session ON logbook_entries(session_id);

      CREATE TABLE logbook_history (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL,
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('ajout', 'modification', 'suppression', 'restauration')),
        before TEXT,                                  -- JSON
        after TEXT                                    -- JSON
      ) STRICT;
      CREATE INDEX logbook_history_by_entry ON logbook_history(entry_id);

      -- The history is append-only: it cannot be rewritten, even by hand.
      CREATE TRIGGER logbook_history_no_update BEFORE UPDATE ON logbook_history
      BEGIN SELECT RAISE(ABORT, 'historique du carnet de bord : modification interdite'); END;
      CREATE TRIGGER logbook_history_no_delete BEFORE DELETE ON logbook_history
      BEGIN SELECT RAISE(ABORT, 'historique du carnet de bord : suppression interdite'); END;
    `);
  },
  async postgres(tx) {
    await ddl(tx, `
      CREATE TABLE logbook_entries (
        id ${ID},
        date ${TEXT} NOT NULL,
        start_time ${TEXT},
        place_id integer NOT NULL REFERENCES places(id),
        session_id integer REFERENCES sessions(id),
        type ${TEXT} NOT NULL,
        received integer NOT NULL CHECK (received >= 0),
        first_timers integer CHECK (first_timers IS NULL OR (first_timers >= 0 AND first_timers <= received)),
        duration_minutes integer CHECK (duration_minutes IS NULL OR duration_minutes > 0),
        animators ${TEXT} NOT NULL DEFAULT '[]',
        remarks ${TEXT},
        online_declarations integer NOT NULL DEFAULT 0 CHECK (online_declarations >= 0),
        accounts_created integer NOT NULL DEFAULT 0 CHECK (accounts_created >= 0),
        emails_sent integer NOT NULL DEFAULT 0 CHECK (emails_sent >= 0),
        certificates integer NOT NULL DEFAULT 0 CHECK (certificates >= 0),
        completed_procedures integer NOT NULL DEFAULT 0 CHECK (completed_procedures >= 0),
        results_text ${TEXT},
        author ${TEXT} NOT NULL,
        removed_at ${TEXT},
        removal_reason ${TEXT},
        created_at ${TEXT} NOT NULL,
        updated_at ${TEXT} NOT NULL
      );
      CREATE INDEX logbook_by_date ON logbook_entries(date);
      CREATE INDEX logbook_by_place ON logbook_entries(place_id, date);
      CREATE INDEX logbook_by_session ON logbook_entries(session_id);

      CREATE TABLE logbook_history (
        id ${ID},
        entry_id integer NOT NULL,
        at ${TEXT} NOT NULL,
        author ${TEXT} NOT NULL,
        action ${TEXT} NOT NULL CHECK (action IN ('ajout', 'modification', 'suppression', 'restauration')),
        before ${TEXT},
        after ${TEXT}
      );
      CREATE INDEX logbook_history_by_entry ON logbook_history(entry_id);

      -- SQLite's RAISE(ABORT, message): the statement fails with the trigger's message.
      CREATE FUNCTION cafcharte_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'restrict_violation';
      END $$;
      ${appendOnly('logbook_history', 'historique du carnet de bord')}
    `);
  },
};
