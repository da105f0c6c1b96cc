// Erasure and retention (charter art. 12, GDPR art. 17, the CNIL's retention rules): the only
// writes that change the logbook history. A purge rewrites texts, never counts, inside one
// transaction that holds the purge flag, journals who, when, why and which fields (never the
// text), then makes the removed bytes unreadable in the store: on SQLite, secure_delete zeroes
// freed pages, a checkpoint empties the write-ahead log and VACUUM rewrites the file without free
// pages; on PostgreSQL, see compact().
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { sql } from './sql.js';
import { count, type Store } from './engine.js';

/** Who purges, when and why: the purge journal's line. */
export interface PurgeStamp {
  at: string;
  author: string;
  reason: string;
}

/** One text in, its purged form out (masked, or blanked). */
export type Rewrite = (text: string) => string;

export interface EntryPurgeResult {
  /** French names of the fields whose text changed, in the entry or its history. */
  fields: string[];
  historyVersions: number;
}

// Columns of an entry that hold typed text, and their keys in the history's JSON snapshots.
const ENTRY_TEXTS = [
  { column: 'remarks', key: 'remarques' },
  { column: 'results_text', key: 'resultats' },
  { column: 'removal_reason', key: 'motif_suppression' },
  { column: 'author', key: 'auteur' },
] as const;

function rewriteJson(json: string | null, keys: readonly string[], rewrite: (value: string) => string | null, changed: Set<string>): string | null {
  if (json === null) return null;
  const data = JSON.parse(json) as Record<string, unknown>;
  let touched = false;
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string') {
      const next = rewrite(value);
      if (next !== value) {
        data[key] = next;
        touched = true;
        changed.add(key);
      }
    } else if (Array.isArray(value)) {
      const next = value.map((v) => (typeof v === 'string' ? rewrite(v) : v));
      if (next.some((v, i) => v !== value[i])) {
        data[key] = next;
        touched = true;
        changed.add(key);
      }
    }
  }
  return touched ? JSON.stringify(data) : json;
}

async function withPurgeFlag<T>(store: Store, work: (tx: Store) => Promise<T>): Promise<T> {
  // Freed pages are zeroed, not merely marked free (the store opens with it on; said again here).
  if (store.engine === 'sqlite') await store.run(sql`PRAGMA secure_delete = ON`);
  return store.transaction(async (tx) => {
    await tx.run(sql`INSERT INTO purge_in_progress (id) VALUES (1)`);
    const result = await work(tx);
    await tx.run(sql`DELETE FROM purge_in_progress`);
    return result;
  });
}

async function journal(
  store: Store,
  stamp: PurgeStamp,
  scope: 'entree' | 'conservation',
  target: { entryId?: number; beforeDate?: string },
  fields: string[],
  counts: object,
): Promise<void> {
  await store.run(
    sql`INSERT INTO purge_journal (at, author, reason, scope, entry_id, before_date, fields, counts)
      VALUES (${stamp.at}, ${stamp.author}, ${stamp.reason}, ${scope}, ${target.entryId ?? null}, ${target.beforeDate ?? null}, ${JSON.stringify(fields)}, ${JSON.stringify(counts)})`,
  );
}

interface VersionRow {
  id: number;
  author: string;
  before: string | null;
  after: string | null;
}

/**
 * Rewrites the typed texts of one entry (remarks, results, removal reason, author, animators)
 * and of every history version of it. Writes nothing, journal included, when no text changes.
 */
