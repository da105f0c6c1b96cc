// The comité's and the charter's documents (art. 7, 8, 10): convocation (with the semester
// report as a PDF annex and a calendar invitation), minutes, registered letters, avenant.
// Each is a template of templates/documents/ filled with a model from the domain, written in
// the asked format next to nothing else: every target is checked before any file is written.
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { ConflictError, NotFoundError, UsageError } from '../../errors.js';
import { computeCharterStatus, effectiveSignature, type Amendment, type Breach, type CharterFacts, type Party } from '../../domain/charter.js';
import {
  amendmentModel,
  breachLetterModel,
  convocationModel,
  count,
  defaultAgenda,
  minutesModel,
  otherParty,
  terminationLetterModel,
  type KeyFigure,
  type Parties,
} from '../../domain/charterDocuments.js';
import { formatDateFr, minutesOfDay, parseDate, parseTime, timeOfMinutes, todayInReunion, type IsoDate } from '../../domain/dates.js';
import { lastCompletedSemester, parseSemester, semesterCode, type Semester } from '../../domain/semester.js';
import type { Store } from '../../store/engine.js';
import { charterDocument, loadCharterFacts } from '../../store/charter.js';
import { findMeeting, listDecisions, meetingMembers, type MeetingRecord } from '../../store/committee.js';
import { listPlaces } from '../../store/places.js';
import { commissioningStates } from '../../store/commissioning.js';
import { writeFileAtomic } from '../../render/files.js';
import { printLine, printSuccess } from '../../render/output.js';
import { parseChoice, parseInteger } from '../shared/parse.js';
import type { DocumentName } from '../../render/document/template.js';
import type { DocumentFormat, DocumentMeta } from '../../render/document/index.js';
import { plural } from '../../domain/french.js';

const FORMATS: readonly DocumentFormat[] = ['docx', 'odt', 'pdf'];
const PARTIES: readonly Party[] = ['commune', 'caf'];

/** The flags every document command shares. */
export interface DocumentFlags {
  format?: string;
  sortie?: string;
  modele?: string;
  ecraser?: boolean;
}

interface Output {
  format: DocumentFormat;
  path: string;
  template?: string;
  overwrite: boolean;
}

function parseOutput(flags: DocumentFlags, ctx: Ctx, defaultBase: string): Output {
  const format = parseChoice(flags.format ?? 'docx', '--format', FORMATS);
  const path = resolve(ctx.cwd, flags.sortie ?? `${defaultBase}.${format}`);
  return { format, path, template: flags.modele === undefined ? undefined : resolve(ctx.cwd, flags.modele), overwrite: Boolean(flags.ecraser) };
}

/** Refuses before anything is written when one of the targets exists (else a half set of files). */
function checkTargets(paths: string[], overwrite: boolean): void {
  if (overwrite) return;
  const existing = paths.find((p) => existsSync(p));
  if (existing) throw new ConflictError(`--sortie : le fichier « ${existing} » existe déjà ; ajoutez --ecraser pour le remplacer.`);
}

const parseId = (text: string | undefined, flag: string) => parseInteger(text, flag, { min: 1, max: Number.MAX_SAFE_INTEGER });

async function renderNamed(name: DocumentName, model: object, output: Output, title: string, ctx: Ctx, attachments?: DocumentMeta['attachments']): Promise<Buffer> {
  const blocks = await (await import('../../render/document/template.js')).fillDocumentTemplate(name, model, output.template);
  const meta: DocumentMeta = { title, subject: 'Charte de partenariat commune du Tampon – CAF de la Réunion', date: ctx.now(), attachments };
  return (await import('../../render/document/index.js')).renderDocument(blocks, output.format, meta);
}

async function loadMeeting(store: Store, flags: { reunion?: string }): Promise<MeetingRecord> {
  const id = parseId(flags.reunion, '--reunion');
  const meeting = await findMeeting(store, id);
  if (!meeting) throw new NotFoundError(`--reunion : aucune réunion du comité n° ${id} ; voyez « cafcharte charter copil meeting list ».`);
  return meeting;
}

/** The semester the meeting evaluates: --semestre, else the last one completed on its date. */
function meetingSemester(flags: { semestre?: string }, meeting: MeetingRecord): Semester {
  return flags.semestre !== undefined ? parseSemester(flags.semestre, '--semestre') : lastCompletedSemester(meeting.heldOn);
}

