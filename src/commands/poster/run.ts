// The work of `cafcharte poster`: check the flags, pick the places, render every poster in
// memory first (so a place whose text cannot fit stops the run before any file is written),
// then write each file atomically and print its path.
import { existsSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Ctx } from '../../context.js';
import { frenchPhoneDisplay } from '../../domain/phoneDisplay.js';
import type { PosterPlace } from '../../domain/posterSlot.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { checkOutputPath, writeFileAtomic } from '../../render/files.js';
import { printLine } from '../../render/output.js';
import { amount, UNITS, withProgress } from '../../render/progress.js';
import {
  loadPosterTemplate,
  PosterFitError,
  PosterTemplateError,
  renderPosterPdf,
  renderPosterPng,
  renderPostersPdf,
  renderPosterSvg,
  type PosterRenderOptions,
} from '../../render/poster/index.js';
import { findPlace, listPlaces, type Place } from '../../store/places.js';
import { posterFileName } from './fileNames.js';

const FORMATS = ['pdf', 'svg', 'png'] as const;
type Format = (typeof FORMATS)[number];

/** The validated flags of `cafcharte poster`. */
export interface PosterOptions {
  lieu?: string;
  tous: boolean;
  format?: Format;
  taille: 'A4' | 'A3';
  sortie?: string;
  modele?: string;
  vierge: boolean;
  unFichier: boolean;
  ecraser: boolean;
}

/**
 * Checks commander's flags. Written out rather than with zod (./shared/options.ts): zod's
 * 0.7 MB are a tenth of a poster's time, for a few texts and two choices. Every problem is
 * reported, the first as the message, in the order of the flags.
 */
export function parsePosterFlags(raw: Record<string, unknown>): PosterOptions {
  const problems: string[] = [];
  const text = (key: string, flag: string, missing: string): string | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    const trimmed = String(value).trim();
    if (trimmed === '') problems.push(`${flag} : ${missing}`);
    return trimmed;
  };
  const choice = <T extends string>(key: string, flag: string, normalise: (s: string) => string, choices: readonly T[], message: (input: string) => string): T | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    const input = normalise(String(value).trim());
    if ((choices as readonly string[]).includes(input)) return input as T;
    problems.push(`${flag} : ${message(input)}`);
    return undefined;
  };
  const options: PosterOptions = {
    lieu: text('lieu', '--lieu', 'nom ou numéro du lieu manquant.'),
    tous: raw.tous === true,
    format: choice('format', '--format', (s) => s.toLowerCase(), FORMATS, (input) => `« ${input} » n’est pas un format admis ; attendu pdf, svg ou png.`),
    taille: choice('taille', '--taille', (s) => s.toUpperCase(), ['A4', 'A3'] as const, (input) => `« ${input} » n’est pas une taille admise ; attendu A4 ou A3.`) ?? 'A4',
    sortie: text('sortie', '--sortie', 'chemin manquant.'),
    modele: text('modele', '--modele', 'chemin du modèle manquant.'),
    vierge: raw.vierge === true,
    unFichier: raw.unFichier === true,
    ecraser: raw.ecraser === true,
  };
  if (problems.length > 0) throw new UsageError(problems[0]!).withDetails(problems.slice(1));
  return options;
}

/** One file to write: where, and the places on it (null = the blank poster). */
interface PosterJob {
  path: string;
  places: (PosterPlace | null)[];
}

export async function runPoster(raw: unknown, ctx: Ctx): Promise<number> {
  const opts = parsePosterFlags(raw as Record<string, unknown>);
  checkCombination(opts);
  const sortie = opts.sortie === undefined ? undefined : resolve(ctx.cwd, opts.sortie);
  const outputIsFolder = sortie === undefined || isFolder(opts.sortie!, sortie);
  const format = chooseFormat(opts, outputIsFolder ? undefined : sortie);
  const jobs = await planJobs(opts, ctx, format, sortie ?? ctx.cwd, outputIsFolder);

  // Refuse before the (slower) rendering when a file is in the way.
  for (const job of jobs) checkOutputPath(job.path, { overwrite: opts.ecraser });

  const template = await withFrenchErrors(() => loadPosterTemplate(opts.modele === undefined ? undefined : resolve(ctx.cwd, opts.modele)));
  const render: PosterRenderOptions = { size: opts.taille, template, blank: opts.vierge, creationDate: ctx.now() };
  if (!opts.tous) {
    const output = { path: jobs[0]!.path, data: await withFrenchErrors(() => renderJob(jobs[0]!, format, render)) };
    writeOutputs([output], opts, ctx);
    return 0;
  }
  // Every poster of the territory: long enough to show progress, and to be stopped by Ctrl-C
  // before any file is written (they are all rendered first).
  const total = jobs.reduce((count, job) => count + job.places.length, 0);
  await withProgress(
    ctx,
    { label: 'Affiches', unit: UNITS.posters, total, cancelMessage: 'affiches interrompues (Ctrl-C) : aucun fichier n’a été écrit.' },
    async (progress) => {
      const outputs: { path: string; data: Buffer | string }[] = [];
      let posters = 0;
      for (const job of jobs) {
        const onPage = async (pages: number) => {
          progress.update(posters + pages);
          await progress.checkpoint();
        };
        outputs.push({ path: job.path, data: await withFrenchErrors(() => renderJob(job, format, { ...render, onPage })) });
        posters += job.places.length;
        progress.update(posters);
        await progress.checkpoint();
      }
      writeOutputs(outputs, opts, ctx);
      progress.finish(`Affiches : ${amount(total, UNITS.posters)} en ${outputs.length > 1 ? `${outputs.length} fichiers` : 'un fichier'}, en ${progress.duration()}.`);
    },
  );
  return 0;
}

