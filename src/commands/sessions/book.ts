// `sessions book` and `sessions unbook`: seats only, never a name (charter art. 12).
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { timestampInReunion, todayInReunion } from '../../domain/dates.js';
import { bookSeats, releaseSeats } from '../../store/sessions/bookings.js';
import { printJson, printNote, printSuccess } from '../../render/output.js';
import { guardFreeText } from '../shared/guard.js';
import { parseOptions, z } from '../shared/options.js';
import { parseInteger } from '../shared/parse.js';
import { parseFreeText, parseSessionId } from './flags.js';
import { seatsText, sessionJson } from './format.js';
import { countOf, plural } from '../../domain/french.js';

const bookSchema = z.object({
  places: z.string().optional(),
  note: z.string().optional(),
  listeAttente: z.boolean().optional(),
  surreservation: z.boolean().optional(),
  masquer: z.boolean().optional(),
  json: z.boolean().optional(),
});

export interface BookOptions {
  id: number;
  seats: number;
  note: string | null;
  acceptWaitingList: boolean;
  overbook: boolean;
  mask: boolean;
  json: boolean;
}

export function parseBookFlags(id: string, raw: unknown): BookOptions {
  const flags = parseOptions(bookSchema, raw, { listeAttente: '--liste-attente' });
  if (flags.listeAttente && flags.surreservation) throw new UsageError('--liste-attente et --surreservation : l’un ou l’autre.');
  return {
    id: parseSessionId(id),
    seats: flags.places === undefined ? 1 : parseInteger(flags.places, '--places', { min: 1, max: 500 }),
    note: parseFreeText(flags.note, '--note', 500),
    acceptWaitingList: flags.listeAttente ?? false,
    overbook: flags.surreservation ?? false,
    mask: flags.masquer ?? false,
    json: flags.json ?? false,
  };
}

export async function runBook(opts: BookOptions, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const { '--note': note } = await guardFreeText(ctx, { '--note': opts.note ?? undefined }, { mask: opts.mask });
  const today = todayInReunion(ctx.now());
  const result = await bookSeats(
    store,
    opts.id,
    { seats: opts.seats, acceptWaitingList: opts.acceptWaitingList, overbook: opts.overbook, note: note ?? null, today },
    { at: timestampInReunion(ctx.now()), author: ctx.user() },
  );
  if (opts.json) {
    printJson(ctx, { schema: 'cafcharte-reservation/1', reservation: result.bookingId, statut: result.status, rang_attente: result.position ?? null, seance: sessionJson(result.session, today) });
  } else if (result.status === 'confirmee' && result.session.capacity !== null && result.session.booked > result.session.capacity) {
    printSuccess(ctx, `Réservation n° ${result.bookingId} : ${countOf(opts.seats, 'place', 'places')} en surréservation sur la séance n° ${opts.id} (${seatsText(result.session)}) ; c’est consigné dans son historique.`);
  } else if (result.status === 'confirmee') {
    printSuccess(ctx, `Réservation n° ${result.bookingId} : ${countOf(opts.seats, 'place', 'places')} sur la séance n° ${opts.id} (${seatsText(result.session)}).`);
  } else {
    printSuccess(
      ctx,
      `Séance n° ${opts.id} complète : demande n° ${result.bookingId} de ${countOf(opts.seats, 'place', 'places')} inscrite en liste d’attente, rang ${result.position}. Elle sera confirmée dès qu’assez de places se libèrent.`,
    );
  }
  return 0;
}

const unbookSchema = z.object({ places: z.string().optional(), attente: z.boolean().optional(), json: z.boolean().optional() });

export interface UnbookOptions {
  id: number;
  seats: number;
  fromWaitingList: boolean;
  json: boolean;
}

export function parseUnbookFlags(id: string, raw: unknown): UnbookOptions {
  const flags = parseOptions(unbookSchema, raw);
  return {
    id: parseSessionId(id),
    seats: flags.places === undefined ? 1 : parseInteger(flags.places, '--places', { min: 1, max: 500 }),
    fromWaitingList: flags.attente ?? false,
    json: flags.json ?? false,
  };
}

export async function runUnbook(opts: UnbookOptions, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const result = await releaseSeats(store, opts.id, { seats: opts.seats, fromWaitingList: opts.fromWaitingList }, { at: timestampInReunion(ctx.now()), author: ctx.user() });
  if (opts.json) {
    printJson(ctx, {
      schema: 'cafcharte-liberation/1', // docs/schemas
      places_liberees: result.released,
      places_promues: result.promotedSeats,
      demandes_promues: result.promotedRequests,
      seance: sessionJson(result.session, todayInReunion(ctx.now())),
    });
    return 0;
  }
  const what = opts.fromWaitingList ? ['retirée de la liste d’attente', 'retirées de la liste d’attente'] : ['libérée', 'libérées'];
  printSuccess(ctx, `${countOf(result.released, 'place', 'places')} ${plural(result.released, what[0]!, what[1]!)} sur la séance n° ${opts.id} (${seatsText(result.session)}).`);
  if (result.promotedRequests > 0) {
    printNote(ctx, `Liste d’attente : ${countOf(result.promotedRequests, 'demande confirmée', 'demandes confirmées')} (${countOf(result.promotedSeats, 'place', 'places')}), dans l’ordre d’arrivée.`);
  }
  return 0;
}
