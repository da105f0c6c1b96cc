// `sessions add`: one session, or a series (--chaque) that skips the public holidays of La
// Réunion and says which dates it skipped.
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context.js';
import { Cancelled, UsageError } from '../../errors.js';
import { formatDateShortFr, parseDate, parseTime, timestampInReunion, todayInReunion, weekdayOf, type IsoDate } from '../../domain/dates.js';
import { holidayOn } from '../../domain/holidays.js';
import { MAX_SERIES_SESSIONS, planSeries, SERIES_FREQUENCIES, type SeriesEnd } from '../../domain/sessionSeries.js';
import { describeSession } from '../../store/sessions/read.js';
import { createSessions, type SessionInput } from '../../store/sessions/write.js';
import { printJson, printNote, printSuccess, printWarning } from '../../render/output.js';
import { MAX_LABEL, MAX_NAME, guardFreeText } from '../shared/guard.js';
import { warnIfNotInService } from '../shared/commissioning.js';
import { parseOptions, z } from '../shared/options.js';
import { parseChoice, parseInteger } from '../shared/parse.js';
import { findPlaceOf, parseAnimators, parseCapacity, parseEnd, parseFreeText, parseSessionType, sessionFieldsShape } from './flags.js';
import { sessionJson } from './format.js';
import { countOf } from '../../domain/french.js';

const addSchema = z.object({
  ...sessionFieldsShape,
  chaque: z.string().optional(),
  jusquAu: z.string().optional(),
  nombre: z.string().optional(),
});

/** Typed options of `sessions add`. */
export interface AddOptions {
  placeRef: string;
  input: Omit<SessionInput, 'placeId' | 'date'>;
  date: IsoDate;
  series?: { every: (typeof SERIES_FREQUENCIES)[number]; end: SeriesEnd };
  force: boolean;
  allowOverlap: boolean;
  mask: boolean;
  json: boolean;
}

export function parseAddFlags(raw: unknown): AddOptions {
  const flags = parseOptions(addSchema, raw, { jusquAu: '--jusqu-au' });
  if (flags.lieu === undefined) throw new UsageError('--lieu : le lieu de la séance est obligatoire (numéro ou nom, voyez « cafcharte places list »).');
  if (flags.date === undefined) throw new UsageError('--date : la date de la séance est obligatoire (AAAA-MM-JJ).');
  if (flags.debut === undefined) throw new UsageError('--debut : l’heure de début est obligatoire (HH:MM).');
  const date = parseDate(flags.date, '--date');
  const start = parseTime(flags.debut, '--debut');
  const end = parseEnd(start, flags.fin, flags.duree);
  const input = {
    start,
    end,
    type: parseSessionType(flags.type),
    capacity: parseCapacity(flags.capacite),
    animators: parseAnimators(flags.animateur),
    title: parseFreeText(flags.titre, '--titre', 200),
    notes: parseFreeText(flags.notes, '--notes', 2000),
  };
  let series: AddOptions['series'];
  if (flags.chaque !== undefined) {
    const every = parseChoice(flags.chaque, '--chaque', SERIES_FREQUENCIES);
    if ((flags.jusquAu === undefined) === (flags.nombre === undefined)) {
      throw new UsageError('--chaque : indiquez la fin de la série, avec --jusqu-au AAAA-MM-JJ ou --nombre N (l’un des deux).');
    }
    let seriesEnd: SeriesEnd;
    if (flags.jusquAu !== undefined) {
      const until = parseDate(flags.jusquAu, '--jusqu-au');
      if (until < date) throw new UsageError(`--jusqu-au : ${until} est avant la première séance (${date}).`);
      seriesEnd = { until };
    } else {
      seriesEnd = { count: parseInteger(flags.nombre, '--nombre', { min: 1, max: MAX_SERIES_SESSIONS }) };
    }
    series = { every, end: seriesEnd };
  } else if (flags.jusquAu !== undefined || flags.nombre !== undefined) {
    throw new UsageError('--jusqu-au et --nombre ne servent qu’avec --chaque semaine|quinzaine|mois.');
  }
  return {
    placeRef: flags.lieu,
    input,
    date,
    series,
    force: flags.force ?? false,
    allowOverlap: flags.chevauchement ?? false,
    mask: flags.masquer ?? false,
    json: flags.json ?? false,
  };
}

