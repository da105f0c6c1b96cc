// `logbook add` and `logbook edit`: flags first, then (on a terminal only) questions for what the
// flags did not give, then the checks — personal data, duplicates — and, on a terminal, the
// entry shown back for confirmation. On a terminal a refusal never loses what was typed: the
// user corrects the field in place and saves in the same run.
import type { Ctx } from '../../context.js';
import { Cancelled, ConflictError, PersonalDataError, UsageError } from '../../errors.js';
import { parseDate, parseTime, todayInReunion, timestampInReunion } from '../../domain/dates.js';
import { SESSION_TYPES } from '../../domain/sessionTypes.js';
import { RESULT_COUNTERS, fieldsOf, implausibleFields, logbookFieldProblems, splitNames, type LogbookEntry, type LogbookFields, type ResultCounter } from '../../domain/logbook.js';
import { effectiveSignature } from '../../domain/charter.js';
import { formatDateFr, formatTimeFr } from '../../domain/dates.js';
import { loadCharterFacts } from '../../store/charter.js';
import type { Store } from '../../store/engine.js';
import { findPlace, getPlace } from '../../store/places.js';
import { findDuplicate, insertEntry, requireEntry, updateEntry, type DuplicatePolicy } from '../../store/logbook.js';
import type { Session } from '../../store/sessions/read.js';
import { parseInteger } from '../shared/parse.js';
import { MAX_NAME, guardAuthor, guardFreeText } from '../shared/guard.js';
import { printNote, printSuccess, printWarning } from '../../render/output.js';
import { MAX_COUNT, applySession, complete, countOrZero, optionalInteger, optionalText, parseType, requireSession, sessionsOfDay, type Draft } from './draft.js';
import { askMissing, askers } from './questions.js';
import { entryOneLine, entrySummary, printEntry, typeLabel } from './format.js';
import { warnIfNotInService } from '../shared/commissioning.js';

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
  confirmer?: boolean;
}

const COUNTER_FLAGS: Record<ResultCounter, keyof EntryFlags> = {
  onlineDeclarations: 'teledeclarations',
  accountsCreated: 'comptesCrees',
  emailsSent: 'courriels',
  certificates: 'attestations',
  completedProcedures: 'demarchesAbouties',
};

/** Every field a flag gave, validated; absent flags stay undefined. */
async function draftFromFlags(ctx: Ctx, store: Store, flags: EntryFlags): Promise<Draft> {
  const draft: Draft = {};
  if (flags.date !== undefined) draft.date = parseDate(flags.date, '--date');
  if (flags.debut !== undefined) draft.startTime = flags.debut.trim() === '' ? null : parseTime(flags.debut, '--debut');
  if (flags.lieu !== undefined) draft.placeId = (await findPlace(await ctx.store(), flags.lieu, '--lieu')).id;
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
    applySession(draft, await requireSession(await ctx.store(), flags.session), given);
  }
  return draft;
}

/** Without a terminal: defaults for the optional fields, a UsageError naming the flag for required ones. */
function completeWithoutTerminal(ctx: Ctx, draft: Draft): LogbookFields {
  if (draft.placeId === undefined) throw new UsageError('--lieu : lieu manquant ; indiquez --lieu (numéro ou nom du lieu) ou --session.');
  if (draft.type === undefined) throw new UsageError(`--type : type d’atelier manquant ; attendu ${SESSION_TYPES.join(', ')} (ou --session).`);
  if (draft.received === undefined) throw new UsageError('--recus : nombre de personnes reçues manquant.');
  return complete(draft, todayInReunion(ctx.now()));
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
async function guardFields(ctx: Ctx, store: Store, fields: LogbookFields, mask: boolean): Promise<void> {
  for (const { flag, asker, get, set } of FREE_TEXT) {
    const check = async (masking: boolean) => {
      const text = get(fields);
      const options = flag === '--animateur' ? { nameFields: [flag], max: { [flag]: MAX_NAME * 10 } } : {};
      set(fields, (await guardFreeText(ctx, { [flag]: text ?? undefined }, { mask: masking, allowedNames: fields.animators, ...options }))[flag] ?? null);
    };
    for (;;) {
      try {
        await check(mask);
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
          await check(true);
          break;
        }
        printNote(ctx, 'La touche Tab reprend le texte saisi pour le corriger.');
        const draft: Draft = { ...fields };
        await askers[asker].ask(ctx, store, draft);
        Object.assign(fields, { animators: draft.animators ?? [], remarks: draft.remarks ?? null, resultsText: draft.resultsText ?? null });
      }
    }
  }
}

