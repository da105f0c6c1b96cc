// The work of `cafcharte supports`: versions of each training material, the comité's validation
// of updates (art. 7), and which place holds an outdated version.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { formatDateFr, formatDateShortFr, parseDate, timestampInReunion } from '../../domain/dates.js';
import { findPlace } from '../../store/places.js';
import {
  addTrainingMaterialVersion,
  AUDIENCES,
  currentVersion,
  findTrainingMaterial,
  getTrainingMaterialDelivery,
  listTrainingMaterials,
  recordTrainingMaterialDelivery,
  TRAINING_MATERIAL_STATE_LABELS,
  trainingMaterialHoldings,
  trainingMaterialState,
  validateNewestVersion,
  type TrainingMaterial,
  type TrainingMaterialHolding,
} from '../../store/trainingMaterials.js';
import type { Store } from '../../store/engine.js';
import { parseChoice, parseInteger, requireText } from '../shared/parse.js';
import { guardFreeText } from '../shared/guard.js';
import { printJson, printLine, printNote, printSuccess, printTable } from '../../render/output.js';
import { countOf } from '../../domain/french.js';


function parseLink(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`--lien : « ${text} » n’est pas une adresse web valide ; attendu par exemple https://www.caf.fr/...`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--lien : « ${text} » doit commencer par https:// ou http://.`);
  return url.toString();
}

/** The file must exist now: a typo in a path would otherwise surface months later. */
function parseFile(text: string, cwd: string): string {
  const path = resolve(cwd, text.trim());
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--fichier : « ${text} » n’existe pas ou n’est pas un fichier.`);
  return path;
}

const parseId = (text: string) => parseInteger(text, 'id', { min: 1, max: Number.MAX_SAFE_INTEGER });

export async function runAdd(flags: { titre: string; version: string; fichier?: string; lien?: string; public?: string }, ctx: Ctx): Promise<number> {
  if (flags.fichier !== undefined && flags.lien !== undefined) throw new UsageError('--fichier et --lien : indiquez l’un ou l’autre, pas les deux.');
  const audience = flags.public === undefined ? null : parseChoice(flags.public, '--public', AUDIENCES);
  const filePath = flags.fichier === undefined ? null : parseFile(flags.fichier, ctx.cwd);
  const url = flags.lien === undefined ? null : parseLink(flags.lien);
  // --fichier and --lien are checked references (an existing file, a web address), not free
  // text: CAF addresses hold long document numbers that the guard would take for identifiers.
  const texts = await guardFreeText(ctx, { '--titre': requireText(flags.titre, '--titre'), '--version': requireText(flags.version, '--version', 50) });
  const added = await addTrainingMaterialVersion(await ctx.store(), { title: texts['--titre'], version: texts['--version'], audience, filePath, url }, timestampInReunion(ctx.now()));
  if (added.isNewTrainingMaterial) printSuccess(ctx, `Support n° ${added.trainingMaterialId} enregistré : « ${texts['--titre']} », version ${texts['--version']}.`);
  else {
    printSuccess(ctx, `Nouvelle version ${texts['--version']} du support n° ${added.trainingMaterialId} « ${texts['--titre']} » enregistrée.`);
    printNote(ctx, `Elle doit être validée par le comité de pilotage (art. 7) avant d’être diffusée : « cafcharte supports validate ${added.trainingMaterialId} --reunion <n° de réunion> ».`);
  }
  return 0;
}

interface TrainingMaterialView {
  material: TrainingMaterial;
  holders: TrainingMaterialHolding[];
  outdated: TrainingMaterialHolding[];
}

async function view(store: Store, material: TrainingMaterial): Promise<TrainingMaterialView> {
  const current = currentVersion(material);
  const holders = await trainingMaterialHoldings(store, material.id);
  return { material, holders, outdated: holders.filter((h) => h.versionId < current.id) };
}

export async function runList(flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const views = [];
  for (const material of await listTrainingMaterials(store)) views.push(await view(store, material));
  if (flags.json) {
    printJson(
      ctx,
      views.map(({ material: m, holders, outdated }) => {
        const newest = m.versions.at(-1)!;
        const current = currentVersion(m);
        return {
          id: m.id,
          titre: m.title,
          public: newest.audience,
          etat: trainingMaterialState(m),
          version_en_cours: current.version,
          derniere_version: newest.version,
          versions: m.versions.map((v) => ({ version: v.version, public: v.audience, fichier: v.filePath, lien: v.url, reunion_validation: v.validatedMeetingId, validee_le: v.validatedOn })),
          lieux: holders.map((h) => ({ lieu_id: h.placeId, lieu: h.placeName, version: h.version, remis_le: h.deliveredOn })),
          lieux_version_perimee: outdated.map((h) => ({ lieu_id: h.placeId, lieu: h.placeName, version: h.version })),
        };
      }),
    );
    return 0;
  }
  printTable(
    ctx,
    ['N°', 'Titre', 'Public', 'Version en cours', 'État', 'Lieux à mettre à jour'],
    views.map(({ material: m, outdated }) => {
      const newest = m.versions.at(-1)!;
      const state = trainingMaterialState(m);
      return [
        m.id,
        m.title,
        newest.audience,
        currentVersion(m).version,
        state === 'a_valider' ? `${TRAINING_MATERIAL_STATE_LABELS[state]} (${newest.version})` : TRAINING_MATERIAL_STATE_LABELS[state],
        outdated.map((h) => `${h.placeName} (${h.version})`).join(', '),
      ];
    }),
    { alignRight: [0] },
  );
  printLine(ctx, `${countOf(views.length, 'support', 'supports')}.`);
  return 0;
}

export async function runValidate(idText: string, flags: { reunion: string }, ctx: Ctx): Promise<number> {
  const id = parseId(idText);
  const meetingId = parseInteger(flags.reunion, '--reunion', { min: 1, max: Number.MAX_SAFE_INTEGER });
  const outcome = await validateNewestVersion(await ctx.store(), id, meetingId, timestampInReunion(ctx.now()));
  const { trainingMaterial: material, newest, heldOn } = outcome;
  if (outcome.already) printNote(ctx, `La version ${newest.version} de « ${material.title} » est déjà validée par la réunion n° ${meetingId} : rien à faire.`);
  else printSuccess(ctx, `Version ${newest.version} de « ${material.title} » validée par le comité de pilotage (réunion n° ${meetingId} du ${formatDateFr(heldOn)}).`);
  return 0;
}

export async function runDiffuse(idText: string, flags: { lieu: string; date: string }, ctx: Ctx): Promise<number> {
  const id = parseId(idText);
  const deliveredOn = parseDate(flags.date, '--date');
  const store = await ctx.store();
  const material = await findTrainingMaterial(store, id);
  const place = await findPlace(store, flags.lieu, '--lieu');
  const current = currentVersion(material);
  const newest = material.versions.at(-1)!;
  if (newest.id !== current.id) {
    printNote(ctx, `La version ${newest.version} attend la validation du comité (art. 7) : c’est la version ${current.version} qui est remise.`);
  }
  if (!(await recordTrainingMaterialDelivery(store, { versionId: current.id, placeId: place.id, deliveredOn }, timestampInReunion(ctx.now())))) {
    const previous = (await getTrainingMaterialDelivery(store, current.id, place.id))!;
    printNote(ctx, `${place.name} a déjà reçu la version ${current.version} de « ${material.title} » le ${formatDateShortFr(previous.deliveredOn)} : rien à faire.`);
    return 0;
  }
  printSuccess(ctx, `Version ${current.version} de « ${material.title} » remise à ${place.name} le ${formatDateFr(deliveredOn)}.`);
  return 0;
}
