// The text that fills the poster's blank slot (charter art. 3): "le lieu, l'adresse,
// le numéro de téléphone des espaces numériques et, s'ils sont définis, les créneaux
// horaires réservés aux allocataires de la CAF".
import { formatTimeFr } from './dates.js';
import { sortSlots, WEEKDAY_NAMES_FR, type Weekday } from './slots.js';
import { matchCommune, OF_TERRITORY, ofCommune } from './territory.js';
import { frenchSpacing } from './french.js';

/** Day of a reserved slot, as stored by the place repository. */
export type PosterDay = Weekday;

/** A place as the poster needs it; the place repository supplies it. */
export interface PosterPlace {
  name: string;
  address: string;
  postalCode: string;
  communeName: string;
  /** Phone already in French display form, e.g. "0262 12 34 56". */
  phoneDisplay: string;
  reservedSlots: { day: PosterDay; start: string; end: string }[];
}

/** What a paragraph of the slot is; the renderer styles each role. */
export type PosterSlotRole = 'name' | 'address' | 'commune' | 'phone' | 'slots';

/** One paragraph of the slot, before wrapping. */
export interface PosterSlotParagraph {
  role: PosterSlotRole;
  text: string;
}

const NBSP = '\u00a0';

/**
 * "Créneaux réservés aux allocataires : mercredi 14h-17h, samedi 9h-12h — sur réservation",
 * or null when the place has no reserved slot (the charter: "s'ils sont définis").
 * No-break spaces keep "mercredi 14h-17h" and "allocataires :" together when wrapping.
 */
export function reservedSlotsSentence(slots: PosterPlace['reservedSlots']): string | null {
  if (slots.length === 0) return null;
  // Same wording as slotsToFrench, with no-break spaces for the poster's wrapping.
  const parts = sortSlots(slots).map(
    (slot) => `${WEEKDAY_NAMES_FR[slot.day]}${NBSP}${formatTimeFr(slot.start)}-${formatTimeFr(slot.end)}`,
  );
  return `Créneaux réservés aux allocataires${NBSP}: ${parts.join(', ')}${NBSP}— sur${NBSP}réservation`;
}

/** The slot's paragraphs in reading order; empty fields are left out rather than printed blank. */
export function posterSlotParagraphs(place: PosterPlace): PosterSlotParagraph[] {
  const paragraphs: PosterSlotParagraph[] = [];
  const push = (role: PosterSlotRole, text: string): void => {
    // French spacing glues "«" to the word after it and "»", ":" to the word before: the
    // wrapping breaks only at ordinary spaces, so no line ends with "«" or starts with "»".
    const clean = frenchSpacing(text.replace(/\s+/g, ' ').trim());
    if (clean !== '') paragraphs.push({ role, text: clean });
  };
  push('name', place.name);
  push('address', place.address);
  push('commune', `${place.postalCode} ${place.communeName}`);
  // The number must never break across two lines.
  const phone = place.phoneDisplay.trim();
  if (phone !== '') paragraphs.push({ role: 'phone', text: `Tél.${NBSP}${phone.replace(/\s+/g, NBSP)}` });
  const slots = reservedSlotsSentence(place.reservedSlots);
  if (slots) paragraphs.push({ role: 'slots', text: slots });
  return paragraphs;
}

/**
 * The poster's header: the place's own commune ("Espaces numériques de Saint-Pierre"), or
 * the whole territory for the blank poster or a place outside the ten communes. The
 * commune du Tampon signs the charter, but a Saint-Pierre poster speaks for Saint-Pierre.
 */
export function posterHeader(place: Pick<PosterPlace, 'communeName'> | null): string {
  const commune = place ? matchCommune(place.communeName) : undefined;
  return `Espaces numériques ${commune ? ofCommune(commune) : OF_TERRITORY}`;
}