interface SettleOptions {
  mask: boolean;
  duplicateOk: boolean;
  exceptId: number;
  /** --confirmer: unlikely values were checked by the user. */
  confirmed: boolean;
  today: string;
  /** Doubts the stored entry already had (an edit does not ask about them again). */
  acceptedDoubts?: string[];
  /** The duplicate the user accepted at the prompt (set by settle). */
  acceptedDuplicate?: number;
}

function duplicateMessage(fields: LogbookFields, duplicate: LogbookEntry): string {
  return `une entrée existe déjà pour ${fields.sessionId !== null && duplicate.sessionId === fields.sessionId ? `la séance n° ${fields.sessionId}` : 'ce lieu, ce jour et cette heure'} :`;
}

function duplicateConflict(fields: LogbookFields, duplicate: LogbookEntry): ConflictError {
  return new ConflictError(`${duplicateMessage(fields, duplicate)} ${entryOneLine(duplicate)}.`).withDetails([
    'Modifiez-la avec « cafcharte logbook edit ' + duplicate.id + ' », ou ajoutez --doublon-ok si ce sont bien deux ateliers distincts.',
  ]);
}

/** The check run again inside the write transaction: another process may have saved the same entry meanwhile. */
function duplicatePolicy(fields: LogbookFields, options: SettleOptions): DuplicatePolicy {
  return (duplicate) => {
    if (duplicate && !options.duplicateOk && duplicate.id !== options.acceptedDuplicate) throw duplicateConflict(fields, duplicate);
  };
}

/** On a terminal: which field to correct, asked again; the entry is re-completed. */
async function correctField(ctx: Ctx, store: Store, fields: LogbookFields): Promise<LogbookFields> {
  const field = await ctx.prompter.select({
    message: 'Quel champ corriger ?',
    choices: Object.entries(askers).map(([key, a]) => ({ name: a.label, value: key })),
  });
  const draft: Draft = { ...fields };
  await askers[field].ask(ctx, store, draft);
  // Moving the entry to another day or place unlinks it from its session.
  if ((field === 'date' && draft.date !== fields.date) || (field === 'place' && draft.placeId !== fields.placeId)) draft.sessionId = null;
  return complete(draft, fields.date);
}

/**
 * Unlikely values (future date, before the charter, more télédéclarations than people): in a
 * script, refused unless --confirmer; on a terminal, shown and confirmed or corrected.
 * Returns the fields to check again, or null when they may be saved.
 */
async function checkPlausibility(ctx: Ctx, store: Store, fields: LogbookFields, options: SettleOptions): Promise<LogbookFields | null> {
  if (options.confirmed) return null;
  const signature = effectiveSignature((await loadCharterFacts(await ctx.store())).signatures);
  const doubts = implausibleFields(fields, { today: options.today, signature }).filter(([, m]) => !options.acceptedDoubts?.includes(m));
  if (doubts.length === 0) return null;
  if (!ctx.io.interactive) {
    const [flag, message] = doubts[0];
    throw new UsageError(`${flag} : ${message} Corrigez la valeur, ou ajoutez --confirmer si elle est juste.`).withDetails(
      doubts.slice(1).map(([f, m]) => `${f} : ${m}`),
    );
  }
  for (const [, message] of doubts) printWarning(ctx, message);
  const keep = await ctx.prompter.confirm({ message: 'Ces valeurs sont-elles justes ? (Non : corriger un champ)', default: false });
  if (keep) {
    options.confirmed = true;
    return null;
  }
  return correctField(ctx, store, fields);
}

