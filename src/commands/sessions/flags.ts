// Flags of `cafcharte sessions` add and edit turned into typed values: zod checks the raw shape
// commander gives, then the shared date/time parsers and the store's lookups give meaning to each value.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { parseTime, type LocalTime } from '../../domain/dates.js';
import { addMinutesToTime } from '../../domain/sessions.js';
import { findPlace, type Place } from '../../store/places.js';
import { z } from '../shared/options.js';
import { parseInteger } from '../shared/parse.js';

// Listing flags and the checks the listings share live in filter.ts, which does not load zod.
export { parseSessionId, parseSessionType } from './filter.js';

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

/** A place named by --lieu (number or name); the places are read only when one is named. */
export async function findPlaceOf(ctx: Ctx, ref: string): Promise<Place> {
  return findPlace(await ctx.store(), ref);
}