async function agendaFor(store: Store, facts: CharterFacts, meeting: MeetingRecord, semester: Semester): Promise<string[]> {
  const states = await commissioningStates(store);
  const toCommission = (await listPlaces(store))
    .filter((p) => states.get(p.id) !== 'en_service')
    .map((p) => p.name);
  return defaultAgenda({ facts, meetingOn: meeting.heldOn, semester, placesToCommission: toCommission });
}

function meetingHours(flags: { heure?: string; fin?: string }, meeting: MeetingRecord): { start: string; end: string } {
  const start = flags.heure !== undefined ? parseTime(flags.heure, '--heure') : meeting.start;
  if (!start) {
    throw new UsageError(`--heure : la réunion n° ${meeting.id} n’a pas d’heure enregistrée ; indiquez --heure HH:MM (et --fin HH:MM, sinon deux heures plus tard).`);
  }
  const end = flags.fin !== undefined ? parseTime(flags.fin, '--fin') : (flags.heure === undefined ? meeting.end : null) ?? timeOfMinutes(Math.min(minutesOfDay(start) + 120, 23 * 60 + 59));
  if (minutesOfDay(end) <= minutesOfDay(start)) throw new UsageError(`--fin : la fin (${end}) doit suivre le début (${start}) le même jour.`);
  return { start, end };
}

export async function runConvocation(
  flags: DocumentFlags & { reunion?: string; semestre?: string; heure?: string; fin?: string },
  ctx: Ctx,
): Promise<number> {
  const store = await ctx.store();
  // Places, commissioning and the report still read the SQLite connection.
  const meeting = await loadMeeting(store, flags);
  const output = parseOutput(flags, ctx, `convocation-copil-${meeting.heldOn}`);
  const semester = meetingSemester(flags, meeting);
  const hours = meetingHours(flags, meeting);
  const members = await meetingMembers(store, meeting.id, meeting.heldOn);
  if (members.length === 0) throw new ConflictError('--reunion : le comité n’a aucun membre à convoquer ; ajoutez-en avec « cafcharte charter copil members add ».');
  const stem = join(dirname(output.path), basename(output.path, extname(output.path)));
  const annexPath = `${stem}-annexe-rapport-${semesterCode(semester)}.pdf`;
  const icsPath = `${stem}.ics`;
  checkTargets([output.path, annexPath, icsPath], output.overwrite);

  const facts = await loadCharterFacts(store);
  const agenda = await agendaFor(store, facts, meeting, semester);
  const parties = (await charterDocument(store)).parties as Parties;
  const model = convocationModel({
    parties,
    meeting: { ...meeting, ...hours },
    members,
    agenda,
    semester,
    annexFile: basename(annexPath),
    today: todayInReunion(ctx.now()),
  });
  const { computeReport } = await import('../report/run.js');
  const report = await computeReport(ctx, semester);
  const annex = await (await import('../../render/report/pdf.js')).renderReportPdf(report, { creationDate: ctx.now() });
  const document = await renderNamed('convocation', model, output, `Convocation au comité de pilotage du ${formatDateFr(meeting.heldOn)}`, ctx, [
    { name: basename(annexPath), data: annex, description: `Rapport d’évaluation ${semesterCode(semester)}` },
  ]);
  const { renderIcs } = await import('../../render/ics.js');
  const ics = renderIcs({
    name: 'Comité de pilotage de la charte',
    stamp: ctx.now(),
    events: [
      {
        uid: `copil-${meeting.id}@cafcharte`,
        date: meeting.heldOn,
        start: hours.start,
        end: hours.end,
        summary: 'Comité de pilotage de la charte commune du Tampon – CAF de la Réunion',
        location: meeting.place ?? undefined,
        description: `Ordre du jour :\n${agenda.map((item, i) => `${i + 1}. ${item}`).join('\n')}`,
        cancelled: false,
        attendees: members.map((m) => ({ name: m.name, urn: `urn:cafcharte:copil:membre:${m.id}` })),
      },
    ],
  });
  writeFileAtomic(output.path, document, { overwrite: output.overwrite });
  writeFileAtomic(annexPath, annex, { overwrite: output.overwrite });
  writeFileAtomic(icsPath, ics, { overwrite: output.overwrite });
  printSuccess(ctx, `Convocation à la réunion du ${formatDateFr(meeting.heldOn)} écrite : ${output.path}`);
  printLine(ctx, `Annexe (rapport ${semesterCode(semester)}) : ${annexPath}`);
  printLine(ctx, `Invitation d’agenda (${members.length} membre${plural(members.length, '', 's')}) : ${icsPath}`);
  return 0;
}

