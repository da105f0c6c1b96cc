// The espaces numériques (médiathèques, Maisons Pour Tous): the place repository.
import type { Db } from './open.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { communeByInsee, isUsableReference, normalizeName } from '../domain/territory.js';
import type { TimeSlot } from '../domain/slots.js';
import { communicationUsage } from './communication.js';
import { agree, countOf, placeGender } from '../domain/french.js';

export type PlaceKind = 'mediatheque' | 'mpt' | 'autre';
export const PLACE_KINDS: readonly PlaceKind[] = ['mediatheque', 'mpt', 'autre'];
export const PLACE_KIND_LABELS: Record<PlaceKind, string> = {
  mediatheque: 'médiathèque',
  mpt: 'maison pour tous',
  autre: 'autre',
};

export interface Place {
  id: number;
  name: string;
  kind: PlaceKind;
  communeInsee: string;
  communeName: string;
  address: string;
  postalCode: string;
  /** E.164 */
  phone: string;
  email: string | null;
  reservedSlots: TimeSlot[];
  openingHours: TimeSlot[];
  siret: string | null;
  createdAt: string;
  updatedAt: string;
}

export type PlaceInput = Omit<Place, 'id' | 'communeName' | 'createdAt' | 'updatedAt'>;

interface PlaceRow {
  id: number;
  name: string;
  kind: PlaceKind;
  commune_insee: string;
  address: string;
  postal_code: string;
  phone: string;
  email: string | null;
  reserved_slots: string;
  opening_hours: string;
  siret: string | null;
  created_at: string;
  updated_at: string;
}

