// The register of staff informed of art. 12 (confidentiality) who committed to it, and the
// charter-status action that reads it together with sessions and the logbook.
import type { Db } from './open.js';
import type { Action } from '../domain/charter.js';
import { ConflictError } from '../errors.js';
import { normalizeName } from '../domain/territory.js';

export interface Commitment {
  id: number;
  name: string;
  role: string;
  committedOn: string;
}

export function listCommitments(db: Db): Commitment[] {
  return db
    .prepare('SELECT id, name, role, committed_on AS committedOn FROM confidentiality_commitments ORDER BY committed_on, id')
    .all() as Commitment[];
}

/** The same person on the same date twice → ConflictError (4). */
export function addCommitment(db: Db, c: Omit<Commitment, 'id'>, at: string): number {
  return db.transaction(() => {
    const clash = db.prepare('SELECT id FROM confidentiality_commitments WHERE name = ? AND committed_on = ?').get(c.name, c.committedOn) as
      | { id: number }
      | undefined;
    if (clash) throw new ConflictError(`--nom : l’engagement de « ${c.name} » à cette date est déjà enregistré (n° ${clash.id}).`);
    return Number(
      db
        .prepare('INSERT INTO confidentiality_commitments (name, role, committed_on, recorded_at) VALUES (?, ?, ?, ?)')
        .run(c.name, c.role, c.committedOn, at).lastInsertRowid,
    );
  }).immediate();
}

/** Names of the staff in the register: allowed in free text (they are staff, not allocataires). */
export function committedNames(db: Db): string[] {
  return (db.prepare('SELECT DISTINCT name FROM confidentiality_commitments').all() as { name: string }[]).map((r) => r.name);
}

/** Every animator named on a live session or logbook entry, first spelling kept. */
function namedAnimators(db: Db): string[] {
  // SQLite unpacks the JSON lists and keeps each distinct name once, in the order it was first
  // written: a large store has 200,000 rows but a handful of animators.
  const names = db
    .prepare(
      `SELECT name FROM (
         SELECT j.value AS name, s.rowid AS rank FROM sessions s, json_each(s.animators) j WHERE s.status <> 'annulee'
         UNION ALL
         SELECT j.value, 1e12 + e.rowid FROM logbook_entries e, json_each(e.animators) j WHERE e.removed_at IS NULL
       ) GROUP BY name ORDER BY min(rank)`,
    )
    .pluck()
    .all() as string[];
  const byKey = new Map<string, string>();
  for (const name of names) {
    const key = normalizeName(name);
    if (key && !byKey.has(key)) byKey.set(key, name.trim());
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, 'fr'));
}

/** charter-status: an animator at work who never committed to art. 12 (on or before today). */
export function confidentialityActions(db: Db, today: string): Action[] {
  const committed = new Set(
    (db.prepare('SELECT name FROM confidentiality_commitments WHERE committed_on <= ?').all(today) as { name: string }[]).map((r) => normalizeName(r.name)),
  );
  return namedAnimators(db)
    .filter((name) => !committed.has(normalizeName(name)))
    .map((name) => ({
      code: 'animateur_sans_engagement_confidentialite',
      message: `animateur sans engagement de confidentialité : ${name} (art. 12) ; enregistrez-le avec « cafcharte charter confidentialite add ».`,
    }));
}
