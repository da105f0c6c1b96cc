// `cafcharte places mise-en-service`: the verification of the means a place deploys (art. 7).
// Each run is a visit: what it ticks is added to the place's checklist (ticks are never lost),
// the visit is kept in the history, and the place goes into service once every required item
// is checked. A run that changes nothing records nothing (idempotent).
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { formatDateFr, parseDate, timestampInReunion } from '../../domain/dates.js';
import { COMMISSIONING_STATE_LABELS, REQUIRED_ITEMS, type ChecklistItem, type VisitProblem } from '../../domain/commissioning.js';
import { checkPlace, listVisits, serviceDates } from '../../store/commissioning.js';
import { committedNames } from '../../store/confidentiality.js';
import { findPlace } from '../../store/places.js';
import { MAX_LABEL, MAX_NAME, guardFreeText } from '../shared/guard.js';
import { printJson, printLine, printNote, printSuccess, printTable } from '../../render/output.js';
import { agree, placeGender } from '../../domain/french.js';

export interface CommissioningFlags {
  verifiePar: string;
  date: string;
  critere?: string[];
  coche?: string[];
  json?: boolean;
}

function problemMessage(problem: VisitProblem): string {
  if (problem.kind === 'slots_missing') {
    return '--coche creneaux : ce lieu n’a aucun créneau réservé, l’élément est sans objet (art. 5 : des créneaux « pourront » être mis en place) et n’empêche pas la mise en service ; retirez --coche creneaux, ou définissez des créneaux avec « cafcharte places edit <lieu> --creneau "mer 14:00-17:00" » (l’élément est alors coché automatiquement).';
  }
  return `--coche : « ${problem.tick} » n’est pas un élément de la liste ; attendu ${REQUIRED_ITEMS.map((i) => i.code).join(', ')} ou le texte d’un --critere.`;
}

function checklistJson(items: ChecklistItem[]) {
  return items.map((i) => ({ code: i.code, libelle: i.label, obligatoire: i.required, coche: i.checked, coche_le: i.checkedOn, mode: i.how }));
}

export async function runCommissioning(ref: string, flags: CommissioningFlags, ctx: Ctx): Promise<number> {
  const date = parseDate(flags.date, '--date');
  const verifier = flags.verifiePar?.trim() ?? '';
  if (!verifier) throw new UsageError('--verifie-par : texte manquant ; indiquez qui a vérifié les moyens (le chef d’antenne, art. 7).');
  const criteria = (flags.critere ?? []).map((c) => c.trim()).filter(Boolean);
  if (criteria.some((c) => c.length > 200)) throw new UsageError('--critere : texte trop long (200 caractères au plus).');
  const store = await ctx.store();
  const place = await findPlace(store, ref, 'lieu');
  // Staff names are not allocataires: the verifier and the register's names may appear.
  const allowedNames = [verifier, ...(await committedNames(store))];
  await guardFreeText(ctx, { '--verifie-par': verifier }, { allowedNames, nameFields: ['--verifie-par'], max: { '--verifie-par': MAX_NAME } });
  for (const c of criteria) await guardFreeText(ctx, { '--critere': c }, { allowedNames, max: { '--critere': MAX_LABEL } });

  const result = await checkPlace(store, place.id, {
    date,
    criteria,
    ticks: flags.coche ?? [],
    hasReservedSlots: place.reservedSlots.length > 0,
    checkedBy: verifier,
    author: ctx.user(),
    recordedAt: timestampInReunion(ctx.now()),
  });
  if (result.problems.length > 0) throw new UsageError(problemMessage(result.problems[0])).withDetails(result.problems.slice(1).map(problemMessage));

  if (flags.json) {
    printJson(ctx, {
      schema: 'cafcharte-mise-en-service/1', // docs/schemas
      lieu_id: place.id,
      lieu: place.name,
      etat: result.state,
      mis_en_service_le: (await serviceDates(store)).get(place.id) ?? null,
      changements: result.changes,
      liste: checklistJson(result.checklist),
      historique: (await listVisits(store, place.id)).map((v) => ({ date: v.checkedOn, verifie_par: v.checkedBy, etat: v.state, enregistre_le: v.recordedAt })),
    });
    return 0;
  }
  if (result.changes.length === 0) printNote(ctx, `Rien de nouveau pour ${place.name} : la liste de vérification est inchangée (rien n’a été enregistré).`);
  else printSuccess(ctx, `Vérification du ${formatDateFr(date)} enregistrée pour ${place.name} (par ${verifier}) : ${result.changes.join(' ; ')}.`);
  printTable(
    ctx,
    ['Élément', 'Obligatoire', 'Coché', 'Le'],
    result.checklist.map((i) => [i.label, i.required ? 'oui' : 'non', i.checked ? (i.how === 'automatique' ? 'oui (automatique)' : 'oui') : 'non', i.checkedOn ? formatDateFr(i.checkedOn) : '']),
  );
  if (result.state === 'en_service' && result.before !== 'en_service') printSuccess(ctx, `${place.name} est ${agree(placeGender(place.kind), 'mis', 'mise')} en service le ${formatDateFr(date)}.`);
  else if (result.state === 'en_service') printLine(ctx, `État : ${COMMISSIONING_STATE_LABELS.en_service} depuis le ${formatDateFr((await serviceDates(store)).get(place.id)!)}.`);
  else {
    const missing = result.checklist.filter((i) => i.required && !i.checked).map((i) => i.code);
    printLine(ctx, `État : ${COMMISSIONING_STATE_LABELS.en_preparation} ; reste à cocher : ${missing.join(', ')}.`);
  }
  return 0;
}