function fromRow(row: PlaceRow): Place {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    communeInsee: row.commune_insee,
    communeName: communeByInsee(row.commune_insee)?.name ?? row.commune_insee,
    address: row.address,
    postalCode: row.postal_code,
    phone: row.phone,
    email: row.email,
    reservedSlots: JSON.parse(row.reserved_slots),
    openingHours: JSON.parse(row.opening_hours),
    siret: row.siret,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listPlaces(db: Db, filter: { communeInsee?: string[] } = {}): Place[] {
  const rows = db.prepare('SELECT * FROM places ORDER BY commune_insee, name').all() as PlaceRow[];
  return rows.map(fromRow).filter((p) => !filter.communeInsee || filter.communeInsee.includes(p.communeInsee));
}

export function getPlace(db: Db, id: number): Place | undefined {
  const row = db.prepare('SELECT * FROM places WHERE id = ?').get(id) as PlaceRow | undefined;
  return row && fromRow(row);
}

/**
 * A place by id or by an unambiguous name: exact name first (any case), then the only place whose
 * name contains the text (accents and case ignored). Unknown → NotFoundError (3); ambiguous →
 * UsageError (2) listing the candidates.
 */
export function findPlace(db: Db, ref: string, flag = '--lieu'): Place {
  const text = ref.trim();
  if (!isUsableReference(text)) throw new UsageError(`${flag} : « ${ref} » ne désigne rien ; attendu un numéro ou un nom de lieu (au moins une lettre ou un chiffre).`);
  if (/^\d+$/.test(text)) {
    const place = getPlace(db, Number(text));
    if (place) return place;
  }
  const places = listPlaces(db);
  const wanted = normalizeName(text);
  const exact = places.filter((p) => normalizeName(p.name) === wanted);
  if (exact.length === 1) return exact[0];
  const partial = places.filter((p) => normalizeName(p.name).includes(wanted));
  if (partial.length === 1) return partial[0];
  if (partial.length > 1) {
    throw new UsageError(`${flag} : « ${ref} » désigne plusieurs lieux ; précisez le nom ou le numéro.`).withDetails(
      partial.map((p) => `  ${p.id}  ${p.name} (${p.communeName})`),
    );
  }
  throw new NotFoundError(`${flag} : aucun espace numérique « ${ref} » ; voyez la liste avec « cafcharte places list ».`);
}

export function insertPlace(db: Db, input: PlaceInput, at: string): Place {
  const exists = db.prepare('SELECT id FROM places WHERE name = ?').get(input.name) as { id: number } | undefined;
  if (exists) throw new ConflictError(`--nom : un espace numérique s’appelle déjà « ${input.name} » (n° ${exists.id}).`);
  const info = db
    .prepare(
      `INSERT INTO places (name, kind, commune_insee, address, postal_code, phone, email, reserved_slots, opening_hours, siret, created_at, updated_at)
       VALUES (@name, @kind, @communeInsee, @address, @postalCode, @phone, @email, @reservedSlots, @openingHours, @siret, @at, @at)`,
    )
    .run({ ...input, reservedSlots: JSON.stringify(input.reservedSlots), openingHours: JSON.stringify(input.openingHours), at });
  return getPlace(db, Number(info.lastInsertRowid))!;
}

export function updatePlace(db: Db, id: number, input: PlaceInput, at: string): Place {
  const clash = db.prepare('SELECT id FROM places WHERE name = ? AND id <> ?').get(input.name, id) as { id: number } | undefined;
  if (clash) throw new ConflictError(`--nom : un autre espace numérique s’appelle déjà « ${input.name} » (n° ${clash.id}).`);
  db.prepare(
    `UPDATE places SET name = @name, kind = @kind, commune_insee = @communeInsee, address = @address, postal_code = @postalCode,
       phone = @phone, email = @email, reserved_slots = @reservedSlots, opening_hours = @openingHours, siret = @siret, updated_at = @at
     WHERE id = @id`,
  ).run({ ...input, id, reservedSlots: JSON.stringify(input.reservedSlots), openingHours: JSON.stringify(input.openingHours), at });
  return getPlace(db, id)!;
}

/** How many sessions and logbook entries use a place. */
export function placeUsage(db: Db, id: number): { sessions: number; logbookEntries: number } {
  const sessions = (db.prepare('SELECT count(*) AS n FROM sessions WHERE place_id = ?').get(id) as { n: number }).n;
  const logbookEntries = (db.prepare('SELECT count(*) AS n FROM logbook_entries WHERE place_id = ?').get(id) as { n: number }).n;
  return { sessions, logbookEntries };
}

/** Removes an unused place, keeping a snapshot in place_removals. Used → ConflictError (4). */
export function removePlace(db: Db, place: Place, at: string): void {
  db.transaction(() => {
    const usage = placeUsage(db, place.id);
    if (usage.sessions + usage.logbookEntries > 0) {
      throw new ConflictError(
        `« ${place.name} » est ${agree(placeGender(place.kind), 'utilisé', 'utilisée')} par ${countOf(usage.sessions, 'séance', 'séances')} et ${countOf(usage.logbookEntries, 'entrée', 'entrées')} du carnet de bord : ${agree(placeGender(place.kind), 'il', 'elle')} ne peut pas être ${agree(placeGender(place.kind), 'supprimé', 'supprimée')} (rien ne doit rester orphelin).`,
      );
    }
    if (communicationUsage(db, place.id) > 0) {
      throw new ConflictError(
        `« ${place.name} » a reçu des campagnes ou des supports, ou a été ${agree(placeGender(place.kind), 'vérifié', 'vérifiée')} pour sa mise en service : ${agree(placeGender(place.kind), 'il', 'elle')} ne peut pas être ${agree(placeGender(place.kind), 'supprimé', 'supprimée')} (cet historique doit rester complet).`,
      );
    }
    const row = db.prepare('SELECT * FROM places WHERE id = ?').get(place.id);
    db.prepare('INSERT INTO place_removals (place_id, snapshot, removed_at) VALUES (?, ?, ?)').run(place.id, JSON.stringify(row), at);
    db.prepare('DELETE FROM places WHERE id = ?').run(place.id);
  }).immediate();
}
