// Schema 4: the figures supplied by the CAF information system (art. 7) and their imports.
import type { Migration } from '../migrate.js';

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

      -- One row per figure. The primary key is the figure's identity, so the same month,
      -- perimeter, indicator and section can never be counted twice; WITHOUT ROWID makes the
      -- table that index itself, clustered by month: report queries read a month range in
      -- order and a million-row import appends instead of maintaining a second b-tree.
      CREATE TABLE caf_figures (
        month TEXT NOT NULL,                          -- YYYY-MM
        perimeter TEXT NOT NULL,                      -- 'territoire' | 'commune:<insee>' | 'lieu:<placeId>'
        indicator TEXT NOT NULL CHECK (indicator IN ('consultations', 'rubrique', 'teledeclarations')),
        site_section TEXT NOT NULL DEFAULT '',        -- caf.fr section, for indicator 'rubrique'
        value INTEGER NOT NULL CHECK (value >= 0),
        import_id INTEGER NOT NULL REFERENCES caf_imports(id),
        PRIMARY KEY (month, perimeter, indicator, site_section)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