/** The semester's key figures, from the report's model (the same numbers as the annex). */
function keyFigures(report: Awaited<ReturnType<typeof import('../report/run.js').computeReport>>): KeyFigure[] {
  const { chiffres_caf: caf, ateliers } = report;
  return [
    { libelle: 'Consultations de caf.fr', valeur: count(caf.consultations.total) },
    { libelle: 'Consultations des rubriques', valeur: count(caf.rubriques.total) },
    { libelle: 'Télédéclarations', valeur: count(caf.teledeclarations.total) },
    { libelle: 'Ateliers tenus (carnet de bord)', valeur: count(ateliers.ateliers) },
    { libelle: 'Personnes reçues', valeur: count(ateliers.personnes_recues) },
    { libelle: 'Dont nouvelles', valeur: count(ateliers.nouveaux) },
    { libelle: 'Télédéclarations faites en atelier', valeur: count(ateliers.resultats.teledeclarations) },
    { libelle: 'Démarches abouties en atelier', valeur: count(ateliers.resultats.demarches_abouties) },
  ];
}

export async function runMinutes(flags: DocumentFlags & { reunion?: string; semestre?: string }, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  // Places, commissioning and the report still read the SQLite connection.
  const meeting = await loadMeeting(store, flags);
  const output = parseOutput(flags, ctx, `compte-rendu-copil-${meeting.heldOn}`);
  const semester = meetingSemester(flags, meeting);
  checkTargets([output.path], output.overwrite);
  const facts = await loadCharterFacts(store);
  const { computeReport } = await import('../report/run.js');
  const report = await computeReport(ctx, semester);
  const model = minutesModel({
    parties: (await charterDocument(store)).parties as Parties,
    meeting,
    members: await meetingMembers(store, meeting.id, meeting.heldOn),
    agenda: await agendaFor(store, facts, meeting, semester),
    semester,
    figures: keyFigures(report),
    decisions: await listDecisions(store, meeting.id),
    today: todayInReunion(ctx.now()),
  });
  const document = await renderNamed('compte-rendu', model, output, `Compte rendu du comité de pilotage du ${formatDateFr(meeting.heldOn)}`, ctx);
  writeFileAtomic(output.path, document, { overwrite: output.overwrite });
  printSuccess(ctx, `Compte rendu de la réunion du ${formatDateFr(meeting.heldOn)} écrit : ${output.path}`);
  return 0;
}

function findBreach(facts: CharterFacts, text: string | undefined): Breach {
  const id = parseId(text, '--manquement');
  const breach = facts.breaches.find((b) => b.id === id);
  if (!breach) throw new NotFoundError(`--manquement : aucun manquement n° ${id} ; voyez « cafcharte charter-status ».`);
  return breach;
}

const letterDate = (flags: { date?: string }, ctx: Ctx): IsoDate => (flags.date !== undefined ? parseDate(flags.date, '--date') : todayInReunion(ctx.now()));

export async function runBreachLetter(flags: DocumentFlags & { manquement?: string; date?: string }, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const facts = await loadCharterFacts(store);
  const breach = findBreach(facts, flags.manquement);
  const output = parseOutput(flags, ctx, `lettre-manquement-${breach.id}`);
  const date = letterDate(flags, ctx);
  checkTargets([output.path], output.overwrite);
  const model = breachLetterModel({ parties: (await charterDocument(store)).parties as Parties, facts, breach, letterDate: date, signedOn: effectiveSignature(facts.signatures) });
  const document = await renderNamed('lettre-manquement', model, output, `Notification du manquement n° ${breach.id}`, ctx);
  writeFileAtomic(output.path, document, { overwrite: output.overwrite });
  printSuccess(ctx, `Lettre de notification du manquement n° ${breach.id} écrite : ${output.path}`);
  printLine(ctx, `Délai pour y remédier : jusqu’au ${model.dates.echeance} ; résiliation de plein droit possible à partir du ${model.dates.resiliation_possible_le}.`);
  return 0;
}

/**
 * The termination letter: the recorded termination when there is one; otherwise the letter to
 * send, with --par (the creditor of a breach by default) and --recu, the expected reception.
 */
