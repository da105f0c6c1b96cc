// `sessions generate --mois`: the dated `creneau-reserve` sessions of a month from each place's
// weekly reserved slots (charter art. 5). Idempotent: the store keys each generated session by
// (slot, date), so a second run creates nothing.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { formatDateShortFr, formatMonthFr, monthRange, parseMonth, timestampInReunion, todayInReunion, weekdayOf, addDaysIso } from '../../domain/dates.js';
import { holidayOn } from '../../domain/holidays.js';
import { weekdayIndex } from '../../domain/slots.js';
import { listPlaces, type Place } from '../../store/places.js';
import { describeSession, findOverlaps } from '../../store/sessions/read.js';
import { insertGenerated, type SessionInput } from '../../store/sessions/write.js';
import { printJson, printNote, printSuccess } from '../../render/output.js';
import { parseOptions, z } from '../shared/options.js';
import { findPlaceOf, parseCapacity } from './flags.js';
import { sessionJson } from './format.js';
import { countOf, plural } from '../../domain/french.js';

const generateSchema = z.object({
  mois: z.string().optional(),
  lieu: z.array(z.string()).optional(),
  capacite: z.string().optional(),
  json: z.boolean().optional(),
});

export interface GenerateOptions {
  month: string;
  placeRefs?: string[];
  capacity: number | null;
  json: boolean;
}

export function parseGenerateFlags(raw: unknown): GenerateOptions {
  const flags = parseOptions(generateSchema, raw);
  if (flags.mois === undefined) throw new UsageError('--mois : le mois à préparer est obligatoire (AAAA-MM).');
  return { month: parseMonth(flags.mois, '--mois'), placeRefs: flags.lieu, capacity: parseCapacity(flags.capacite), json: flags.json ?? false };
}

export async function runGenerate(opts: GenerateOptions, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const today = todayInReunion(ctx.now());
  const places: Place[] = [];
  if (opts.placeRefs) for (const ref of opts.placeRefs) places.push(await findPlaceOf(ctx, ref));
  else places.push(...(await listPlaces(await ctx.store())));
  const { from, to } = monthRange(opts.month);
  const inputs: SessionInput[] = [];
  for (const place of places) {
    for (const slot of place.reservedSlots) {
      for (let date = from; date <= to; date = addDaysIso(date, 1)) {
        if (weekdayOf(date) !== weekdayIndex(slot.day) || date < today) continue;
        const holiday = holidayOn(date);
        if (holiday) {
          printNote(ctx, `Jour férié sauté : ${formatDateShortFr(date)} (${holiday.name}), ${place.name}.`);
          continue;
        }
        const input: SessionInput = {
          placeId: place.id,
          date,
          start: slot.start,
          end: slot.end,
          type: 'creneau-reserve',
          capacity: opts.capacity,
          animators: [],
          title: null,
          notes: null,
          generatedFrom: `slot:${place.id}:${slot.day}:${slot.start}`,
        };
        // An existing workshop in the slot's hours keeps the room; the slot is not doubled.
        const clash = (await findOverlaps(store, place.id, input)).find((s) => s.generatedFrom !== input.generatedFrom);
        if (clash) {
          printNote(ctx, `Créneau du ${formatDateShortFr(date)} ${slot.start}-${slot.end} non créé à ${place.name} : il chevauche la séance ${describeSession(clash)}.`);
          continue;
        }
        inputs.push(input);
      }
    }
  }
  const created = await insertGenerated(store, inputs, { at: timestampInReunion(ctx.now()), author: ctx.user() });
  if (opts.json) {
    printJson(ctx, created.map((s) => sessionJson(s, today)));
    return 0;
  }
  const already = inputs.length - created.length;
  printSuccess(
    ctx,
    `${countOf(created.length, 'créneau réservé créé', 'créneaux réservés créés')} pour ${formatMonthFr(opts.month)}${already ? ` (${already} ${plural(already, 'existait', 'existaient')} déjà)` : ''}, depuis les créneaux ${plural(places.length, 'd’un lieu', `de ${countOf(places.length, 'lieu', 'lieux')}`)}.`,
  );
  return 0;
}
