// The work of `cafcharte report`: parse the flags, aggregate one semester in SQL, build the
// model, render it in the asked format, then print it or write it atomically.
import { resolve } from 'node:path';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { formatDateFr, todayInReunion } from '../../domain/dates.js';
import { lastCompletedSemester, parseSemester, semesterCode, semesterRange, type Semester } from '../../domain/semester.js';
import { buildReport, type SemesterReport } from '../../domain/report.js';
import type { Store } from '../../store/engine.js';
import { loadReportInput } from '../../store/report.js';
import { printDocument, printJson, printNote, printSuccess } from '../../render/output.js';
import { writeFileAtomic } from '../../render/files.js';
import { UNITS, withProgress } from '../../render/progress.js';
import { parseChoice } from '../shared/parse.js';

export const REPORT_FORMATS = ['terminal', 'md', 'html', 'pdf', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportFlags {
  semestre?: string;
  format?: string;
  sortie?: string;
  modele?: string;
  ecraser?: boolean;
}

export interface ReportOptions {
  semester: Semester;
  format: ReportFormat;
  /** Absolute path, or undefined for stdout. */
  output?: string;
  template?: string;
  overwrite: boolean;
}

export function parseReportFlags(flags: ReportFlags, ctx: Ctx): ReportOptions {
  const format = parseChoice(flags.format ?? 'terminal', '--format', REPORT_FORMATS);
  const semester = flags.semestre !== undefined ? parseSemester(flags.semestre, '--semestre') : lastCompletedSemester(todayInReunion(ctx.now()));
  if (flags.modele !== undefined && format !== 'md' && format !== 'html') {
    throw new UsageError(`--modele : un modèle ne s’applique qu’aux formats md et html (format demandé : ${format}).`);
  }
  // HTML and PDF are files to send or print; the other formats go to the terminal or a pipe.
  const defaultName = format === 'html' || format === 'pdf' ? `rapport-${semesterCode(semester)}.${format}` : undefined;
  const target = flags.sortie ?? defaultName;
  return {
    semester,
    format,
    output: target === undefined ? undefined : resolve(ctx.cwd, target),
    template: flags.modele === undefined ? undefined : resolve(ctx.cwd, flags.modele),
    overwrite: Boolean(flags.ecraser),
  };
}

/** The communication section (campaigns and training materials), loaded only when a report is made. */
async function loadCommunication(store: Store, range: { from: string; to: string }): Promise<unknown> {
  const { loadCommunicationSection } = await import('../../store/communication.js');
  return loadCommunicationSection(store, range);
}


/** Computes the report of a semester (the model the JSON prints) from the context's store. */
export async function computeReport(ctx: Ctx, semester: Semester): Promise<SemesterReport> {
  return reportOf(await ctx.store(), semester, ctx.now());
}

async function reportOf(store: Store, semester: Semester, now: Date): Promise<SemesterReport> {
  const input = await loadReportInput(store, semester, todayInReunion(now));
  const range = semesterRange(semester);
  input.communication = await loadCommunication(store, { from: range.from, to: range.to });
  return buildReport(input);
}

/** The terminal rendering as text, for --sortie (plain: no colour, tab-separated tables). */
async function terminalText(report: SemesterReport, ctx: Ctx): Promise<string> {
  let text = '';
  const capture: Ctx = { ...ctx, io: { ...ctx.io, stdout: { write: (t: string) => (text += t) }, stdoutIsTTY: false }, color: false };
  (await import('../../render/report/terminal.js')).printReportTerminal(capture, report);
  return text;
}

async function render(report: SemesterReport, options: ReportOptions, ctx: Ctx): Promise<string | Buffer> {
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'md':
    case 'html':
      return (await import('../../render/report/template.js')).renderWithTemplate(report, options.format, options.template);
    case 'pdf':
      return (await import('../../render/report/pdf.js')).renderReportPdf(report, { creationDate: ctx.now() });
    case 'terminal':
      return terminalText(report, ctx);
  }
}

export async function runReport(flags: ReportFlags, ctx: Ctx): Promise<number> {
  const options = parseReportFlags(flags, ctx);
  const store = await ctx.store();
  if (options.format === 'pdf' && options.output !== undefined) {
    await writePdf(store, options, options.output, ctx);
    provisionalNote(options, ctx);
    return 0;
  }
  const report = await reportOf(store, options.semester, ctx.now());
  if (options.output === undefined) {
    if (options.format === 'terminal') (await import('../../render/report/terminal.js')).printReportTerminal(ctx, report);
    else if (options.format === 'json') printJson(ctx, report);
    else printDocument(ctx, String(await render(report, options, ctx)));
  } else {
    const data = await render(report, options, ctx);
    writeFileAtomic(options.output, data, { overwrite: options.overwrite, flag: '--sortie' });
    printSuccess(ctx, `Rapport ${semesterCode(options.semester)} écrit : ${options.output}`);
  }
  provisionalNote(options, ctx);
  return 0;
}

/**
 * The PDF of a busy semester takes a while (aggregates, then the layout): a bar shows its two
 * steps on a terminal, and Ctrl-C before the file is written leaves nothing behind.
 */
async function writePdf(store: Store, options: ReportOptions, output: string, ctx: Ctx): Promise<void> {
  const code = semesterCode(options.semester);
  await withProgress(
    ctx,
    { label: `Rapport ${code}`, unit: UNITS.steps, total: 2, cancelMessage: 'rapport interrompu (Ctrl-C) : aucun fichier n’a été écrit.' },
    async (progress) => {
      const report = await reportOf(store, options.semester, ctx.now());
      progress.update(1);
      await progress.checkpoint();
      const data = await render(report, options, ctx);
      progress.update(2);
      await progress.checkpoint();
      writeFileAtomic(output, data, { overwrite: options.overwrite, flag: '--sortie' });
    },
  );
  // The success line is the report's summary: scripts already read it, unchanged.
  printSuccess(ctx, `Rapport ${code} écrit : ${output}`);
}

/** Said last, on stderr: a script reading the JSON is not disturbed, and a failed run says only its error. */
function provisionalNote(options: ReportOptions, ctx: Ctx): void {
  const today = todayInReunion(ctx.now());
  if (today <= semesterRange(options.semester).to) {
    printNote(ctx, `Le semestre ${semesterCode(options.semester)} n’est pas terminé : chiffres provisoires au ${formatDateFr(today)}.`);
  }
}
