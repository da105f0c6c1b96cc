// The work of `cafcharte stats`: import the CAF's files of figures (art. 7), list them.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { ConflictError, NotFoundError, UsageError } from '../../errors.js';
import { formatMonthFr, formatTimestampFr, parseMonth, timestampInReunion } from '../../domain/dates.js';
import { formatIntFr } from '../../domain/numbers.js';
import { parseSemester, semesterRange } from '../../domain/semester.js';
import { INDICATOR_LABELS, parseCafCsv, parseCafRows, type CafFigure, type Indicator, type ParsedFigures } from '../../domain/cafFigures/index.js';
import { findImportBySha, importFigures, listFigures, listImports, occupiedPairs, pairsOf, type CafImport, type OccupiedPair } from '../../store/cafFigures.js';
import type { Db } from '../../store/open.js';
import { printJson, printLine, printNote, printSuccess, printTable } from '../../render/output.js';
import { perimeterLabeller, perimeterResolver } from './perimeters.js';

export interface ImportOptions {
  file: string;
  dryRun: boolean;
  replace: boolean;
}

export interface ListOptions {
  semestre?: string;
  mois?: string;
  perimetre?: string;
  json: boolean;
}

export interface ImportsOptions {
  json: boolean;
}

const INDICATORS: Indicator[] = ['consultations', 'siteSection', 'onlineDeclaration'];

