// Reading sessions: `list` (table or JSON) and `show` (detail, bookings, history).
import type { Ctx } from '../../context.js';
import { formatDateShortFr, formatTimestampFr, todayInReunion, type IsoDate } from '../../domain/dates.js';
import { SESSION_TYPE_LABELS } from '../../domain/sessionTypes.js';
import { sessionStatus } from '../../domain/sessions.js';
import { requireSession, sessionBookings, streamSessions, streamSessionSummaries, type Session, type SessionSummary } from '../../store/sessions/read.js';
import { sessionHistory } from '../../store/sessions/history.js';
import { printFields, printJson, printJsonArrayStream, printLine, printLinesStream, printTableStream } from '../../render/output.js';
import { parseFilter, parseSessionId } from './filter.js';
import { LIST_HEAD, listLine, listRow, seatsText, sessionJson, STATUS_LABELS, waitingText } from './format.js';
import { countOf } from '../../domain/french.js';

/** The JSON form of sessions as they are read: a long listing's document is never all in memory. */
async function* jsonSessions(batches: AsyncIterable<Session[]>, today: IsoDate): AsyncIterable<unknown[]> {
  for await (const batch of batches) yield batch.map((s) => sessionJson(s, today));
}

export async function runList(raw: Record<string, unknown>, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const today = todayInReunion(ctx.now());
  const filter = await parseFilter(raw, ctx, today);
  if (raw.json) {
    await printJsonArrayStream(ctx, jsonSessions(streamSessions(store, filter), today));
    return 0;
  }
  let cancelled = 0;
  let seats = 0;
  const count = (s: SessionSummary) => {
    if (s.cancelled) cancelled++;
    else seats += s.booked;
  };
  async function* rows() {
    for await (const batch of streamSessionSummaries(store, filter)) {
      for (const s of batch) count(s);
      yield batch.map((s) => listRow(s, today));
    }
  }
  // Piped, each batch is made into text as it comes, a line per session, by a plain loop
  // apart from the generator (V8 optimizes it small).
  const linesOf = (batch: SessionSummary[]) => {
    let text = '';
    for (const s of batch) {
      count(s);
      text += `\n${listLine(s, today)}`;
    }
    return text;
  };
  async function* lines() {
    for await (const batch of streamSessionSummaries(store, filter)) yield { text: linesOf(batch), count: batch.length };
  }
  const shown = ctx.io.stdoutIsTTY ? await printTableStream(ctx, LIST_HEAD, rows(), { alignRight: [0] }) : await printLinesStream(ctx, LIST_HEAD, lines());
  printLine(ctx, `${countOf(shown, 'séance', 'séances')}${cancelled ? `, dont ${countOf(cancelled, 'annulée', 'annulées')}` : ''} ; ${countOf(seats, 'place réservée', 'places réservées')}.`);
  return 0;
}

const HISTORY_LABELS: Record<string, string> = {
  creation: 'création',
  modification: 'modification',
  annulation: 'annulation',
  reservation: 'réservation',
  surreservation: 'surréservation',
  'liste-attente': 'liste d’attente',
  desistement: 'places libérées',
  'retrait-attente': 'retrait de la liste d’attente',
  promotion: 'confirmée depuis la liste d’attente',
};

export async function runShow(id: string, raw: { json?: boolean }, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const session = await requireSession(store, parseSessionId(id));
  const today = todayInReunion(ctx.now());
  const history = await sessionHistory(store, session.id);
  const bookings = await sessionBookings(store, session.id);
  if (raw.json) {
    printJson(ctx, {
      schema: 'cafcharte-seance/1', // docs/schemas
      ...sessionJson(session, today),
      reservations: bookings.map((b) => ({ id: b.id, places: b.seats, statut: b.status, note: b.note, creee_le: b.createdAt })),
      historique: history.map((h) => ({ le: h.at, auteur: h.author, action: h.action, avant: h.before, apres: h.after })),
    });
    return 0;
  }
  const status = sessionStatus(session, today);
  printFields(ctx, [
    ['Séance', `n° ${session.id}`],
    ['Date', `${formatDateShortFr(session.date)}, ${session.start}-${session.end}`],
    ['Type', SESSION_TYPE_LABELS[session.type]],
    ['Titre', session.title],
    ['Lieu', `${session.placeName}, ${session.placeAddress}, ${session.placePostalCode} ${session.communeName}`],
    ['Animateurs', session.animators.join(', ')],
    ['Places', seatsText(session)],
    ['Liste d’attente', waitingText(session)],
    ['Statut', status === 'annulee' ? `annulée (motif : ${session.cancelReason ?? '—'})` : STATUS_LABELS[status]],
    ['Notes', session.notes],
  ]);
  printLine(ctx);
  printLine(ctx, 'Historique :');
  for (const h of history) {
    const detail = h.action === 'modification' ? ` : ${describeChange(h.before, h.after)}` : '';
    printLine(ctx, `  ${formatTimestampFr(new Date(h.at))}  ${HISTORY_LABELS[h.action] ?? h.action} (${h.author})${detail}`);
  }
  return 0;
}

const FIELD_LABELS: Record<string, string> = {
  lieu_id: 'lieu n°',
  date: 'date',
  debut: 'début',
  fin: 'fin',
  type: 'type',
  capacite: 'capacité',
  animateurs: 'animateurs',
  titre: 'titre',
  notes: 'notes',
};

/** "début 10:00 → 10:30, capacité 8 → 10" */
function describeChange(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  const shown = (value: unknown) => (value === null || value === undefined ? 'aucun' : Array.isArray(value) ? value.join(', ') || 'aucun' : String(value));
  return Object.keys(after ?? {})
    .map((key) => `${FIELD_LABELS[key] ?? key} ${shown(before?.[key])} → ${shown(after?.[key])}`)
    .join(', ');
}
