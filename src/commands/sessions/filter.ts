// The flags of the listings (list, calendar, export) turned into a store filter. Without zod and
// without the places repository (loaded only for --lieu): `sessions list` starts as fast as it can.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { monthRange, parseDate, parseMonth, type IsoDate } from '../../domain/dates.js';
import { isSessionType, SESSION_TYPES, type SessionType } from '../../domain/sessionTypes.js';
import { SESSION_STATUSES } from '../../domain/sessions.js';
import { matchCommune, COMMUNES } from '../../domain/territory.js';
import type { SessionFilter } from '../../store/sessions/read.js';
import { parseChoice, parseInteger } from '../shared/parse.js';

/** Raw flags of the listings, as commander gives them. */
export interface FilterFlags {
  du?: string;
  au?: string;
  mois?: string;
  lieu?: string[];
  commune?: string[];
  type?: string[];
  statut?: string;
  disponibles?: boolean;
  json?: boolean;
}

const TEXTS = ['du', 'au', 'mois', 'statut'] as const;
const LISTS = ['lieu', 'commune', 'type'] as const;
const SWITCHES = ['disponibles', 'json'] as const;

/** The listing flags of commander's raw options (others are left out), each of the expected kind. */
function filterFlags(raw: unknown): FilterFlags {
  const given = (raw ?? {}) as Record<string, unknown>;
  const flags: Record<string, unknown> = {};
  const check = (key: string, ok: (value: unknown) => boolean, expected: string) => {
    const value = given[key];
    if (value === undefined) return;
    if (!ok(value)) throw new UsageError(`--${key} : attendu ${expected}.`);
    flags[key] = value;
  };
  for (const key of TEXTS) check(key, (v) => typeof v === 'string', 'un texte');
  for (const key of LISTS) check(key, (v) => Array.isArray(v) && v.every((item) => typeof item === 'string'), 'une liste de textes');
  for (const key of SWITCHES) check(key, (v) => typeof v === 'boolean', 'une option sans valeur');
  return flags as FilterFlags;
}

export function parseSessionType(value: string | undefined): SessionType {
  if (value === undefined) throw new UsageError(`--type : le type de séance est obligatoire ; attendu ${SESSION_TYPES.join(', ')}.`);
  const type = value.trim();
  if (!isSessionType(type)) throw new UsageError(`--type : « ${value ?? ''} » n’est pas un type de séance ; attendu ${SESSION_TYPES.join(', ')}.`);
  return type;
}

/** A session number given as argument. */
export function parseSessionId(value: string): number {
  return parseInteger(value, 'séance', { min: 1, max: Number.MAX_SAFE_INTEGER });
}

/** Listing flags into a store filter; `today` makes prevue/passee meaningful. */
export async function parseFilter(raw: unknown, ctx: Ctx, today: IsoDate): Promise<SessionFilter> {
  const flags = filterFlags(raw);
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
    const { findPlace } = await import('../../store/places.js');
    const store = await ctx.store();
    for (const ref of flags.lieu) filter.placeIds.push((await findPlace(store, ref)).id);
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