export async function runImport(opts: ImportOptions, ctx: Ctx): Promise<number> {
  const path = resolve(ctx.cwd, opts.file);
  const fileName = basename(path);
  const bytes = readInput(path, opts.file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const db = await ctx.store();

  const previous = findImportBySha(db, sha256);
  if (previous) {
    printLine(ctx, alreadyImported(fileName, previous));
    return 0;
  }

  const { parsed, format } = await parseFile(bytes, db);
  if (parsed.errors.length > 0) {
    const count = parsed.errors.length;
    throw new UsageError(
      `« ${fileName} » : ${formatIntFr(count)} ${count > 1 ? 'lignes refusées' : 'ligne refusée'} ; rien n’a été importé. Corrigez ${count > 1 ? 'ces lignes' : 'cette ligne'} puis relancez la commande.`,
    ).withDetails(parsed.errors.map((error) => `  ligne ${error.line} : ${error.reason}`));
  }
  if (parsed.figures.length === 0) {
    throw new UsageError(`« ${fileName} » : aucun chiffre après l’en-tête ; rien n’a été importé.`);
  }

  const label = perimeterLabeller(db);
  if (opts.dryRun) {
    printDryRun(ctx, db, { fileName, format, figures: parsed.figures, replace: opts.replace }, label);
    return 0;
  }

  const outcome = importFigures(db, { fileName, sha256, importedAt: timestampInReunion(ctx.now()), figures: parsed.figures, replace: opts.replace });
  if (outcome.kind === 'alreadyImported') {
    printLine(ctx, alreadyImported(fileName, outcome.previous));
    return 0;
  }
  if (outcome.kind === 'occupied') {
    throw new ConflictError(
      `« ${fileName} » : la base contient déjà des chiffres pour ${pairCount(outcome.pairs.length)} ; rien n’a été importé. Ajoutez --remplacer pour remplacer exactement ces mois et périmètres.`,
    ).withDetails(describePairs(outcome.pairs, label));
  }
  const months = distinctMonths(parsed.figures);
  printSuccess(
    ctx,
    `${chiffres(outcome.inserted)} importés depuis « ${fileName} » (${monthSpan(months)}) ; import n° ${outcome.importId}.`,
  );
  if (outcome.replaced > 0) printLine(ctx, `${chiffres(outcome.replaced)} déjà en base pour les mêmes mois et périmètres ont été remplacés.`);
  return 0;
}

export async function runList(opts: ListOptions, ctx: Ctx): Promise<number> {
  if (opts.semestre !== undefined && opts.mois !== undefined) {
    throw new UsageError('--semestre et --mois : choisissez l’un ou l’autre.');
  }
  let range: { from?: string; to?: string } = {};
  if (opts.semestre !== undefined) {
    const months = semesterRange(parseSemester(opts.semestre)).months;
    range = { from: months[0], to: months[months.length - 1] };
  } else if (opts.mois !== undefined) {
    const month = parseMonth(opts.mois, '--mois');
    range = { from: month, to: month };
  }
  const db = await ctx.store();
  let perimeter: string | undefined;
  if (opts.perimetre !== undefined) {
    const found = perimeterResolver(db)(opts.perimetre);
    if (found === null) {
      throw new UsageError(`--perimetre : « ${opts.perimetre} » n’est ni le Territoire Sud, ni une commune du territoire, ni un lieu enregistré.`);
    }
    perimeter = found.kind === 'territoire' ? 'territoire' : found.kind === 'commune' ? `commune:${found.insee}` : `lieu:${found.placeId}`;
  }
  const figures = listFigures(db, { ...range, perimeter });
  const label = perimeterLabeller(db);
  if (opts.json) {
    printJson(
      ctx,
      figures.map((figure) => ({
        mois: figure.month,
        perimetre: label(figure.perimeter),
        perimetre_code: figure.perimeter,
        indicateur: INDICATOR_LABELS[figure.indicator],
        rubrique: figure.siteSection,
        valeur: figure.value,
      })),
    );
    return 0;
  }
  if (figures.length === 0) {
    printNote(ctx, 'Aucun chiffre de la CAF pour cette sélection ; importez-les avec « cafcharte stats import FICHIER ».');
    return 0;
  }
  printTable(
    ctx,
    ['Mois', 'Périmètre', 'Indicateur', 'Rubrique', 'Valeur'],
    figures.map((figure) => [
      formatMonthFr(figure.month),
      label(figure.perimeter),
      INDICATOR_LABELS[figure.indicator],
      figure.siteSection ?? '',
      formatIntFr(figure.value),
    ]),
    { alignRight: [4] },
  );
  return 0;
}

export async function runImports(opts: ImportsOptions, ctx: Ctx): Promise<number> {
  const imports = listImports(await ctx.store());
  if (opts.json) {
    printJson(
      ctx,
      imports.map((entry) => ({
        numero: entry.id,
        fichier: entry.fileName,
        importe_le: entry.importedAt,
        chiffres: entry.rowCount,
        remplaces: entry.replacedCount,
        sha256: entry.sha256,
      })),
    );
    return 0;
  }
  if (imports.length === 0) {
    printNote(ctx, 'Aucun fichier de chiffres importé ; voyez « cafcharte stats import --help ».');
    return 0;
  }
  printTable(
    ctx,
    ['N°', 'Fichier', 'Importé le', 'Chiffres', 'Remplacés', 'Empreinte SHA-256'],
    imports.map((entry) => [
      entry.id,
      entry.fileName,
      formatTimestampFr(new Date(entry.importedAt)),
      formatIntFr(entry.rowCount),
      formatIntFr(entry.replacedCount),
      `${entry.sha256.slice(0, 12)}…`,
    ]),
    { alignRight: [0, 3, 4] },
  );
  return 0;
}

function readInput(path: string, given: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`« ${given} » : fichier introuvable.`);
    if (code === 'EISDIR') throw new UsageError(`« ${given} » est un dossier ; attendu un fichier CSV ou XLSX.`);
    throw new UsageError(`« ${given} » : lecture impossible (${code ?? 'erreur'}).`);
  }
}

