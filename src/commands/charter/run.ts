// The work of `cafcharte charter ...`: each verb validates its flags, checks the charter's
// state, and records one fact.
import type { Ctx } from '../../context.js';
import { ConflictError, NotFoundError, UsageError } from '../../errors.js';
import { computeCharterStatus, effectiveSignature, PARTY_LABELS, terminationEffect, type CharterFacts, type CharterTerms, type Party } from '../../domain/charter.js';
import { quoteFr } from '../../domain/charterText.js';
import { terminationBasisJson, terminationBasisLines } from './status.js';
import { addDaysIso, formatDateFr, parseDate, parseTime, timestampInReunion, todayInReunion } from '../../domain/dates.js';
import {
  addMeeting,
  addMember,
  charterDocument,
  listMeetings,
  listMembers,
  loadCharterFacts,
  recordAmendment,
  recordBreach,
  recordSignatures,
  recordTermination,
  removeMember,
  resolveBreach,
} from '../../store/charter.js';
import { parseChoice, parseInteger, parseOptionalInteger, requireText } from '../shared/parse.js';
import { MAX_LABEL, MAX_NAME, guardFreeText } from '../shared/guard.js';
import { printFields, printJson, printLine, printSuccess, printTable } from '../../render/output.js';
import { countOf } from '../../domain/french.js';

const PARTIES: readonly Party[] = ['commune', 'caf'];


export async function runSign(flags: { date: string; partie?: string }, ctx: Ctx): Promise<number> {
  const date = parseDate(flags.date, '--date');
  const parties = flags.partie === undefined ? PARTIES : [parseChoice(flags.partie, '--partie', PARTIES)];
  const store = await ctx.store();
  await recordSignatures(store, parties, date, timestampInReunion(ctx.now()), (facts) => {
    for (const party of parties) {
      const previous = facts.signatures.find((s) => s.party === party);
      if (previous) throw new ConflictError(`--partie : ${PARTY_LABELS[party]} a déjà signé, le ${formatDateFr(previous.signedOn)}.`);
    }
  });
  const signature = effectiveSignature((await loadCharterFacts(store)).signatures);
  printSuccess(ctx, `Signature enregistrée pour ${parties.map((p) => PARTY_LABELS[p]).join(' et ')} le ${formatDateFr(date)}.`);
  if (signature) printLine(ctx, `La charte est en vigueur depuis le ${formatDateFr(signature)} (signature de la dernière partie), pour un an renouvelable par tacite reconduction.`);
  return 0;
}

export interface AmendFlags {
  date?: string;
  objet?: string;
  elements?: string;
  dureeAnnees?: string;
  renegociationMois?: string;
  preavisJours?: string;
  delaiManquementJours?: string;
  document?: boolean;
  numero?: string;
  format?: string;
  sortie?: string;
  modele?: string;
  ecraser?: boolean;
}

const AMEND_RECORD_FLAGS: [keyof AmendFlags, string][] = [
  ['date', '--date'],
  ['objet', '--objet'],
  ['elements', '--elements'],
  ['dureeAnnees', '--duree-annees'],
  ['renegociationMois', '--renegociation-mois'],
  ['preavisJours', '--preavis-jours'],
  ['delaiManquementJours', '--delai-manquement-jours'],
];

