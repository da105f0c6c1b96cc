// The work of `cafcharte export`: resolve the period and the tables, refuse an empty period
// (exit 3) unless --vide-ok, then write each file atomically and print its path, one a line,
// and nothing else, so a script can pick them up. Never prompts, never colours.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { formatTimestampFr, timestampInReunion, todayInReunion } from '../../domain/dates.js';
import { TERRITORY_NAME } from '../../domain/territory.js';
import {
  EXPORT_TABLE_ALIASES,
  EXPORT_TABLE_ORDER,
  EXPORT_TABLES,
  type ExportMeta,
  type ExportRow,
  type ExportTableId,
} from '../../domain/exportRows.js';
import { readExport, type PeriodContent } from '../../store/exports.js';
import { renderExportCsv } from '../../render/csv.js';
import { writeFileAtomic } from '../../render/files.js';
import { amount, UNITS, withProgress } from '../../render/progress.js';
import { parseChoice } from '../shared/parse.js';
import { VERSION } from '../../version.js';
import { resolvePeriod } from './period.js';
import { renderExportJson } from './json.js';

export interface ExportFlags {
  mois?: string;
  semestre?: string;
  format?: string;
  sortie?: string;
  quoi?: string;
  videOk?: boolean;
  /** Accepted for habit; exports always replace their files. */
  ecraser?: boolean;
}

export const EXPORT_FORMATS = ['csv', 'json', 'xlsx'] as const;

/** `--quoi journal,sessions` → the tables in their canonical order, each once. */
export function parseTables(text: string | undefined): ExportTableId[] {
  if (text === undefined) return [...EXPORT_TABLE_ORDER];
  const wanted = new Set<ExportTableId>();
  for (const word of text.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean)) {
    const id = EXPORT_TABLE_ALIASES[word];
    if (!id) throw new UsageError(`--quoi : « ${word} » n’est pas une table exportable ; attendu journal, sessions ou stats, séparés par des virgules.`);
    wanted.add(id);
  }
  if (wanted.size === 0) throw new UsageError('--quoi : aucune table indiquée ; attendu journal, sessions ou stats, séparés par des virgules.');
  return EXPORT_TABLE_ORDER.filter((id) => wanted.has(id));
}

function outputFolder(ctx: Ctx, sortie: string | undefined): string {
  const folder = resolve(ctx.cwd, sortie ?? '.');
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(`--sortie : le dossier « ${folder} » n’existe pas ; créez-le ou indiquez un dossier existant.`);
  }
  return folder;
}

/** How many stored items a table draws on: stats draw on everything. */
function itemsFor(table: ExportTableId, content: PeriodContent): number {
  if (table === 'logbook') return content.logbookEntries;
  if (table === 'sessions') return content.sessions;
  return content.logbookEntries + content.sessions + content.cafFigures;
}

export async function runExport(flags: ExportFlags, ctx: Ctx): Promise<number> {
  const now = ctx.now();
  const today = todayInReunion(now);
  const period = resolvePeriod(flags, today);
  const format = parseChoice(flags.format ?? 'csv', '--format', EXPORT_FORMATS);
  const tables = parseTables(flags.quoi);
  const folder = outputFolder(ctx, flags.sortie);
  const store = await ctx.store();

  const meta: ExportMeta = {
    periode: { code: period.code, libelle: period.label, du: period.from, au: period.to },
    filtres: { quoi: tables.map((id) => EXPORT_TABLES[id].fileSuffix) },
    exporte_le: timestampInReunion(now),
    version: VERSION,
  };
  const files: { path: string; data: string | Buffer }[] = [];
  // Every file is made before any is written: Ctrl-C while they are made leaves the folder as it was.
  await withProgress(
    ctx,
    { label: 'Export', unit: UNITS.tables, total: tables.length, cancelMessage: 'export interrompu (Ctrl-C) : aucun fichier n’a été écrit.' },
    async (progress) => {
      const { content, rows } = await readExport(store, period, tables, today, TERRITORY_NAME);
      const rowsOf = (id: ExportTableId): ExportRow[] => rows.get(id)!;
      if (!flags.videOk && tables.every((id) => itemsFor(id, content) === 0)) {
        throw new NotFoundError(
          `aucune donnée pour ${period.label} (${tables.map((id) => EXPORT_TABLES[id].label).join(', ')}) : rien n’a été écrit. Ajoutez --vide-ok pour écrire quand même des fichiers vides.`,
        );
      }
      const base = join(folder, `cafcharte-${period.code}`);
      if (format === 'xlsx') {
        const { renderExportXlsx } = await import('../../render/xlsx.js');
        const bytes = await renderExportXlsx({
          meta,
          exportedAtText: formatTimestampFr(now),
          tableLabels: tables.map((id) => EXPORT_TABLES[id].label),
          now,
          sheets: tables.map((id) => ({ name: EXPORT_TABLES[id].sheetName, columns: EXPORT_TABLES[id].columns, rows: rowsOf(id) })),
        });
        files.push({ path: `${base}.xlsx`, data: bytes });
        progress.update(tables.length);
      } else {
        for (const id of tables) {
          const table = EXPORT_TABLES[id];
          const data = format === 'csv' ? renderExportCsv(table.columns, rowsOf(id)) : renderExportJson(meta, table, rowsOf(id));
          files.push({ path: `${base}-${table.fileSuffix}.${format}`, data });
          progress.update(files.length);
          await progress.checkpoint();
        }
      }
      for (const file of files) writeFileAtomic(file.path, file.data, { overwrite: true });
      progress.finish(`Export : ${amount(tables.length, UNITS.tables)} (${period.label}) en ${amount(files.length, UNITS.files)}, en ${progress.duration()}.`);
    },
  );
  const paths = files.map((file) => file.path);
  for (const path of paths) ctx.io.stdout.write(`${path}\n`);
  return 0;
}
