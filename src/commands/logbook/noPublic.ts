// `logbook sans-public`: reserved slots (art. 5) where nobody came, recorded in one command for
// a list of sessions or the slots of a place over a period, so that `logbook missing` keeps only
// the real gaps and the report counts these slots apart from the workshops held.
import type { Ctx } from '../../context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { formatDateFr, formatDateShortFr, formatTimeFr, monthRange, parseDate, parseMonth, timestampInReunion, todayInReunion } from '../../domain/dates.js';
import { findPlace } from '../../store/places.js';
import type { Store } from '../../store/engine.js';
import { recordNoPublic, reservedSlotSessions, sessionHasEntry } from '../../store/logbook.js';
import type { Session } from '../../store/sessions/read.js';
import { printJson, printLine, printNote, printSuccess } from '../../render/output.js';
import { requireSession } from './draft.js';
import { typeLabel } from './format.js';
import { countOf } from '../../domain/french.js';

export interface NoPublicFlags {
  lieu?: string;
  session?: string[];
  date?: string[];
  du?: string;
  au?: string;
  mois?: string;
  auteur?: string;
  json?: boolean;
}

const slotLine = (s: Session) => `${formatDateShortFr(s.date)} ${formatTimeFr(s.start)}-${formatTimeFr(s.end)}, ${s.placeName} (séance n° ${s.id})`;
const split = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

/** The sessions named with --session: each a reserved slot already held. */
async function namedSessions(store: Store, refs: string[], placeId: number | undefined, today: string): Promise<Session[]> {
  const sessions: Session[] = [];
  for (const ref of refs) {
    const session = await requireSession(store, ref);
    if (session.type !== 'creneau-reserve') {
      throw new UsageError(`--session : la séance n° ${session.id} est un atelier « ${typeLabel(session.type)} », pas un créneau réservé ; enregistrez-la avec « cafcharte logbook add --session ${session.id} --recus 0 ».`);
    }
    if (placeId !== undefined && session.placeId !== placeId) throw new UsageError(`--session : la séance n° ${session.id} a lieu à « ${session.placeName} », pas au lieu donné par --lieu.`);
    if (session.date > today) throw new UsageError(`--session : la séance n° ${session.id} est à venir (${formatDateFr(session.date)}) ; un créneau sans public s’enregistre une fois passé.`);
    sessions.push(session);
  }
  return sessions;
}

export async function runNoPublic(flags: NoPublicFlags, ctx: Ctx): Promise<number> {
  const today = todayInReunion(ctx.now());
  const sessionRefs = split(flags.session);
  const dates = split(flags.date).map((d) => parseDate(d, '--date'));
  const hasRange = flags.du !== undefined || flags.au !== undefined || flags.mois !== undefined;
  if (sessionRefs.length === 0 && flags.lieu === undefined) {
    throw new UsageError('--lieu : indiquez le lieu et la période (--mois, --du/--au ou --date), ou les séances avec --session.');
  }
  if (sessionRefs.length === 0 && dates.length === 0 && !hasRange) {
    throw new UsageError('--mois : période manquante ; indiquez --mois AAAA-MM, --du et --au, ou --date (répétable), ou les séances avec --session.');
  }
  if (dates.length > 0 && hasRange) throw new UsageError('--date : ne se combine pas avec --mois, --du ou --au ; choisissez une liste de dates ou une période.');
  const store = await ctx.store();
  const place = flags.lieu === undefined ? undefined : await findPlace(store, flags.lieu, '--lieu');

  let candidates: Session[] = await namedSessions(store, sessionRefs, place?.id, today);
  const skippedFuture: Session[] = [];
  if (place && dates.length > 0) {
    for (const date of dates) {
      const ofDay = await reservedSlotSessions(store, place.id, date, date);
      if (ofDay.length === 0) {
        throw new NotFoundError(`--date : aucun créneau réservé planifié le ${formatDateFr(date)} à « ${place.name} » ; voyez « cafcharte sessions list --lieu ${place.id} ».`);
      }
      if (date > today) throw new UsageError(`--date : le ${formatDateFr(date)} est à venir ; un créneau sans public s’enregistre une fois passé.`);
      candidates.push(...ofDay);
    }
  } else if (place && hasRange) {
    let from = flags.du === undefined ? undefined : parseDate(flags.du, '--du');
    let to = flags.au === undefined ? undefined : parseDate(flags.au, '--au');
    if (flags.mois !== undefined) {
      const month = monthRange(parseMonth(flags.mois, '--mois'));
      from = from && from > month.from ? from : month.from;
      to = to && to < month.to ? to : month.to;
    }
    if (from === undefined) throw new UsageError('--du : début de période manquant (ou --mois AAAA-MM).');
    to ??= today;
    if (from > to) throw new UsageError(`--au : période vide, du ${formatDateFr(from)} au ${formatDateFr(to)}.`);
    const inRange = await reservedSlotSessions(store, place.id, from, to);
    if (inRange.length === 0) {
      throw new NotFoundError(
        `--lieu : aucun créneau réservé planifié à « ${place.name} » du ${formatDateFr(from)} au ${formatDateFr(to)} ; les créneaux se planifient avec « cafcharte sessions generate --mois AAAA-MM ».`,
      );
    }
    skippedFuture.push(...inRange.filter((s) => s.date > today));
    candidates.push(...inRange.filter((s) => s.date <= today));
  }

  // Each session once; those the carnet de bord already covers are left as they are.
  candidates = [...new Map(candidates.map((s) => [s.id, s])).values()];
  const alreadyLogged: Session[] = [];
  for (const s of candidates) if (await sessionHasEntry(store, s.id)) alreadyLogged.push(s);
  const toRecord = candidates.filter((s) => !alreadyLogged.includes(s));
  const entries = toRecord.length === 0 ? [] : await recordNoPublic(store, toRecord, flags.auteur?.trim() || ctx.user(), timestampInReunion(ctx.now()));

  if (flags.json) {
    printJson(ctx, {
      schema: 'cafcharte-carnet-sans-public/1', // docs/schemas
      enregistrees: entries.map((e) => ({ entree: e.id, session: e.sessionId, date: e.date, debut: e.startTime, lieu: e.placeName })),
      deja_au_carnet: alreadyLogged.map((s) => s.id),
      a_venir: skippedFuture.map((s) => s.id),
    });
    return 0;
  }
  if (entries.length === 0) {
    printLine(ctx, alreadyLogged.length > 0 ? 'Aucun créneau à enregistrer : chacun a déjà son entrée au carnet de bord.' : 'Aucun créneau passé à enregistrer sur cette période.');
  }
  else {
    printSuccess(ctx, `${countOf(entries.length, 'créneau réservé sans public enregistré', 'créneaux réservés sans public enregistrés')} au carnet de bord (0 personne reçue) :`);
    for (const s of toRecord) printLine(ctx, `  ${slotLine(s)}`);
  }
  if (alreadyLogged.length > 0) printNote(ctx, `Déjà au carnet de bord, laissés tels quels : ${alreadyLogged.map((s) => `séance n° ${s.id}`).join(', ')}.`);
  if (skippedFuture.length > 0) printNote(ctx, `À venir, non enregistrés : ${countOf(skippedFuture.length, 'créneau', 'créneaux')}, à partir du ${formatDateFr(skippedFuture[0].date)}.`);
  return 0;
}