export async function runAmend(flags: AmendFlags, ctx: Ctx): Promise<number> {
  const documentFlags = ['format', 'sortie', 'modele', 'ecraser'] as const;
  const stray = documentFlags.find((f) => flags[f] !== undefined && flags[f] !== false);
  if (!flags.document && (stray || flags.numero !== undefined)) {
    throw new UsageError(`${stray ? `--${stray}` : '--numero'} : cette option décrit le document de l’avenant ; ajoutez --document.`);
  }
  if (flags.numero !== undefined) {
    // The document of an avenant already recorded: nothing is recorded again.
    const recording = AMEND_RECORD_FLAGS.find(([key]) => flags[key] !== undefined);
    if (recording) throw new UsageError(`${recording[1]} : avec --numero, l’avenant est déjà enregistré ; retirez ${recording[1]}.`);
    const number = parseInteger(flags.numero, '--numero', { min: 1, max: Number.MAX_SAFE_INTEGER });
    const store = await ctx.store();
    const amendment = (await loadCharterFacts(store)).amendments.find((a) => a.number === number);
    if (!amendment) throw new NotFoundError(`--numero : aucun avenant n° ${number} ; voyez « cafcharte charter show ».`);
    const documents = await import('./documents.js');
    documents.writeAmendment(await documents.renderAmendment(store, amendment, flags, ctx), number, ctx);
    return 0;
  }
  if (flags.date === undefined) throw new UsageError('--date : date de signature de l’avenant manquante (AAAA-MM-JJ) ; ou --numero N --document pour le document d’un avenant enregistré.');
  const date = parseDate(flags.date, '--date');
  const texts = await guardFreeText(ctx, { '--objet': requireText(flags.objet, '--objet', 2000), '--elements': requireText(flags.elements, '--elements', 2000) });
  const terms: Partial<CharterTerms> = {};
  const durationYears = parseOptionalInteger(flags.dureeAnnees, '--duree-annees', { min: 1, max: 10 });
  const renegotiationMonths = parseOptionalInteger(flags.renegociationMois, '--renegociation-mois', { min: 0, max: 11 });
  const terminationNoticeDays = parseOptionalInteger(flags.preavisJours, '--preavis-jours', { min: 0, max: 365 });
  const breachCureDays = parseOptionalInteger(flags.delaiManquementJours, '--delai-manquement-jours', { min: 0, max: 365 });
  if (durationYears !== undefined) terms.durationYears = durationYears;
  if (renegotiationMonths !== undefined) terms.renegotiationMonths = renegotiationMonths;
  if (terminationNoticeDays !== undefined) terms.terminationNoticeDays = terminationNoticeDays;
  if (breachCureDays !== undefined) terms.breachCureDays = breachCureDays;
  const store = await ctx.store();
  const facts = await loadCharterFacts(store);
  const checkSigned = (current: CharterFacts) => {
    const signature = effectiveSignature(current.signatures);
    if (!signature || date < signature) {
      throw new ConflictError(`--date : un avenant modifie une charte signée ; la charte ${signature ? `n’est signée que depuis le ${formatDateFr(signature)}` : 'n’est pas encore signée'}.`);
    }
  };
  checkSigned(facts);
  const amendment = { signedOn: date, subject: texts['--objet'], elements: texts['--elements'], terms: Object.keys(terms).length ? terms : null };
  // The document is made before the avenant is recorded: a refused --sortie or --modele leaves the store as it was.
  const documents = flags.document ? await import('./documents.js') : undefined;
  const nextNumber = (facts.amendments.at(-1)?.number ?? 0) + 1;
  const file = documents ? await documents.renderAmendment(store, { number: nextNumber, ...amendment }, flags, ctx) : undefined;
  const number = await recordAmendment(store, amendment, timestampInReunion(ctx.now()), checkSigned);
  printSuccess(ctx, `Avenant n° ${number} enregistré (${formatDateFr(date)}) : ${texts['--objet']}.`);
  if (documents && file) documents.writeAmendment(number === nextNumber ? file : await documents.renderAmendment(store, { number, ...amendment }, flags, ctx), number, ctx);
  return 0;
}

