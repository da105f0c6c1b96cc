// The work of `cafcharte places`: validate flags into a place, then read or write the store.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { COMMUNES, matchCommune, ofCommune } from '../../domain/territory.js';
import { formatPhoneFr, toE164 } from '../../domain/phone.js';
import { parseSlot, slotsToFrench, slotsToOsm, type TimeSlot } from '../../domain/slots.js';
import { timestampInReunion } from '../../domain/dates.js';
import { COMMISSIONING_STATE_LABELS } from '../../domain/commissioning.js';
import { commissioningStates } from '../../store/commissioning.js';
import {
  findPlace,
  insertPlace,
  listPlaces,
  PLACE_KIND_LABELS,
  PLACE_KINDS,
  removePlace,
  updatePlace,
  type Place,
  type PlaceInput,
} from '../../store/places.js';
import { parseChoice, requireText } from '../shared/parse.js';
import { MAX_LABEL, guardFreeText } from '../shared/guard.js';
import { printFields, printJson, printLine, printSuccess, printTable } from '../../render/output.js';
import { countOf } from '../../domain/french.js';

interface PlaceFlags {
  nom?: string;
  type?: string;
  commune?: string;
  adresse?: string;
  codePostal?: string;
  telephone?: string;
  courriel?: string;
  creneau?: string[];
  horaires?: string[];
  siret?: string;
  aucunCreneau?: boolean;
  json?: boolean;
}


/** Several slots may come in one flag, separated by « ; » (the OSM habit), or in repeated flags. */
function parseSlots(values: string[] | undefined, flag: string): TimeSlot[] {
  return (values ?? []).flatMap((v) => v.split(';')).filter((v) => v.trim()).map((v) => parseSlot(v, flag));
}

