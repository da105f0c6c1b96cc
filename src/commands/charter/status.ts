// `cafcharte charter-status`: where the charter stands at a date, for people (text) and for
// scripts (--json, --check exits 10 when something is to be done).
import type { Ctx } from '../../context.js';
import { ExitCode } from '../../errors.js';
import { computeCharterStatus, PARTY_LABELS, STATE_LABELS, type CharterStatus, type TerminationEffect } from '../../domain/charter.js';
import { quoteFr } from '../../domain/charterText.js';
import { parseSemester, semesterLabelFr } from '../../domain/semester.js';
import { formatDateFr, parseDate, todayInReunion } from '../../domain/dates.js';
import { loadCharterFacts } from '../../store/charter.js';
import { STATUS_ACTION_PROVIDERS } from '../../store/statusActions.js';
import { paint, printJson, printLine } from '../../render/output.js';
import { countOf } from '../../domain/french.js';

/** The id and version of the JSON below (docs/schemas/cafcharte-etat-charte.schema.json). */
export const CHARTER_STATUS_SCHEMA = 'cafcharte-etat-charte/1';

/**
 * The --json contract: French keys, dates as YYYY-MM-DD (docs/reference/formats.md). The keys
 * are the report's for the same things; the old names stay one release as deprecated aliases
 * (CHANGELOG.md).
 */
export function statusJson(s: CharterStatus) {
  const nextRenewal = s.state === 'resiliee' || s.state === 'resiliation_en_cours' ? null : s.nextRenewal;
  return {
    schema: CHARTER_STATUS_SCHEMA,
    date: s.date,
    etat: s.state,
    signature: s.signature,
    signatures: Object.fromEntries(s.signatures.map((x) => [x.party, x.signedOn])),
    periode: s.period ? { numero: s.period.number, debut: s.period.start, fin: s.period.end } : null,
    prochaine_reconduction: nextRenewal,
    renegociation_a_partir_du: s.renegotiationFrom,
    /** @deprecated since 0.2: prochaine_reconduction */
    prochain_renouvellement: nextRenewal,
    /** @deprecated since 0.2: renegociation_a_partir_du */
    renegociation_des: s.renegotiationFrom,
    jours_avant_renegociation: s.daysUntilRenegotiation,
    resiliation_effective: s.terminationEffective,
    resiliation: s.termination && s.terminationBasis ? { partie: s.termination.byParty, par: s.termination.byParty, recue_le: s.termination.receivedOn, manquement: s.termination.breachId, ...terminationBasisJson(s.terminationBasis) } : null,
    avenants: s.amendments.map((a) => ({ numero: a.number, date: a.signedOn, objet: a.subject, elements: a.elements })),
    // id and par: deprecated aliases of numero and partie (the report's names), kept one release.
    manquements: s.openBreaches.map((b) => ({ numero: b.id, partie: b.byParty, recu_le: b.receivedOn, motif: b.reason, echeance: b.cureDeadline, resiliation_possible_des: b.canTerminateFrom, id: b.id, par: b.byParty })),
    copil: { derniere_reunion: s.lastMeeting, echeance: s.meetingDue, semestres_sans_reunion: s.semestersWithoutMeeting },
    conditions: {
      duree_annees: s.terms.durationYears,
      renegociation_mois_avant_fin: s.terms.renegotiationMonths,
      preavis_resiliation_jours: s.terms.terminationNoticeDays,
      delai_manquement_jours: s.terms.breachCureDays,
    },
    actions: s.actions,
  };
}

/** The effect date, the rule of art. 10 applied and its sentence, word for word. */
export function terminationBasisJson(basis: TerminationEffect) {
  return { effet_le: basis.effective, regle: basis.rule, article_10: basis.sentence, calcul: basis.reasoning };
}

/** Two lines for people: the date and how it was reached, then the sentence applied. */
export function terminationBasisLines(basis: TerminationEffect): string[] {
  return [`Résiliation : effective le ${formatDateFr(basis.effective)} (${basis.reasoning}).`, `  Art. 10 appliqué : ${quoteFr(basis.sentence)}`];
}

