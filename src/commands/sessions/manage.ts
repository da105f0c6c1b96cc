// `sessions cancel` and `sessions edit`: a session is never deleted; a cancellation keeps it
// with its reason, an edit keeps before/after in the session's history.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { parseDate, parseTime, timeInReunion, timestampInReunion, todayInReunion } from '../../domain/dates.js';
import { describeSession, requireSession } from '../../store/sessions/read.js';
import { cancelSession, updateSession, type SessionChanges } from '../../store/sessions/write.js';
import { printJson, printNote, printSuccess } from '../../render/output.js';
import { MAX_LABEL, MAX_NAME, guardFreeText } from '../shared/guard.js';
import { parseOptions, z } from '../shared/options.js';
import { confirmUnusualDays } from './add.js';
import { findPlaceOf, parseAnimators, parseCapacity, parseEnd, parseFreeText, parseSessionId, parseSessionType, sessionFieldsShape } from './flags.js';
import { sessionJson } from './format.js';
import { countOf } from '../../domain/french.js';

const cancelSchema = z.object({ motif: z.string().optional(), masquer: z.boolean().optional() });

export interface CancelOptions {
  id: number;
  reason: string;
  mask: boolean;
}

export function parseCancelFlags(id: string, raw: unknown): CancelOptions {
  const flags = parseOptions(cancelSchema, raw);
  const reason = parseFreeText(flags.motif, '--motif', 500);
  if (!reason) throw new UsageError('--motif : le motif de l’annulation est obligatoire (par exemple « animateur absent »).');
  return { id: parseSessionId(id), reason, mask: flags.masquer ?? false };
}

export async function runCancel(opts: CancelOptions, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const { '--motif': reason } = await guardFreeText(ctx, { '--motif': opts.reason }, { mask: opts.mask });
  const session = await cancelSession(store, opts.id, reason, { at: timestampInReunion(ctx.now()), author: ctx.user() });
  printSuccess(ctx, `Séance annulée (elle reste consignée) : ${describeSession(session)}. Motif : ${reason}.`);
  if (session.booked + session.waitingSeats > 0) {
    printNote(ctx, `${countOf(session.booked, 'place réservée', 'places réservées')} et ${session.waitingSeats} en liste d’attente : prévenez les personnes inscrites.`);
  }
  return 0;
}

const editSchema = z.object({ ...sessionFieldsShape, sansCapacite: z.boolean().optional() });

/** Typed options of `sessions edit`: only what was given changes. */
export interface EditOptions {
  id: number;
  placeRef?: string;
  /** --duree is resolved against the stored start when the start does not change. */
  duree?: string;
  changes: SessionChanges;
  force: boolean;
  allowOverlap: boolean;
  mask: boolean;
  json: boolean;
}

export function parseEditFlags(id: string, raw: unknown): EditOptions {
  const flags = parseOptions(editSchema, raw, { sansCapacite: '--sans-capacite' });
  const changes: SessionChanges = {};
  if (flags.date !== undefined) changes.date = parseDate(flags.date, '--date');
  if (flags.debut !== undefined) changes.start = parseTime(flags.debut, '--debut');
  if (flags.fin !== undefined) changes.end = parseTime(flags.fin, '--fin');
  if (flags.type !== undefined) changes.type = parseSessionType(flags.type);
  if (flags.capacite !== undefined && flags.sansCapacite) throw new UsageError('--capacite et --sans-capacite : l’un ou l’autre.');
  if (flags.capacite !== undefined) changes.capacity = parseCapacity(flags.capacite);
  if (flags.sansCapacite) changes.capacity = null;
  if (flags.animateur !== undefined) changes.animators = parseAnimators(flags.animateur);
  if (flags.titre !== undefined) changes.title = parseFreeText(flags.titre, '--titre', 200);
  if (flags.notes !== undefined) changes.notes = parseFreeText(flags.notes, '--notes', 2000);
  if (flags.duree !== undefined && flags.fin !== undefined) throw new UsageError('--fin et --duree : indiquez l’une ou l’autre, pas les deux.');
  if (Object.keys(changes).length === 0 && flags.lieu === undefined && flags.duree === undefined) {
    throw new UsageError('sessions edit : rien à modifier ; indiquez au moins une option (--date, --debut, --fin, --lieu, --capacite...).');
  }
  return {
    id: parseSessionId(id),
    placeRef: flags.lieu,
    duree: flags.duree,
    changes,
    force: flags.force ?? false,
    allowOverlap: flags.chevauchement ?? false,
    mask: flags.masquer ?? false,
    json: flags.json ?? false,
  };
}

export async function runEdit(opts: EditOptions, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const current = await requireSession(store, opts.id);
  const changes: SessionChanges = { ...opts.changes };
  if (opts.placeRef !== undefined) changes.placeId = (await findPlaceOf(ctx, opts.placeRef)).id;
  // A new start with --duree (or --duree alone) keeps the rule "end after start" in one place.
  if (opts.duree !== undefined) changes.end = parseEnd(changes.start ?? current.start, undefined, opts.duree);
  const animators = changes.animators ?? current.animators;
  const texts = await guardFreeText(
    ctx,
    { '--animateur': changes.animators?.join(', ') || undefined, '--titre': changes.title ?? undefined, '--notes': changes.notes ?? undefined },
    { mask: opts.mask, allowedNames: animators, nameFields: ['--animateur'], max: { '--animateur': MAX_NAME * 10, '--titre': MAX_LABEL } },
  );
  if (changes.animators && texts['--animateur']) changes.animators = texts['--animateur'].split(', ');
  if (changes.title) changes.title = texts['--titre'] ?? null;
  if (changes.notes) changes.notes = texts['--notes'] ?? null;
  if (changes.date !== undefined && changes.date !== current.date) await confirmUnusualDays(ctx, [changes.date], opts.force);

  const now = ctx.now();
  const today = todayInReunion(now);
  const time = timeInReunion(now);
  const { session, promoted } = await updateSession(
    store,
    opts.id,
    changes,
    { allowOverlap: opts.allowOverlap, isFuture: (s) => s.date > today || (s.date === today && s.start > time) },
    { at: timestampInReunion(now), author: ctx.user() },
  );
  if (opts.json) printJson(ctx, { schema: 'cafcharte-seance-modifiee/1', ...sessionJson(session, today) }); // docs/schemas
  else printSuccess(ctx, `Séance modifiée (le changement est consigné dans son historique) : ${describeSession(session)}.`);
  if (promoted > 0) printNote(ctx, `Liste d’attente : ${countOf(promoted, 'demande confirmée', 'demandes confirmées')} grâce aux places ajoutées.`);
  return 0;
}
