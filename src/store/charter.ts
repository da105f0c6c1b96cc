// The charter's recorded facts: signatures, avenants, breaches, terminations, the comité.
import type { Db } from './open.js';
import type { Amendment, Breach, CharterFacts, CharterTerms, Party, Termination } from '../domain/charter.js';

interface CharterDocument {
  titre: string;
  parties: Record<Party, { nom: string; representant: string; adresse?: string }>;
  objet: string;
  territoire: string;
  conditions: {
    duree_annees: number;
    reconduction_tacite: boolean;
    renegociation_mois_avant_fin: number;
    preavis_resiliation_jours: number;
    delai_manquement_jours: number;
  };
}

export function charterDocument(db: Db): CharterDocument {
  return JSON.parse((db.prepare('SELECT document FROM charter WHERE id = 1').get() as { document: string }).document);
}

export function baseTerms(db: Db): CharterTerms {
  const c = charterDocument(db).conditions;
  return {
    durationYears: c.duree_annees,
    tacitRenewal: c.reconduction_tacite,
    renegotiationMonths: c.renegociation_mois_avant_fin,
    terminationNoticeDays: c.preavis_resiliation_jours,
    breachCureDays: c.delai_manquement_jours,
  };
}

export function loadCharterFacts(db: Db): CharterFacts {
  return {
    baseTerms: baseTerms(db),
    signatures: db.prepare('SELECT party, signed_on AS signedOn FROM signatures ORDER BY signed_on').all() as CharterFacts['signatures'],
    amendments: (db.prepare('SELECT number, signed_on AS signedOn, subject, elements, terms FROM amendments ORDER BY number').all() as (Omit<Amendment, 'terms'> & { terms: string | null })[]).map(
      (a) => ({ ...a, terms: a.terms ? (JSON.parse(a.terms) as Partial<CharterTerms>) : null }),
    ),
    breaches: db.prepare('SELECT id, by_party AS byParty, received_on AS receivedOn, reason, resolved_on AS resolvedOn FROM breaches ORDER BY id').all() as Breach[],
    terminations: db.prepare('SELECT id, by_party AS byParty, received_on AS receivedOn, breach_id AS breachId FROM terminations ORDER BY id').all() as Termination[],
    meetings: db.prepare('SELECT id, held_on AS heldOn FROM copil_meetings ORDER BY held_on').all() as CharterFacts['meetings'],
  };
}

export function recordSignature(db: Db, party: Party, signedOn: string, at: string): void {
  db.prepare('INSERT INTO signatures (party, signed_on, recorded_at) VALUES (?, ?, ?)').run(party, signedOn, at);
}

export function recordAmendment(db: Db, a: Omit<Amendment, 'number'>, at: string): number {
  return db.transaction(() => {
    const next = ((db.prepare('SELECT max(number) AS n FROM amendments').get() as { n: number | null }).n ?? 0) + 1;
    db.prepare('INSERT INTO amendments (number, signed_on, subject, elements, terms, recorded_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      next,
      a.signedOn,
      a.subject,
      a.elements,
      a.terms ? JSON.stringify(a.terms) : null,
      at,
    );
    return next;
  }).immediate();
}

export function recordBreach(db: Db, b: Omit<Breach, 'id' | 'resolvedOn'>, at: string): number {
  return Number(
    db.prepare('INSERT INTO breaches (by_party, received_on, reason, recorded_at) VALUES (?, ?, ?, ?)').run(b.byParty, b.receivedOn, b.reason, at).lastInsertRowid,
  );
}

export function resolveBreach(db: Db, id: number, resolvedOn: string): void {
  db.prepare('UPDATE breaches SET resolved_on = ? WHERE id = ?').run(resolvedOn, id);
}

export function recordTermination(db: Db, t: Omit<Termination, 'id'>, at: string): number {
  return Number(
    db.prepare('INSERT INTO terminations (by_party, received_on, breach_id, recorded_at) VALUES (?, ?, ?, ?)').run(t.byParty, t.receivedOn, t.breachId, at).lastInsertRowid,
  );
}

export interface CommitteeMember {
  id: number;
  organisation: Party;
  role: string;
  name: string;
  addedAt: string;
  removedAt: string | null;
}

export function listMembers(db: Db, includeRemoved = false): CommitteeMember[] {
  return db
    .prepare(
      `SELECT id, organisation, role, name, added_at AS addedAt, removed_at AS removedAt FROM copil_members
       ${includeRemoved ? '' : 'WHERE removed_at IS NULL'} ORDER BY organisation, id`,
    )
    .all() as CommitteeMember[];
}

export function addMember(db: Db, m: { organisation: Party; role: string; name: string }, at: string): number {
  return Number(db.prepare('INSERT INTO copil_members (organisation, role, name, added_at) VALUES (?, ?, ?, ?)').run(m.organisation, m.role, m.name, at).lastInsertRowid);
}

/** A member leaves the comité: the row is kept, marked, so past meetings keep their composition. */
export function removeMember(db: Db, id: number, at: string): boolean {
  return db.prepare('UPDATE copil_members SET removed_at = ? WHERE id = ? AND removed_at IS NULL').run(at, id).changes === 1;
}

export interface Meeting {
  id: number;
  heldOn: string;
  place: string | null;
  notes: string | null;
  start: string | null;
  end: string | null;
}

export function listMeetings(db: Db): Meeting[] {
  return db.prepare('SELECT id, held_on AS heldOn, place, notes, starts_at AS start, ends_at AS "end" FROM copil_meetings ORDER BY held_on, id').all() as Meeting[];
}

export function getMeeting(db: Db, id: number): Meeting | undefined {
  return db.prepare('SELECT id, held_on AS heldOn, place, notes FROM copil_meetings WHERE id = ?').get(id) as Meeting | undefined;
}

export function addMeeting(db: Db, m: { heldOn: string; place: string | null; notes: string | null; start?: string | null; end?: string | null }, at: string): number {
  return Number(
    db
      .prepare('INSERT INTO copil_meetings (held_on, place, notes, starts_at, ends_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(m.heldOn, m.place, m.notes, m.start ?? null, m.end ?? null, at).lastInsertRowid,
  );
}
