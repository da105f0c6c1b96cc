// Erasure and retention (charter art. 12, GDPR art. 17, the CNIL's retention rules): the only
// writes that change the logbook history. A purge rewrites texts, never counts, inside one
// transaction that holds the purge flag, journals who, when, why and which fields (never the
// text), then makes the removed bytes unreadable in the file: secure_delete zeroes freed pages,
// a checkpoint empties the write-ahead log and VACUUM rewrites the file without free pages.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from './open.js';

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

function withPurgeFlag<T>(db: Db, work: () => T): T {
  // Freed pages are zeroed, not merely marked free (the store opens with it on; said again here).
  db.pragma('secure_delete = ON');
  return db
    .transaction(() => {
      db.prepare('INSERT INTO purge_in_progress (id) VALUES (1)').run();
      const result = work();
      db.prepare('DELETE FROM purge_in_progress').run();
      return result;
    })
    .immediate();
}

function journal(db: Db, stamp: PurgeStamp, scope: 'entree' | 'conservation', target: { entryId?: number; beforeDate?: string }, fields: string[], counts: object): void {
  db.prepare('INSERT INTO purge_journal (at, author, reason, scope, entry_id, before_date, fields, counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    stamp.at,
    stamp.author,
    stamp.reason,
    scope,
    target.entryId ?? null,
    target.beforeDate ?? null,
    JSON.stringify(fields),
    JSON.stringify(counts),
  );
}

/**
 * Rewrites the typed texts of one entry (remarks, results, removal reason, author, animators)
 * and of every history version of it. Writes nothing, journal included, when no text changes.
 */
export function purgeEntry(db: Db, entryId: number, rewrite: Rewrite, stamp: PurgeStamp, only?: readonly string[]): EntryPurgeResult {
  const result = withPurgeFlag(db, () => {
    const changed = new Set<string>();
    const texts = ENTRY_TEXTS.filter((t) => !only || only.includes(t.key));
    const entry = db.prepare('SELECT remarks, results_text, removal_reason, author, animators FROM logbook_entries WHERE id = ?').get(entryId) as Record<string, string | null>;
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
    const history = db.prepare('SELECT id, author, before, after FROM logbook_history WHERE entry_id = ? ORDER BY id').all(entryId) as {
      id: number;
      author: string;
      before: string | null;
      after: string | null;
    }[];
    const keys = [...texts.map((t) => t.key), ...(!only || only.includes('animateurs') ? ['animateurs'] : [])];
    const historyUpdates: { id: number; author: string; before: string | null; after: string | null }[] = [];
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
      db.prepare(`UPDATE logbook_entries SET ${column} = ? WHERE id = ?`).run(value, entryId);
    }
    const update = db.prepare('UPDATE logbook_history SET author = ?, before = ?, after = ? WHERE id = ?');
    for (const u of historyUpdates) update.run(u.author, u.before, u.after, u.id);
    const fields = [...changed].sort();
    journal(db, stamp, 'entree', { entryId }, fields, { versions_historique: historyUpdates.length });
    return { fields, historyVersions: historyUpdates.length };
  });
  if (result.fields.length > 0) compact(db);
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
export function purgeBefore(
  db: Db,
  beforeDate: string,
  stamp: PurgeStamp,
  dryRun: boolean,
  /** Called once the texts are blanked (1) and once the file is compacted (2), for a progress bar. */
  onStep: (done: number) => void = () => undefined,
): RetentionCounts {
  const run = () => {
    const counts: RetentionCounts = { entries: 0, entryVersions: 0, sessions: 0, sessionVersions: 0, bookings: 0 };
    counts.entries = db
      .prepare('SELECT count(*) FROM logbook_entries WHERE date < ? AND (remarks IS NOT NULL OR results_text IS NOT NULL OR removal_reason IS NOT NULL)')
      .pluck()
      .get(beforeDate) as number;
    counts.sessions = db.prepare('SELECT count(*) FROM sessions WHERE date < ? AND (notes IS NOT NULL OR cancel_reason IS NOT NULL)').pluck().get(beforeDate) as number;
    counts.bookings = db
      .prepare('SELECT count(*) FROM bookings WHERE note IS NOT NULL AND session_id IN (SELECT id FROM sessions WHERE date < ?)')
      .pluck()
      .get(beforeDate) as number;
    const entryHistory = db
      .prepare('SELECT h.id, h.before, h.after FROM logbook_history h JOIN logbook_entries e ON e.id = h.entry_id WHERE e.date < ?')
      .all(beforeDate) as { id: number; before: string | null; after: string | null }[];
    const sessionHistory = db
      .prepare('SELECT h.id, h.before, h.after FROM session_history h JOIN sessions s ON s.id = h.session_id WHERE s.date < ?')
      .all(beforeDate) as { id: number; before: string | null; after: string | null }[];
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
    db.prepare('UPDATE logbook_entries SET remarks = NULL, results_text = NULL, removal_reason = NULL WHERE date < ? AND (remarks IS NOT NULL OR results_text IS NOT NULL OR removal_reason IS NOT NULL)').run(beforeDate);
    db.prepare('UPDATE sessions SET notes = NULL, cancel_reason = NULL WHERE date < ? AND (notes IS NOT NULL OR cancel_reason IS NOT NULL)').run(beforeDate);
    db.prepare('UPDATE bookings SET note = NULL WHERE note IS NOT NULL AND session_id IN (SELECT id FROM sessions WHERE date < ?)').run(beforeDate);
    const updateEntryHistory = db.prepare('UPDATE logbook_history SET before = ?, after = ? WHERE id = ?');
    for (const u of entryUpdates) updateEntryHistory.run(u.before, u.after, u.id);
    const updateSessionHistory = db.prepare('UPDATE session_history SET before = ?, after = ? WHERE id = ?');
    for (const u of sessionUpdates) updateSessionHistory.run(u.before, u.after, u.id);
    journal(db, stamp, 'conservation', { beforeDate }, ['remarques', 'resultats', 'motif_suppression', 'notes', 'motif_annulation', 'note_reservation'], {
      entrees: counts.entries,
      versions_carnet: counts.entryVersions,
      seances: counts.sessions,
      versions_seances: counts.sessionVersions,
      reservations: counts.bookings,
    });
    return counts;
  };
  if (dryRun) return db.transaction(run).deferred();
  const counts = withPurgeFlag(db, run);
  onStep(1);
  if (Object.values(counts).some((n) => n > 0)) compact(db);
  onStep(2);
  return counts;
}

/** Makes removed bytes unreadable in the store file and its write-ahead log. */
function compact(db: Db): void {
  if (db.name === ':memory:') return;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
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
