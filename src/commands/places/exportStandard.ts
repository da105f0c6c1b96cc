// `cafcharte places export --standard`: the espaces numériques in the national data standard for
// places of digital mediation, so that the national map (ANCT) and data.inclusion can list them.
// A place lacking a required field is named (exit 2) unless --ignorer-incomplets leaves it out.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { slotsToFrench, slotsToOsm } from '../../domain/slots.js';
import { missingRequired, STANDARD_COLUMNS, STANDARD_NAME, STANDARD_VERSION, toStandardRow, validateTable, type StandardPlace, type TableSchema } from '../../domain/mediationStandard.js';
import { shippedFile } from '../../shipped.js';
import { listPlaces, type Place } from '../../store/places.js';
import { renderStandardCsv, renderStandardJson } from '../../render/mediationStandard.js';
import { checkOutputPath, writeFileAtomic } from '../../render/files.js';
import { printNote } from '../../render/output.js';
import { parseChoice } from '../shared/parse.js';
import { countOf, plural } from '../../domain/french.js';

export interface ExportStandardFlags {
  standard?: boolean;
  format?: string;
  sortie?: string;
  ignorerIncomplets?: boolean;
}

/** Who collected the data, for the standard's « source » column. */
export const STANDARD_SOURCE = 'Commune du Tampon';

export function standardPlace(place: Place): StandardPlace {
  return {
    id: place.id,
    name: place.name,
    kind: place.kind,
    communeName: place.communeName,
    communeInsee: place.communeInsee,
    address: place.address,
    postalCode: place.postalCode,
    phone: place.phone,
    email: place.email,
    siret: place.siret,
    openingHoursOsm: slotsToOsm(place.openingHours),
    reservedSlotsFr: slotsToFrench(place.reservedSlots),
    updatedAt: place.updatedAt,
  };
}

export async function runExportStandard(flags: ExportStandardFlags, ctx: Ctx): Promise<number> {
  // A path that can never be written is refused before the places are read.
  if (flags.sortie !== undefined) checkOutputPath(resolve(ctx.cwd, flags.sortie), { overwrite: true });
  if (!flags.standard) {
    throw new UsageError(`places export : indiquez --standard (le seul format d’export des lieux est le standard national ${STANDARD_NAME} ${STANDARD_VERSION}).`);
  }
  const format = parseChoice(flags.format ?? 'csv', '--format', ['csv', 'json'] as const);
  const places = (await listPlaces(await ctx.store())).map(standardPlace);
  const incomplete = places.map((p) => ({ place: p, missing: missingRequired(p) })).filter((x) => x.missing.length > 0);
  const lines = incomplete.map(({ place, missing }) => `  n° ${place.id} « ${place.name} » : ${missing.join(', ')} ${plural(missing.length, 'manquant', 'manquants')} — cafcharte places edit ${place.id} --siret <14 chiffres>`);
  if (incomplete.length > 0 && !flags.ignorerIncomplets) {
    throw new UsageError(
      `${countOf(incomplete.length, 'lieu incomplet', 'lieux incomplets')} pour le standard national (champs obligatoires) ; complétez-les, ou ajoutez --ignorer-incomplets pour les laisser de côté :`,
    ).withDetails(lines);
  }
  if (incomplete.length > 0) printNote(ctx, `${plural(incomplete.length, 'Lieu laissé de côté car incomplet', 'Lieux laissés de côté car incomplets')} :\n${lines.join('\n')}`);
  const rows = places.filter((p) => missingRequired(p).length === 0).map((p) => toStandardRow(p, { source: STANDARD_SOURCE }));
  checkAgainstSchema(rows.map((row) => STANDARD_COLUMNS.map((c) => row[c])));
  const text = format === 'csv' ? renderStandardCsv(rows) : renderStandardJson(rows);
  if (flags.sortie === undefined) {
    ctx.io.stdout.write(text);
    return 0;
  }
  const path = resolve(ctx.cwd, flags.sortie);
  // An export is meant to be re-run: the file is replaced, atomically, by a complete new one.
  writeFileAtomic(path, text, { overwrite: true });
  ctx.io.stdout.write(`${path}\n`);
  return 0;
}

/**
 * Every row is checked against the standard's own schema, vendored in data/standards/, before
 * anything is written: a place the national map would reject is our bug, not the user's, and is
 * never published.
 */
function checkAgainstSchema(cells: string[][]): void {
  const path = shippedFile('data/standards/lieux-mediation-numerique.schema.json');
  if (path === undefined) throw new Error('schéma du standard introuvable : data/standards/lieux-mediation-numerique.schema.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as TableSchema;
  const problems = validateTable(schema, STANDARD_COLUMNS, cells);
  if (problems.length > 0) {
    const first = problems.slice(0, 5).map((p) => `${p.row === 0 ? 'en-tête' : `ligne ${p.row}`}, ${p.field} : ${p.message}`);
    throw new Error(`l’export ne respecte pas le schéma ${STANDARD_NAME} ${STANDARD_VERSION} : ${first.join(' ; ')}`);
  }
}
