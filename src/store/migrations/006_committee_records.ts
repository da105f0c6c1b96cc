// Schema 6: what the comité's documents need beyond schema 1: the meeting's hours (convocation,
// calendar invitation), its decisions and each member's attendance (minutes), and the commune's
// postal address for the registered letters.
import type { Migration } from '../migrate.js';

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
};
