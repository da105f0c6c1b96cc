// The carnet de bord (charter art. 5): one entry per workshop — date, people received (counts,
// never names), remarks, results. Pure rules and shapes; the store and the commands use them.
import { formatDateFr, type IsoDate, type LocalTime } from './dates.js';
import type { SessionType } from './sessionTypes.js';
import { countOf } from './french.js';

/** The result counters of an entry, in the order they are asked and shown (`inline`: inside a sentence). */
export const RESULT_COUNTERS = [
  { key: 'onlineDeclarations', flag: '--teledeclarations', json: 'teledeclarations', label: 'Télédéclarations', inline: 'télédéclarations' },
  { key: 'accountsCreated', flag: '--comptes-crees', json: 'comptes_crees', label: 'Comptes caf.fr créés', inline: 'comptes caf.fr créés' },
  { key: 'emailsSent', flag: '--courriels', json: 'courriels', label: 'Courriels envoyés à la CAF', inline: 'courriels à la CAF' },
  { key: 'certificates', flag: '--attestations', json: 'attestations', label: 'Attestations téléchargées', inline: 'attestations' },
  { key: 'completedProcedures', flag: '--demarches-abouties', json: 'demarches_abouties', label: 'Démarches abouties', inline: 'démarches abouties' },
] as const;

export type ResultCounter = (typeof RESULT_COUNTERS)[number]['key'];

/** What a user writes in an entry (everything but identity and bookkeeping). */
export interface LogbookFields extends Record<ResultCounter, number> {
  date: IsoDate;
  startTime: LocalTime | null;
  placeId: number;
  sessionId: number | null;
  type: SessionType;
  received: number;
  firstTimers: number | null;
  durationMinutes: number | null;
  animators: string[];
  remarks: string | null;
  resultsText: string | null;
}

