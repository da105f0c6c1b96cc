// The work of `cafcharte stats`: import the CAF's files of figures (art. 7), list them.
import { resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { ConflictError, UsageError } from '../../errors.js';
import { formatMonthFr, formatTimestampFr, parseMonth, timestampInReunion } from '../../domain/dates.js';
import { formatIntFr } from '../../domain/numbers.js';
import { countOf, plural } from '../../domain/french.js';
import { parseSemester, semesterRange } from '../../domain/semester.js';
import { INDICATOR_LABELS, INDICATORS, type CafFigure, type Indicator, type RowError } from '../../domain/cafFigures/index.js';
import { figureComparer, findImportBySha, importFigures, listFigures, listImports, type CafImport, type FigureChange, type OccupiedPair, type StoredFigure } from '../../store/cafFigures.js';
import { territoryMonthsWithRows, territorySectionsMonthly } from '../../store/cafTerritory.js';
import { COMMUNES_EXPECTED, communesCoverageFr, type TerritoryFigure } from '../../domain/cafTerritory.js';
import type { Store } from '../../store/engine.js';
import { listPlaces } from '../../store/places.js';
import { printJson, printLine, printNote, printSuccess, printTable, printWarning } from '../../render/output.js';
import { perimeterLabeller, perimeterResolver, type NamedPlace } from './perimeters.js';
import { openSource, scanFile, type FileScan } from './source.js';
import { importInput } from './input.js';
import { writeFileAtomic } from '../../render/files.js';
import { amount, startProgress, UNITS, type ProgressUnit } from '../../render/progress.js';

export interface ImportOptions {
  file: string;
  /** --rapport-erreurs: where to write every refused row. */
  errorReport?: string;
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

/** The registered places, which a file may name as perimeters. */
async function registeredPlaces(ctx: Ctx): Promise<NamedPlace[]> {
  return listPlaces(await ctx.store());
}

export async function runImport(opts: ImportOptions, ctx: Ctx): Promise<number> {
  const input = await importInput(opts.file, ctx);
  try {
    return await importFrom(input.path, input.fileName, opts, ctx);
  } finally {
    input.dispose();
  }
}

async function importFrom(path: string, fileName: string, opts: ImportOptions, ctx: Ctx): Promise<number> {
  const refused = (errors: readonly RowError[]) => rowsRefused(fileName, errors, opts.errorReport && resolve(ctx.cwd, opts.errorReport));
  const scan = scanFile(path, opts.file);
  const sha256 = scan.sha256;
  const store = await ctx.store();

  const previous = await findImportBySha(store, sha256);
  if (previous) {
    printLine(ctx, alreadyImported(fileName, previous));
    return 0;
  }

  const places = await registeredPlaces(ctx);
  const source = await openSource(path, fileName, scan, perimeterResolver(places));
  const label = perimeterLabeller(places);
  if (opts.dryRun) {
    const tally = new DryRunTally(figureComparer(store));
    const progress = readProgress(ctx, scan, true);
    const summary = await progress.around(async () => {
      const read = await source.read((figure) => tally.add(figure), progress, () => tally.drain());
      await tally.drain();
      return read;
    });
    progress.done();
    printReadWarnings(ctx, summary.warnings);
    if (summary.errors.length > 0) throw refused(summary.errors);
    if (tally.count === 0) throw noFigures(fileName);
    printDryRun(ctx, { fileName, format: source.format(), tally, replace: opts.replace }, label);
    return 0;
  }

  let warnings: RowError[] = [];
  const progress = readProgress(ctx, scan, false);
  const read = async (onFigure: (figure: CafFigure) => void, drain: () => Promise<void>) => {
    const summary = await source.read(onFigure, progress, drain);
    warnings = summary.warnings;
    return summary;
  };
  // Ctrl-C while the file is read: Cancelled, thrown inside the import's transaction, rolls it back.
  const outcome = await progress.around(() => importFigures(store, { fileName, sha256, importedAt: timestampInReunion(ctx.now()), replace: opts.replace, read }));
  if (outcome.kind === 'imported') progress.done();
  else progress.abort();
  printReadWarnings(ctx, warnings);
  switch (outcome.kind) {
    case 'alreadyImported':
      printLine(ctx, alreadyImported(fileName, outcome.previous));
      return 0;
    case 'invalid':
      throw refused(outcome.errors);
    case 'empty':
      throw noFigures(fileName);
    case 'occupied':
      throw new ConflictError(
        `« ${fileName} » : la base contient déjà ${chiffres(outcome.pairs.reduce((sum, pair) => sum + pair.figureCount, 0))} de ce fichier (mêmes mois, périmètre, indicateur et rubrique) ; rien n’a été importé. Ajoutez --remplacer pour remplacer exactement ces chiffres, et eux seuls.`,
      ).withDetails(describePairs(outcome.pairs, label));
    case 'imported':
      printSuccess(ctx, `${chiffres(outcome.inserted)} ${plural(outcome.inserted, 'importé', 'importés')} depuis « ${fileName} » (${monthSpan(outcome.months)}) ; import n° ${outcome.importId}.`);
      if (outcome.replaced > 0) {
        printLine(ctx, `${chiffres(outcome.replaced)} déjà en base (mêmes mois, périmètre, indicateur et rubrique) ${plural(outcome.replaced, 'a été remplacé', 'ont été remplacés')}\u00a0; les autres chiffres de ces mois sont inchangés.`);
      }
      return 0;
  }
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
  const store = await ctx.store();
  const places = await registeredPlaces(ctx);
  let perimeter: string | undefined;
  if (opts.perimetre !== undefined) {
    const found = perimeterResolver(places)(opts.perimetre);
    if (found === null) {
      throw new UsageError(`--perimetre : « ${opts.perimetre} » n’est ni le Territoire Sud, ni une commune du territoire, ni un lieu enregistré.`);
    }
    perimeter = found.kind === 'territoire' ? 'territoire' : found.kind === 'commune' ? `commune:${found.insee}` : `lieu:${found.placeId}`;
  }
  const stored = await listFigures(store, { ...range, perimeter });
  // The territory's line of each month follows the one rule of the report and the exports:
  // where the CAF sent no territory figure, the ten communes' sum, or n.d. with how many sent one.
  const figures: ListedFigure[] = stored.map((figure) => ({ ...figure, source: 'caf', communes: null }));
  if (perimeter === undefined || perimeter === 'territoire') figures.push(...(await derivedTerritoryRows(store, range)));
  figures.sort(listingOrder);
  const label = perimeterLabeller(places);
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
        source: SOURCE_JSON[figure.source],
        ...(figure.communes === null ? {} : { communes_couvertes: figure.communes, communes_attendues: COMMUNES_EXPECTED }),
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
    figures.map((figure) => [formatMonthFr(figure.month), label(figure.perimeter), INDICATOR_LABELS[figure.indicator], figure.siteSection ?? '', listedValue(figure)]),
    { alignRight: [4] },
  );
  return 0;
}

/** A row of `stats list`: a stored figure, or the territory's figure made by the rule. */
interface ListedFigure extends Omit<StoredFigure, 'value'> {
  value: number | null;
  source: TerritoryFigure['source'];
  /** For a derived territory row: how many communes had a figure. */
  communes: number | null;
}

const SOURCE_JSON = { caf: 'caf', communes: 'somme_communes', incomplete: 'incomplet' } as const;

function listedValue(figure: ListedFigure): string {
  if (figure.source === 'communes') return `${formatIntFr(figure.value!)} (somme des ${COMMUNES_EXPECTED} communes)`;
  if (figure.value === null) return `n.d. (${communesCoverageFr(figure.communes ?? 0)})`;
  return formatIntFr(figure.value);
}

/** Territory rows for the months where the CAF sent communes' figures but none for the territory. */
async function derivedTerritoryRows(store: Store, range: { from?: string; to?: string }): Promise<ListedFigure[]> {
  const span = { from: range.from ?? '0000-00', to: range.to ?? '9999-99' };
  const rows: ListedFigure[] = [];
  for (const indicator of INDICATORS) {
    const decisions = (await territoryMonthsWithRows(store, indicator, span)).filter((d) => d.source !== 'caf');
    if (decisions.length === 0) continue;
    const sections = indicator === 'siteSection' ? await territorySectionsMonthly(store, span) : [];
    for (const decision of decisions) {
      const base = { month: decision.month, perimeter: 'territoire', indicator, source: decision.source, communes: decision.communes };
      if (decision.source === 'communes' && indicator === 'siteSection') {
        for (const section of sections.filter((s) => s.month === decision.month)) rows.push({ ...base, siteSection: section.section, value: section.value });
      } else {
        rows.push({ ...base, siteSection: null, value: decision.value });
      }
    }
  }
  return rows;
}

/** SQLite's default (binary) collation, so that this order is the query's. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of listFigures: month, territory first, perimeter, indicator, sections by decreasing value. */
function listingOrder(a: ListedFigure, b: ListedFigure): number {
  return (
    a.month.localeCompare(b.month) ||
    Number(b.perimeter === 'territoire') - Number(a.perimeter === 'territoire') ||
    compareText(a.perimeter, b.perimeter) ||
    INDICATORS.indexOf(a.indicator) - INDICATORS.indexOf(b.indicator) ||
    (b.value ?? -1) - (a.value ?? -1) ||
    compareText(a.siteSection ?? '', b.siteSection ?? '')
  );
}

export async function runImports(opts: ImportsOptions, ctx: Ctx): Promise<number> {
  const imports = await listImports(await ctx.store());
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

/** What a dry run reports: figures per month and indicator, and per (month, perimeter) what the import would do. */
class DryRunTally {
  count = 0;
  readonly perMonth = new Map<string, number[]>(); // month -> counts in INDICATORS order
  readonly pairs = new Map<string, PairChanges>();
  readonly perimeters = new Set<string>();
  /** Figures read but not yet compared with the store (compared at each drain). */
  private queue: CafFigure[] = [];

  constructor(private readonly compare: (figure: CafFigure) => Promise<FigureChange>) {}

  add(figure: CafFigure): void {
    this.queue.push(figure);
  }

  async drain(): Promise<void> {
    const queue = this.queue;
    this.queue = [];
    for (const figure of queue) await this.tally(figure);
  }

  private async tally(figure: CafFigure): Promise<void> {
    this.count++;
    let row = this.perMonth.get(figure.month);
    if (row === undefined) this.perMonth.set(figure.month, (row = [0, 0, 0]));
    row[INDICATORS.indexOf(figure.indicator)]!++;
    const key = `${figure.month}|${figure.perimeterKey}`;
    let pair = this.pairs.get(key);
    if (pair === undefined) this.pairs.set(key, (pair = { month: figure.month, perimeter: figure.perimeterKey, added: 0, unchanged: 0, replaced: [] }));
    this.perimeters.add(figure.perimeterKey);
    const change = await this.compare(figure);
    if (change.kind === 'added') pair.added++;
    else if (change.kind === 'unchanged') pair.unchanged++;
    else pair.replaced.push({ indicator: figure.indicator, section: figure.siteSection, old: change.old, value: figure.value });
  }
}

interface PairChanges {
  month: string;
  perimeter: string;
  added: number;
  unchanged: number;
  replaced: { indicator: Indicator; section: string | null; old: number; value: number }[];
}

// A correction file holds a few dozen figures; a whole re-sent year may hold a million. The
// replaced values are listed up to this many, then counted.
const MAX_REPLACED_LINES = 50;

function printDryRun(ctx: Ctx, input: { fileName: string; format: string; tally: DryRunTally; replace: boolean }, label: (key: string) => string): void {
  const { tally } = input;
  const months = [...tally.perMonth.keys()].sort();
  const perimeters = [...tally.perimeters].map(label);
  printLine(ctx, `Simulation (--dry-run) : rien n’a été enregistré.`);
  printLine(ctx, `Fichier « ${input.fileName} » (${input.format}).`);
  printLine(
    ctx,
    `${chiffres(tally.count)} ${plural(tally.count, 'valide', 'valides')}, ${monthSpan(months)}, ${perimeters.length} ${plural(perimeters.length, 'périmètre', 'périmètres')} : ${perimeters.join(', ')}.`,
  );
  printLine(ctx, 'Nombre de chiffres par mois et indicateur :');
  printTable(
    ctx,
    ['Mois', ...INDICATORS.map((indicator) => INDICATOR_LABELS[indicator])],
    months.map((month) => [formatMonthFr(month), ...tally.perMonth.get(month)!.map((n) => formatIntFr(n))]),
    { alignRight: [1, 2, 3] },
  );
  // The territory first, as in `stats list`.
  const pairs = [...tally.pairs.values()].sort(
    (a, b) => a.month.localeCompare(b.month) || Number(b.perimeter === 'territoire') - Number(a.perimeter === 'territoire') || a.perimeter.localeCompare(b.perimeter),
  );
  const replaced = pairs.reduce((sum, pair) => sum + pair.replaced.length, 0);
  const unchanged = pairs.reduce((sum, pair) => sum + pair.unchanged, 0);
  printLine(ctx, 'Par mois et périmètre (un chiffre est identifié par son mois, son périmètre, son indicateur et sa rubrique)\u00a0:');
  let shown = 0;
  for (const pair of pairs) {
    const parts = [
      pair.added > 0 ? `${formatIntFr(pair.added)} ${plural(pair.added, 'ajouté', 'ajoutés')}` : '',
      pair.replaced.length > 0 ? `${formatIntFr(pair.replaced.length)} ${plural(pair.replaced.length, 'remplacé', 'remplacés')}` : '',
      pair.unchanged > 0 ? `${formatIntFr(pair.unchanged)} ${plural(pair.unchanged, 'inchangé', 'inchangés')}` : '',
    ].filter(Boolean);
    printLine(ctx, `  ${formatMonthFr(pair.month)} — ${label(pair.perimeter)}\u00a0: ${parts.join(', ')}`);
    for (const change of pair.replaced) {
      if (shown++ >= MAX_REPLACED_LINES) continue;
      const what = change.section === null ? INDICATOR_LABELS[change.indicator] : `rubrique « ${change.section} »`;
      printLine(ctx, `      ${what}\u00a0: ${formatIntFr(change.old)} → ${formatIntFr(change.value)}`);
    }
  }
  if (shown > MAX_REPLACED_LINES) printLine(ctx, `  … et ${formatIntFr(shown - MAX_REPLACED_LINES)} autres valeurs remplacées.`);
  const existing = replaced + unchanged;
  if (existing === 0) {
    printLine(ctx, 'Aucun de ces chiffres n’est encore en base\u00a0: l’import les ajouterait tous.');
  } else if (input.replace) {
    const identical = unchanged > 0 ? ` (dont ${formatIntFr(unchanged)} à l’identique)` : '';
    printLine(
      ctx,
      `Avec --remplacer, ${chiffres(existing)} déjà en base ${plural(existing, 'serait remplacé', 'seraient remplacés')}${identical}\u00a0; les autres chiffres de ces mois et périmètres resteraient tels quels.`,
    );
  } else {
    printLine(ctx, `La base contient déjà ${chiffres(existing)} de ce fichier\u00a0: sans --remplacer, l’import serait refusé.`);
  }
}

/** Totals that do not add up, and the like: said on stderr, they never block an import. */
function printReadWarnings(ctx: Ctx, warnings: readonly RowError[]): void {
  for (const warning of warnings) printWarning(ctx, `ligne ${warning.line} : ${warning.reason}.`);
}

/** The rows shown in the message; the whole list goes to --rapport-erreurs. */
const ROWS_SHOWN = 50;

/** A reason without its particular values (quoted cells, numbers), to count rows by kind of problem. */
function reasonKind(reason: string): string {
  return reason.replace(/« [^»]* »/g, '« … »').replace(/\d+/g, 'N');
}

function rowsRefused(fileName: string, errors: readonly RowError[], reportPath: string | undefined): UsageError {
  const count = errors.length;
  if (reportPath) {
    const lines = ['ligne;motif', ...errors.map((e) => `${e.line};"${e.reason.replace(/"/g, '""')}"`)];
    writeFileAtomic(reportPath, `${lines.join('\n')}\n`, { overwrite: true, flag: '--rapport-erreurs' });
  }
  const details = errors.slice(0, ROWS_SHOWN).map((error) => `  ligne ${error.line} : ${error.reason}`);
  if (count > ROWS_SHOWN) {
    const kinds = new Map<string, number>();
    for (const error of errors) for (const part of error.reason.split(' ; ')) kinds.set(reasonKind(part), (kinds.get(reasonKind(part)) ?? 0) + 1);
    details.push(`  … et ${formatIntFr(count - ROWS_SHOWN)} ${plural(count - ROWS_SHOWN, 'autre ligne refusée', 'autres lignes refusées')}.`);
    details.push('Motifs :');
    for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1])) details.push(`  ${formatIntFr(n)} × ${kind}`);
  }
  details.push(reportPath ? `Liste complète des lignes refusées : ${reportPath}` : count > ROWS_SHOWN ? 'Ajoutez --rapport-erreurs FICHIER pour écrire la liste complète.' : '');
  return new UsageError(
    `« ${fileName} » : ${formatIntFr(count)} ${plural(count, 'ligne refusée', 'lignes refusées')} ; rien n’a été importé. Corrigez ${plural(count, 'cette ligne', 'ces lignes')} puis relancez la commande.`,
  ).withDetails(details.filter(Boolean));
}

