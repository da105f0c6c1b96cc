// Schema 1: the charter, the communes of the territory, the espaces numériques, the comité.
// Seeded from data/ (charte.json, communes.json).
import charter from '../../../data/charte.json' with { type: 'json' };
import territory from '../../../data/communes.json' with { type: 'json' };
import { sql } from '../sql.js';
import type { Migration } from '../migrate.js';
import { ddl, ID, TEXT } from './postgresDdl.js';

export const foundation: Migration = {
  version: 1,
  name: 'charte, communes, espaces numériques, comité de pilotage',
  up(db, now) {
    db.exec(`
      CREATE TABLE communes (
        insee TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        postal_codes TEXT NOT NULL -- JSON array
      ) STRICT;

      CREATE TABLE places (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind TEXT NOT NULL CHECK (kind IN ('mediatheque', 'mpt', 'autre')),
        commune_insee TEXT NOT NULL REFERENCES communes(insee),
        address TEXT NOT NULL,
        postal_code TEXT NOT NULL,
        phone TEXT NOT NULL,                          -- E.164
        email TEXT,
        reserved_slots TEXT NOT NULL DEFAULT '[]',    -- JSON [{day, start, end}]
        opening_hours TEXT NOT NULL DEFAULT '[]',     -- JSON [{day, start, end}]
        siret TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- A removed place is recorded, never silently lost.
      CREATE TABLE place_removals (
        id INTEGER PRIMARY KEY,
        place_id INTEGER NOT NULL,
        snapshot TEXT NOT NULL,                       -- JSON of the row as it was
        removed_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE charter (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        document TEXT NOT NULL                        -- JSON: title, parties, object, territory, terms
      ) STRICT;

      CREATE TABLE signatures (
        party TEXT PRIMARY KEY CHECK (party IN ('commune', 'caf')),
        signed_on TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE amendments (
        number INTEGER PRIMARY KEY,                   -- avenant n° 1, 2, ...
        signed_on TEXT NOT NULL,
        subject TEXT NOT NULL,
        elements TEXT NOT NULL,
        terms TEXT,                                   -- JSON of the terms it changes, or NULL
        recorded_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE breaches (
        id INTEGER PRIMARY KEY,
        by_party TEXT NOT NULL CHECK (by_party IN ('commune', 'caf')),
        received_on TEXT NOT NULL,
        reason TEXT NOT NULL,
        resolved_on TEXT,
        recorded_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE terminations (
        id INTEGER PRIMARY KEY,
        by_party TEXT NOT NULL CHECK (by_party IN ('commune', 'caf')),
        received_on TEXT NOT NULL,
        breach_id INTEGER REFERENCES breaches(id),
        recorded_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE copil_members (
        id INTEGER PRIMARY KEY,
        organisation TEXT NOT NULL CHECK (organisation IN ('caf', 'commune')),
        role TEXT NOT NULL,
        name TEXT NOT NULL,
        added_at TEXT NOT NULL,
        removed_at TEXT                               -- kept, marked: the comité's history stays
      ) STRICT;

      CREATE TABLE copil_meetings (
        id INTEGER PRIMARY KEY,
        held_on TEXT NOT NULL,
        place TEXT,
        notes TEXT,
        recorded_at TEXT NOT NULL
      ) STRICT;
    `);
    const insertCommune = db.prepare('INSERT INTO communes (insee, name, postal_codes) VALUES (?, ?, ?)');
    for (const c of territory.communes) insertCommune.run(c.insee, c.nom, JSON.stringify(c.codes_postaux));
    db.prepare('INSERT INTO charter (id, document) VALUES (1, ?)').run(JSON.stringify(charter));
    void now;
  },
  async postgres(tx) {
    await ddl(tx, `
      CREATE TABLE communes (
        insee ${TEXT} PRIMARY KEY,
        name ${TEXT} NOT NULL UNIQUE,
        postal_codes ${TEXT} NOT NULL
      );

      CREATE TABLE places (
        id ${ID},
        name ${TEXT} NOT NULL,
        kind ${TEXT} NOT NULL CHECK (kind IN ('mediatheque', 'mpt', 'autre')),
        commune_insee ${TEXT} NOT NULL REFERENCES communes(insee),
        address ${TEXT} NOT NULL,
        postal_code ${TEXT} NOT NULL,
        phone ${TEXT} NOT NULL,
        email ${TEXT},
        reserved_slots ${TEXT} NOT NULL DEFAULT '[]',
        opening_hours ${TEXT} NOT NULL DEFAULT '[]',
        siret ${TEXT},
        created_at ${TEXT} NOT NULL,
        updated_at ${TEXT} NOT NULL
      );
      -- UNIQUE COLLATE NOCASE on SQLite.
      CREATE UNIQUE INDEX places_name_nocase ON places (lower(name));

      CREATE TABLE place_removals (
        id ${ID},
        place_id integer NOT NULL,
        snapshot ${TEXT} NOT NULL,
        removed_at ${TEXT} NOT NULL
      );

      CREATE TABLE charter (
        id ${ID} CHECK (id = 1),
        document ${TEXT} NOT NULL
      );

      CREATE TABLE signatures (
        party ${TEXT} PRIMARY KEY CHECK (party IN ('commune', 'caf')),
        signed_on ${TEXT} NOT NULL,
        recorded_at ${TEXT} NOT NULL
      );

      CREATE TABLE amendments (
        number ${ID},
        signed_on ${TEXT} NOT NULL,
        subject ${TEXT} NOT NULL,
        elements ${TEXT} NOT NULL,
        terms ${TEXT},
        recorded_at ${TEXT} NOT NULL
      );

      CREATE TABLE breaches (
        id ${ID},
        by_party ${TEXT} NOT NULL CHECK (by_party IN ('commune', 'caf')),
        received_on ${TEXT} NOT NULL,
        reason ${TEXT} NOT NULL,
        resolved_on ${TEXT},
        recorded_at ${TEXT} NOT NULL
      );

      CREATE TABLE terminations (
        id ${ID},
        by_party ${TEXT} NOT NULL CHECK (by_party IN ('commune', 'caf')),
        received_on ${TEXT} NOT NULL,
        breach_id integer REFERENCES breaches(id),
        recorded_at ${TEXT} NOT NULL
      );

      CREATE TABLE copil_members (
        id ${ID},
        organisation ${TEXT} NOT NULL CHECK (organisation IN ('caf', 'commune')),
        role ${TEXT} NOT NULL,
        name ${TEXT} NOT NULL,
        added_at ${TEXT} NOT NULL,
        removed_at ${TEXT}
      );

      CREATE TABLE copil_meetings (
        id ${ID},
        held_on ${TEXT} NOT NULL,
        place ${TEXT},
        notes ${TEXT},
        recorded_at ${TEXT} NOT NULL
      );
    `);
    for (const c of territory.communes) {
      await tx.run(sql`INSERT INTO communes (insee, name, postal_codes) VALUES (${c.insee}, ${c.nom}, ${JSON.stringify(c.codes_postaux)})`);
    }
    await tx.run(sql`INSERT INTO charter (id, document) VALUES (1, ${JSON.stringify(charter)})`);
  },
};
