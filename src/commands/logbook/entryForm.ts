// `logbook add` and `logbook edit`: flags first, then (on a terminal only) questions for what the
// flags did not give, then the checks — personal data, duplicates — and, on a terminal, the
// entry shown back for confirmation. On a terminal a refusal never loses what was typed: the
// user corrects the field in place and saves in the same run.
import type { Ctx } from '../../context.js';
import { Cancelled, ConflictError, PersonalDataError, UsageError } from '../../errors.js';
import { parseDate, parseTime, todayInReunion, timestampInReunion, formatDateShortFr, formatTimeFr } from '../../domain/dates.js';
import { SESSION_TYPES, SESSION_TYPE_LABELS, type SessionType } from '../../domain/sessionTypes.js';
import { durationMinutes } from '../../domain/sessions.js';
import { RESULT_COUNTERS, logbookFieldProblems, splitNames, type LogbookFields, type ResultCounter } from '../../domain/logbook.js';
import type { Db } from '../../store/open.js';
import { findPlace, getPlace, listPlaces } from '../../store/places.js';
import {
  findDuplicate,
  getSessionForLogbook,
  insertEntry,
  requireEntry,
  sessionsOfDay,
  updateEntry,
  type SessionForLogbook,
} from '../../store/logbook.js';
import { parseChoice, parseInteger } from '../shared/options.js';
import { guardFreeText } from '../shared/guard.js';
import { printNote, printSuccess, printWarning } from '../../render/output.js';
import { entryOneLine, printEntry, typeLabel } from './format.js';

/** The raw flags of `logbook add` / `logbook edit` (commander's camelCase names). */
export interface EntryFlags {
  date?: string;
  debut?: string;
  lieu?: string;
  session?: string;
  type?: string;
  recus?: string;
  nouveaux?: string;
  duree?: string;
  animateur?: string[];
  remarques?: string;
  teledeclarations?: string;
  comptesCrees?: string;
  courriels?: string;
  attestations?: string;
  demarchesAbouties?: string;
  resultats?: string;
  auteur?: string;
  masquer?: boolean;
  doublonOk?: boolean;
}

type Draft = Partial<LogbookFields>;

const COUNTER_FLAGS: Record<ResultCounter, keyof EntryFlags> = {
  onlineDeclarations: 'teledeclarations',
  accountsCreated: 'comptesCrees',
  emailsSent: 'courriels',
  certificates: 'attestations',
  completedProcedures: 'demarchesAbouties',
};

const MAX_COUNT = 10_000;
const MAX_TEXT = 2_000;

// --- parsing one value (shared by flags and prompts, so both say the same thing) -------------

const optionalText = (text: string, flag: string): string | null => {
  const value = text.trim();
  if (value.length > MAX_TEXT) throw new UsageError(`${flag} : texte trop long (${value.length} caractères, ${MAX_TEXT} au plus).`);
  return value === '' ? null : value;
};
const optionalInteger = (text: string, flag: string, min: number): number | null =>
  text.trim() === '' ? null : parseInteger(text, flag, { min, max: MAX_COUNT });
const countOrZero = (text: string, flag: string): number => (text.trim() === '' ? 0 : parseInteger(text, flag, { max: MAX_COUNT }));
const parseType = (text: string): SessionType => parseChoice(text.trim(), '--type', SESSION_TYPES);

/** Turns a parser into an inquirer validate function (true, or the French message). */
function validator(parse: (text: string) => unknown): (text: string) => true | string {
  return (text) => {
    try {
      parse(text);
      return true;
    } catch (err) {
      return err instanceof UsageError ? err.message : String(err);
    }
  };
}

function requireSession(db: Db, text: string): SessionForLogbook {
  const id = parseInteger(text, '--session', { min: 1, max: Number.MAX_SAFE_INTEGER });
  const session = getSessionForLogbook(db, id);
  if (!session) throw new UsageError(`--session : aucune séance n° ${id} ; voyez « cafcharte sessions list ».`);
  if (session.cancelled) throw new ConflictError(`--session : la séance n° ${id} est annulée ; une séance annulée n’a pas d’entrée au carnet de bord.`);
  return session;
}