function writeOutputs(outputs: { path: string; data: Buffer | string }[], opts: PosterOptions, ctx: Ctx): void {
  for (const output of outputs) {
    writeFileAtomic(output.path, output.data, { overwrite: opts.ecraser, flag: '--sortie' });
    printLine(ctx, displayPath(output.path, ctx.cwd));
  }
}

function checkCombination(opts: PosterOptions): void {
  if (opts.vierge && (opts.lieu !== undefined || opts.tous)) {
    throw new UsageError('--vierge : l’affiche à emplacement vierge ne concerne aucun lieu ; retirez --lieu ou --tous.');
  }
  if (!opts.vierge && opts.lieu === undefined && !opts.tous) {
    throw new UsageError('indiquez --lieu <lieu> ou --tous (ou --vierge pour la maquette à emplacement vierge).');
  }
  if (opts.lieu !== undefined && opts.tous) throw new UsageError('--lieu et --tous s’excluent : choisissez l’un ou l’autre.');
  if (opts.unFichier && !opts.tous) throw new UsageError('--un-fichier : ne sert qu’avec --tous (un PDF, une page par lieu).');
}

/** A --sortie is a folder when it exists as one or ends with a slash. */
function isFolder(given: string, path: string): boolean {
  if (given.endsWith('/') || given.endsWith(sep)) return true;
  return existsSync(path) && statSync(path).isDirectory();
}

/** --format, else the extension of --sortie, else PDF; contradictions are refused. */
function chooseFormat(opts: PosterOptions, file: string | undefined): Format {
  const extension = file ? extname(file).slice(1).toLowerCase() : '';
  const fromExtension = (FORMATS as readonly string[]).includes(extension) ? (extension as Format) : undefined;
  if (opts.format && fromExtension && opts.format !== fromExtension) {
    throw new UsageError(`--sortie : l’extension « .${extension} » ne correspond pas à --format ${opts.format}.`);
  }
  const format = opts.format ?? fromExtension ?? 'pdf';
  if (opts.unFichier && format !== 'pdf') {
    throw new UsageError(`--un-fichier : un fichier de plusieurs pages n’existe qu’en PDF (pas en ${format}).`);
  }
  return format;
}

async function planJobs(opts: PosterOptions, ctx: Ctx, format: Format, output: string, outputIsFolder: boolean): Promise<PosterJob[]> {
  const single = (defaultName: string) => (outputIsFolder ? join(output, defaultName) : output);
  if (opts.vierge) return [{ path: single(`affiche-vierge.${format}`), places: [null] }];

  const store = await ctx.store();
  if (opts.lieu !== undefined) {
    const place = await findPlace(store, opts.lieu, '--lieu');
    const toPosterPlace = await posterPlaceMaker([place]);
    return [{ path: single(posterFileName(place, format, new Set())), places: [toPosterPlace(place)] }];
  }

  const places = await listPlaces(store);
  if (places.length === 0) {
    throw new NotFoundError('--tous : aucun espace numérique enregistré ; ajoutez-en avec « cafcharte places add ».');
  }
  const toPosterPlace = await posterPlaceMaker(places);
  if (opts.unFichier) return [{ path: single(`affiches.${format}`), places: places.map(toPosterPlace) }];
  if (!outputIsFolder) {
    throw new UsageError(
      `--sortie : avec --tous, indiquez un dossier existant (« ${opts.sortie} » n’en est pas un), ou ajoutez --un-fichier pour un seul PDF.`,
    );
  }
  const taken = new Set<string>();
  return places.map((place) => ({ path: join(output, posterFileName(place, format, taken)), places: [toPosterPlace(place)] }));
}

/**
 * What the poster shows of a stored place: the phone in French form, not E.164. libphonenumber
 * (phone.ts) loads only for a number phoneDisplay.ts does not know, which French ones never are.
 */
async function posterPlaceMaker(places: Place[]): Promise<(place: Place) => PosterPlace> {
  const format = places.every((place) => !place.phone || frenchPhoneDisplay(place.phone) !== undefined)
    ? (e164: string) => frenchPhoneDisplay(e164)!
    : (await import('../../domain/phone.js')).formatPhoneFr;
  return (place) => ({
    name: place.name,
    address: place.address,
    postalCode: place.postalCode,
    communeName: place.communeName,
    phoneDisplay: place.phone ? format(place.phone) : '',
    reservedSlots: place.reservedSlots,
  });
}

async function renderJob(job: PosterJob, format: Format, render: PosterRenderOptions): Promise<Buffer | string> {
  if (format === 'svg') return renderPosterSvg(job.places[0]!, render);
  if (format === 'png') return renderPosterPng(job.places[0]!, render);
  return job.places.length === 1 ? renderPosterPdf(job.places[0]!, render) : renderPostersPdf(job.places, render);
}

/** The renderer's own errors are the user's to fix: they become usage errors (exit 2). */
async function withFrenchErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PosterFitError || err instanceof PosterTemplateError) {
      // Said after "Erreur : ", where French goes on in lower case ("Le modèle…" → "le modèle…").
      throw new UsageError(err.message.charAt(0).toLowerCase() + err.message.slice(1));
    }
    throw err;
  }
}

/** Paths under the current folder are shown relative to it, others in full. */
function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
