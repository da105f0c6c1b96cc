// Schema 5: communication and contents (charter préambule, art. 3, 4, 7, 12): campaigns and their
// deliveries, training materials and their versions, putting each espace into service, and the
// register of staff committed to confidentiality.
import type { Migration } from '../migrate.js';
import { ddl, ID, TEXT } from './postgresDdl.js';

export const communication: Migration = {
  version: 5,
  name: 'campagnes, supports, mise en service, confidentialité',
  up(db) {
    db.exec(`
      CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        channel TEXT NOT NULL CHECK (channel IN ('affiche', 'flyer', 'site', 'presse', 'autre')),
        starts_on TEXT NOT NULL,                      -- YYYY-MM-DD
        ends_on TEXT CHECK (ends_on IS NULL OR ends_on >= starts_on),
        notes TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      -- What was handed to which place (posters, flyers): quantities, never recipients.
      CREATE TABLE campaign_deliveries (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        place_id INTEGER NOT NULL REFERENCES places(id),
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        delivered_on TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX campaign_deliveries_by_campaign ON campaign_deliveries(campaign_id, place_id);

      -- A support keeps one identity (its title); each update is a new version row (art. 7:
      -- the comité validates the update, tied to one of its recorded meetings).
      CREATE TABLE training_materials (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE training_material_versions (
        id INTEGER PRIMARY KEY,
        material_id INTEGER NOT NULL REFERENCES training_materials(id),
        version TEXT NOT NULL COLLATE NOCASE,
        audience TEXT NOT NULL CHECK (audience IN ('animateurs', 'allocataires')),
        file_path TEXT,
        url TEXT,
        validated_meeting_id INTEGER REFERENCES copil_meetings(id),
        validated_at TEXT,
        created_at TEXT NOT NULL,
        CHECK (file_path IS NULL OR url IS NULL),
        UNIQUE (material_id, version)
      ) STRICT;

      CREATE TABLE training_material_deliveries (
        id INTEGER PRIMARY KEY,
        version_id INTEGER NOT NULL REFERENCES training_material_versions(id),
        place_id INTEGER NOT NULL REFERENCES places(id),
        delivered_on TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        UNIQUE (version_id, place_id)
      ) STRICT;

      -- Each verification visit of a place (art. 7) with the whole checklist as it stands after
      -- it (JSON): the latest visit gives the state, the earlier ones are the history.
      CREATE TABLE commissioning_visits (
        id INTEGER PRIMARY KEY,
        place_id INTEGER NOT NULL REFERENCES places(id),
        checked_on TEXT NOT NULL,
        checked_by TEXT NOT NULL,
        checklist TEXT NOT NULL,                      -- JSON [{code, label, required, checked, checkedOn, how}]
        state TEXT NOT NULL CHECK (state IN ('en_preparation', 'en_service')),
        author TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX commissioning_by_place ON commissioning_visits(place_id, id);

      -- Staff informed of art. 12 who committed to it: staff names, never allocataires.
      CREATE TABLE confidentiality_commitments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE,
        role TEXT NOT NULL,
        committed_on TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        UNIQUE (name, committed_on)
      ) STRICT;
    `);
  },
  async postgres(tx) {
    // SQLite's COLLATE NOCASE uniqueness is a unique index on lower(...).
    await ddl(tx, `
      CREATE TABLE campaigns (
        id ${ID},
        name ${TEXT} NOT NULL,
        channel ${TEXT} NOT NULL CHECK (channel IN ('affiche', 'flyer', 'site', 'presse', 'autre')),
        starts_on ${TEXT} NOT NULL,
        ends_on ${TEXT} CHECK (ends_on IS NULL OR ends_on >= starts_on),
        notes ${TEXT},
        created_at ${TEXT} NOT NULL
      );
      CREATE UNIQUE INDEX campaigns_name_nocase ON campaigns (lower(name));

      CREATE TABLE campaign_deliveries (
        id ${ID},
        campaign_id integer NOT NULL REFERENCES campaigns(id),
        place_id integer NOT NULL REFERENCES places(id),
        quantity integer NOT NULL CHECK (quantity > 0),
        delivered_on ${TEXT} NOT NULL,
        recorded_at ${TEXT} NOT NULL
      );
      CREATE INDEX campaign_deliveries_by_campaign ON campaign_deliveries(campaign_id, place_id);

      CREATE TABLE training_materials (
        id ${ID},
        title ${TEXT} NOT NULL,
        created_at ${TEXT} NOT NULL
      );
      CREATE UNIQUE INDEX training_materials_title_nocase ON training_materials (lower(title));

      CREATE TABLE training_material_versions (
        id ${ID},
        material_id integer NOT NULL REFERENCES training_materials(id),
        version ${TEXT} NOT NULL,
        audience ${TEXT} NOT NULL CHECK (audience IN ('animateurs', 'allocataires')),
        file_path ${TEXT},
        url ${TEXT},
        validated_meeting_id integer REFERENCES copil_meetings(id),
        validated_at ${TEXT},
        created_at ${TEXT} NOT NULL,
        CHECK (file_path IS NULL OR url IS NULL)
      );
      CREATE UNIQUE INDEX training_material_versions_nocase ON training_material_versions (material_id, lower(version));

      CREATE TABLE training_material_deliveries (
        id ${ID},
        version_id integer NOT NULL REFERENCES training_material_versions(id),
        place_id integer NOT NULL REFERENCES places(id),
        delivered_on ${TEXT} NOT NULL,
        recorded_at ${TEXT} NOT NULL,
        UNIQUE (version_id, place_id)
      );

      CREATE TABLE commissioning_visits (
        id ${ID},
        place_id integer NOT NULL REFERENCES places(id),
        checked_on ${TEXT} NOT NULL,
        checked_by ${TEXT} NOT NULL,
        checklist ${TEXT} NOT NULL,
        state ${TEXT} NOT NULL CHECK (state IN ('en_preparation', 'en_service')),
        author ${TEXT} NOT NULL,
        recorded_at ${TEXT} NOT NULL
      );
      CREATE INDEX commissioning_by_place ON commissioning_visits(place_id, id);

      CREATE TABLE confidentiality_commitments (
        id ${ID},
        name ${TEXT} NOT NULL,
        role ${TEXT} NOT NULL,
        committed_on ${TEXT} NOT NULL,
        recorded_at ${TEXT} NOT NULL
      );
      CREATE UNIQUE INDEX confidentiality_commitments_nocase ON confidentiality_commitments (lower(name), committed_on);
    `);
  },
};