/** A session brings its place, date, type, time, duration and animators, unless flags said otherwise. */
function applySession(draft: Draft, session: SessionForLogbook, given: Draft = {}): void {
  if (given.placeId !== undefined && given.placeId !== session.placeId) {
    throw new UsageError(`--lieu : la séance n° ${session.id} a lieu à « ${session.placeName} », pas dans le lieu indiqué.`);
  }
  if (given.date !== undefined && given.date !== session.date) {
    throw new UsageError(`--date : la séance n° ${session.id} a eu lieu le ${formatDateShortFr(session.date)}, pas le ${formatDateShortFr(given.date)}.`);
  }
  draft.sessionId = session.id;
  draft.placeId = session.placeId;
  draft.date = session.date;
  draft.type = given.type ?? session.type;
  draft.startTime = given.startTime ?? session.startTime;
  draft.durationMinutes = given.durationMinutes ?? durationMinutes(session.startTime, session.endTime);
  draft.animators = given.animators ?? session.animators;
}

/** Every field a flag gave, validated; absent flags stay undefined. */
function draftFromFlags(db: Db, flags: EntryFlags): Draft {
  const draft: Draft = {};
  if (flags.date !== undefined) draft.date = parseDate(flags.date, '--date');
  if (flags.debut !== undefined) draft.startTime = flags.debut.trim() === '' ? null : parseTime(flags.debut, '--debut');
  if (flags.lieu !== undefined) draft.placeId = findPlace(db, flags.lieu, '--lieu').id;
  if (flags.type !== undefined) draft.type = parseType(flags.type);
  if (flags.recus !== undefined) draft.received = parseInteger(flags.recus, '--recus', { max: MAX_COUNT });
  if (flags.nouveaux !== undefined) draft.firstTimers = optionalInteger(flags.nouveaux, '--nouveaux', 0);
  if (flags.duree !== undefined) draft.durationMinutes = optionalInteger(flags.duree, '--duree', 1);
  if (flags.animateur !== undefined) draft.animators = flags.animateur.flatMap(splitNames);
  if (flags.remarques !== undefined) draft.remarks = optionalText(flags.remarques, '--remarques');
  if (flags.resultats !== undefined) draft.resultsText = optionalText(flags.resultats, '--resultats');
  for (const c of RESULT_COUNTERS) {
    const text = flags[COUNTER_FLAGS[c.key]] as string | undefined;
    if (text !== undefined) draft[c.key] = countOrZero(text, c.flag);
  }
  if (flags.session !== undefined) {
    const given = { ...draft };
    applySession(draft, requireSession(db, flags.session), given);
  }
  return draft;
}

// --- questions, one per field, in the issue's order ---------------------------------------

type Asker = (ctx: Ctx, db: Db, draft: Draft) => Promise<void>;

