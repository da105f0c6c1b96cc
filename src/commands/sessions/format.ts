// How a session reads: the JSON form (French snake_case keys, stable for scripts) and the
// cells of the listing, so list, show and export say the same thing the same way.
import { formatDateShortFr, type IsoDate } from '../../domain/dates.js';
import { SESSION_TYPE_LABELS } from '../../domain/sessionTypes.js';
import { freeSeats, seatsLabel, sessionStatus, type SessionStatus } from '../../domain/sessions.js';
import type { Session, SessionSummary } from '../../store/sessions/read.js';
import { countOf } from '../../domain/french.js';
import { cellNeedsWork, plainLine } from '../../render/output.js';

// Listings repeat the same dates many times; date-fns formatting is the costly part of a row.
const shownDates = new Map<IsoDate, string>();
export function shortDate(date: IsoDate): string {
  let shown = shownDates.get(date);
  if (shown === undefined) shownDates.set(date, (shown = formatDateShortFr(date)));
  return shown;
}

export const STATUS_LABELS: Record<SessionStatus, string> = {
  prevue: 'prévue',
  annulee: 'annulée',
  passee: 'passée',
};

/** "5/8 réservées", or "3 réservées (sans limite)" for free-access slots. */
export function seatsText(s: SessionSummary): string {
  if (s.capacity === null) return `${countOf(s.booked, 'réservée', 'réservées')} (sans limite)`;
  return seatsLabel(s.booked, s.capacity);
}

/** "2 demandes (3 places)", or empty when nobody waits. */
export function waitingText(s: SessionSummary): string {
  if (s.waitingRequests === 0) return '';
  return `${countOf(s.waitingRequests, 'demande', 'demandes')} (${countOf(s.waitingSeats, 'place', 'places')})`;
}

export const LIST_HEAD = ['N°', 'Date', 'Heure', 'Lieu', 'Commune', 'Type', 'Places', 'Liste d’attente', 'Statut'];

export function listRow(s: SessionSummary, today: IsoDate): (string | number)[] {
  return [
    s.id,
    shortDate(s.date),
    `${s.start}-${s.end}`,
    s.placeName,
    s.communeName,
    SESSION_TYPE_LABELS[s.type],
    seatsText(s),
    waitingText(s),
    STATUS_LABELS[sessionStatus(s, today)],
  ];
}

/**
 * The piped line of a session, plainLine(listRow(s, today)) byte for byte: its cells joined by
 * tabs when none needs more (the seats, the waiting list and the labels are digits and the
 * tool's own words), else plainLine's work.
 */
export function listLine(s: SessionSummary, today: IsoDate): string {
  const date = shortDate(s.date);
  const time = `${s.start}-${s.end}`;
  const type = SESSION_TYPE_LABELS[s.type];
  if (cellNeedsWork(date) || cellNeedsWork(time) || cellNeedsWork(s.placeName) || cellNeedsWork(s.communeName) || cellNeedsWork(type)) {
    return plainLine(listRow(s, today));
  }
  return `${s.id}\t${date}\t${time}\t${s.placeName}\t${s.communeName}\t${type}\t${seatsText(s)}\t${waitingText(s)}\t${STATUS_LABELS[sessionStatus(s, today)]}`;
}

/** The JSON form of a session. */
export function sessionJson(s: Session, today: IsoDate) {
  return {
    id: s.id,
    date: s.date,
    date_affichee: shortDate(s.date),
    debut: s.start,
    fin: s.end,
    lieu_id: s.placeId,
    lieu: s.placeName,
    commune: s.communeName,
    code_insee: s.communeInsee,
    type: s.type,
    type_libelle: SESSION_TYPE_LABELS[s.type],
    titre: s.title,
    animateurs: s.animators,
    capacite: s.capacity,
    places_reservees: s.booked,
    places_libres: s.capacity === null ? null : freeSeats(s.capacity, s.booked),
    liste_attente_demandes: s.waitingRequests,
    liste_attente_places: s.waitingSeats,
    statut: sessionStatus(s, today),
    motif_annulation: s.cancelReason,
    annulee_le: s.cancelledAt,
    notes: s.notes,
    serie: s.seriesId,
    creneau_genere: s.generatedFrom !== null,
  };
}
