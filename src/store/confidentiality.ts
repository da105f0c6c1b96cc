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
  /** The commune the person works for (the register concerns commune staff, art. 12). */
  communeInsee: string;
}

/** Whose staff a person is: the commune's (and which commune) or the CAF's. */
export type Organisation = 'commune' | 'caf';

export interface StaffMember {
  id: number;
  name: string;
  organisation: Organisation;
  communeInsee: string | null;
  role: string | null;
}

export function listStaff(db: Db): StaffMember[] {
  return db
    .prepare('SELECT id, name, organisation, commune_insee AS communeInsee, role FROM staff ORDER BY organisation, name COLLATE NOCASE, id')
    .all() as StaffMember[];
}

/**
 * Records a person's organisation, once per person (names compared without case or accents).
 * The same person again with the same organisation is kept as is; with another → ConflictError (4).
 */
export function recordStaff(db: Db, s: Omit<StaffMember, 'id'>, at: string): { id: number; created: boolean } {
  return db.transaction(() => {
    const key = normalizeName(s.name);
    const existing = db.prepare('SELECT id, name, organisation, commune_insee AS communeInsee, role FROM staff WHERE name_key = ?').get(key) as StaffMember | undefined;
    if (existing) {
      if (existing.organisation !== s.organisation || existing.communeInsee !== s.communeInsee) {
        throw new ConflictError(
          `--organisation : « ${existing.name} » est déjà enregistré comme agent ${existing.organisation === 'caf' ? 'de la CAF' : `de la commune (n° INSEE ${existing.communeInsee})`} (n° ${existing.id}).`,
        );
      }
      return { id: existing.id, created: false };
    }
    const id = Number(
      db
        .prepare('INSERT INTO staff (name, name_key, organisation, commune_insee, role, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(s.name, key, s.organisation, s.communeInsee, s.role, at).lastInsertRowid,
    );
    return { id, created: true };
  }).immediate();
}

export function listCommitments(db: Db): Commitment[] {
  // Staff are keyed by the normalized name, computed in JavaScript: joined here.
  const staffByKey = new Map(listStaff(db).map((s) => [normalizeName(s.name), s]));
  return (db.prepare('SELECT id, name, role, committed_on AS committedOn FROM confidentiality_commitments ORDER BY committed_on, id').all() as Omit<Commitment, 'communeInsee'>[]).map(
    (c) => ({ ...c, communeInsee: staffByKey.get(normalizeName(c.name))?.communeInsee ?? '' }),
  );
}

/** The same person on the same date twice → ConflictError (4). The person is recorded as commune staff. */
export function addCommitment(db: Db, c: Omit<Commitment, 'id'>, at: string): number {
  return db.transaction(() => {
    recordStaff(db, { name: c.name, organisation: 'commune', communeInsee: c.communeInsee, role: c.role }, at);
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

/** Names (normalized) of the CAF's own staff: the staff register and the comité's CAF members. */
function cafStaffKeys(db: Db): Set<string> {
  const names = [
    ...(db.prepare("SELECT name FROM staff WHERE organisation = 'caf'").pluck().all() as string[]),
    ...(db.prepare("SELECT name FROM copil_members WHERE organisation = 'caf'").pluck().all() as string[]),
  ];
  return new Set(names.map(normalizeName));
}

/**
 * charter-status: an animator at work who never committed to art. 12 (on or before today).
 * Art. 12 binds « tout intervenant appartenant à la Commune »: the CAF's animators and
 * referents are never asked; a person of unknown organisation is, with both ways out.
 */
export function confidentialityActions(db: Db, today: string): Action[] {
  const committed = new Set(
    (db.prepare('SELECT name FROM confidentiality_commitments WHERE committed_on <= ?').all(today) as { name: string }[]).map((r) => normalizeName(r.name)),
  );
  const caf = cafStaffKeys(db);
  const commune = new Set((db.prepare("SELECT name_key FROM staff WHERE organisation = 'commune'").pluck().all() as string[]));
  return namedAnimators(db)
    .filter((name) => !committed.has(normalizeName(name)) && !caf.has(normalizeName(name)))
    .map((name) => ({
      code: 'animateur_sans_engagement_confidentialite',
      message: commune.has(normalizeName(name))
        ? `animateur de la commune sans engagement de confidentialité : ${name} (art. 12) ; enregistrez-le avec « cafcharte charter confidentialite add --nom "${name}" ».`
        : `animateur sans engagement de confidentialité : ${name} (art. 12) ; agent de la commune : « cafcharte charter confidentialite add --nom "${name}" » ; agent de la CAF (non concerné) : « cafcharte charter personnel add --nom "${name}" --organisation caf ».`,
    }));
}