/** Sundays and holidays need a yes on a terminal, or --force in a script. */
export async function confirmUnusualDays(ctx: Ctx, dates: IsoDate[], force: boolean): Promise<void> {
  const unusual = dates
    .map((date) => ({ date, holiday: holidayOn(date) }))
    .filter(({ date, holiday }) => holiday || weekdayOf(date) === 0)
    .map(({ date, holiday }) => `${formatDateShortFr(date)} (${holiday ? `férié : ${holiday.name}` : 'dimanche'})`);
  if (unusual.length === 0 || force) return;
  const shown = unusual.length > 3 ? `${unusual.slice(0, 3).join(', ')}… (${unusual.length} dates)` : unusual.join(', ');
  if (!ctx.io.interactive) {
    throw new UsageError(`--date : la séance tombe un dimanche ou un jour férié (${shown}) ; ajoutez --force pour la créer quand même.`);
  }
  const ok = await ctx.prompter.confirm({ message: `Séance un dimanche ou un jour férié : ${shown}. La créer quand même ?`, default: false });
  if (!ok) throw new Cancelled();
}

export async function runAdd(opts: AddOptions, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const place = await findPlaceOf(ctx, opts.placeRef);
  const texts = await guardFreeText(
    ctx,
    { '--animateur': opts.input.animators.join(', ') || undefined, '--titre': opts.input.title ?? undefined, '--notes': opts.input.notes ?? undefined },
    { mask: opts.mask, allowedNames: opts.input.animators, nameFields: ['--animateur'], max: { '--animateur': MAX_NAME * 10, '--titre': MAX_LABEL } },
  );
  if (texts['--animateur']) opts.input.animators = texts['--animateur'].split(', ');
  const plan = opts.series ? planSeries({ start: opts.date, ...opts.series }) : { dates: [opts.date], skipped: [] };
  for (const h of plan.skipped) printNote(ctx, `Jour férié sauté : ${formatDateShortFr(h.date)} (${h.name}).`);
  if (plan.dates.length === 0) throw new UsageError('--chaque : toutes les dates de la série tombent un jour férié ; aucune séance à créer.');
  await confirmUnusualDays(ctx, plan.dates, opts.force);

  const seriesId = opts.series ? randomUUID() : null;
  const inputs: SessionInput[] = plan.dates.map((date) => ({
    ...opts.input,
    title: texts['--titre'] ?? null,
    notes: texts['--notes'] ?? null,
    placeId: place.id,
    date,
    seriesId,
  }));
  const today = todayInReunion(ctx.now());
  if (plan.dates[0]! < today) printWarning(ctx, `la séance du ${formatDateShortFr(plan.dates[0]!)} est dans le passé.`);
  const created = await createSessions(store, inputs, { allowOverlap: opts.allowOverlap }, { at: timestampInReunion(ctx.now()), author: ctx.user() });
  await warnIfNotInService(ctx, await ctx.store(), place.id);

  if (opts.json) {
    printJson(ctx, created.map((s) => sessionJson(s, today)));
  } else if (created.length === 1) {
    printSuccess(ctx, `Séance créée : ${describeSession(created[0]!)}.`);
  } else {
    const first = created[0]!;
    const last = created.at(-1)!;
    printSuccess(
      ctx,
      `${created.length} séances créées (n° ${first.id} à ${last.id}), du ${formatDateShortFr(first.date)} au ${formatDateShortFr(last.date)}, ${first.start}-${first.end}, ${place.name}.`,
    );
    if (plan.skipped.length > 0) printNote(ctx, `${countOf(plan.skipped.length, 'jour férié sauté', 'jours fériés sautés')}.`);
  }
  return 0;
}
