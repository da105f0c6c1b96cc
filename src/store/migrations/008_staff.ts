// Schema 8: staff and their organisation (art. 12 binds « tout intervenant appartenant à la
// Commune »): the commune's or the CAF's, and which commune. The confidentiality register
// concerns commune staff; a CAF animator or referent is never asked for a commitment.
import { sql } from '../sql.js';
import type { Migration } from '../migrate.js';
import { ddl, ID, TEXT } from './postgresDdl.js';
import { normalizeName } from '../../domain/territory.js';

/** The register kept commune staff only, of the signatory commune: Le Tampon. */
const SIGNATORY_COMMUNE = '97422';

export const staff: Migration = {
  version: 8,
  name: 'personnel et organisation (art. 12)',
  up(db, now) {
    db.exec(`
      CREATE TABLE staff (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,                -- without case or accents: one person once
        organisation TEXT NOT NULL CHECK (organisation IN ('commune', 'caf')),
        commune_insee TEXT REFERENCES communes(insee),
        role TEXT,
        created_at TEXT NOT NULL,
        CHECK ((organisation = 'commune') = (commune_insee IS NOT NULL))
      ) STRICT;
    `);
    const insert = db.prepare(
      `INSERT INTO staff (name, name_key, organisation, commune_insee, role, created_at) VALUES (?, ?, 'commune', ?, ?, ?)
       ON CONFLICT (name_key) DO NOTHING`,
    );
    const rows = db.prepare('SELECT name, role FROM confidentiality_commitments ORDER BY committed_on, id').all() as { name: string; role: string }[];
    for (const row of rows) insert.run(row.name, normalizeName(row.name), SIGNATORY_COMMUNE, row.role, now.toISOString());
  },
  async postgres(tx, now) {
    await ddl(tx, `
      CREATE TABLE staff (
        id ${ID},
        name ${TEXT} NOT NULL,
        name_key ${TEXT} NOT NULL UNIQUE,
        organisation ${TEXT} NOT NULL CHECK (organisation IN ('commune', 'caf')),
        commune_insee ${TEXT} REFERENCES communes(insee),
        role ${TEXT},
        created_at ${TEXT} NOT NULL,
        CHECK ((organisation = 'commune') = (commune_insee IS NOT NULL))
      );
    `);
    const rows = await tx.all(sql<{ name: string; role: string }>`SELECT name, role FROM confidentiality_commitments ORDER BY committed_on, id`);
    for (const row of rows) {
      await tx.run(sql`INSERT INTO staff (name, name_key, organisation, commune_insee, role, created_at)
        VALUES (${row.name}, ${normalizeName(row.name)}, 'commune', ${SIGNATORY_COMMUNE}, ${row.role}, ${now.toISOString()})
        ON CONFLICT (name_key) DO NOTHING`);
    }
  },
};