/** A stored entry, with its place resolved for display. */
export interface LogbookEntry extends LogbookFields {
  id: number;
  placeName: string;
  communeInsee: string;
  communeName: string;
  author: string;
  removedAt: string | null;
  removalReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Which entries a listing or a report covers; every part is optional and they combine (AND). */
export interface LogbookFilter {
  from?: IsoDate;
  to?: IsoDate;
  placeIds?: number[];
  communeInsee?: string[];
  types?: string[];
}

/** Sums over the entries of a filter: what `logbook list` and the semester report show. */
export interface LogbookTotals extends Record<ResultCounter, number> {
  entries: number;
  /** Entries of reserved slots where nobody came (received 0): counted apart from workshops. */
  noPublicSlots: number;
  received: number;
  firstTimers: number;
  durationMinutes: number;
}

/** A reserved slot where nobody came (the store's NO_PUBLIC_SLOT is the same rule in SQL). */
export function isNoPublicSlot(entry: Pick<LogbookFields, 'type' | 'received'>): boolean {
  return entry.type === 'creneau-reserve' && entry.received === 0;
}

/** Totals with nothing counted yet. */
export function emptyLogbookTotals(): LogbookTotals {
  return {
    entries: 0,
    noPublicSlots: 0,
    received: 0,
    firstTimers: 0,
    durationMinutes: 0,
    onlineDeclarations: 0,
    accountsCreated: 0,
    emailsSent: 0,
    certificates: 0,
    completedProcedures: 0,
  };
}

/**
 * Counts one entry into running totals, as the store's logbookTotals sums them (a figure left
 * empty adds nothing): a listing that reads every entry anyway totals them on the way, instead
 * of asking the store to read them all a second time.
 */
export function addToLogbookTotals(
  totals: LogbookTotals,
  entry: Pick<LogbookFields, 'type' | 'received' | 'firstTimers' | 'durationMinutes' | ResultCounter>,
): void {
  totals.entries++;
  if (isNoPublicSlot(entry)) totals.noPublicSlots++;
  totals.received += entry.received;
  totals.firstTimers += entry.firstTimers ?? 0;
  totals.durationMinutes += entry.durationMinutes ?? 0;
  totals.onlineDeclarations += entry.onlineDeclarations;
  totals.accountsCreated += entry.accountsCreated;
  totals.emailsSent += entry.emailsSent;
  totals.certificates += entry.certificates;
  totals.completedProcedures += entry.completedProcedures;
}

export const HISTORY_ACTIONS = ['ajout', 'modification', 'suppression', 'restauration'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** One line of the append-only history; snapshots are the entry's JSON form (French keys). */
export interface LogbookHistoryRow {
  id: number;
  entryId: number;
  at: string;
  author: string;
  action: HistoryAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The user-written fields of a stored entry (to edit them). */
export function fieldsOf(entry: LogbookEntry): LogbookFields {
  const { date, startTime, placeId, sessionId, type, received, firstTimers, durationMinutes, animators, remarks, resultsText } = entry;
  const counters = Object.fromEntries(RESULT_COUNTERS.map((c) => [c.key, entry[c.key]])) as Record<ResultCounter, number>;
  return { date, startTime, placeId, sessionId, type, received, firstTimers, durationMinutes, animators, remarks, resultsText, ...counters };
}

/** Problems with a set of fields that no single flag shows; [flag, French message]. */
export function logbookFieldProblems(fields: Pick<LogbookFields, 'received' | 'firstTimers'>): [string, string][] {
  const problems: [string, string][] = [];
  if (fields.firstTimers !== null && fields.firstTimers > fields.received) {
    problems.push([
      '--nouveaux',
      `${countOf(fields.firstTimers, 'nouveau', 'nouveaux')} pour ${countOf(fields.received, 'personne reçue', 'personnes reçues')} : les nouveaux sont comptés parmi les personnes reçues.`,
    ]);
  }
  return problems;
}

/**
 * Values that are possible but unlikely, worth a second look before they reach the comité: a
 * workshop in the future, one before the charter took effect, more télédéclarations or accounts
 * opened than people received. [flag, French message]; the user may confirm them.
 */
export function implausibleFields(
  fields: Pick<LogbookFields, 'date' | 'received' | 'onlineDeclarations' | 'accountsCreated'>,
  context: { today: IsoDate; signature: IsoDate | null },
): [string, string][] {
  const problems: [string, string][] = [];
  if (fields.date > context.today) {
    problems.push(['--date', `le ${formatDateFr(fields.date)} est dans le futur (nous sommes le ${formatDateFr(context.today)}) : un atelier s’enregistre une fois tenu.`]);
  }
  if (context.signature !== null && fields.date < context.signature) {
    problems.push(['--date', `le ${formatDateFr(fields.date)} précède la signature de la charte (en vigueur depuis le ${formatDateFr(context.signature)}).`]);
  }
  if (fields.onlineDeclarations > fields.received) {
    problems.push(['--teledeclarations', `${countOf(fields.onlineDeclarations, 'télédéclaration', 'télédéclarations')} pour ${countOf(fields.received, 'personne reçue', 'personnes reçues')} : plus de télédéclarations que de personnes.`]);
  }
  if (fields.accountsCreated > fields.received) {
    problems.push(['--comptes-crees', `${countOf(fields.accountsCreated, 'compte ouvert', 'comptes ouverts')} pour ${countOf(fields.received, 'personne reçue', 'personnes reçues')} : plus de comptes que de personnes.`]);
  }
  return problems;
}

/** The fields whose value differs between two snapshots, in the snapshot's key order. */
export function changedKeys(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.filter((k) => JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null));
}

/** "2 h 30", "45 min": a duration as a reader says it. */
export function formatDurationFr(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')}`;
}

/** Splits "Sophie, Jean-Marc ; Paul" into names (the animator prompt and flag accept lists). */
export function splitNames(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((n) => n.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/**
 * The JSON form of an entry: French snake_case keys, stable for scripts (`--json`), and the
 * snapshot kept in the history before and after each change.
 */
export function logbookEntryJson(entry: LogbookEntry) {
  return {
    id: entry.id,
    date: entry.date,
    debut: entry.startTime,
    lieu: entry.placeName,
    lieu_id: entry.placeId,
    commune: entry.communeName,
    type: entry.type,
    recus: entry.received,
    nouveaux: entry.firstTimers,
    duree_minutes: entry.durationMinutes,
    animateurs: entry.animators,
    remarques: entry.remarks,
    teledeclarations: entry.onlineDeclarations,
    comptes_crees: entry.accountsCreated,
    courriels: entry.emailsSent,
    attestations: entry.certificates,
    demarches_abouties: entry.completedProcedures,
    resultats: entry.resultsText,
    auteur: entry.author,
    session: entry.sessionId,
    supprimee_le: entry.removedAt,
    motif_suppression: entry.removalReason,
    cree_le: entry.createdAt,
    modifie_le: entry.updatedAt,
  };
}

/** The JSON form of totals (same keys as an entry's counters). */
export function logbookTotalsJson(t: LogbookTotals) {
  return {
    entrees: t.entries,
    creneaux_sans_public: t.noPublicSlots,
    recus: t.received,
    nouveaux: t.firstTimers,
    duree_minutes: t.durationMinutes,
    teledeclarations: t.onlineDeclarations,
    comptes_crees: t.accountsCreated,
    courriels: t.emailsSent,
    attestations: t.certificates,
    demarches_abouties: t.completedProcedures,
  };
}