function noFigures(fileName: string): UsageError {
  return new UsageError(`« ${fileName} » : aucun chiffre après l’en-tête ; rien n’a été importé.`);
}

function alreadyImported(fileName: string, previous: CafImport): string {
  return `« ${fileName} » déjà importé le ${formatTimestampFr(new Date(previous.importedAt))} (import n° ${previous.id}, ${chiffres(previous.rowCount)}) : rien n’a changé.`;
}

function describePairs(pairs: readonly OccupiedPair[], label: (key: string) => string): string[] {
  return pairs.map((pair) => `  ${formatMonthFr(pair.month)} — ${label(pair.perimeter)} (${chiffres(pair.figureCount)})`);
}

function monthSpan(months: readonly string[]): string {
  if (months.length === 1) return `1 mois : ${formatMonthFr(months[0]!)}`;
  return `${formatIntFr(months.length)} mois, de ${formatMonthFr(months[0]!)} à ${formatMonthFr(months[months.length - 1]!)}`;
}

function chiffres(count: number): string {
  return countOf(count, 'chiffre', 'chiffres');
}


/**
 * The progress of reading the file: bytes of a CSV file (its size is known), rows of a
 * workbook (their number is not, until the end). The summary line is written only when the
 * reading served: a refused file says so in its error instead.
 */
function readProgress(ctx: Ctx, scan: FileScan, dryRun: boolean) {
  const unit: ProgressUnit = scan.isZip ? UNITS.lines : UNITS.bytes;
  const progress = startProgress(ctx, {
    label: dryRun ? 'Lecture' : 'Import',
    unit,
    total: scan.isZip ? undefined : scan.size,
    cancelMessage: dryRun ? 'lecture interrompue (Ctrl-C).' : 'import interrompu (Ctrl-C) : rien n’a été importé, le magasin est inchangé.',
  });
  let done = 0;
  return {
    update(value: number, total?: number) {
      done = value;
      progress.update(value, total);
    },
    checkpoint: () => progress.checkpoint(),
    abort: () => progress.abort(),
    /** Runs `work`; the bar is removed if it throws. */
    async around<T>(work: () => Promise<T>): Promise<T> {
      try {
        return await work();
      } catch (error) {
        progress.abort();
        throw error;
      }
    },
    done() {
      const read = `${amount(done, unit)} ${unit.bytes ? 'lus' : plural(done, 'lue', 'lues')}`;
      progress.finish(`${dryRun ? 'Lecture' : 'Import'} : ${read} en ${progress.duration()}.`);
    },
  };
}
