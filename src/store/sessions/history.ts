// A session's history: who changed what and when, append-only. Users read it (`sessions show
// --json`), so its keys are the French ones of the JSON output.
import { sql } from '../sql.js';
import type { Store } from '../engine.js';

/** Who and when, for the history. */
export interface Stamp {
  at: string;
  author: string;
}

/** One line of a session's history. */
export interface HistoryEntry {
  at: string;
  author: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const HISTORY_KEYS: Record<string, string> = {
  placeId: 'lieu_id',
  date: 'date',
  start: 'debut',
  end: 'fin',
  type: 'type',
  capacity: 'capacite',
  animators: 'animateurs',
  title: 'titre',
  notes: 'notes',
  seriesId: 'serie',
  generatedFrom: 'creneau',
};

/** Session fields under the French keys the history shows. */
export function frenchKeys(fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [HISTORY_KEYS[key] ?? key, value]));
}

/** Appends one line; called inside the transaction of the change it records. */
export async function addHistory(tx: Store, sessionId: number, stamp: Stamp, action: string, before: unknown, after: unknown): Promise<void> {
  await tx.run(sql`INSERT INTO session_history (session_id, at, author, action, before, after)
    VALUES (${sessionId}, ${stamp.at}, ${stamp.author}, ${action},
            ${before === null ? null : JSON.stringify(before)}, ${after === null ? null : JSON.stringify(after)})`);
}

export async function sessionHistory(store: Store, id: number): Promise<HistoryEntry[]> {
  const rows = await store.all<{ at: string; author: string; action: string; before: string | null; after: string | null }>(
    sql`SELECT at, author, action, before, after FROM session_history WHERE session_id = ${id} ORDER BY id`,
  );
  return rows.map((r) => ({ ...r, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) }));
}