export async function runBreach(flags: { par: string; recu: string; motif: string }, ctx: Ctx): Promise<number> {
  const party = parseChoice(flags.par, '--par', PARTIES);
  const receivedOn = parseDate(flags.recu, '--recu');
  const { '--motif': reason } = await guardFreeText(ctx, { '--motif': requireText(flags.motif, '--motif', 2000) });
  const store = await ctx.store();
  const id = await recordBreach(store, { byParty: party, receivedOn, reason }, timestampInReunion(ctx.now()), (facts) => {
    const signature = effectiveSignature(facts.signatures);
    if (!signature || receivedOn < signature) throw new ConflictError('--recu : un manquement ne peut être notifié que pendant la durée de la charte signée.');
  });
  const deadline = addDaysIso(receivedOn, computeCharterStatus(await loadCharterFacts(store), receivedOn).terms.breachCureDays);
  printSuccess(ctx, `Manquement n° ${id} de ${PARTY_LABELS[party]} enregistré ; à résoudre au plus tard le ${formatDateFr(deadline)}.`);
  return 0;
}

export async function runResolve(idText: string, flags: { date: string }, ctx: Ctx): Promise<number> {
  const id = parseInteger(idText, 'id', { min: 1, max: Number.MAX_SAFE_INTEGER });
  const date = parseDate(flags.date, '--date');
  await resolveBreach(await ctx.store(), id, date, (facts) => {
    const breach = facts.breaches.find((b) => b.id === id);
    if (!breach) throw new NotFoundError(`id : aucun manquement n° ${id}.`);
    if (breach.resolvedOn) throw new ConflictError(`id : le manquement n° ${id} est déjà résolu depuis le ${formatDateFr(breach.resolvedOn)}.`);
    if (date < breach.receivedOn) throw new UsageError(`--date : la résolution ne peut précéder la notification du ${formatDateFr(breach.receivedOn)}.`);
  });
  printSuccess(ctx, `Manquement n° ${id} résolu le ${formatDateFr(date)}.`);
  return 0;
}

export async function runTerminate(flags: { par: string; recu: string; manquement?: string }, ctx: Ctx): Promise<number> {
  const party = parseChoice(flags.par, '--par', PARTIES);
  const receivedOn = parseDate(flags.recu, '--recu');
  const breachId = flags.manquement === undefined ? null : parseInteger(flags.manquement, '--manquement', { min: 1, max: Number.MAX_SAFE_INTEGER });
  const store = await ctx.store();
  const id = await recordTermination(store, { byParty: party, receivedOn, breachId }, timestampInReunion(ctx.now()), (facts) => checkTermination(facts, party, receivedOn, breachId));
  const basis = terminationEffect({ id, byParty: party, receivedOn, breachId }, await loadCharterFacts(store));
  printSuccess(ctx, `Résiliation par ${PARTY_LABELS[party]} enregistrée : lettre reçue le ${formatDateFr(receivedOn)}, effet le ${formatDateFr(basis.effective)}.`);
  printLine(ctx, `${basis.reasoning.charAt(0).toUpperCase()}${basis.reasoning.slice(1)}.`);
  printLine(ctx, `Art. 10 appliqué : ${quoteFr(basis.sentence)}`);
  return 0;
}

/** Art. 10: a signed charter, terminated once, after a breach only once its cure time has run out. */
function checkTermination(facts: CharterFacts, party: Party, receivedOn: string, breachId: number | null): void {
  const signature = effectiveSignature(facts.signatures);
  if (!signature || receivedOn < signature) throw new ConflictError('--recu : seule une charte signée peut être résiliée.');
  const existing = facts.terminations[0];
  if (existing) throw new ConflictError(`la charte fait déjà l’objet d’une résiliation reçue le ${formatDateFr(existing.receivedOn)}.`);
  if (breachId !== null) {
    const breach = facts.breaches.find((b) => b.id === breachId);
    if (!breach) throw new NotFoundError(`--manquement : aucun manquement n° ${breachId}.`);
    if (breach.byParty === party) throw new ConflictError(`--par : ${PARTY_LABELS[party]} ne peut pas résilier pour son propre manquement.`);
    if (breach.resolvedOn && breach.resolvedOn <= receivedOn) throw new ConflictError(`--manquement : le manquement n° ${breachId} a été résolu le ${formatDateFr(breach.resolvedOn)}.`);
    const cureDays = computeCharterStatus(facts, breach.receivedOn).terms.breachCureDays;
    const deadline = addDaysIso(breach.receivedOn, cureDays);
    if (receivedOn <= deadline) {
      throw new ConflictError(`--recu : le délai de ${cureDays} jours laissé pour résoudre le manquement n° ${breachId} court jusqu’au ${formatDateFr(deadline)} ; la résiliation de plein droit n’est possible qu’après.`);
    }
  }
}

