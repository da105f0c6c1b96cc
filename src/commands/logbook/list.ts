// `logbook list`: the entries of a period, place, commune or type, and their totals. Apart from
// run.ts so that a listing loads neither the entry form nor the personal-data guard, and the
// places repository only for --lieu.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { formatDateShortFr, monthRange, parseDate, parseMonth } from '../../domain/dates.js';
import { parseSemester, semesterRange } from '../../domain/semester.js';
import { matchCommune } from '../../domain/territory.js';
import { SESSION_TYPES } from '../../domain/sessionTypes.js';
import {
  addToLogbookTotals,
  emptyLogbookTotals,
  formatDurationFr,
  logbookEntryJson,
  logbookTotalsJson,
  type LogbookEntry,
  type LogbookFilter,
  type LogbookTotals,
} from '../../domain/logbook.js';
import { streamEntries, streamEntryLines, type EntryLine } from '../../store/logbook.js';
import { parseChoice } from '../shared/parse.js';
import { resultsSummary, totalsLine, typeLabel, whenFr } from './format.js';
import { cellNeedsWork, plainLine, printJsonStream, printLine, printLinesStream, printTableStream, type Cell } from '../../render/output.js';

export interface ListFlags {
  du?: string;
  au?: string;
  mois?: string;
  semestre?: string;
  lieu?: string[];
  commune?: string[];
  type?: string[];
  json?: boolean;
}

/** Flags to a filter; several period flags narrow each other (their intersection). */
export async function filterFromFlags(ctx: Ctx, flags: ListFlags): Promise<LogbookFilter> {
  const froms: string[] = [];
  const tos: string[] = [];
  if (flags.du !== undefined) froms.push(parseDate(flags.du, '--du'));
  if (flags.au !== undefined) tos.push(parseDate(flags.au, '--au'));
  if (flags.mois !== undefined) {
    const range = monthRange(parseMonth(flags.mois, '--mois'));
    froms.push(range.from);
    tos.push(range.to);
  }
  if (flags.semestre !== undefined) {
    const range = semesterRange(parseSemester(flags.semestre, '--semestre'));
    froms.push(range.from);
    tos.push(range.to);
  }
  const filter: LogbookFilter = {};
  if (froms.length) filter.from = froms.sort().at(-1);
  if (tos.length) filter.to = tos.sort()[0];
  if (filter.from && filter.to && filter.from > filter.to) {
    throw new UsageError(`période vide : du ${formatDateShortFr(filter.from)} au ${formatDateShortFr(filter.to)} ; vérifiez --du, --au, --mois et --semestre.`);
  }
  const split = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (flags.lieu?.length) {
    const store = await ctx.store();
    filter.placeIds = [];
    const { findPlace } = await import('../../store/places.js');
    for (const ref of flags.lieu) filter.placeIds.push((await findPlace(store, ref, '--lieu')).id);
  }
  if (flags.commune?.length) {
    filter.communeInsee = split(flags.commune).map((name) => {
      const commune = matchCommune(name);
      if (!commune) throw new UsageError(`--commune : « ${name} » n’est pas une commune du Territoire Sud.`);
      return commune.insee;
    });
  }
  if (flags.type?.length) filter.types = split(flags.type).map((t) => parseChoice(t, '--type', SESSION_TYPES));
  return filter;
}

export async function runList(flags: ListFlags, ctx: Ctx): Promise<number> {
  const filter = await filterFromFlags(ctx, flags);
  const store = await ctx.store();
  // The entries are totalled as they are printed: one pass over the store, not two.
  const totals = emptyLogbookTotals();
  if (flags.json) {
    // docs/schemas: cafcharte-carnet/1, written as the entries are read (never all in memory).
    await printJsonStream(ctx, { schema: 'cafcharte-carnet/1' }, 'entrees', jsonEntries(streamEntries(store, filter), totals), () => ({ totaux: logbookTotalsJson(totals) }));
    return 0;
  }
  const empty = 'Aucune entrée au carnet de bord pour ces critères.';
  const shown = ctx.io.stdoutIsTTY
    ? await printTableStream(ctx, LIST_HEAD, listCells(streamEntryLines(store, filter), totals), { alignRight: [0, 4, 5], empty })
    : await printLinesStream(ctx, LIST_HEAD, listLines(streamEntryLines(store, filter), totals), { empty });
  if (shown > 0) printLine(ctx, totalsLine(totals));
  return 0;
}

const LIST_HEAD = ['N°', 'Date', 'Lieu', 'Type', 'Reçus', 'Nouveaux', 'Durée', 'Résultats', 'Remarques'];

async function* jsonEntries(batches: AsyncIterable<LogbookEntry[]>, totals: LogbookTotals): AsyncIterable<unknown[]> {
  for await (const batch of batches) {
    for (const entry of batch) addToLogbookTotals(totals, entry);
    yield batch.map(logbookEntryJson);
  }
}

async function* listCells(batches: AsyncIterable<EntryLine[]>, totals: LogbookTotals): AsyncIterable<Cell[][]> {
  for await (const batch of batches) {
    for (const entry of batch) addToLogbookTotals(totals, entry);
    yield batch.map(listCellsOf);
  }
}

async function* listLines(batches: AsyncIterable<EntryLine[]>, totals: LogbookTotals): AsyncIterable<{ text: string; count: number }> {
  for await (const batch of batches) yield { text: linesOf(batch, totals), count: batch.length };
}

/** The lines of a batch, each after a line break, its entries added to the totals: a plain loop, which V8 optimizes small. */
function linesOf(batch: EntryLine[], totals: LogbookTotals): string {
  let text = '';
  for (const entry of batch) {
    addToLogbookTotals(totals, entry);
    text += `\n${listLineOf(entry)}`;
  }
  return text;
}

/**
 * The piped line of one entry, plainLine(listCellsOf(e)) byte for byte: its cells joined by
 * tabs when none needs more (the duration and the results are digits and the tool's own
 * French-spaced words), else plainLine's work.
 */
export function listLineOf(e: EntryLine): string {
  const when = whenFr(e);
  const type = typeLabel(e.type);
  if (cellNeedsWork(when) || cellNeedsWork(e.placeName) || cellNeedsWork(type) || (e.remarks !== null && cellNeedsWork(e.remarks))) return plainLine(listCellsOf(e));
  const duration = e.durationMinutes === null ? '' : formatDurationFr(e.durationMinutes);
  return `${e.id}\t${when}\t${e.placeName}\t${type}\t${e.received}\t${e.firstTimers ?? ''}\t${duration}\t${resultsSummary(e)}\t${e.remarks ?? ''}`;
}

/** The cells of one entry, in LIST_HEAD's order. */
export function listCellsOf(e: EntryLine): Cell[] {
  return [
    e.id,
    whenFr(e),
    e.placeName,
    typeLabel(e.type),
    e.received,
    e.firstTimers,
    e.durationMinutes === null ? null : formatDurationFr(e.durationMinutes),
    resultsSummary(e),
    e.remarks,
  ];
}
