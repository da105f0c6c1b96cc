// Markdown and HTML come from user-editable Handlebars templates (templates/rapport.*.hbs,
// or --modele). Handlebars because a template can only read the model and call our helpers:
// it cannot run code, and in HTML every {{value}} is escaped, so a remark holding <script>
// shows as text.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../errors.js';
import type { SemesterReport } from '../../domain/report.js';
import { TEMPLATE_HELPERS } from './labels.js';
import { shippedFile } from '../../shipped.js';
import { frenchSpacingMarkdown, frenchSpacingMarkup } from '../../domain/french.js';
import { reportCharts } from './charts.js';
import { evolutionSentence, missingIndicators } from './lines.js';

export type TemplateFormat = 'md' | 'html';

/** The shipped templates/rapport.<format>.hbs, found from the sources or from the bundle. */
export function defaultTemplatePath(format: TemplateFormat): string {
  const name = `rapport.${format}.hbs`;
  const path = shippedFile(`templates/${name}`);
  if (path !== undefined) return path;
  throw new Error(`modèle livré introuvable : templates/${name}`);
}

/** Backslash-escapes what Markdown would read as markup in text that came from users. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*[\]<>|#]/g, (c) => `\\${c}`);
}

export function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  return value;
}

/** A template's text; an unreadable --modele is the user's to fix (exit 2). */
export async function readTemplateSource(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`--modele : impossible de lire le modèle « ${file} » ; vérifiez le chemin.`);
  }
}

export async function renderWithTemplate(report: SemesterReport, format: TemplateFormat, templatePath?: string): Promise<string> {
  const file = templatePath ?? defaultTemplatePath(format);
  const source = await readTemplateSource(file);
  const { default: Handlebars } = await import('handlebars');
  const hb = Handlebars.create();
  for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) hb.registerHelper(name, helper as (...args: unknown[]) => string);
  hb.registerHelper('phrase_evolution', evolutionSentence as (...args: unknown[]) => string);
  hb.registerHelper('indicateurs_manquants', missingIndicators as (...args: unknown[]) => string);
  // Markdown is not HTML: its user text is escaped for Markdown up front, and Handlebars' HTML escaping is off.
  const data =
    format === 'md'
      ? (mapStrings(report, escapeMarkdown) as SemesterReport)
      : { ...report, graphiques: Object.fromEntries(Object.entries(reportCharts(report)).map(([k, svg]) => [k, new hb.SafeString(svg)])) };
  try {
    const template = hb.compile(source, { noEscape: format === 'md', strict: false });
    // French spacing on the result, so a user's --modele gets it too.
    const text = template(data);
    return format === 'md' ? frenchSpacingMarkdown(text) : frenchSpacingMarkup(text);
  } catch (err) {
    const detail = explainTemplateError(String((err as Error).message ?? err));
    throw new UsageError(`--modele : le modèle « ${file} » ne peut pas être utilisé (${detail}) ; corrigez-le ou retirez --modele pour le modèle livré.`);
  }
}

/** Handlebars speaks English; say the gist in French. */
export function explainTemplateError(message: string): string {
  const parse = /Parse error on line (\d+)/.exec(message);
  if (parse) return `erreur de syntaxe à la ligne ${parse[1]}`;
  const helper = /Missing helper: "([^"]+)"/.exec(message);
  if (helper) return `aide inconnue « ${helper[1]} »`;
  return message.split('\n')[0].replace(/:$/, '');
}
