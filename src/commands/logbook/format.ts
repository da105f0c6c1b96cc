// How logbook entries and totals read in French, on a terminal or piped.
import type { Ctx } from '../../context.js';
import { formatDateNumericFr, formatDateShortFr, formatTimeFr } from '../../domain/dates.js';
import { formatIntFr } from '../../domain/numbers.js';
import { SESSION_TYPE_LABELS, isSessionType } from '../../domain/sessionTypes.js';
import { RESULT_COUNTERS, formatDurationFr, type LogbookEntry, type LogbookFields, type LogbookTotals } from '../../domain/logbook.js';
import { printFields, type Cell } from '../../render/output.js';
import { countOf, frenchSpacing } from '../../domain/french.js';

export function typeLabel(type: string): string {
  return isSessionType(type) ? SESSION_TYPE_LABELS[type] : type;
}

/** "27/11/2026 à 00:18" from a stored timestamp (already in Réunion time). */
export function timestampFr(stamp: string): string {
  return `${formatDateNumericFr(stamp.slice(0, 10))} à ${stamp.slice(11, 16)}`;
}

/** "mer. 2 déc. 2026 à 14h" */
export function whenFr(fields: Pick<LogbookFields, 'date' | 'startTime'>): string {
  // A listing, sorted by date and time, asks for the same moment many rows in a row.
  if (fields.date !== lastWhen.date || fields.startTime !== lastWhen.startTime) {
    lastWhen.text = formatDateShortFr(fields.date) + (fields.startTime ? ` à ${formatTimeFr(fields.startTime)}` : '');
    lastWhen.date = fields.date;
    lastWhen.startTime = fields.startTime;
  }
  return lastWhen.text;
}
const lastWhen: { date?: string; startTime?: string | null; text: string } = { text: '' };

// "télédéclarations : " with its French spacing already in: a listing's line then has nothing
// left for frenchSpacing to change (unless a remark has), which spares it rewriting every line.
const SPACED_COUNTERS = RESULT_COUNTERS.map((c) => ({ key: c.key, prefix: frenchSpacing(`${c.inline} : `) }));

/** "télédéclarations : 2, comptes caf.fr créés : 1" — only the counters that are not zero, French-spaced. */
export function resultsSummary(fields: Pick<LogbookFields, (typeof RESULT_COUNTERS)[number]['key']>): string {
  // A plain loop: a listing calls this for every one of thousands of entries.
  let summary = '';
  for (const c of SPACED_COUNTERS) {
    const value = fields[c.key];
    if (value > 0) summary += `${summary ? ', ' : ''}${c.prefix}${value}`;
  }
  return summary;
}

/** The fields of an entry (saved or not yet) as "label : value" lines. */
export function printEntry(ctx: Ctx, fields: LogbookFields, extra: { id?: number; placeName: string; entry?: LogbookEntry }): void {
  const lines: [string, Cell][] = [];
  if (extra.id !== undefined) lines.push(['Entrée', `n° ${extra.id}`]);
  lines.push(
    ['Date', whenFr(fields)],
    ['Lieu', extra.placeName],
    ['Séance', fields.sessionId === null ? null : `n° ${fields.sessionId}`],
    ['Type', typeLabel(fields.type)],
    ['Personnes reçues', fields.received],
    ['dont nouveaux', fields.firstTimers],
    ['Durée', fields.durationMinutes === null ? null : formatDurationFr(fields.durationMinutes)],
    ['Animateurs', fields.animators.join(', ')],
    ['Remarques', fields.remarks],
    ...RESULT_COUNTERS.map((c): [string, Cell] => [c.label, fields[c.key]]),
    ['Résultats (texte)', fields.resultsText],
  );
  if (extra.entry) {
    lines.push(['Auteur', extra.entry.author]);
    if (extra.entry.removedAt) lines.push(['Supprimée le', `${timestampFr(extra.entry.removedAt)} (motif : ${extra.entry.removalReason ?? '—'})`]);
  }
  printFields(ctx, lines);
}

/** "mer. 2 déc. 2026 à 14h, Médiathèque du Tampon, Télédéclaration, 8 personnes reçues (auteur : x)" */
export function entrySummary(entry: LogbookEntry): string {
  return `${whenFr(entry)}, ${entry.placeName}, ${typeLabel(entry.type)}, ${countOf(entry.received, 'personne reçue', 'personnes reçues')} (auteur : ${entry.author})`;
}

/** The summary with the entry's number in front, for refusals: "n° 4 — mer. 2 déc. 2026 à 14h, ...". */
export function entryOneLine(entry: LogbookEntry): string {
  return `n° ${entry.id} — ${entrySummary(entry)}`;
}

/** The totals line under `logbook list`. */
export function totalsLine(t: LogbookTotals): string {
  const parts = [
    `${countOf(t.entries, 'entrée', 'entrées')}${t.noPublicSlots ? ` dont ${countOf(t.noPublicSlots, 'créneau sans public', 'créneaux sans public')}` : ''}`,
    `${countOf(t.received, 'personne reçue', 'personnes reçues')} dont ${countOf(t.firstTimers, 'nouvelle', 'nouvelles')}`,
    `${formatDurationFr(t.durationMinutes)} d’atelier`,
  ];
  const results = RESULT_COUNTERS.map((c) => `${c.inline} : ${formatIntFr(t[c.key])}`).join(', ');
  return `Total : ${parts.join(', ')} ; ${results}.`;
}
