// Putting an espace numérique into service (charter art. 7: « une fois le dispositif mis en œuvre
// par le chef d'antenne après vérification des moyens déployés par le partenaire »). The checklist
// accumulates over visits: a means checked once stays checked, so the animator can be informed
// at a later visit than the one that saw the computers. Pure: no store, no clock.
import type { IsoDate } from './dates.js';
import { normalizeName } from './territory.js';

export type CommissioningState = 'en_preparation' | 'en_service';

export const COMMISSIONING_STATE_LABELS: Record<CommissioningState, string> = {
  en_preparation: 'en préparation',
  en_service: 'en service',
};

/** How an item came to be checked: ticked by the verifier, or read from the place's data. */
export type CheckMethod = 'coche' | 'automatique';

export interface ChecklistItem {
  /** Required items have a fixed code; free criteria use their normalized text. */
  code: string;
  label: string;
  required: boolean;
  checked: boolean;
  checkedOn: IsoDate | null;
  how: CheckMethod | null;
}

/** The means the charter asks for, each one item the verifier ticks with `--coche <code>`. */
export const REQUIRED_ITEMS: readonly { code: string; label: string }[] = [
  { code: 'ordinateurs', label: 'postes informatiques avec accès à internet (préambule)' },
  { code: 'animateur', label: 'animateur informé des services en ligne de la CAF (art. 4)' },
  { code: 'affiche', label: 'affiche de la campagne apposée (art. 3)' },
  // Art. 3 and 5: reserved slots « pourront » be set up, and are on the poster « s'ils sont
  // définis ». So this item is required only of a place that has some, and is then checked
  // automatically: the store already knows them.
  { code: 'creneaux', label: 'créneaux réservés aux allocataires définis (art. 5)' },
];

export const RESERVED_SLOTS_ITEM = 'creneaux';

/** The checklist of a place never visited: every required item unchecked. */
export function emptyChecklist(): ChecklistItem[] {
  return REQUIRED_ITEMS.map((i) => ({ ...i, required: true, checked: false, checkedOn: null, how: null }));
}

/** The code of a free criterion: its text without case, accents or punctuation. */
export function criterionCode(text: string): string {
  return `critere:${normalizeName(text)}`;
}

export interface Visit {
  date: IsoDate;
  /** Free criteria named at this visit (`--critere`), optional items. */
  criteria: string[];
  /** What the verifier ticked (`--coche`): a required item's code or a criterion's text. */
  ticks: string[];
  /** The place has reserved slots right now (checks the 'creneaux' item). */
  hasReservedSlots: boolean;
}

export type VisitProblem =
  | { kind: 'unknown_tick'; tick: string }
  | { kind: 'slots_missing' };

export interface VisitResult {
  checklist: ChecklistItem[];
  state: CommissioningState;
  /** Items newly checked or added at this visit: empty means the visit changes nothing. */
  changes: string[];
  problems: VisitProblem[];
}

export function stateOf(checklist: ChecklistItem[]): CommissioningState {
  return checklist.every((i) => !i.required || i.checked) ? 'en_service' : 'en_preparation';
}

/** Which item a `--coche` value names: a required code, or a criterion by its text. */
function findItem(checklist: ChecklistItem[], tick: string): ChecklistItem | undefined {
  const wanted = normalizeName(tick);
  return checklist.find((i) => i.code === wanted) ?? checklist.find((i) => i.code === criterionCode(tick));
}

/** Applies one visit to the checklist as it stood; the input is not modified. */
export function applyVisit(previous: ChecklistItem[], visit: Visit): VisitResult {
  const checklist = previous.map((i) => ({ ...i }));
  const changes: string[] = [];
  const problems: VisitProblem[] = [];
  for (const text of visit.criteria) {
    const code = criterionCode(text);
    if (checklist.some((i) => i.code === code)) continue;
    checklist.push({ code, label: text.trim(), required: false, checked: false, checkedOn: null, how: null });
    changes.push(`critère ajouté : ${text.trim()}`);
  }
  const check = (item: ChecklistItem, how: CheckMethod) => {
    if (item.checked) return;
    Object.assign(item, { checked: true, checkedOn: visit.date, how });
    changes.push(`coché : ${item.label}${how === 'automatique' ? ' (d’après les créneaux du lieu)' : ''}`);
  };
  for (const tick of visit.ticks) {
    const item = findItem(checklist, tick);
    if (!item) problems.push({ kind: 'unknown_tick', tick });
    else if (item.code === RESERVED_SLOTS_ITEM && !visit.hasReservedSlots) problems.push({ kind: 'slots_missing' });
    else check(item, 'coche');
  }
  const slots = checklist.find((i) => i.code === RESERVED_SLOTS_ITEM);
  if (slots) {
    slots.required = visit.hasReservedSlots;
    if (visit.hasReservedSlots) check(slots, 'automatique');
  }
  return { checklist, state: stateOf(checklist), changes, problems };
}
