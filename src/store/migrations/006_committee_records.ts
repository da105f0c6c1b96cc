// Schema 6: what the comité's documents need beyond schema 1: the meeting's hours (convocation,
// calendar invitation), its decisions and each member's attendance (minutes), and the commune's
// postal address for the registered letters.
import { sql } from '../sql.js';
import type { Migration } from '../migrate.js';
import { ddl, ID, TEXT } from './postgresDdl.js';

/** Hôtel de ville du Tampon, as data/charte.json now carries it. */
const COMMUNE_ADDRESS = '256 rue Hubert Delisle, BP 49, 97430 Le Tampon';

export const committeeRecords: Migration = {
  version: 6,
  name: 'comité : horaires, décisions, présences',
  up(db) {
    db.exec(`
      ALTER TABLE copil_meetings ADD COLUMN starts_at TEXT;   -- HH:MM, Réunion time
      ALTER TABLE copil_meetings ADD COLUMN ends_at TEXT;

      -- Decisions as the comité worded them (guarded: never about an allocataire).
      CREATE TABLE copil_decisions (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES copil_meetings(id),
        text TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX copil_decisions_by_meeting ON copil_decisions(meeting_id, id);

      -- One status per member and meeting; recording it again replaces it.
      CREATE TABLE copil_attendance (
        meeting_id INTEGER NOT NULL REFERENCES copil_meetings(id),
        member_id INTEGER NOT NULL REFERENCES copil_members(id),
        status TEXT NOT NULL CHECK (status IN ('present', 'excuse', 'absent')),
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (meeting_id, member_id)
      ) STRICT;
    `);
    // Stores made before the address was shipped get it too; an address someone set is kept.
    db.prepare(
      `UPDATE charter SET document = json_set(document, '$.parties.commune.adresse', ?)
       WHERE id = 1 AND json_extract(document, '$.parties.commune.adresse') IS NULL`,
    ).run(COMMUNE_ADDRESS);
  },
  async postgres(tx) {
    await ddl(tx, `
      ALTER TABLE copil_meetings ADD COLUMN starts_at ${TEXT};
      ALTER TABLE copil_meetings ADD COLUMN ends_at ${TEXT};

      CREATE TABLE copil_decisions (
        id ${ID},
        meeting_id integer NOT NULL REFERENCES copil_meetings(id),
        text ${TEXT} NOT NULL,
        recorded_at ${TEXT} NOT NULL
      );
      CREATE INDEX copil_decisions_by_meeting ON copil_decisions(meeting_id, id);

      CREATE TABLE copil_attendance (
        meeting_id integer NOT NULL REFERENCES copil_meetings(id),
        member_id integer NOT NULL REFERENCES copil_members(id),
        status ${TEXT} NOT NULL CHECK (status IN ('present', 'excuse', 'absent')),
        recorded_at ${TEXT} NOT NULL,
        PRIMARY KEY (meeting_id, member_id)
      );
    `);
    // Done in TypeScript rather than with jsonb_set: jsonb would rewrite the whole document (key
    // order, spacing), where SQLite's json_set keeps it and appends the key, as JSON.stringify does.
    const row = await tx.one(sql<{ document: string }>`SELECT document FROM charter WHERE id = 1`);
    if (!row) return;
    const document = JSON.parse(row.document) as { parties?: { commune?: Record<string, unknown> } };
    const commune = document.parties?.commune;
    if (commune === undefined || commune === null || typeof commune !== 'object' || (commune.adresse !== undefined && commune.adresse !== null)) return;
    commune.adresse = COMMUNE_ADDRESS;
    await tx.run(sql`UPDATE charter SET document = ${JSON.stringify(document)} WHERE id = 1`);
  },
};
