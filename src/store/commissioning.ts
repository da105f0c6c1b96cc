// Commissioning visits (art. 7): one row per visit that changed the checklist, the whole
// checklist as it stood after it. The latest visit gives a place's state; a place with activity
// that is not in service is a charter-status action.
import type { Db } from './open.js';
import type { Action } from '../domain/charter.js';
import { emptyChecklist, type ChecklistItem, type CommissioningState } from '../domain/commissioning.js';

export interface CommissioningVisit {
  id: number;
  placeId: number;
  checkedOn: string;
  checkedBy: string;
  checklist: ChecklistItem[];
  state: CommissioningState;
  author: string;
  recordedAt: string;
}

interface VisitRow {
  id: number;
  place_id: number;
  checked_on: string;
  checked_by: string;
  checklist: string;
  state: CommissioningState;
  author: string;
  recorded_at: string;
}

function fromRow(row: VisitRow): CommissioningVisit {
  return {
    id: row.id,
    placeId: row.place_id,
    checkedOn: row.checked_on,
    checkedBy: row.checked_by,
    checklist: JSON.parse(row.checklist),
    state: row.state,
    author: row.author,
    recordedAt: row.recorded_at,
  };
}

/** The visits of a place, oldest first. */
export function listVisits(db: Db, placeId: number): CommissioningVisit[] {
  return (db.prepare('SELECT * FROM commissioning_visits WHERE place_id = ? ORDER BY id').all(placeId) as VisitRow[]).map(fromRow);
}

export function latestVisit(db: Db, placeId: number): CommissioningVisit | undefined {
  const row = db.prepare('SELECT * FROM commissioning_visits WHERE place_id = ? ORDER BY id DESC LIMIT 1').get(placeId) as VisitRow | undefined;
  return row && fromRow(row);
}

/** The checklist as it stands: the latest visit's, or every required item unchecked. */
export function currentChecklist(db: Db, placeId: number): ChecklistItem[] {
  return latestVisit(db, placeId)?.checklist ?? emptyChecklist();
}

export function recordVisit(db: Db, visit: Omit<CommissioningVisit, 'id'>): number {
  return Number(
    db
      .prepare(
        `INSERT INTO commissioning_visits (place_id, checked_on, checked_by, checklist, state, author, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(visit.placeId, visit.checkedOn, visit.checkedBy, JSON.stringify(visit.checklist), visit.state, visit.author, visit.recordedAt).lastInsertRowid,
  );
}

/** The state of every place: `en_preparation` until a visit completes its checklist. */
export function commissioningStates(db: Db): Map<number, CommissioningState> {
  const states = new Map<number, CommissioningState>();
  for (const { id } of db.prepare('SELECT id FROM places').all() as { id: number }[]) states.set(id, 'en_preparation');
  const latest = db
    .prepare(
      `SELECT v.place_id, v.state FROM commissioning_visits v
       WHERE v.id = (SELECT max(id) FROM commissioning_visits WHERE place_id = v.place_id)`,
    )
    .all() as { place_id: number; state: CommissioningState }[];
  for (const row of latest) if (states.has(row.place_id)) states.set(row.place_id, row.state);
  return states;
}

export function placeState(db: Db, placeId: number): CommissioningState {
  return latestVisit(db, placeId)?.state ?? 'en_preparation';
}

/** The date each place went into service: the first visit whose checklist was complete. */
export function serviceDates(db: Db): Map<number, string> {
  const rows = db
    .prepare(
      `SELECT place_id, checked_on FROM commissioning_visits v
       WHERE state = 'en_service' AND id = (SELECT min(id) FROM commissioning_visits WHERE place_id = v.place_id AND state = 'en_service')`,
    )
    .all() as { place_id: number; checked_on: string }[];
  return new Map(rows.map((r) => [r.place_id, r.checked_on]));
}

/** charter-status: a place with sessions or logbook entries that was never put into service. */
export function commissioningActions(db: Db, today: string): Action[] {
  void today; // planned sessions count too: the means should be checked before they take place
  const states = commissioningStates(db);
  const active = db
    .prepare(
      `SELECT p.id, p.name FROM places p
       WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.place_id = p.id AND s.status <> 'annulee')
          OR EXISTS (SELECT 1 FROM logbook_entries e WHERE e.place_id = p.id AND e.removed_at IS NULL)`,
    )
    .all() as { id: number; name: string }[];
  return active
    .filter((p) => states.get(p.id) !== 'en_service')
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    .map((p) => ({
      code: 'lieu_non_mis_en_service',
      message: `lieu avec activité mais pas encore mis en service : ${p.name} (n° ${p.id}) ; vérifiez ses moyens avec « cafcharte places mise-en-service ${p.id} » (art. 7).`,
    }));
}