function printStatus(ctx: Ctx, s: CharterStatus): void {
  const c = paint(ctx);
  printLine(ctx, c.bold(`Charte commune du Tampon – CAF de la Réunion, au ${formatDateFr(s.date)}`));
  printLine(ctx, `État : ${c.bold(STATE_LABELS[s.state])}`);
  if (!s.signature) {
    for (const sig of s.signatures) printLine(ctx, `Signée par ${PARTY_LABELS[sig.party]} le ${formatDateFr(sig.signedOn)}.`);
  } else {
    printLine(ctx, `Signature : ${formatDateFr(s.signature)} (entrée en vigueur)`);
    if (s.period) printLine(ctx, `Période n° ${s.period.number} : du ${formatDateFr(s.period.start)} au ${formatDateFr(s.period.end)}`);
    if (s.state !== 'resiliee' && s.state !== 'resiliation_en_cours' && s.nextRenewal) {
      printLine(ctx, `Prochaine reconduction tacite : ${formatDateFr(s.nextRenewal)}`);
      if (s.renegotiationFrom) {
        printLine(
          ctx,
          s.daysUntilRenegotiation
            ? `Renégociation (art. 8) : à partir du ${formatDateFr(s.renegotiationFrom)}, dans ${countOf(s.daysUntilRenegotiation, 'jour', 'jours')}`
            : `Renégociation (art. 8) : ouverte depuis le ${formatDateFr(s.renegotiationFrom)}`,
        );
      }
    }
    if (s.terminationBasis) for (const line of terminationBasisLines(s.terminationBasis)) printLine(ctx, line);
    printLine(ctx, `Avenants : ${s.amendments.length === 0 ? 'aucun' : s.amendments.map((a) => `n° ${a.number} du ${formatDateFr(a.signedOn)} (${a.subject})`).join(' ; ')}`);
    printLine(ctx, `Manquements en cours : ${s.openBreaches.length === 0 ? 'aucun' : s.openBreaches.map((b) => `n° ${b.id} (${PARTY_LABELS[b.byParty]}, échéance ${formatDateFr(b.cureDeadline)})`).join(' ; ')}`);
    const semesterMeeting = s.state === 'resiliee' ? '' : s.meetingDue ? `, réunion du semestre à tenir avant le ${formatDateFr(s.meetingDue)}` : ', réunion du semestre tenue';
    printLine(ctx, `Comité de pilotage : ${s.lastMeeting ? `dernière réunion le ${formatDateFr(s.lastMeeting)}` : 'aucune réunion enregistrée'}${semesterMeeting}`);
    for (const code of s.semestersWithoutMeeting) {
      printLine(ctx, `  ${semesterLabelFr(parseSemester(code))} : terminé sans réunion du comité de pilotage (art. 7 : une réunion chaque semestre).`);
    }
  }
  printLine(ctx);
  if (s.actions.length === 0) printLine(ctx, c.green('Aucune action à mener.'));
  else {
    printLine(ctx, c.bold(`Actions à mener (${s.actions.length}) :`));
    for (const a of s.actions) printLine(ctx, `  ${c.yellow('•')} ${a.message}`);
  }
}

export async function runStatus(flags: { date?: string; json?: boolean; check?: boolean }, ctx: Ctx): Promise<number> {
  const date = flags.date === undefined ? todayInReunion(ctx.now()) : parseDate(flags.date, '--date');
  const store = await ctx.store();
  const status = computeCharterStatus(await loadCharterFacts(store), date);
  // Other features' reminders (logbook entries missing...) count only while the charter lives.
  if (status.state !== 'resiliee' && status.state !== 'non_signee') {
    for (const provider of STATUS_ACTION_PROVIDERS) status.actions.push(...(await provider(store, date)));
  }
  if (flags.json) printJson(ctx, statusJson(status));
  else printStatus(ctx, status);
  return flags.check && status.actions.length > 0 ? ExitCode.checkFound : ExitCode.ok;
}
