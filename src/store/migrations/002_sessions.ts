// Schema 2: sessions (workshops, reserved slots, events), anonymous bookings, session history.
import type { Migration } from '../migrate.js';
import { ddl, ID, TEXT } from './postgresDdl.js';

export const sessions: Migration = {
  version: 2,
  name: 'séances, réservations',
  up(db) {
    db.exec(`
      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        place_id INTEGER NOT NULL REFERENCES places(id),
        date TEXT NOT NULL,                           -- YYYY-MM-DD, Réunion time
        start_time TEXT NOT NULL,                     -- HH:MM
        end_time TEXT NOT NULL,                       -- HH:MM
        type TEXT NOT NULL CHECK (type IN ('decouverte-caf-fr', 'consultation-dossier', 'courriel', 'teledeclaration',
                                           'information-animateurs', 'creneau-reserve', 'evenement')),
        capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
        animators TEXT NOT NULL DEFAULT '[]',         -- JSON array of staff names
        title TEXT,
        notes TEXT,
        series_id TEXT,                               -- sessions created together by --chaque
        generated_from TEXT,                          -- 'slot:<placeId>:<day>:<start>' for sessions generate
        status TEXT NOT NULL DEFAULT 'prevue' CHECK (status IN ('prevue', 'annulee')),
        cancel_reason TEXT,
        cancelled_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sessions_by_date ON sessions(date, start_time);
      CREATE INDEX sessions_by_place ON sessions(place_id, date);
      CREATE UNIQUE INDEX sessions_generated ON sessions(generated_from, date) WHERE generated_from IS NOT NULL;

      -- Seats only, never a name (charter art. 12).
      CREATE TABLE bookings (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        seats INTEGER NOT NULL CHECK (seats > 0),
        status TEXT NOT NULL CHECK (status IN ('confirmee', 'attente', 'annulee')),
        note TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX bookings_by_session ON bookings(session_id, status);

      CREATE TABLE session_history (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        action TEXT NOT NULL,
        before TEXT,                                  -- JSON
        after TEXT                                    -- JSON
      ) STRICT;
      CREATE INDEX session_history_by_session ON session_history(session_id);
    `);
  },
  async postgres(tx) {
    await ddl(tx, `
      CREATE TABLE sessions (
        id ${ID},
        place_id integer NOT NULL REFERENCES places(id),
        date ${TEXT} NOT NULL,
        start_time ${TEXT} NOT NULL,
        end_time ${TEXT} NOT NULL,
        type ${TEXT} NOT NULL CHECK (type IN ('decouverte-caf-fr', 'consultation-dossier', 'courriel', 'teledeclaration',
                                           'information-animateurs', 'creneau-reserve', 'evenement')),
        capacity integer CHECK (capacity IS NULL OR capacity >= 0),
        animators ${TEXT} NOT NULL DEFAULT '[]',
        title ${TEXT},
        notes ${TEXT},
        series_id ${TEXT},
        generated_from ${TEXT},
        status ${TEXT} NOT NULL DEFAULT 'prevue' CHECK (status IN ('prevue', 'annulee')),
        cancel_reason ${TEXT},
        cancelled_at ${TEXT},
        created_at ${TEXT} NOT NULL,
        updated_at ${TEXT} NOT NULL
      );
      CREATE INDEX sessions_by_date ON sessions(date, start_time);
      CREATE INDEX sessions_by_place ON sessions(place_id, date);
      CREATE UNIQUE INDEX sessions_generated ON sessions(generated_from, date) WHERE generated_from IS NOT NULL;

      CREATE TABLE bookings (
        id ${ID},
        session_id integer NOT NULL REFERENCES sessions(id),
        seats integer NOT NULL CHECK (seats > 0),
        status ${TEXT} NOT NULL CHECK (status IN ('confirmee', 'attente', 'annulee')),
        note ${TEXT},
        created_at ${TEXT} NOT NULL,
        updated_at ${TEXT} NOT NULL
      );
      CREATE INDEX bookings_by_session ON bookings(session_id, status);

      CREATE TABLE session_history (
        id ${ID},
        session_id integer NOT NULL REFERENCES sessions(id),
        at ${TEXT} NOT NULL,
        author ${TEXT} NOT NULL,
        action ${TEXT} NOT NULL,
        before ${TEXT},
        after ${TEXT}
      );
      CREATE INDEX session_history_by_session ON session_history(session_id);
    `);
  },
};
