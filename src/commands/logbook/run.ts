// `logbook list | show | history | missing | remove | restore`. Adding and editing are in
// entryForm.ts (they share the questions and the checks).
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { formatDateShortFr, formatTimeFr, monthRange, parseDate, parseMonth, timestampInReunion, todayInReunion, daysBetween } from '../../domain/dates.js';
import { parseSemester, semesterRange } from '../../domain/semester.js';
import { matchCommune } from '../../domain/territory.js';
import { SESSION_TYPES } from '../../domain/sessionTypes.js';
import { changedKeys, formatDurationFr, logbookEntryJson, logbookTotalsJson, type LogbookFilter } from '../../domain/logbook.js';
import { findPlace } from '../../store/places.js';
import { entryHistory, listEntries, logbookTotals, streamEntryLines, type EntryLine, removeEntry, requireEntry, restoreEntry, sessionsWithoutLogbook, MISSING_AFTER_DAYS } from '../../store/logbook.js';
import { parseChoice, parseInteger } from '../shared/parse.js';
import { guardAuthor, guardFreeText } from '../shared/guard.js';
import { printEntry, resultsSummary, timestampFr, totalsLine, typeLabel, whenFr } from './format.js';
import { printJson, printLine, printSuccess, printTable, printTableStream, type Cell } from '../../render/output.js';
import { countOf } from '../../domain/french.js';

export { runAdd, runEdit } from './entryForm.js';

function parseEntryId(text: string): number {
  return parseInteger(text, 'numéro d’entrée', { min: 1, max: Number.MAX_SAFE_INTEGER });
}

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
  // Before the stream: the store runs no other query while a listing streams.
  const totals = await logbookTotals(store, filter);
  if (flags.json) {
    const entries = await listEntries(store, filter);
    printJson(ctx, { schema: 'cafcharte-carnet/1', entrees: entries.map(logbookEntryJson), totaux: logbookTotalsJson(totals) }); // docs/schemas
    return 0;
  }
  const shown = await printTableStream(ctx, LIST_HEAD, listCells(streamEntryLines(store, filter)), {
    alignRight: [0, 4, 5],
    empty: 'Aucune entrée au carnet de bord pour ces critères.',
  });
  if (shown > 0) printLine(ctx, totalsLine(totals));
  return 0;
}

const LIST_HEAD = ['N°', 'Date', 'Lieu', 'Type', 'Reçus', 'Nouveaux', 'Durée', 'Résultats', 'Remarques'];

async function* listCells(entries: AsyncIterable<EntryLine>): AsyncIterable<Cell[]> {
  for await (const e of entries) {
    yield [
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
}

export async function runShow(idText: string, flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const entry = await requireEntry(await ctx.store(), parseEntryId(idText));
  if (flags.json) printJson(ctx, { schema: 'cafcharte-entree-carnet/1', ...logbookEntryJson(entry) }); // docs/schemas
  else printEntry(ctx, entry, { id: entry.id, placeName: entry.placeName, entry });
  return 0;
}

const ACTION_LABELS: Record<string, string> = {
  ajout: 'ajout',
  modification: 'modification',
  suppression: 'suppression',
  restauration: 'restauration',
};

export async function runHistory(idText: string, flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const entry = await requireEntry(store, parseEntryId(idText));
  const rows = await entryHistory(store, entry.id);
  if (flags.json) {
    printJson(
      ctx,
      rows.map((r) => ({ le: r.at, auteur: r.author, action: r.action, champs_modifies: changedKeys(r.before, r.after), avant: r.before, apres: r.after })),
    );
    return 0;
  }
  printLine(ctx, `Historique de l’entrée n° ${entry.id} (${whenFr(entry)}, ${entry.placeName}) :`);
  for (const r of rows) {
    printLine(ctx, `${timestampFr(r.at)}  ${ACTION_LABELS[r.action]} par ${r.author}`);
    if (r.action === 'modification') {
      for (const key of changedKeys(r.before, r.after).filter((k) => k !== 'modifie_le')) {
        printLine(ctx, `    ${key} : ${show(r.before?.[key])} → ${show(r.after?.[key])}`);
      }
    }
    if (r.action === 'suppression') printLine(ctx, `    motif : ${show(r.after?.motif_suppression)}`);
  }
  return 0;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  return String(value);
}

export async function runMissing(flags: { json?: boolean; date?: string }, ctx: Ctx): Promise<number> {
  const today = flags.date === undefined ? todayInReunion(ctx.now()) : parseDate(flags.date, '--date');
  const sessions = await sessionsWithoutLogbook(await ctx.store(), today);
  if (flags.json) {
    printJson(
      ctx,
      sessions.map((s) => ({ session: s.id, date: s.date, debut: s.start, fin: s.end, lieu: s.placeName, lieu_id: s.placeId, type: s.type, jours: daysBetween(s.date, today) })),
    );
    return 0;
  }
  if (sessions.length === 0) {
    printLine(ctx, `Aucune séance de plus de ${MISSING_AFTER_DAYS} jours sans entrée au carnet de bord.`);
    return 0;
  }
  printTable(
    ctx,
    ['Séance', 'Date', 'Horaires', 'Lieu', 'Type', 'Il y a'],
    sessions.map((s) => [s.id, formatDateShortFr(s.date), `${formatTimeFr(s.start)}-${formatTimeFr(s.end)}`, s.placeName, typeLabel(s.type), `${daysBetween(s.date, today)} j`]),
    { alignRight: [0, 5] },
  );
  printLine(ctx, `${countOf(sessions.length, 'séance', 'séances')} sans entrée au carnet de bord depuis plus de ${MISSING_AFTER_DAYS} jours ; complétez avec « cafcharte logbook add --session N ».`);
  return 0;
}

export async function runRemove(idText: string, flags: { motif?: string; auteur?: string; masquer?: boolean }, ctx: Ctx): Promise<number> {
  const id = parseEntryId(idText);
  const store = await ctx.store();
  await requireEntry(store, id);
  let reason = flags.motif?.trim();
  if (!reason && ctx.io.interactive) {
    reason = (await ctx.prompter.input({ message: 'Motif de la suppression', validate: (t) => (t.trim() ? true : 'le motif est obligatoire.') })).trim();
  }
  if (!reason) throw new UsageError('--motif : motif de la suppression manquant ; par exemple --motif "saisie en double".');
  const author = await guardAuthor(ctx, flags.auteur);
  reason = (await guardFreeText(ctx, { '--motif': reason }, { mask: flags.masquer }))['--motif']!;
  const entry = await removeEntry(store, id, reason, author, timestampInReunion(ctx.now()));
  printSuccess(ctx, `Entrée n° ${entry.id} supprimée (motif : ${reason}) ; elle n’apparaît plus dans les listes ni les bilans. « cafcharte logbook restore ${entry.id} » la rétablit.`);
  return 0;
}

export async function runRestore(idText: string, flags: { auteur?: string }, ctx: Ctx): Promise<number> {
  const id = parseEntryId(idText);
  const store = await ctx.store();
  const author = await guardAuthor(ctx, flags.auteur);
  const entry = await restoreEntry(store, id, author, timestampInReunion(ctx.now()));
  printSuccess(ctx, `Entrée n° ${entry.id} restaurée.`);
  return 0;
}
