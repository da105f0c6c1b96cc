// The register of staff informed of art. 12 (confidentiality) who committed to it, and the
// charter-status action that reads it together with sessions and the logbook.
import { sql } from './sql.js';
import { count, type Store } from './engine.js';
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

const SELECT_STAFF = sql`SELECT id, name, organisation, commune_insee AS "communeInsee", role FROM staff`;

export function listStaff(store: Store): Promise<StaffMember[]> {
  // lower() folds ASCII letters only, on both engines, as SQLite's NOCASE did.
  return store.all(sql<StaffMember>`${SELECT_STAFF} ORDER BY organisation, lower(name), id`);
}

/**
 * Records a person's organisation, once per person (names compared without case or accents).
 * The same person again with the same organisation is kept as is; with another → ConflictError (4).
 */
export function recordStaff(store: Store, s: Omit<StaffMember, 'id'>, at: string): Promise<{ id: number; created: boolean }> {
  return store.transaction(async (tx) => {
    const key = normalizeName(s.name);
    const existing = await tx.one(sql<StaffMember>`${SELECT_STAFF} WHERE name_key = ${key}`);
    if (existing) {
      if (existing.organisation !== s.organisation || existing.communeInsee !== s.communeInsee) {
        throw new ConflictError(
          `--organisation : « ${existing.name} » est déjà enregistré comme agent ${existing.organisation === 'caf' ? 'de la CAF' : `de la commune (n° INSEE ${existing.communeInsee})`} (n° ${existing.id}).`,
        );
      }
      return { id: existing.id, created: false };
    }
    const inserted = await tx.one(
      sql<{ id: number }>`INSERT INTO staff (name, name_key, organisation, commune_insee, role, created_at)
        VALUES (${s.name}, ${key}, ${s.organisation}, ${s.communeInsee}, ${s.role}, ${at}) RETURNING id`,
    );
    return { id: count(inserted!.id), created: true };
  });
}

export async function listCommitments(store: Store): Promise<Commitment[]> {
  // Staff are keyed by the normalized name, computed in JavaScript: joined here.
  const staffByKey = new Map((await listStaff(store)).map((s) => [normalizeName(s.name), s]));
  const rows = await store.all(
    sql<Omit<Commitment, 'communeInsee'>>`SELECT id, name, role, committed_on AS "committedOn" FROM confidentiality_commitments ORDER BY committed_on, id`,
  );
  return rows.map((c) => ({ ...c, communeInsee: staffByKey.get(normalizeName(c.name))?.communeInsee ?? '' }));
}

/** The same person on the same date twice → ConflictError (4). The person is recorded as commune staff. */
export function addCommitment(store: Store, c: Omit<Commitment, 'id'>, at: string): Promise<number> {
  return store.transaction(async (tx) => {
    await recordStaff(tx, { name: c.name, organisation: 'commune', communeInsee: c.communeInsee, role: c.role }, at);
    // The register's names compare without case (ASCII), as its unique key does on both engines.
    const clash = await tx.one(sql<{ id: number }>`SELECT id FROM confidentiality_commitments WHERE lower(name) = lower(${c.name}) AND committed_on = ${c.committedOn} ORDER BY id`);
    if (clash) throw new ConflictError(`--nom : l’engagement de « ${c.name} » à cette date est déjà enregistré (n° ${clash.id}).`);
    const inserted = await tx.one(
      sql<{ id: number }>`INSERT INTO confidentiality_commitments (name, role, committed_on, recorded_at) VALUES (${c.name}, ${c.role}, ${c.committedOn}, ${at}) RETURNING id`,
    );
    return count(inserted!.id);
  });
}

/** Names of the staff in the register: allowed in free text (they are staff, not allocataires). */
export async function committedNames(store: Store): Promise<string[]> {
  return (await store.all(sql<{ name: string }>`SELECT DISTINCT name FROM confidentiality_commitments ORDER BY name`)).map((r) => r.name);
}