/** Runs the checks (and on a terminal, the confirmation) until the entry can be saved. */
async function settle(ctx: Ctx, store: Store, fields: LogbookFields, options: SettleOptions): Promise<LogbookFields> {
  for (;;) {
    const problems = logbookFieldProblems(fields);
    if (problems.length > 0) {
      const [flag, message] = problems[0];
      if (!ctx.io.interactive) throw new UsageError(`${flag} : ${message}`);
      printWarning(ctx, message);
      const draft: Draft = { ...fields };
      await askers.firstTimers.ask(ctx, store, draft);
      fields.firstTimers = draft.firstTimers ?? null;
      continue;
    }
    const corrected = await checkPlausibility(ctx, store, fields, options);
    if (corrected) {
      fields = corrected;
      continue;
    }
    await guardFields(ctx, store, fields, options.mask);
    const duplicate = await findDuplicate(await ctx.store(), fields, options.exceptId);
    if (duplicate && !options.duplicateOk && duplicate.id !== options.acceptedDuplicate) {
      if (!ctx.io.interactive) throw duplicateConflict(fields, duplicate);
      printWarning(ctx, `${duplicateMessage(fields, duplicate)} ${entryOneLine(duplicate)}.`);
      const keep = await ctx.prompter.confirm({ message: 'Enregistrer quand même une seconde entrée ?', default: false });
      if (!keep) throw new Cancelled(`opération annulée : rien n’a été enregistré ; l’entrée n° ${duplicate.id} existe déjà.`);
      options.acceptedDuplicate = duplicate.id;
    }
    if (!ctx.io.interactive) return fields;

    printEntry(ctx, fields, { placeName: (await getPlace(await ctx.store(), fields.placeId))?.name ?? String(fields.placeId) });
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
    fields = await correctField(ctx, store, fields);
  }
}

/**
 * An entry given by place, day and start time belongs to the planned session that starts then:
 * one match is attached (its type, duration and animators follow unless given, and its bookings
 * with it); several are asked about on a terminal, refused in a script (name one with --session).
 * Returns true when the session question is settled.
 */
async function attachMatchingSession(ctx: Ctx, store: Store, draft: Draft, today: string): Promise<boolean> {
  if (draft.sessionId !== undefined || draft.placeId === undefined || !draft.startTime) return false;
  const date = draft.date ?? today;
  const matches = (await sessionsOfDay(await ctx.store(), draft.placeId, date)).filter((s) => s.start === draft.startTime);
  if (matches.length === 0) return false;
  let session: Session | undefined = matches[0];
  if (matches.length > 1) {
    if (!ctx.io.interactive) {
      throw new UsageError(
        `--session : ${matches.length} séances du planning commencent à ${formatTimeFr(draft.startTime)} le ${formatDateFr(date)} à « ${matches[0].placeName} » ` +
          `(n° ${matches.map((s) => s.id).join(', n° ')}) ; indiquez laquelle avec --session N.`,
      );
    }
    const id = await ctx.prompter.select<number>({
      message: `Plusieurs séances commencent à ${formatTimeFr(draft.startTime)} : laquelle ?`,
      choices: [
        ...matches.map((s) => ({ name: `${formatTimeFr(s.start)}-${formatTimeFr(s.end)} ${typeLabel(s.type)} (séance n° ${s.id})`, value: s.id })),
        { name: 'Aucune (entrée hors séance)', value: 0 },
      ],
    });
    session = matches.find((s) => s.id === id);
  }
  if (session) applySession(draft, session, { ...draft, date });
  else draft.sessionId = null;
  return true;
}