export async function runShow(flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const doc = await charterDocument(store);
  const facts = await loadCharterFacts(store);
  // The termination recorded (the first one that has not fallen with its breach's resolution).
  const termination = computeCharterStatus(facts, '9999-12-31').termination;
  const basis = termination ? terminationEffect(termination, facts) : null;
  if (flags.json) {
    printJson(ctx, {
      schema: 'cafcharte-charte/1', // docs/schemas/cafcharte-charte.schema.json
      ...doc,
      signatures: facts.signatures.map((s) => ({ partie: s.party, date: s.signedOn })),
      avenants: facts.amendments.map(amendmentJson),
      resiliation:
        // par: deprecated alias of partie, kept one release (CHANGELOG.md).
        termination && basis ? { partie: termination.byParty, par: termination.byParty, recue_le: termination.receivedOn, manquement: termination.breachId, ...terminationBasisJson(basis) } : null,
    });
    return 0;
  }
  printLine(ctx, doc.titre);
  printLine(ctx);
  printFields(ctx, [
    ['Commune', `${doc.parties.commune.nom}, représentée par ${doc.parties.commune.representant}`],
    ['CAF', `${doc.parties.caf.nom}, ${doc.parties.caf.adresse}, représentée par ${doc.parties.caf.representant}`],
    ['Objet', doc.objet],
    ['Territoire', doc.territoire],
    ['Durée', `${countOf(doc.conditions.duree_annees, 'an', 'ans')}, reconduction tacite`],
    ['Renégociation', `${doc.conditions.renegociation_mois_avant_fin} mois avant la fin`],
    ['Résiliation', `libre, par lettre recommandée avec AR, effet ${doc.conditions.preavis_resiliation_jours} jours après sa réception (art. 10)`],
    [
      'Manquement',
      `${doc.conditions.delai_manquement_jours} jours pour y remédier après la lettre qui le notifie ; ensuite résiliation de plein droit, ` +
        `effet à la fin de ce délai ou à la réception de la lettre de résiliation si elle est plus tardive (art. 10)`,
    ],
  ]);
  if (termination && basis) {
    printLine(ctx);
    printLine(ctx, `Résiliation notifiée par ${PARTY_LABELS[termination.byParty]}, lettre reçue le ${formatDateFr(termination.receivedOn)}.`);
    for (const line of terminationBasisLines(basis)) printLine(ctx, line);
  }
  for (const a of facts.amendments) printLine(ctx, `Avenant n° ${a.number} du ${formatDateFr(a.signedOn)} : ${a.subject} — ${a.elements}`);
  return 0;
}

export function amendmentJson(a: { number: number; signedOn: string; subject: string; elements: string }) {
  return { numero: a.number, date: a.signedOn, objet: a.subject, elements: a.elements };
}

export async function runMemberAdd(flags: { organisation: string; role: string; nom: string }, ctx: Ctx): Promise<number> {
  const organisation = parseChoice(flags.organisation, '--organisation', PARTIES);
  const texts = await guardFreeText(
    ctx,
    { '--nom': requireText(flags.nom, '--nom', MAX_NAME), '--role': requireText(flags.role, '--role', MAX_LABEL) },
    { nameFields: ['--nom'], max: { '--nom': MAX_NAME, '--role': MAX_LABEL }, allowedNames: [flags.nom] },
  );
  const { '--nom': name, '--role': role } = texts;
  const id = await addMember(await ctx.store(), { organisation, role, name }, timestampInReunion(ctx.now()));
  printSuccess(ctx, `Membre n° ${id} ajouté au comité de pilotage : ${name} (${role}, ${organisation === 'caf' ? 'CAF' : 'commune'}).`);
  return 0;
}