function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  // Luhn checksum (La Poste's establishments are the documented exception).
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let digit = Number(siret[13 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0 || siret.startsWith('356000000');
}

/** Merges flags over an existing place (edit) or nothing (add), validating each field. */
function placeFromFlags(flags: PlaceFlags, base?: Place): PlaceInput {
  const name = flags.nom !== undefined || !base ? requireText(flags.nom, '--nom') : base.name;
  const kind = flags.type !== undefined || !base ? parseChoice(flags.type, '--type', PLACE_KINDS) : base.kind;
  let communeInsee = base?.communeInsee ?? '';
  if (flags.commune !== undefined || !base) {
    const commune = matchCommune(flags.commune ?? '');
    if (!commune) {
      throw new UsageError(
        `--commune : « ${flags.commune ?? ''} » n’est pas une commune du Territoire Sud ; attendu l’une de : ${COMMUNES.map((c) => c.name).join(', ')}.`,
      );
    }
    communeInsee = commune.insee;
  }
  const commune = COMMUNES.find((c) => c.insee === communeInsee)!;
  const address = flags.adresse !== undefined || !base ? requireText(flags.adresse, '--adresse') : base.address;
  const postalCode = flags.codePostal !== undefined || !base ? (flags.codePostal ?? '').trim() : base.postalCode;
  if (!commune.postalCodes.includes(postalCode)) {
    throw new UsageError(
      `--code-postal : « ${postalCode} » n’est pas un code postal ${ofCommune(commune)} ; attendu ${commune.postalCodes.join(' ou ')}.`,
    );
  }
  let phone = base?.phone ?? '';
  if (flags.telephone !== undefined || !base) {
    const e164 = toE164(flags.telephone ?? '');
    if (!e164) throw new UsageError(`--telephone : « ${flags.telephone ?? ''} » n’est pas un numéro valide ; attendu un numéro français ou réunionnais, par exemple 0262 12 34 56.`);
    phone = e164;
  }
  let email = base?.email ?? null;
  if (flags.courriel !== undefined) {
    const text = flags.courriel.trim();
    if (text && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) throw new UsageError(`--courriel : « ${text} » n’est pas une adresse électronique valide.`);
    email = text || null;
  }
  let siret = base?.siret ?? null;
  if (flags.siret !== undefined) {
    const text = flags.siret.replace(/\s/g, '');
    if (text && !isValidSiret(text)) throw new UsageError(`--siret : « ${flags.siret} » n’est pas un SIRET valide ; attendu 14 chiffres (clé de Luhn vérifiée).`);
    siret = text || null;
  }
  const reservedSlots = flags.aucunCreneau ? [] : flags.creneau ? parseSlots(flags.creneau, '--creneau') : (base?.reservedSlots ?? []);
  const openingHours = flags.horaires ? parseSlots(flags.horaires, '--horaires') : (base?.openingHours ?? []);
  return { name, kind, communeInsee, address, postalCode, phone, email, reservedSlots, openingHours, siret };
}

/** The id and version of `places show --json` (docs/schemas/cafcharte-lieu.schema.json). */
export const PLACE_SCHEMA = 'cafcharte-lieu/1';

/** The JSON form of a place: French snake_case keys, stable for scripts. */
export function placeJson(place: Place) {
  return {
    id: place.id,
    nom: place.name,
    type: place.kind,
    commune: place.communeName,
    code_insee: place.communeInsee,
    adresse: place.address,
    code_postal: place.postalCode,
    telephone: place.phone,
    telephone_affiche: formatPhoneFr(place.phone),
    courriel: place.email,
    // jour/debut/fin; day/start/end are deprecated aliases kept one release (CHANGELOG.md).
    creneaux: place.reservedSlots.map((slot) => ({ jour: slot.day, debut: slot.start, fin: slot.end, day: slot.day, start: slot.start, end: slot.end })),
    creneaux_texte: slotsToFrench(place.reservedSlots),
    creneaux_osm: slotsToOsm(place.reservedSlots),
    horaires_osm: slotsToOsm(place.openingHours),
    siret: place.siret,
  };
}

function showPlace(ctx: Ctx, place: Place): void {
  printFields(ctx, [
    ['Numéro', place.id],
    ['Nom', place.name],
    ['Type', PLACE_KIND_LABELS[place.kind]],
    ['Adresse', `${place.address}, ${place.postalCode} ${place.communeName}`],
    ['Téléphone', formatPhoneFr(place.phone)],
    ['Courriel', place.email],
    ['Créneaux réservés', slotsToFrench(place.reservedSlots)],
    ['Horaires (OSM)', slotsToOsm(place.openingHours)],
    ['SIRET', place.siret],
  ]);
}

/**
 * A place's name and address are texts a user types: a person's name or phone number must not
 * hide in them. A place named after someone ("Médiathèque Raphaël Barquissau") and the street
 * of its address are what these fields are for.
 */
async function guardPlaceTexts(ctx: Ctx, flags: PlaceFlags, input: PlaceInput): Promise<void> {
  await guardFreeText(
    ctx,
    { '--nom': flags.nom !== undefined ? input.name : undefined, '--adresse': flags.adresse !== undefined ? input.address : undefined },
    { addressFields: ['--adresse'], max: { '--nom': MAX_LABEL, '--adresse': MAX_LABEL } },
  );
}

export async function runAdd(flags: PlaceFlags, ctx: Ctx): Promise<number> {
  const input = placeFromFlags(flags);
  await guardPlaceTexts(ctx, flags, input);
  const store = await ctx.store();
  const place = await insertPlace(store, input, timestampInReunion(ctx.now()));
  printSuccess(ctx, `Espace numérique n° ${place.id} ajouté : ${place.name} (${place.communeName}).`);
  return 0;
}

export async function runList(flags: { commune?: string; json?: boolean }, ctx: Ctx): Promise<number> {
  let communeInsee: string[] | undefined;
  if (flags.commune !== undefined) {
    const commune = matchCommune(flags.commune);
    if (!commune) throw new UsageError(`--commune : « ${flags.commune} » n’est pas une commune du Territoire Sud.`);
    communeInsee = [commune.insee];
  }
  const store = await ctx.store();
  const places = await listPlaces(store, { communeInsee });
  // Art. 7: a place is « en préparation » until its means are checked (places mise-en-service).
  const states = await commissioningStates(store);
  const stateOf = (p: Place) => states.get(p.id) ?? 'en_preparation';
  if (flags.json) {
    printJson(ctx, places.map((p) => ({ ...placeJson(p), etat: stateOf(p) })));
    return 0;
  }
  printTable(
    ctx,
    ['N°', 'Nom', 'Type', 'Commune', 'Téléphone', 'Créneaux réservés', 'État'],
    places.map((p) => [p.id, p.name, PLACE_KIND_LABELS[p.kind], p.communeName, formatPhoneFr(p.phone), slotsToFrench(p.reservedSlots), COMMISSIONING_STATE_LABELS[stateOf(p)]]),
    { alignRight: [0] },
  );
  printLine(ctx, `${countOf(places.length, 'espace numérique', 'espaces numériques')}.`);
  return 0;
}

export async function runShow(ref: string, flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const place = await findPlace(await ctx.store(), ref, 'lieu');
  if (flags.json) printJson(ctx, { schema: PLACE_SCHEMA, ...placeJson(place) });
  else showPlace(ctx, place);
  return 0;
}

export async function runEdit(ref: string, flags: PlaceFlags, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const place = await findPlace(store, ref, 'lieu');
  const editable = ['nom', 'type', 'commune', 'adresse', 'codePostal', 'telephone', 'courriel', 'creneau', 'horaires', 'siret', 'aucunCreneau'];
  if (!editable.some((key) => (flags as Record<string, unknown>)[key] !== undefined)) {
    throw new UsageError('places edit : rien à modifier ; indiquez au moins une option (--nom, --telephone, --creneau...).');
  }
  // A commune change without a new postal code keeps the old code only if it still matches.
  const input = placeFromFlags(flags, place);
  await guardPlaceTexts(ctx, flags, input);
  const updated = await updatePlace(store, place.id, input, timestampInReunion(ctx.now()));
  printSuccess(ctx, `Espace numérique n° ${updated.id} modifié.`);
  showPlace(ctx, updated);
  return 0;
}

export async function runRemove(ref: string, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const place = await findPlace(store, ref, 'lieu');
  await removePlace(store, place, timestampInReunion(ctx.now()));
  printSuccess(ctx, `Espace numérique n° ${place.id} « ${place.name} » supprimé (la suppression est consignée).`);
  return 0;
}