export async function runAdd(flags: EntryFlags, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  // The author goes into the history, which is never rewritten: checked before anything else.
  const author = await guardAuthor(ctx, flags.auteur);
  const today = todayInReunion(ctx.now());
  const draft = await draftFromFlags(ctx, store, flags);
  const sessionSettled = await attachMatchingSession(ctx, store, draft, today);
  let fields: LogbookFields;
  if (ctx.io.interactive) {
    await askMissing(ctx, store, draft, flags.session !== undefined || sessionSettled);
    fields = complete(draft, today);
  } else {
    fields = completeWithoutTerminal(ctx, draft);
  }
  const settled: SettleOptions = { mask: Boolean(flags.masquer), duplicateOk: Boolean(flags.doublonOk), exceptId: 0, confirmed: Boolean(flags.confirmer), today };
  fields = await settle(ctx, store, fields, settled);
  const entry = await insertEntry(await ctx.store(), fields, author, timestampInReunion(ctx.now()), duplicatePolicy(fields, settled));
  printSuccess(ctx, `Entrée n° ${entry.id} ajoutée au carnet de bord : ${entrySummary(entry)}.`);
  // Art. 7: accepted all the same (scripts keep working), but the place is not in service yet.
  await warnIfNotInService(ctx, await ctx.store(), fields.placeId);
  return 0;
}

const FIELD_FLAGS: (keyof EntryFlags)[] = [
  'date', 'debut', 'lieu', 'session', 'type', 'recus', 'nouveaux', 'duree', 'animateur', 'remarques',
  'teledeclarations', 'comptesCrees', 'courriels', 'attestations', 'demarchesAbouties', 'resultats',
];

export async function runEdit(idText: string, flags: EntryFlags, ctx: Ctx): Promise<number> {
  const id = parseInteger(idText, 'numéro d’entrée', { min: 1, max: Number.MAX_SAFE_INTEGER });
  const store = await ctx.store();
  const entry = await requireEntry(await ctx.store(), id);
  if (entry.removedAt) throw new ConflictError(`l’entrée n° ${id} est supprimée ; restaurez-la d’abord (« cafcharte logbook restore ${id} »).`);
  const author = await guardAuthor(ctx, flags.auteur);
  const changes = await draftFromFlags(ctx, store, flags);
  const anyFlag = FIELD_FLAGS.some((f) => flags[f] !== undefined);
  // A new day or place without a new session unlinks the entry from its old session.
  if (flags.session === undefined && ((changes.date && changes.date !== entry.date) || (changes.placeId && changes.placeId !== entry.placeId))) {
    changes.sessionId = null;
  }
  let fields: LogbookFields = { ...fieldsOf(entry), ...changes };
  if (!anyFlag) {
    if (!ctx.io.interactive) {
      throw new UsageError('logbook edit : rien à modifier ; indiquez au moins une option (--recus, --remarques, --date...).');
    }
    const draft: Draft = { ...fields };
    for (const key of ['date', 'place', 'type', 'startTime', 'received', 'firstTimers', 'durationMinutes', 'animators', 'remarks', ...RESULT_COUNTERS.map((c) => c.key), 'resultsText']) {
      await askers[key].ask(ctx, store, draft);
    }
    if (draft.date !== entry.date || draft.placeId !== entry.placeId) draft.sessionId = null;
    fields = complete(draft, entry.date);
  }
  const settled: SettleOptions = {
    mask: Boolean(flags.masquer),
    duplicateOk: Boolean(flags.doublonOk),
    exceptId: id,
    confirmed: Boolean(flags.confirmer),
    today: todayInReunion(ctx.now()),
    acceptedDoubts: implausibleFields(fieldsOf(entry), {
      today: todayInReunion(ctx.now()),
      signature: effectiveSignature((await loadCharterFacts(await ctx.store())).signatures),
    }).map(([, m]) => m),
  };
  fields = await settle(ctx, store, fields, settled);
  const updated = await updateEntry(await ctx.store(), id, fields, author, timestampInReunion(ctx.now()), duplicatePolicy(fields, settled));
  printSuccess(ctx, `Entrée n° ${id} modifiée.`);
  printEntry(ctx, updated, { id, placeName: updated.placeName, entry: updated });
  return 0;
}