export async function purgeEntry(store: Store, entryId: number, rewrite: Rewrite, stamp: PurgeStamp, only?: readonly string[]): Promise<EntryPurgeResult> {
  // `rewrite` is pure: the work may run again on PostgreSQL after a serialisation failure.
  const result = await withPurgeFlag(store, async (tx) => {
    const changed = new Set<string>();
    const texts = ENTRY_TEXTS.filter((t) => !only || only.includes(t.key));
    const entry = (await tx.one(
      sql<Record<string, string | null>>`SELECT remarks, results_text, removal_reason, author, animators FROM logbook_entries WHERE id = ${entryId}`,
    ))!;
    const entryUpdates: Record<string, string | null> = {};
    for (const { column, key } of texts) {
      const value = entry[column] ?? null;
      if (value !== null && rewrite(value) !== value) {
        entryUpdates[column] = rewrite(value);
        changed.add(key);
      }
    }
    const animators = JSON.parse(entry.animators ?? '[]') as string[];
    const rewritten = animators.map(rewrite);
    if ((!only || only.includes('animateurs')) && rewritten.some((a, i) => a !== animators[i])) {
      entryUpdates.animators = JSON.stringify(rewritten);
      changed.add('animateurs');
    }
    const history = await tx.all(sql<VersionRow>`SELECT id, author, before, after FROM logbook_history WHERE entry_id = ${entryId} ORDER BY id`);
    const keys = [...texts.map((t) => t.key), ...(!only || only.includes('animateurs') ? ['animateurs'] : [])];
    const historyUpdates: VersionRow[] = [];
    for (const row of history) {
      const author = !only || only.includes('auteur') ? rewrite(row.author) : row.author;
      if (author !== row.author) changed.add('auteur');
      const before = rewriteJson(row.before, keys, rewrite, changed);
      const after = rewriteJson(row.after, keys, rewrite, changed);
      if (author !== row.author || before !== row.before || after !== row.after) historyUpdates.push({ id: row.id, author, before, after });
    }
    if (changed.size === 0) return { fields: [], historyVersions: 0 };
    for (const [column, value] of Object.entries(entryUpdates)) {
      // column comes from ENTRY_TEXTS or is 'animators': never from the user
      await tx.run(sql`UPDATE logbook_entries SET ${sql.ref(column)} = ${value} WHERE id = ${entryId}`);
    }
    for (const u of historyUpdates) await tx.run(sql`UPDATE logbook_history SET author = ${u.author}, before = ${u.before}, after = ${u.after} WHERE id = ${u.id}`);
    const fields = [...changed].sort();
    await journal(tx, stamp, 'entree', { entryId }, fields, { versions_historique: historyUpdates.length });
    return { fields, historyVersions: historyUpdates.length };
  });
  if (result.fields.length > 0) await compact(store, ['logbook_entries', 'logbook_history']);
  return result;
}

/** What a retention purge blanks (or would blank, in a dry run). */
export interface RetentionCounts {
  entries: number;
  entryVersions: number;
  sessions: number;
  sessionVersions: number;
  bookings: number;
}

const ENTRY_FREE_TEXT_KEYS = ['remarques', 'resultats', 'motif_suppression'];
const SESSION_FREE_TEXT_KEYS = ['notes', 'motif', 'note'];
const blank = (): null => null;

/**
 * Retention: blanks the free texts (remarks, results, notes, reasons) of the logbook entries and
 * sessions dated before `beforeDate`, in their histories too. Counts, dates, places, types and
 * animators stay, so past semesters' reports keep their figures.
 */
