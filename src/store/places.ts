// The espaces numériques (médiathèques, Maisons Pour Tous): the place repository.
import { sql } from './sql.js';
import { count, type Store } from './engine.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { communeByInsee, isUsableReference, normalizeName } from '../domain/territory.js';
import type { TimeSlot } from '../domain/slots.js';
import { communicationUsage } from './communication.js';
import { isRowId, isRowIdNumber } from './rowId.js';
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
    id: Number(row.id),
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

const PLACE_COLUMNS = sql`id, name, kind, commune_insee, address, postal_code, phone, email, reserved_slots, opening_hours, siret, created_at, updated_at`;

export async function listPlaces(store: Store, filter: { communeInsee?: string[] } = {}): Promise<Place[]> {
  // lower(name): the order SQLite gives by the column's NOCASE collation, on both engines.
  const rows = await store.all(sql<PlaceRow>`SELECT ${PLACE_COLUMNS} FROM places ORDER BY commune_insee, lower(name), id`);
  return rows.map(fromRow).filter((p) => !filter.communeInsee || filter.communeInsee.includes(p.communeInsee));
}

export async function getPlace(store: Store, id: number): Promise<Place | undefined> {
  if (!isRowIdNumber(id)) return undefined;
  const row = await store.one(sql<PlaceRow>`SELECT ${PLACE_COLUMNS} FROM places WHERE id = ${id}`);
  return row && fromRow(row);
}

/**
 * A place by id or by an unambiguous name: exact name first (any case), then the only place whose
 * name contains the text (accents and case ignored). Unknown → NotFoundError (3); ambiguous →
 * UsageError (2) listing the candidates.
 */
export async function findPlace(store: Store, ref: string, flag = '--lieu'): Promise<Place> {
  const text = ref.trim();
  if (!isUsableReference(text)) throw new UsageError(`${flag} : « ${ref} » ne désigne rien ; attendu un numéro ou un nom de lieu (au moins une lettre ou un chiffre).`);
  if (isRowId(text)) {
    const place = await getPlace(store, Number(text));
    if (place) return place;
  }
  const places = await listPlaces(store);
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

/** A place already named so (any case), other than `except`. */
async function sameName(store: Store, name: string, except: number | null): Promise<number | undefined> {
  const row = await store.one(
    sql<{ id: number }>`SELECT id FROM places WHERE lower(name) = lower(${name}) AND id <> ${except ?? 0} ORDER BY id LIMIT 1`,
  );
  return row && Number(row.id);
}

/** The same name twice (any case) → ConflictError (4); checked and written in one transaction. */
export async function insertPlace(store: Store, input: PlaceInput, at: string): Promise<Place> {
  const id = await store.transaction(async (tx) => {
    const clash = await sameName(tx, input.name, null);
    if (clash !== undefined) throw new ConflictError(`--nom : un espace numérique s’appelle déjà « ${input.name} » (n° ${clash}).`);
    const row = await tx.one(
      sql<{ id: number }>`INSERT INTO places (name, kind, commune_insee, address, postal_code, phone, email, reserved_slots, opening_hours, siret, created_at, updated_at)
        VALUES (${input.name}, ${input.kind}, ${input.communeInsee}, ${input.address}, ${input.postalCode}, ${input.phone}, ${input.email},
                ${JSON.stringify(input.reservedSlots)}, ${JSON.stringify(input.openingHours)}, ${input.siret}, ${at}, ${at})
        RETURNING id`,
    );
    return Number(row!.id);
  });
  return (await getPlace(store, id))!;
}

export async function updatePlace(store: Store, id: number, input: PlaceInput, at: string): Promise<Place> {
  await store.transaction(async (tx) => {
    const clash = await sameName(tx, input.name, id);
    if (clash !== undefined) throw new ConflictError(`--nom : un autre espace numérique s’appelle déjà « ${input.name} » (n° ${clash}).`);
    await tx.run(
      sql`UPDATE places SET name = ${input.name}, kind = ${input.kind}, commune_insee = ${input.communeInsee}, address = ${input.address},
            postal_code = ${input.postalCode}, phone = ${input.phone}, email = ${input.email},
            reserved_slots = ${JSON.stringify(input.reservedSlots)}, opening_hours = ${JSON.stringify(input.openingHours)},
            siret = ${input.siret}, updated_at = ${at}
          WHERE id = ${id}`,
    );
  });
  return (await getPlace(store, id))!;
}

/** How many sessions and logbook entries use a place. */
export async function placeUsage(store: Store, id: number): Promise<{ sessions: number; logbookEntries: number }> {
  const row = await store.one(
    sql<{ sessions: number; entries: number }>`SELECT (SELECT count(*) FROM sessions WHERE place_id = ${id}) AS sessions,
                                                      (SELECT count(*) FROM logbook_entries WHERE place_id = ${id}) AS entries`,
  );
  return { sessions: count(row?.sessions), logbookEntries: count(row?.entries) };
}

/** Removes an unused place, keeping a snapshot in place_removals. Used → ConflictError (4). */
export async function removePlace(store: Store, place: Place, at: string): Promise<void> {
  const gender = placeGender(place.kind);
  await store.transaction(async (tx) => {
    const usage = await placeUsage(tx, place.id);
    if (usage.sessions + usage.logbookEntries > 0) {
      throw new ConflictError(
        `« ${place.name} » est ${agree(gender, 'utilisé', 'utilisée')} par ${countOf(usage.sessions, 'séance', 'séances')} et ${countOf(usage.logbookEntries, 'entrée', 'entrées')} du carnet de bord : ${agree(gender, 'il', 'elle')} ne peut pas être ${agree(gender, 'supprimé', 'supprimée')} (rien ne doit rester orphelin).`,
      );
    }
    if ((await communicationUsage(tx, place.id)) > 0) {
      throw new ConflictError(
        `« ${place.name} » a reçu des campagnes ou des supports, ou a été ${agree(gender, 'vérifié', 'vérifiée')} pour sa mise en service : ${agree(gender, 'il', 'elle')} ne peut pas être ${agree(gender, 'supprimé', 'supprimée')} (cet historique doit rester complet).`,
      );
    }
    const row = await tx.one(sql<PlaceRow>`SELECT ${PLACE_COLUMNS} FROM places WHERE id = ${place.id}`);
    await tx.run(sql`INSERT INTO place_removals (place_id, snapshot, removed_at) VALUES (${place.id}, ${JSON.stringify(row)}, ${at})`);
    await tx.run(sql`DELETE FROM places WHERE id = ${place.id}`);
  });
}
