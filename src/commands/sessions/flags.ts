// Flags of `cafcharte sessions` turned into typed values: zod checks the raw shape commander
// gives, then the shared date/time parsers and the store's lookups give meaning to each value.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { monthRange, parseDate, parseMonth, parseTime, type IsoDate, type LocalTime } from '../../domain/dates.js';
import { isSessionType, SESSION_TYPES, type SessionType } from '../../domain/sessionTypes.js';
import { SESSION_STATUSES, addMinutesToTime } from '../../domain/sessions.js';
import { matchCommune, COMMUNES } from '../../domain/territory.js';
import { findPlace, type Place } from '../../store/places.js';
import type { SessionFilter } from '../../store/sessions/read.js';
import { parseOptions, z } from '../shared/options.js';
import { parseChoice, parseInteger } from '../shared/parse.js';

const text = z.string().optional();
const list = z.array(z.string()).optional();
const flag = z.boolean().optional();

/** Raw flags shared by add and edit. */
export const sessionFieldsShape = {
  lieu: text,
  date: text,
  debut: text,
  fin: text,
  duree: text,
  type: text,
  capacite: text,
  animateur: list,
  titre: text,
  notes: text,
  force: flag,
  chevauchement: flag,
  masquer: flag,
  json: flag,
};

/** Raw flags of the listings (list, calendar, export). */
export const filterShape = {
  du: text,
  au: text,
  mois: text,
  lieu: list,
  commune: list,
  type: list,
  statut: text,
  disponibles: flag,
  json: flag,
};

export const filterSchema = z.object(filterShape);
export type FilterFlags = z.infer<typeof filterSchema>;

export function parseSessionType(value: string | undefined): SessionType {
  if (value === undefined) throw new UsageError(`--type : le type de séance est obligatoire ; attendu ${SESSION_TYPES.join(', ')}.`);
  const type = value.trim();
  if (!isSessionType(type)) throw new UsageError(`--type : « ${value ?? ''} » n’est pas un type de séance ; attendu ${SESSION_TYPES.join(', ')}.`);
  return type;
}

/** The end of a session from --fin or --duree (exactly one), after its start. */
export function parseEnd(start: LocalTime, fin: string | undefined, duree: string | undefined): LocalTime {
  if (fin !== undefined && duree !== undefined) throw new UsageError('--fin et --duree : indiquez l’une ou l’autre, pas les deux.');
  if (fin === undefined && duree === undefined) throw new UsageError('--fin ou --duree : l’heure de fin (HH:MM) ou la durée en minutes est obligatoire.');
  if (fin !== undefined) {
    const end = parseTime(fin, '--fin');
    if (end <= start) throw new UsageError(`--fin : ${end} n’est pas après le début (${start}) ; une séance ne passe pas minuit.`);
    return end;
  }
  const minutes = parseInteger(duree, '--duree', { min: 5, max: 24 * 60 });
  const end = addMinutesToTime(start, minutes);
  if (!end) throw new UsageError(`--duree : ${minutes} minutes à partir de ${start} dépassent minuit ; une séance tient dans une journée.`);
  return end;
}

export function parseCapacity(value: string | undefined): number | null {
  return value === undefined ? null : parseInteger(value, '--capacite', { min: 1, max: 500 });
}

/** Staff names only (animators, CAF referent): trimmed, non-empty, bounded. */
export function parseAnimators(values: string[] | undefined): string[] {
  return (values ?? []).map((name) => {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw new UsageError(`--animateur : « ${name} » n’est pas un nom valide (1 à 100 caractères).`);
    return trimmed;
  });
}

/** Optional free text: empty means "none", bounded so a pasted file cannot land in a field. */
export function parseFreeText(value: string | undefined, flag: string, max: number): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed.length > max) throw new UsageError(`${flag} : texte trop long (${trimmed.length} caractères, ${max} au plus).`);
  return trimmed || null;
}

/** A session number given as argument. */
export function parseSessionId(value: string): number {
  return parseInteger(value, 'séance', { min: 1, max: Number.MAX_SAFE_INTEGER });
}

/** A place named by --lieu (number or name); the places are read only when one is named. */
export async function findPlaceOf(ctx: Ctx, ref: string): Promise<Place> {
  return findPlace(await ctx.store(), ref);
}

/** Listing flags into a store filter; `today` makes prevue/passee meaningful. */
export async function parseFilter(raw: unknown, ctx: Ctx, today: IsoDate): Promise<SessionFilter> {
  const flags = parseOptions(filterSchema, raw);
  const filter: SessionFilter = { today };
  if (flags.mois !== undefined) {
    if (flags.du !== undefined || flags.au !== undefined) throw new UsageError('--mois : s’utilise seul, sans --du ni --au.');
    const range = monthRange(parseMonth(flags.mois, '--mois'));
    filter.from = range.from;
    filter.to = range.to;
  }
  if (flags.du !== undefined) filter.from = parseDate(flags.du, '--du');
  if (flags.au !== undefined) filter.to = parseDate(flags.au, '--au');
  if (filter.from && filter.to && filter.from > filter.to) throw new UsageError(`--au : ${filter.to} est avant --du ${filter.from}.`);
  if (flags.lieu) {
    filter.placeIds = [];
    for (const ref of flags.lieu) filter.placeIds.push((await findPlaceOf(ctx, ref)).id);
  }
  if (flags.commune) {
    filter.communeInsee = flags.commune.map((name) => {
      const commune = matchCommune(name);
      if (!commune) throw new UsageError(`--commune : « ${name} » n’est pas une commune du Territoire Sud ; attendu l’une de : ${COMMUNES.map((c) => c.name).join(', ')}.`);
      return commune.insee;
    });
  }
  if (flags.type) filter.types = flags.type.map(parseSessionType);
  if (flags.statut !== undefined) filter.status = parseChoice(flags.statut, '--statut', SESSION_STATUSES);
  if (flags.disponibles) filter.available = true;
  return filter;
}