export async function purgeBefore(
  store: Store,
  beforeDate: string,
  stamp: PurgeStamp,
  dryRun: boolean,
  /** Called once the texts are blanked (1) and once the store is compacted (2), for a progress bar. */
  onStep: (done: number) => void = () => undefined,
): Promise<RetentionCounts> {
  // Pure apart from the store: it may run again on PostgreSQL after a serialisation failure.
  const run = async (tx: Store): Promise<RetentionCounts> => {
    const counted = async (query: ReturnType<typeof sql<{ n: number }>>) => count((await tx.one(query))?.n);
    const counts: RetentionCounts = { entries: 0, entryVersions: 0, sessions: 0, sessionVersions: 0, bookings: 0 };
    counts.entries = await counted(
      sql`SELECT count(*) AS n FROM logbook_entries WHERE date < ${beforeDate} AND (remarks IS NOT NULL OR results_text IS NOT NULL OR removal_reason IS NOT NULL)`,
    );
    counts.sessions = await counted(sql`SELECT count(*) AS n FROM sessions WHERE date < ${beforeDate} AND (notes IS NOT NULL OR cancel_reason IS NOT NULL)`);
    counts.bookings = await counted(sql`SELECT count(*) AS n FROM bookings WHERE note IS NOT NULL AND session_id IN (SELECT id FROM sessions WHERE date < ${beforeDate})`);
    const entryHistory = await tx.all(
      sql<Omit<VersionRow, 'author'>>`SELECT h.id, h.before, h.after FROM logbook_history h JOIN logbook_entries e ON e.id = h.entry_id WHERE e.date < ${beforeDate} ORDER BY h.id`,
    );
    const sessionHistory = await tx.all(
      sql<Omit<VersionRow, 'author'>>`SELECT h.id, h.before, h.after FROM session_history h JOIN sessions s ON s.id = h.session_id WHERE s.date < ${beforeDate} ORDER BY h.id`,
    );
    const changed = new Set<string>();
    const entryUpdates = entryHistory
      .map((r) => ({ id: r.id, before: rewriteJson(r.before, ENTRY_FREE_TEXT_KEYS, blank, changed), after: rewriteJson(r.after, ENTRY_FREE_TEXT_KEYS, blank, changed), r }))
      .filter((u) => u.before !== u.r.before || u.after !== u.r.after);
    const sessionUpdates = sessionHistory
      .map((r) => ({ id: r.id, before: rewriteJson(r.before, SESSION_FREE_TEXT_KEYS, blank, changed), after: rewriteJson(r.after, SESSION_FREE_TEXT_KEYS, blank, changed), r }))
      .filter((u) => u.before !== u.r.before || u.after !== u.r.after);
    counts.entryVersions = entryUpdates.length;
    counts.sessionVersions = sessionUpdates.length;
    if (dryRun || Object.values(counts).every((n) => n === 0)) return counts;
    await tx.run(
      sql`UPDATE logbook_entries SET remarks = NULL, results_text = NULL, removal_reason = NULL
        WHERE date < ${beforeDate} AND (remarks IS NOT NULL OR results_text IS NOT NULL OR removal_reason IS NOT NULL)`,
    );
    await tx.run(sql`UPDATE sessions SET notes = NULL, cancel_reason = NULL WHERE date < ${beforeDate} AND (notes IS NOT NULL OR cancel_reason IS NOT NULL)`);
    await tx.run(sql`UPDATE bookings SET note = NULL WHERE note IS NOT NULL AND session_id IN (SELECT id FROM sessions WHERE date < ${beforeDate})`);
    for (const u of entryUpdates) await tx.run(sql`UPDATE logbook_history SET before = ${u.before}, after = ${u.after} WHERE id = ${u.id}`);
    for (const u of sessionUpdates) await tx.run(sql`UPDATE session_history SET before = ${u.before}, after = ${u.after} WHERE id = ${u.id}`);
    await journal(tx, stamp, 'conservation', { beforeDate }, ['remarques', 'resultats', 'motif_suppression', 'notes', 'motif_annulation', 'note_reservation'], {
      entrees: counts.entries,
      versions_carnet: counts.entryVersions,
      seances: counts.sessions,
      versions_seances: counts.sessionVersions,
      reservations: counts.bookings,
    });
    return counts;
  };
  // A dry run reads in one transaction too, so its counts agree with one another.
  if (dryRun) return store.transaction(run);
  const counts = await withPurgeFlag(store, run);
  onStep(1);
  if (Object.values(counts).some((n) => n > 0)) await compact(store, ['logbook_entries', 'logbook_history', 'sessions', 'session_history', 'bookings']);
  onStep(2);
  return counts;
}

/**
 * Makes removed bytes unreadable in the store.
 *
 * SQLite: secure_delete has zeroed the freed space; the checkpoints empty the write-ahead log
 * (which held the old pages) and VACUUM rewrites the file without free pages.
 *
 * PostgreSQL keeps an updated row's old version in the table until VACUUM, and a plain VACUUM
 * only marks that space reusable: the bytes stay in the page until overwritten. VACUUM FULL
 * writes each table anew, so the live table files no longer hold the removed text (it locks each
 * table, alone, for the few seconds this takes). What it does NOT guarantee: the old files are
 * handed back to the file system without being zeroed; the write-ahead log segments, WAL
 * archives, base backups and replicas keep the old versions until they are recycled or expire,
 * which is the server administrator's retention, not this tool's. VACUUM runs outside any
 * transaction; a user who does not own a table gets a warning from the server, not an error.
 */
async function compact(store: Store, tables: readonly string[]): Promise<void> {
  if (store.engine === 'postgres') {
    await store.run(sql`VACUUM FULL ${sql.join(tables.map((t) => sql.table(t)))}`);
    return;
  }
  if (store.label === ':memory:') return;
  await store.all(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
  await store.run(sql`VACUUM`);
  await store.all(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
}

/**
 * The stamped copies beside the store (`cafcharte-sauvegarde-…sqlite`, `cafcharte-avant-…`):
 * made before a purge, they still hold what it removed.
 */
export function backupsBeside(storePath: string): string[] {
  if (storePath === ':memory:') return [];
  const folder = dirname(storePath);
  const prefix = `${basename(storePath, '.sqlite')}-`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(prefix) && n.endsWith('.sqlite') && !n.startsWith(`${prefix}tmp`))
    .sort()
    .map((n) => join(folder, n));
}
