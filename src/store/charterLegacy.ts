// The charter's facts read on the raw SQLite connection, for the repositories and commands not
// yet moved onto the Store API (report, logbook entry form, supports). Goes with legacyDb.
import type { Db } from './open.js';
import type { Amendment, Breach, CharterFacts, CharterTerms, Termination } from '../domain/charter.js';
import { termsOf, type Meeting } from './charter.js';

export function loadCharterFacts(db: Db): CharterFacts {
  const document = (db.prepare('SELECT document FROM charter WHERE id = 1').get() as { document: string }).document;
  const amendments = db.prepare('SELECT number, signed_on AS signedOn, subject, elements, terms FROM amendments ORDER BY number').all() as (Omit<Amendment, 'terms'> & { terms: string | null })[];
  return {
    baseTerms: termsOf(JSON.parse(document)),
    signatures: db.prepare('SELECT party, signed_on AS signedOn FROM signatures ORDER BY signed_on, party').all() as CharterFacts['signatures'],
    amendments: amendments.map((a) => ({ ...a, terms: a.terms ? (JSON.parse(a.terms) as Partial<CharterTerms>) : null })),
    breaches: db.prepare('SELECT id, by_party AS byParty, received_on AS receivedOn, reason, resolved_on AS resolvedOn FROM breaches ORDER BY id').all() as Breach[],
    terminations: db.prepare('SELECT id, by_party AS byParty, received_on AS receivedOn, breach_id AS breachId FROM terminations ORDER BY id').all() as Termination[],
    meetings: db.prepare('SELECT id, held_on AS heldOn FROM copil_meetings ORDER BY held_on, id').all() as CharterFacts['meetings'],
  };
}

export function getMeeting(db: Db, id: number): Meeting | undefined {
  return db.prepare('SELECT id, held_on AS heldOn, place, notes FROM copil_meetings WHERE id = ?').get(id) as Meeting | undefined;
}
