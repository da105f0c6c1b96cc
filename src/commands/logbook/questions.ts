// The questions `logbook add` and `logbook edit` ask on a terminal: one per field, in the
// order of the issue (date, place, session of that day, type, people, ..., results), each
// offering the current value as its default.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { formatTimeFr, parseDate, parseTime, todayInReunion } from '../../domain/dates.js';
import { SESSION_TYPES, SESSION_TYPE_LABELS } from '../../domain/sessionTypes.js';
import { RESULT_COUNTERS, splitNames } from '../../domain/logbook.js';
import type { Store } from '../../store/engine.js';
import { listPlaces } from '../../store/places.js';
import { parseInteger } from '../shared/parse.js';
import { MAX_COUNT, applySession, countOrZero, optionalInteger, optionalText, sessionsOfDay, validator, type Draft } from './draft.js';
import { typeLabel } from './format.js';

type Asker = (ctx: Ctx, store: Store, draft: Draft) => Promise<void>;

export const askers: Record<string, { label: string; ask: Asker }> = {
  date: {
    label: 'Date',
    ask: async (ctx, _store, draft) => {
      const answer = await ctx.prompter.input({
        message: 'Date de l’atelier (AAAA-MM-JJ ou JJ/MM/AAAA)',
        default: draft.date ?? todayInReunion(ctx.now()),
        validate: validator((t) => parseDate(t, 'Date')),
      });
      draft.date = parseDate(answer, 'Date');
    },
  },
  place: {
    label: 'Lieu',
    ask: async (ctx, store, draft) => {
      const places = await listPlaces(await ctx.store());
      if (places.length === 0) throw new UsageError('aucun espace numérique enregistré ; ajoutez-en un avec « cafcharte places add ».');
      draft.placeId = await ctx.prompter.select({
        message: 'Lieu',
        choices: places.map((p) => ({ name: `${p.name} (${p.communeName})`, value: p.id })),
        default: draft.placeId,
      });
    },
  },
  type: {
    label: 'Type',
    ask: async (ctx, _store, draft) => {
      draft.type = await ctx.prompter.select({
        message: 'Type d’atelier',
        choices: SESSION_TYPES.map((t) => ({ name: SESSION_TYPE_LABELS[t], value: t })),
        default: draft.type,
      });
    },
  },
  startTime: {
    label: 'Heure de début',
    ask: async (ctx, _store, draft) => {
      const answer = await ctx.prompter.input({
        message: 'Heure de début (HH:MM, Entrée pour ne pas la noter)',
        default: draft.startTime ?? '',
        validate: validator((t) => t.trim() === '' || parseTime(t, 'Heure de début')),
      });
      draft.startTime = answer.trim() === '' ? null : parseTime(answer, 'Heure de début');
    },
  },
  received: {
    label: 'Personnes reçues',
    ask: async (ctx, _store, draft) => {
      const answer = await ctx.prompter.input({
        message: 'Nombre de personnes reçues',
        default: draft.received === undefined ? undefined : String(draft.received),
        validate: validator((t) => parseInteger(t, 'Personnes reçues', { max: MAX_COUNT })),
      });
      draft.received = parseInteger(answer, 'Personnes reçues', { max: MAX_COUNT });
    },
  },
  firstTimers: {
    label: 'Nouveaux',
    ask: async (ctx, _store, draft) => {
      const answer = await ctx.prompter.input({
        message: 'Dont nouveaux (première venue ; Entrée pour ne pas préciser)',
        default: draft.firstTimers == null ? '' : String(draft.firstTimers),
        validate: validator((t) => {
          const n = optionalInteger(t, 'Nouveaux', 0);
          if (n !== null && draft.received !== undefined && n > draft.received) throw new UsageError(`au plus ${draft.received} (les personnes reçues).`);
        }),
      });
      draft.firstTimers = optionalInteger(answer, 'Nouveaux', 0);
    },
  },
  durationMinutes: {
    label: 'Durée',
    ask: async (ctx, _store, draft) => {
      const answer = await ctx.prompter.input({
        message: 'Durée en minutes (Entrée pour ne pas la noter)',
        default: draft.durationMinutes == null ? '' : String(draft.durationMinutes),
        validate: validator((t) => optionalInteger(t, 'Durée', 1)),
      });
      draft.durationMinutes = optionalInteger(answer, 'Durée', 1);
    },
  },
  animators: {
    label: 'Animateurs',
    ask: async (ctx, _store, draft) => {
      const answer = await ctx.prompter.input({
        message: 'Animateurs (noms séparés par des virgules)',
        default: (draft.animators ?? []).join(', '),
      });
      draft.animators = splitNames(answer);
    },
  },
  remarks: {
    label: 'Remarques',
    ask: async (ctx, _store, draft) => {
      const answer = await ctx.prompter.input({
        message: 'Remarques sur le déroulement (sans nom ni numéro d’allocataire)',
        default: draft.remarks ?? '',
        validate: validator((t) => optionalText(t, 'Remarques')),
      });
      draft.remarks = optionalText(answer, 'Remarques');
    },
  },
  ...Object.fromEntries(
    RESULT_COUNTERS.map((c) => [
      c.key,
      {
        label: c.label,
        ask: async (ctx: Ctx, _store: Store, draft: Draft) => {
          const answer = await ctx.prompter.input({
            message: `Résultats — ${c.inline}`,
            default: String(draft[c.key] ?? 0),
            validate: validator((t) => countOrZero(t, c.label)),
          });
          draft[c.key] = countOrZero(answer, c.label);
        },
      },
    ]),
  ),
  resultsText: {
    label: 'Résultats (texte)',
    ask: async (ctx, _store, draft) => {
      const answer = await ctx.prompter.input({
        message: 'Résultats en quelques mots (Entrée pour passer)',
        default: draft.resultsText ?? '',
        validate: validator((t) => optionalText(t, 'Résultats')),
      });
      draft.resultsText = optionalText(answer, 'Résultats');
    },
  },
};

/** Offers the sessions held that day at that place; choosing one fills type, time, duration, animators. */
async function askSession(ctx: Ctx, store: Store, draft: Draft, given: Draft): Promise<void> {
  const sessions = await sessionsOfDay(await ctx.store(), draft.placeId!, draft.date!);
  if (sessions.length === 0) return;
  const choice = await ctx.prompter.select<number>({
    message: 'Séance de ce jour',
    choices: [
      ...sessions.map((s) => ({ name: `${formatTimeFr(s.start)}-${formatTimeFr(s.end)} ${typeLabel(s.type)} (séance n° ${s.id})`, value: s.id })),
      { name: 'Aucune (entrée hors séance)', value: 0 },
    ],
    default: sessions[0].id,
  });
  if (choice !== 0) applySession(draft, sessions.find((s) => s.id === choice)!, given);
}

/** Asks, in order, for every field the flags did not give. */
export async function askMissing(ctx: Ctx, store: Store, draft: Draft, sessionGiven: boolean): Promise<void> {
  const given = { ...draft };
  if (draft.date === undefined) await askers.date.ask(ctx, store, draft);
  if (draft.placeId === undefined) await askers.place.ask(ctx, store, draft);
  if (!sessionGiven) await askSession(ctx, store, draft, given);
  const order = ['type', 'startTime', 'received', 'firstTimers', 'durationMinutes', 'animators', 'remarks', ...RESULT_COUNTERS.map((c) => c.key), 'resultsText'];
  for (const key of order) {
    if (draft[key as keyof Draft] === undefined) await askers[key].ask(ctx, store, draft);
  }
}