/** Every animator named on a live session or logbook entry, first spelling kept (unsorted). */
async function namedAnimators(store: Store): Promise<string[]> {
  // A large store has 200,000 rows but a handful of teams: the database gives each distinct JSON
  // list once, with the first row that wrote it, and the few lists are unpacked here. Sessions
  // rank before entries, as they were written first.
  const lists = [
    ...(await store.all(distinctLists('sessions'))),
    ...(await store.all(distinctLists('logbook_entries'))).map((list) => ({ ...list, rank: ENTRY_RANK + count(list.rank) })),
  ];
  const firstRank = new Map<string, number>();
  for (const list of lists) {
    for (const name of JSON.parse(list.animators) as string[]) {
      const rank = count(list.rank);
      if (!(firstRank.get(name)! <= rank)) firstRank.set(name, rank);
    }
  }
  const byKey = new Map<string, string>();
  for (const [name] of [...firstRank].sort(([a, ra], [b, rb]) => ra - rb || (a < b ? -1 : a > b ? 1 : 0))) {
    const key = normalizeName(name);
    if (key && !byKey.has(key)) byKey.set(key, name.trim());
  }
  return [...byKey.values()];
}

/** The live rows of each table, in the words of its partial index on `animators` (schema 9). */
const LIVE = { sessions: "status <> 'annulee'", logbook_entries: 'removed_at IS NULL' } as const;

/**
 * The distinct `animators` lists of a table's live rows, each with its smallest id. Grouping would
 * read all 100,000 entries of the partial index; this walks it from one list to the next (the
 * smallest list after the previous one) and takes each list's first id, a few index entries per
 * distinct list. The condition is the index's own, so that both engines choose that index.
 */
function distinctLists(table: keyof typeof LIVE) {
  const from = sql.raw(`FROM ${table} WHERE ${LIVE[table]}`);
  return sql<{ animators: string; rank: number }>`
    WITH RECURSIVE lists(animators) AS (
      SELECT min(animators) ${from}
      UNION ALL
      SELECT (SELECT min(animators) ${from} AND animators > lists.animators) FROM lists WHERE lists.animators IS NOT NULL
    )
    SELECT animators, (SELECT min(id) ${from} AND animators = lists.animators) AS rank FROM lists WHERE animators IS NOT NULL`;
}

/** Entries rank after every session. */
const ENTRY_RANK = 1_000_000_000_000;

/** Names (normalized) of the CAF's own staff: the staff register and the comité's CAF members. */
async function cafStaffKeys(store: Store): Promise<Set<string>> {
  const rows = await store.all(sql<{ name: string }>`SELECT name FROM staff WHERE organisation = 'caf' UNION ALL SELECT name FROM copil_members WHERE organisation = 'caf'`);
  return new Set(rows.map((r) => normalizeName(r.name)));
}

/**
 * charter-status: an animator at work who never committed to art. 12 (on or before today).
 * Art. 12 binds « tout intervenant appartenant à la Commune »: the CAF's animators and
 * referents are never asked; a person of unknown organisation is, with both ways out.
 */
export async function confidentialityActions(store: Store, today: string): Promise<Action[]> {
  const committed = new Set(
    (await store.all(sql<{ name: string }>`SELECT name FROM confidentiality_commitments WHERE committed_on <= ${today}`)).map((r) => normalizeName(r.name)),
  );
  const caf = await cafStaffKeys(store);
  const commune = new Set((await store.all(sql<{ name_key: string }>`SELECT name_key FROM staff WHERE organisation = 'commune'`)).map((r) => r.name_key));
  // Sorted once filtered: the first French comparison sets up ICU's collation (~8 ms), which is
  // then paid only when someone is to be named, not at every start of a store where all are in order.
  return (await namedAnimators(store))
    .filter((name) => !committed.has(normalizeName(name)) && !caf.has(normalizeName(name)))
    .sort((a, b) => a.localeCompare(b, 'fr'))
    .map((name) => ({
      code: 'animateur_sans_engagement_confidentialite',
      message: commune.has(normalizeName(name))
        ? `animateur de la commune sans engagement de confidentialité : ${name} (art. 12) ; enregistrez-le avec « cafcharte charter confidentialite add --nom "${name}" ».`
        : `animateur sans engagement de confidentialité : ${name} (art. 12) ; agent de la commune : « cafcharte charter confidentialite add --nom "${name}" » ; agent de la CAF (non concerné) : « cafcharte charter personnel add --nom "${name}" --organisation caf ».`,
    }));
}
