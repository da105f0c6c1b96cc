// The charter's recorded facts: signatures, avenants, breaches, terminations, the comité.
// A fact is recorded in one transaction with the facts it was checked against: the check runs
// on what the transaction reads, so no other writer can slip a signature or a termination in
// between (another desk on the territory's PostgreSQL store).
import { sql } from './sql.js';
import type { Store } from './engine.js';
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

/**
 * Runs inside the transaction that records a fact, on the facts as that transaction reads
 * them; throws (a typed error) to refuse, and then nothing is written. It may run more than
 * once on PostgreSQL, so it only reads its argument.
 */
export type FactsCheck = (facts: CharterFacts) => void;

/** A JSON column: text on SQLite; node-postgres may hand it already parsed. */
function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export async function charterDocument(store: Store): Promise<CharterDocument> {
  const row = await store.one(sql<{ document: unknown }>`SELECT document FROM charter WHERE id = 1`);
  return parseJson<CharterDocument>(row!.document);
}

export function termsOf(doc: CharterDocument): CharterTerms {
  const c = doc.conditions;
  return {
    durationYears: c.duree_annees,
    tacitRenewal: c.reconduction_tacite,
    renegotiationMonths: c.renegociation_mois_avant_fin,
    terminationNoticeDays: c.preavis_resiliation_jours,
    breachCureDays: c.delai_manquement_jours,
  };
}

export async function baseTerms(store: Store): Promise<CharterTerms> {
  return termsOf(await charterDocument(store));
}

export async function loadCharterFacts(store: Store): Promise<CharterFacts> {
  const amendments = await store.all(
    sql<Omit<Amendment, 'terms'> & { terms: unknown }>`SELECT number, signed_on AS "signedOn", subject, elements, terms FROM amendments ORDER BY number`,
  );
  return {
    baseTerms: await baseTerms(store),
    signatures: await store.all(sql<CharterFacts['signatures'][number]>`SELECT party, signed_on AS "signedOn" FROM signatures ORDER BY signed_on, party`),
    amendments: amendments.map((a) => ({ ...a, terms: a.terms ? parseJson<Partial<CharterTerms>>(a.terms) : null })),
    breaches: await store.all(
      sql<Breach>`SELECT id, by_party AS "byParty", received_on AS "receivedOn", reason, resolved_on AS "resolvedOn" FROM breaches ORDER BY id`,
    ),
    terminations: await store.all(
      sql<Termination>`SELECT id, by_party AS "byParty", received_on AS "receivedOn", breach_id AS "breachId" FROM terminations ORDER BY id`,
    ),
    meetings: await store.all(sql<CharterFacts['meetings'][number]>`SELECT id, held_on AS "heldOn" FROM copil_meetings ORDER BY held_on, id`),
  };
}

/** The parties' signatures on one date, after `check` (a party signs once). */
export async function recordSignatures(store: Store, parties: readonly Party[], signedOn: string, at: string, check: FactsCheck): Promise<void> {
  await store.transaction(async (tx) => {
    check(await loadCharterFacts(tx));
    for (const party of parties) {
      await tx.run(sql`INSERT INTO signatures (party, signed_on, recorded_at) VALUES (${party}, ${signedOn}, ${at})`);
    }
  });
}

/** The next avenant, numbered after the last one; returns its number. */
export async function recordAmendment(store: Store, a: Omit<Amendment, 'number'>, at: string, check: FactsCheck): Promise<number> {
  return store.transaction(async (tx) => {
    const facts = await loadCharterFacts(tx);
    check(facts);
    const number = (facts.amendments.at(-1)?.number ?? 0) + 1;
    await tx.run(
      sql`INSERT INTO amendments (number, signed_on, subject, elements, terms, recorded_at)
          VALUES (${number}, ${a.signedOn}, ${a.subject}, ${a.elements}, ${a.terms ? JSON.stringify(a.terms) : null}, ${at})`,
    );
    return number;
  });
}

export async function recordBreach(store: Store, b: Omit<Breach, 'id' | 'resolvedOn'>, at: string, check: FactsCheck): Promise<number> {
  return store.transaction(async (tx) => {
    check(await loadCharterFacts(tx));
    const row = await tx.one(
      sql<{ id: number }>`INSERT INTO breaches (by_party, received_on, reason, recorded_at) VALUES (${b.byParty}, ${b.receivedOn}, ${b.reason}, ${at}) RETURNING id`,
    );
    return Number(row!.id);
  });
}

export async function resolveBreach(store: Store, id: number, resolvedOn: string, check: FactsCheck): Promise<void> {
  await store.transaction(async (tx) => {
    check(await loadCharterFacts(tx));
    await tx.run(sql`UPDATE breaches SET resolved_on = ${resolvedOn} WHERE id = ${id}`);
  });
}

export async function recordTermination(store: Store, t: Omit<Termination, 'id'>, at: string, check: FactsCheck): Promise<number> {
  return store.transaction(async (tx) => {
    check(await loadCharterFacts(tx));
    const row = await tx.one(
      sql<{ id: number }>`INSERT INTO terminations (by_party, received_on, breach_id, recorded_at) VALUES (${t.byParty}, ${t.receivedOn}, ${t.breachId}, ${at}) RETURNING id`,
    );
    return Number(row!.id);
  });
}

export interface CommitteeMember {
  id: number;
  organisation: Party;
  role: string;
  name: string;
  addedAt: string;
  removedAt: string | null;
}

export async function listMembers(store: Store, includeRemoved = false): Promise<CommitteeMember[]> {
  return store.all(
    sql<CommitteeMember>`SELECT id, organisation, role, name, added_at AS "addedAt", removed_at AS "removedAt" FROM copil_members
      ${includeRemoved ? sql`` : sql`WHERE removed_at IS NULL`} ORDER BY organisation, id`,
  );
}

export async function addMember(store: Store, m: { organisation: Party; role: string; name: string }, at: string): Promise<number> {
  const row = await store.one(
    sql<{ id: number }>`INSERT INTO copil_members (organisation, role, name, added_at) VALUES (${m.organisation}, ${m.role}, ${m.name}, ${at}) RETURNING id`,
  );
  return Number(row!.id);
}

/** A member leaves the comité: the row is kept, marked, so past meetings keep their composition. */
export async function removeMember(store: Store, id: number, at: string): Promise<boolean> {
  return (await store.run(sql`UPDATE copil_members SET removed_at = ${at} WHERE id = ${id} AND removed_at IS NULL`)).changes === 1;
}

export interface Meeting {
  id: number;
  heldOn: string;
  place: string | null;
  notes: string | null;
  start: string | null;
  end: string | null;
}

export async function listMeetings(store: Store): Promise<Meeting[]> {
  return store.all(sql<Meeting>`SELECT id, held_on AS "heldOn", place, notes, starts_at AS start, ends_at AS "end" FROM copil_meetings ORDER BY held_on, id`);
}

export async function addMeeting(
  store: Store,
  m: { heldOn: string; place: string | null; notes: string | null; start?: string | null; end?: string | null },
  at: string,
): Promise<number> {
  const row = await store.one(
    sql<{ id: number }>`INSERT INTO copil_meetings (held_on, place, notes, starts_at, ends_at, recorded_at)
      VALUES (${m.heldOn}, ${m.place}, ${m.notes}, ${m.start ?? null}, ${m.end ?? null}, ${at}) RETURNING id`,
  );
  return Number(row!.id);
}
