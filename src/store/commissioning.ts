// Commissioning visits (art. 7): one row per visit that changed the checklist, the whole
// checklist as it stood after it. The latest visit gives a place's state; a place with activity
// that is not in service is a charter-status action.
import { sql } from './sql.js';
import type { Store } from './engine.js';
import type { Action } from '../domain/charter.js';
import { applyVisit, emptyChecklist, type ChecklistItem, type CommissioningState, type Visit, type VisitResult } from '../domain/commissioning.js';

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
    id: Number(row.id),
    placeId: Number(row.place_id),
    checkedOn: row.checked_on,
    checkedBy: row.checked_by,
    checklist: JSON.parse(row.checklist),
    state: row.state,
    author: row.author,
    recordedAt: row.recorded_at,
  };
}

const VISIT_COLUMNS = sql`id, place_id, checked_on, checked_by, checklist, state, author, recorded_at`;

/** The visits of a place, oldest first. */
export async function listVisits(store: Store, placeId: number): Promise<CommissioningVisit[]> {
  return (await store.all(sql<VisitRow>`SELECT ${VISIT_COLUMNS} FROM commissioning_visits WHERE place_id = ${placeId} ORDER BY id`)).map(fromRow);
}

export async function latestVisit(store: Store, placeId: number): Promise<CommissioningVisit | undefined> {
  const row = await store.one(sql<VisitRow>`SELECT ${VISIT_COLUMNS} FROM commissioning_visits WHERE place_id = ${placeId} ORDER BY id DESC LIMIT 1`);
  return row && fromRow(row);
}

/** The checklist as it stands: the latest visit's, or every required item unchecked. */
export async function currentChecklist(store: Store, placeId: number): Promise<ChecklistItem[]> {
  return (await latestVisit(store, placeId))?.checklist ?? emptyChecklist();
}

export async function recordVisit(store: Store, visit: Omit<CommissioningVisit, 'id'>): Promise<number> {
  const row = await store.one(
    sql<{ id: number }>`INSERT INTO commissioning_visits (place_id, checked_on, checked_by, checklist, state, author, recorded_at)
      VALUES (${visit.placeId}, ${visit.checkedOn}, ${visit.checkedBy}, ${JSON.stringify(visit.checklist)}, ${visit.state}, ${visit.author}, ${visit.recordedAt})
      RETURNING id`,
  );
  return Number(row!.id);
}

/** What a verification visit did, and the place's state before it. */
export interface CheckOutcome extends VisitResult {
  before: CommissioningState;
}

/**
 * A verification visit of a place: applied to the checklist as it stands and recorded when it
 * changes something and raises no problem, in one transaction so that two verifiers ticking at
 * once both count. With problems nothing is written; the caller reports them.
 */
export async function checkPlace(
  store: Store,
  placeId: number,
  visit: Visit & { checkedBy: string; author: string; recordedAt: string },
): Promise<CheckOutcome> {
  return store.transaction(async (tx) => {
    const latest = await latestVisit(tx, placeId);
    const result = applyVisit(latest?.checklist ?? emptyChecklist(), visit);
    if (result.problems.length === 0 && result.changes.length > 0) {
      await recordVisit(tx, {
        placeId,
        checkedOn: visit.date,
        checkedBy: visit.checkedBy,
        checklist: result.checklist,
        state: result.state,
        author: visit.author,
        recordedAt: visit.recordedAt,
      });
    }
    return { ...result, before: latest?.state ?? 'en_preparation' };
  });
}

/** The state of every place: `en_preparation` until a visit completes its checklist. */
export async function commissioningStates(store: Store): Promise<Map<number, CommissioningState>> {
  const states = new Map<number, CommissioningState>();
  for (const { id } of await store.all(sql<{ id: number }>`SELECT id FROM places`)) states.set(Number(id), 'en_preparation');
  const latest = await store.all(
    sql<{ place_id: number; state: CommissioningState }>`SELECT v.place_id, v.state FROM commissioning_visits v
       WHERE v.id = (SELECT max(id) FROM commissioning_visits WHERE place_id = v.place_id)`,
  );
  for (const row of latest) if (states.has(Number(row.place_id))) states.set(Number(row.place_id), row.state);
  return states;
}

export async function placeState(store: Store, placeId: number): Promise<CommissioningState> {
  return (await latestVisit(store, placeId))?.state ?? 'en_preparation';
}

/** The date each place went into service: the first visit whose checklist was complete. */
export async function serviceDates(store: Store): Promise<Map<number, string>> {
  const rows = await store.all(
    sql<{ place_id: number; checked_on: string }>`SELECT place_id, checked_on FROM commissioning_visits v
       WHERE state = 'en_service' AND id = (SELECT min(id) FROM commissioning_visits WHERE place_id = v.place_id AND state = 'en_service')`,
  );
  return new Map(rows.map((r) => [Number(r.place_id), r.checked_on]));
}

/** charter-status: a place with sessions or logbook entries that was never put into service. */
export async function commissioningActions(store: Store, today: string): Promise<Action[]> {
  void today; // planned sessions count too: the means should be checked before they take place
  const states = await commissioningStates(store);
  const active = await store.all(
    sql<{ id: number; name: string }>`SELECT p.id, p.name FROM places p
       WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.place_id = p.id AND s.status <> 'annulee')
          OR EXISTS (SELECT 1 FROM logbook_entries e WHERE e.place_id = p.id AND e.removed_at IS NULL)`,
  );
  return active
    .map((p) => ({ id: Number(p.id), name: p.name }))
    .filter((p) => states.get(p.id) !== 'en_service')
    .sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.id - b.id)
    .map((p) => ({
      code: 'lieu_non_mis_en_service',
      message: `lieu avec activité mais pas encore mis en service : ${p.name} (n° ${p.id}) ; vérifiez ses moyens avec « cafcharte places mise-en-service ${p.id} » (art. 7).`,
    }));
}