export async function runMemberList(flags: { json?: boolean; tous?: boolean }, ctx: Ctx): Promise<number> {
  const members = await listMembers(await ctx.store(), flags.tous);
  if (flags.json) {
    printJson(ctx, members.map((m) => ({ id: m.id, organisation: m.organisation, role: m.role, nom: m.name, retire_le: m.removedAt })));
    return 0;
  }
  printTable(ctx, ['N°', 'Organisation', 'Fonction', 'Nom', 'Retiré'], members.map((m) => [m.id, m.organisation === 'caf' ? 'CAF' : 'Commune', m.role, m.name, m.removedAt ? m.removedAt.slice(0, 10) : '']));
  printLine(ctx, `${countOf(members.length, 'membre', 'membres')}.`);
  return 0;
}

export async function runMemberRemove(idText: string, ctx: Ctx): Promise<number> {
  const id = parseInteger(idText, 'id', { min: 1, max: Number.MAX_SAFE_INTEGER });
  if (!(await removeMember(await ctx.store(), id, timestampInReunion(ctx.now())))) throw new NotFoundError(`id : aucun membre actif n° ${id}.`);
  printSuccess(ctx, `Membre n° ${id} retiré du comité (il reste dans l’historique).`);
  return 0;
}

export async function runMeetingAdd(flags: { date: string; lieu?: string; notes?: string; heure?: string; fin?: string }, ctx: Ctx): Promise<number> {
  const heldOn = parseDate(flags.date, '--date');
  const start = flags.heure === undefined ? null : parseTime(flags.heure, '--heure');
  const end = flags.fin === undefined ? null : parseTime(flags.fin, '--fin');
  if (end !== null && start === null) throw new UsageError('--fin : indiquez aussi l’heure de début avec --heure.');
  if (start !== null && end !== null && end <= start) throw new UsageError(`--fin : la fin (${end}) doit suivre le début (${start}) le même jour.`);
  const store = await ctx.store();
  // The comité's members are staff, not allocataires: their names may appear in its notes, as
  // animators' names do in the logbook (past members too: notes speak of earlier meetings).
  const allowedNames = (await listMembers(store, true)).map((m) => m.name);
  const texts = await guardFreeText(ctx, { '--lieu': flags.lieu?.trim() || undefined, '--notes': flags.notes?.trim() || undefined }, { allowedNames });
  const id = await addMeeting(store, { heldOn, place: texts['--lieu'] ?? null, notes: texts['--notes'] ?? null, start, end }, timestampInReunion(ctx.now()));
  printSuccess(ctx, `Réunion n° ${id} du comité de pilotage enregistrée le ${formatDateFr(heldOn)}.`);
  if (heldOn > todayInReunion(ctx.now())) printLine(ctx, 'Elle est à venir : elle comptera pour le semestre à sa date.');
  return 0;
}

export async function runMeetingList(flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const meetings = await listMeetings(await ctx.store());
  if (flags.json) {
    printJson(ctx, meetings.map((m) => ({ id: m.id, date: m.heldOn, heure: m.start, fin: m.end, lieu: m.place, notes: m.notes })));
    return 0;
  }
  const hours = (m: { start: string | null; end: string | null }) => (m.start ? `${m.start}${m.end ? `–${m.end}` : ''}` : '');
  printTable(ctx, ['N°', 'Date', 'Heures', 'Lieu', 'Notes'], meetings.map((m) => [m.id, formatDateFr(m.heldOn), hours(m), m.place, m.notes]));
  printLine(ctx, `${countOf(meetings.length, 'réunion', 'réunions')}.`);
  return 0;
}