const askers: Record<string, { label: string; ask: Asker }> = {
  date: {
    label: 'Date',
    ask: async (ctx, _db, draft) => {
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
    ask: async (ctx, db, draft) => {
      const places = listPlaces(db);
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
    ask: async (ctx, _db, draft) => {
      draft.type = await ctx.prompter.select({
        message: 'Type d’atelier',
        choices: SESSION_TYPES.map((t) => ({ name: SESSION_TYPE_LABELS[t], value: t })),
        default: draft.type,
      });
    },
  },
  startTime: {
    label: 'Heure de début',
    ask: async (ctx, _db, draft) => {
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
    ask: async (ctx, _db, draft) => {
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
    ask: async (ctx, _db, draft) => {
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
    ask: async (ctx, _db, draft) => {
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
    ask: async (ctx, _db, draft) => {
      const answer = await ctx.prompter.input({
        message: 'Animateurs (noms séparés par des virgules)',
        default: (draft.animators ?? []).join(', '),
      });
      draft.animators = splitNames(answer);
    },
  },
  remarks: {
    label: 'Remarques',
    ask: async (ctx, _db, draft) => {
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
        ask: async (ctx: Ctx, _db: Db, draft: Draft) => {
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
    ask: async (ctx, _db, draft) => {
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
async function askSession(ctx: Ctx, db: Db, draft: Draft, given: Draft): Promise<void> {
  const sessions = sessionsOfDay(db, draft.placeId!, draft.date!);
  if (sessions.length === 0) return;
  const choice = await ctx.prompter.select<number>({
    message: 'Séance de ce jour',
    choices: [
      ...sessions.map((s) => ({ name: `${formatTimeFr(s.startTime)}-${formatTimeFr(s.endTime)} ${typeLabel(s.type)} (séance n° ${s.id})`, value: s.id })),
      { name: 'Aucune (entrée hors séance)', value: 0 },
    ],
    default: sessions[0].id,
  });
  if (choice !== 0) applySession(draft, sessions.find((s) => s.id === choice)!, given);
}

/** Asks, in order, for every field the flags did not give. */
async function askMissing(ctx: Ctx, db: Db, draft: Draft, sessionGiven: boolean): Promise<void> {
  const given = { ...draft };
  if (draft.date === undefined) await askers.date.ask(ctx, db, draft);
  if (draft.placeId === undefined) await askers.place.ask(ctx, db, draft);
  if (!sessionGiven) await askSession(ctx, db, draft, given);
  const order = ['type', 'startTime', 'received', 'firstTimers', 'durationMinutes', 'animators', 'remarks', ...RESULT_COUNTERS.map((c) => c.key), 'resultsText'];
  for (const key of order) {
    if (draft[key as keyof Draft] === undefined) await askers[key].ask(ctx, db, draft);
  }
}

/** Without a terminal: defaults for the optional fields, a UsageError naming the flag for required ones. */
function completeWithoutTerminal(ctx: Ctx, draft: Draft): LogbookFields {
  if (draft.placeId === undefined) throw new UsageError('--lieu : lieu manquant ; indiquez --lieu (numéro ou nom du lieu) ou --session.');
  if (draft.type === undefined) throw new UsageError(`--type : type d’atelier manquant ; attendu ${SESSION_TYPES.join(', ')} (ou --session).`);
  if (draft.received === undefined) throw new UsageError('--recus : nombre de personnes reçues manquant.');
  return complete(draft, todayInReunion(ctx.now()));
}

function complete(draft: Draft, today: string): LogbookFields {
  return {
    date: draft.date ?? today,
    startTime: draft.startTime ?? null,
    placeId: draft.placeId!,
    sessionId: draft.sessionId ?? null,
    type: draft.type!,
    received: draft.received!,
    firstTimers: draft.firstTimers ?? null,
    durationMinutes: draft.durationMinutes ?? null,
    animators: draft.animators ?? [],
    remarks: draft.remarks ?? null,
    resultsText: draft.resultsText ?? null,
    onlineDeclarations: draft.onlineDeclarations ?? 0,
    accountsCreated: draft.accountsCreated ?? 0,
    emailsSent: draft.emailsSent ?? 0,
    certificates: draft.certificates ?? 0,
    completedProcedures: draft.completedProcedures ?? 0,
  };
}

// --- checks before saving ----------------------------------------------------------------

/** The free-text fields the guard reads, with how to read and write each one. */
const FREE_TEXT: { flag: string; asker: string; get: (f: LogbookFields) => string | null; set: (f: LogbookFields, text: string | null) => void }[] = [
  // Staff names are allowed, but a phone number or an e-mail typed among them is not.
  { flag: '--animateur', asker: 'animators', get: (f) => f.animators.join(', ') || null, set: (f, t) => (f.animators = splitNames(t ?? '')) },
  { flag: '--remarques', asker: 'remarks', get: (f) => f.remarks, set: (f, t) => (f.remarks = t) },
  { flag: '--resultats', asker: 'resultsText', get: (f) => f.resultsText, set: (f, t) => (f.resultsText = t) },
];

/**
 * The personal-data guard on each free-text field. Without a terminal a finding is exit 5 (or
 * masked under --masquer); on a terminal the user corrects the text, masks it or gives up.
 */
async function guardFields(ctx: Ctx, db: Db, fields: LogbookFields, mask: boolean): Promise<void> {
  for (const { flag, asker, get, set } of FREE_TEXT) {
    const check = (masking: boolean) => {
      const text = get(fields);
      set(fields, guardFreeText(ctx, { [flag]: text ?? undefined }, { mask: masking, allowedNames: fields.animators })[flag] ?? null);
    };
    for (;;) {
      try {
        check(mask);
        break;
      } catch (err) {
        if (!(err instanceof PersonalDataError) || !ctx.io.interactive) throw err;
        printNote(ctx, `Refusé : ${err.message}`);
        for (const line of err.details) printNote(ctx, line);
        const choice = await ctx.prompter.select({
          message: 'Que faire de ce texte ?',
          choices: [
            { name: 'Corriger le texte', value: 'corriger' },
            { name: 'Enregistrer le texte masqué', value: 'masquer' },
            { name: 'Abandonner (rien n’est enregistré)', value: 'abandonner' },
          ],
        });
        if (choice === 'abandonner') throw new Cancelled();
        if (choice === 'masquer') {
          check(true);
          break;
        }
        printNote(ctx, 'La touche Tab reprend le texte saisi pour le corriger.');
        const draft: Draft = { ...fields };
        await askers[asker].ask(ctx, db, draft);
        Object.assign(fields, { animators: draft.animators ?? [], remarks: draft.remarks ?? null, resultsText: draft.resultsText ?? null });
      }
    }
  }
}

interface SettleOptions {
  mask: boolean;
  duplicateOk: boolean;
  exceptId: number;
}

/** Runs the checks (and on a terminal, the confirmation) until the entry can be saved. */
async function settle(ctx: Ctx, db: Db, fields: LogbookFields, options: SettleOptions): Promise<LogbookFields> {
  let acceptedDuplicate = 0;
  for (;;) {
    const problems = logbookFieldProblems(fields);
    if (problems.length > 0) {
      const [flag, message] = problems[0];
      if (!ctx.io.interactive) throw new UsageError(`${flag} : ${message}`);
      printWarning(ctx, message);
      const draft: Draft = { ...fields };
      await askers.firstTimers.ask(ctx, db, draft);
      fields.firstTimers = draft.firstTimers ?? null;
      continue;
    }
    await guardFields(ctx, db, fields, options.mask);
    const duplicate = findDuplicate(db, fields, options.exceptId);
    if (duplicate && !options.duplicateOk && duplicate.id !== acceptedDuplicate) {
      const message = `une entrée existe déjà pour ${fields.sessionId !== null && duplicate.sessionId === fields.sessionId ? `la séance n° ${fields.sessionId}` : 'ce lieu, ce jour et cette heure'} :`;
      if (!ctx.io.interactive) {
        throw new ConflictError(`${message} ${entryOneLine(duplicate)}.`).withDetails([
          'Modifiez-la avec « cafcharte logbook edit ' + duplicate.id + ' », ou ajoutez --doublon-ok si ce sont bien deux ateliers distincts.',
        ]);
      }
      printWarning(ctx, `${message} ${entryOneLine(duplicate)}.`);
      const keep = await ctx.prompter.confirm({ message: 'Enregistrer quand même une seconde entrée ?', default: false });
      if (!keep) throw new Cancelled(`Opération annulée : rien n’a été enregistré ; l’entrée n° ${duplicate.id} existe déjà.`);
      acceptedDuplicate = duplicate.id;
    }
    if (!ctx.io.interactive) return fields;

    printEntry(ctx, fields, { placeName: getPlace(db, fields.placeId)?.name ?? String(fields.placeId) });
    const choice = await ctx.prompter.select({
      message: 'Enregistrer cette entrée ?',
      choices: [
        { name: 'Enregistrer', value: 'enregistrer' },
        { name: 'Corriger un champ', value: 'corriger' },
        { name: 'Abandonner (rien n’est enregistré)', value: 'abandonner' },
      ],
    });
    if (choice === 'enregistrer') return fields;
    if (choice === 'abandonner') throw new Cancelled();
    const field = await ctx.prompter.select({
      message: 'Quel champ corriger ?',
      choices: Object.entries(askers).map(([key, a]) => ({ name: a.label, value: key })),
    });
    const draft: Draft = { ...fields };
    await askers[field].ask(ctx, db, draft);
    // Moving the entry to another day or place unlinks it from its session.
    if ((field === 'date' && draft.date !== fields.date) || (field === 'place' && draft.placeId !== fields.placeId)) draft.sessionId = null;
    fields = complete(draft, fields.date);
  }
}

function authorOf(ctx: Ctx, flags: EntryFlags): string {
  return flags.auteur?.trim() || ctx.user();
}

export async function runAdd(flags: EntryFlags, ctx: Ctx): Promise<number> {
  const db = await ctx.store();
  const draft = draftFromFlags(db, flags);
  let fields: LogbookFields;
  if (ctx.io.interactive) {
    await askMissing(ctx, db, draft, flags.session !== undefined);
    fields = complete(draft, todayInReunion(ctx.now()));
  } else {
    fields = completeWithoutTerminal(ctx, draft);
  }
  fields = await settle(ctx, db, fields, { mask: Boolean(flags.masquer), duplicateOk: Boolean(flags.doublonOk), exceptId: 0 });
  const entry = insertEntry(db, fields, authorOf(ctx, flags), timestampInReunion(ctx.now()));
  printSuccess(ctx, `Entrée n° ${entry.id} ajoutée au carnet de bord : ${entryOneLine(entry).replace(/^n° \d+ — /, '')}.`);
  return 0;
}

const FIELD_FLAGS: (keyof EntryFlags)[] = [
  'date', 'debut', 'lieu', 'session', 'type', 'recus', 'nouveaux', 'duree', 'animateur', 'remarques',
  'teledeclarations', 'comptesCrees', 'courriels', 'attestations', 'demarchesAbouties', 'resultats',
];

export async function runEdit(idText: string, flags: EntryFlags, ctx: Ctx): Promise<number> {
  const id = parseInteger(idText, 'numéro d’entrée', { min: 1, max: Number.MAX_SAFE_INTEGER });
  const db = await ctx.store();
  const entry = requireEntry(db, id);
  if (entry.removedAt) throw new ConflictError(`l’entrée n° ${id} est supprimée ; restaurez-la d’abord (« cafcharte logbook restore ${id} »).`);
  const changes = draftFromFlags(db, flags);
  const anyFlag = FIELD_FLAGS.some((f) => flags[f] !== undefined);
  // A new day or place without a new session unlinks the entry from its old session.
  if (flags.session === undefined && ((changes.date && changes.date !== entry.date) || (changes.placeId && changes.placeId !== entry.placeId))) {
    changes.sessionId = null;
  }
  const { id: _id, placeName: _p, communeInsee: _c, communeName: _n, author: _a, removedAt: _r, removalReason: _m, createdAt: _ca, updatedAt: _u, ...current } = entry;
  let fields: LogbookFields = { ...current, ...changes };
  if (!anyFlag) {
    if (!ctx.io.interactive) {
      throw new UsageError('logbook edit : rien à modifier ; indiquez au moins une option (--recus, --remarques, --date...).');
    }
    const draft: Draft = { ...fields };
    for (const key of ['date', 'place', 'type', 'startTime', 'received', 'firstTimers', 'durationMinutes', 'animators', 'remarks', ...RESULT_COUNTERS.map((c) => c.key), 'resultsText']) {
      await askers[key].ask(ctx, db, draft);
    }
    if (draft.date !== entry.date || draft.placeId !== entry.placeId) draft.sessionId = null;
    fields = complete(draft, entry.date);
  }
  fields = await settle(ctx, db, fields, { mask: Boolean(flags.masquer), duplicateOk: Boolean(flags.doublonOk), exceptId: id });
  const updated = updateEntry(db, id, fields, authorOf(ctx, flags), timestampInReunion(ctx.now()));
  printSuccess(ctx, `Entrée n° ${id} modifiée.`);
  printEntry(ctx, updated, { id, placeName: updated.placeName, entry: updated });
  return 0;
}