/** CSV or XLSX, decided by the content (a zip starts with "PK"), not by the file's name. */
async function parseFile(bytes: Buffer, db: Db): Promise<{ parsed: ParsedFigures; format: string }> {
  const resolvePerimeter = perimeterResolver(db);
  if (bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const { readFirstSheet, XlsxReadError } = await import('../../render/xlsxRead.js');
    try {
      return { parsed: parseCafRows(await readFirstSheet(bytes), resolvePerimeter), format: 'classeur XLSX, première feuille' };
    } catch (error) {
      if (error instanceof XlsxReadError) throw new UsageError(error.message);
      throw error;
    }
  }
  const parsed = parseCafCsv(bytes, resolvePerimeter);
  const encoding = { 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 avec BOM', 'windows-1252': 'Windows-1252' }[parsed.encoding];
  const separator = parsed.separator === '\t' ? 'tabulation' : `« ${parsed.separator} »`;
  return { parsed, format: `CSV ${encoding}, séparateur ${separator}` };
}

function printDryRun(
  ctx: Ctx,
  db: Db,
  input: { fileName: string; format: string; figures: readonly CafFigure[]; replace: boolean },
  label: (key: string) => string,
): void {
  const { figures } = input;
  const months = distinctMonths(figures);
  const perimeters = [...new Set(figures.map((figure) => figure.perimeterKey))].map(label);
  printLine(ctx, `Simulation (--dry-run) : rien n’a été enregistré.`);
  printLine(ctx, `Fichier « ${input.fileName} » (${input.format}).`);
  printLine(ctx, `${chiffres(figures.length)} ${figures.length > 1 ? 'valides' : 'valide'}, ${monthSpan(months)}, ${perimeters.length} ${perimeters.length > 1 ? 'périmètres' : 'périmètre'} : ${perimeters.join(', ')}.`);
  // Counts of figures per month and indicator: what the import would add.
  const counts = new Map<string, number[]>();
  for (const figure of figures) {
    let row = counts.get(figure.month);
    if (row === undefined) counts.set(figure.month, (row = [0, 0, 0]));
    row[INDICATORS.indexOf(figure.indicator)]!++;
  }
  printLine(ctx, 'Nombre de chiffres par mois et indicateur :');
  printTable(
    ctx,
    ['Mois', ...INDICATORS.map((indicator) => INDICATOR_LABELS[indicator])],
    months.map((month) => [formatMonthFr(month), ...counts.get(month)!.map((n) => formatIntFr(n))]),
    { alignRight: [1, 2, 3] },
  );
  const occupied = occupiedPairs(db, pairsOf(figures));
  if (occupied.length === 0) {
    printLine(ctx, 'Aucun de ces mois et périmètres n’a encore de chiffres : l’import les ajouterait tous.');
    return;
  }
  const existing = occupied.reduce((sum, pair) => sum + pair.figureCount, 0);
  printLine(
    ctx,
    input.replace
      ? `Avec --remplacer, ${chiffres(existing)} déjà en base pour ${pairCount(occupied.length)} seraient remplacés :`
      : `La base contient déjà ${chiffres(existing)} pour ${pairCount(occupied.length)} : sans --remplacer, l’import serait refusé.`,
  );
  for (const line of describePairs(occupied, label)) printLine(ctx, line);
}

function alreadyImported(fileName: string, previous: CafImport): string {
  return `« ${fileName} » déjà importé le ${formatTimestampFr(new Date(previous.importedAt))} (import n° ${previous.id}, ${chiffres(previous.rowCount)}) : rien n’a changé.`;
}

function describePairs(pairs: readonly OccupiedPair[], label: (key: string) => string): string[] {
  return pairs.map((pair) => `  ${formatMonthFr(pair.month)} — ${label(pair.perimeter)} (${chiffres(pair.figureCount)})`);
}

function distinctMonths(figures: readonly CafFigure[]): string[] {
  const months = new Set<string>();
  let last = '';
  // Rows come grouped by month: only a change of month touches the set.
  for (const figure of figures) if (figure.month !== last) months.add((last = figure.month));
  return [...months].sort();
}

function monthSpan(months: readonly string[]): string {
  if (months.length === 1) return `1 mois : ${formatMonthFr(months[0]!)}`;
  return `${months.length} mois, de ${formatMonthFr(months[0]!)} à ${formatMonthFr(months[months.length - 1]!)}`;
}

function chiffres(count: number): string {
  return `${formatIntFr(count)} ${count > 1 ? 'chiffres' : 'chiffre'}`;
}

function pairCount(count: number): string {
  return `${formatIntFr(count)} ${count > 1 ? 'couples mois/périmètre' : 'couple mois/périmètre'}`;
}
