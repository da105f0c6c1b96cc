// Schema 4: the figures supplied by the CAF information system (art. 7) and their imports.
import type { Migration } from '../migrate.js';
import { ddl, ID, TEXT } from './postgresDdl.js';

export const cafFigures: Migration = {
  version: 4,
  name: 'chiffres de la CAF',
  up(db) {
    db.exec(`
      CREATE TABLE caf_imports (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        imported_at TEXT NOT NULL,
        row_count INTEGER NOT NULL,
        replaced_count INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      -- One row per figure. Only one index, on month: every reading is by a range of months,
      -- and each extra b-tree slows a million-row import measurably (a UNIQUE index on the
      -- whole key cost about 40 % more CPU). A figure is never counted twice because the
      -- import refuses duplicate keys inside a file and, inside its write transaction, refuses
      -- or replaces whole (month, perimeter) pairs already present (src/store/cafFigures.ts).
      CREATE TABLE caf_figures (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES caf_imports(id),
        month TEXT NOT NULL,                          -- YYYY-MM
        perimeter TEXT NOT NULL,                      -- 'territoire' | 'commune:<insee>' | 'lieu:<placeId>'
        -- An OR chain, not IN (...): SQLite builds an ephemeral table for IN on every row
        -- of a multi-row INSERT, which made a million-row import 40 % slower.
        indicator TEXT NOT NULL CHECK (indicator = 'consultations' OR indicator = 'rubrique' OR indicator = 'teledeclarations'),
        site_section TEXT NOT NULL DEFAULT '',        -- caf.fr section, for indicator 'rubrique'
        value INTEGER NOT NULL CHECK (value >= 0)
      ) STRICT;
      CREATE INDEX caf_figures_by_month ON caf_figures(month);
    `);
  },
  async postgres(tx) {
    await ddl(tx, `
      CREATE TABLE caf_imports (
        id ${ID},
        file_name ${TEXT} NOT NULL,
        sha256 ${TEXT} NOT NULL UNIQUE,
        imported_at ${TEXT} NOT NULL,
        row_count integer NOT NULL,
        replaced_count integer NOT NULL DEFAULT 0
      );

      CREATE TABLE caf_figures (
        id ${ID},
        import_id integer NOT NULL REFERENCES caf_imports(id),
        month ${TEXT} NOT NULL,
        perimeter ${TEXT} NOT NULL,
        indicator ${TEXT} NOT NULL CHECK (indicator IN ('consultations', 'rubrique', 'teledeclarations')),
        site_section ${TEXT} NOT NULL DEFAULT '',
        -- SQLite's INTEGER is 64 bits; a figure may pass 2^31 (consultations of a year).
        value bigint NOT NULL CHECK (value >= 0)
      );
      CREATE INDEX caf_figures_by_month ON caf_figures(month);
    `);
  },
};
