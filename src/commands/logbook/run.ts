// `logbook show | history | missing | remove | restore`. Adding and editing are in entryForm.ts
// (they share the questions and the checks); listing is in list.ts.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { formatDateShortFr, formatTimeFr, parseDate, timestampInReunion, todayInReunion, daysBetween } from '../../domain/dates.js';
import { changedKeys, logbookEntryJson } from '../../domain/logbook.js';
import { entryHistory, removeEntry, requireEntry, restoreEntry, sessionsWithoutLogbook, MISSING_AFTER_DAYS } from '../../store/logbook.js';
import { parseInteger } from '../shared/parse.js';
import { guardAuthor, guardFreeText } from '../shared/guard.js';
import { printEntry, timestampFr, typeLabel, whenFr } from './format.js';
import { printJson, printLine, printSuccess, printTable } from '../../render/output.js';
import { countOf } from '../../domain/french.js';

export { runAdd, runEdit } from './entryForm.js';

function parseEntryId(text: string): number {
  return parseInteger(text, 'numéro d’entrée', { min: 1, max: Number.MAX_SAFE_INTEGER });
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