export async function runTerminationLetter(flags: DocumentFlags & { manquement?: string; par?: string; recu?: string; date?: string }, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const facts = await loadCharterFacts(store);
  const signature = effectiveSignature(facts.signatures);
  if (!signature) throw new ConflictError('la charte n’est pas signée : il n’y a rien à résilier.');
  const recorded = facts.terminations[0];
  let breach = flags.manquement !== undefined ? findBreach(facts, flags.manquement) : null;
  let byParty: Party;
  let receivedOn: IsoDate;
  if (recorded) {
    if (breach && recorded.breachId !== breach.id) {
      throw new ConflictError(`--manquement : la résiliation enregistrée (reçue le ${formatDateFr(recorded.receivedOn)}) ${recorded.breachId ? `porte sur le manquement n° ${recorded.breachId}` : 'ne porte sur aucun manquement'}.`);
    }
    if (flags.par !== undefined || flags.recu !== undefined) {
      throw new ConflictError(`${flags.par !== undefined ? '--par' : '--recu'} : une résiliation est déjà enregistrée (reçue le ${formatDateFr(recorded.receivedOn)}) ; la lettre reprend ses éléments.`);
    }
    byParty = recorded.byParty;
    receivedOn = recorded.receivedOn;
    breach = recorded.breachId === null ? null : (facts.breaches.find((b) => b.id === recorded.breachId) ?? null);
  } else {
    byParty = flags.par !== undefined ? parseChoice(flags.par, '--par', PARTIES) : breach ? otherParty(breach.byParty) : parseChoice(undefined, '--par', PARTIES);
    if (flags.recu === undefined) throw new UsageError('--recu : aucune résiliation n’est enregistrée ; indiquez la date de réception prévue de la lettre (AAAA-MM-JJ).');
    receivedOn = parseDate(flags.recu, '--recu');
    if (receivedOn < signature) throw new ConflictError('--recu : seule une charte signée peut être résiliée.');
    if (breach) {
      if (breach.byParty === byParty) throw new ConflictError('--par : une partie ne peut pas résilier pour son propre manquement.');
      // The calendar says when the creditor may terminate; a letter before that is refused, as charter terminate does.
      const open = computeCharterStatus(facts, receivedOn).openBreaches.find((b) => b.id === breach!.id);
      if (!open) {
        throw new ConflictError(
          breach.resolvedOn
            ? `--manquement : le manquement n° ${breach.id} a été résolu le ${formatDateFr(breach.resolvedOn)}.`
            : `--recu : le manquement n° ${breach.id} n’est notifié que le ${formatDateFr(breach.receivedOn)}.`,
        );
      }
      if (receivedOn < open.canTerminateFrom) {
        throw new ConflictError(`--recu : le délai laissé pour résoudre le manquement n° ${breach.id} court jusqu’au ${formatDateFr(open.cureDeadline)} ; la résiliation de plein droit n’est possible qu’après.`);
      }
    }
  }
  const output = parseOutput(flags, ctx, 'lettre-resiliation');
  const date = letterDate(flags, ctx);
  checkTargets([output.path], output.overwrite);
  const model = terminationLetterModel({ parties: (await charterDocument(store)).parties as Parties, facts, byParty, receivedOn, breach, letterDate: date, signedOn: signature });
  const document = await renderNamed('lettre-resiliation', model, output, 'Résiliation de la charte de partenariat', ctx);
  writeFileAtomic(output.path, document, { overwrite: output.overwrite });
  printSuccess(ctx, `Lettre de résiliation écrite : ${output.path}`);
  printLine(ctx, `Lettre reçue le ${model.dates.reception} : la résiliation prend effet le ${model.dates.effet}.`);
  return 0;
}

/** The avenant document; `pending` is an avenant about to be recorded (same number it will get). */
export async function renderAmendment(store: Store, amendment: Amendment, flags: DocumentFlags, ctx: Ctx): Promise<{ path: string; data: Buffer; overwrite: boolean }> {
  const output = parseOutput(flags, ctx, `avenant-${amendment.number}`);
  checkTargets([output.path], output.overwrite);
  const facts = await loadCharterFacts(store);
  const withIt = { ...facts, amendments: [...facts.amendments.filter((a) => a.number !== amendment.number), amendment] };
  const model = amendmentModel({ parties: (await charterDocument(store)).parties as Parties, facts: withIt, amendment, signedOn: effectiveSignature(facts.signatures) });
  const data = await renderNamed('avenant', model, output, `Avenant n° ${amendment.number} à la charte de partenariat`, ctx);
  return { path: output.path, data, overwrite: output.overwrite };
}

export function writeAmendment(file: { path: string; data: Buffer; overwrite: boolean }, number: number, ctx: Ctx): void {
  writeFileAtomic(file.path, file.data, { overwrite: file.overwrite });
  printSuccess(ctx, `Avenant n° ${number} écrit : ${file.path}`);
}

