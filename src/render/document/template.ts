// The comité's and the charter's documents come from user-editable Handlebars templates
// (templates/documents/<name>.md.hbs, or --modele FILE) written in the Markdown subset of
// markup.ts. Every string of the model is escaped for that subset before the template runs,
// so a decision or a breach reason is always plain text in the document.
import { UsageError } from '../../errors.js';
import { shippedFile } from '../../shipped.js';
import { explainTemplateError, mapStrings, readTemplateSource } from '../report/template.js';
import { escapeMarkup, parseMarkup, type Block } from './markup.js';

/** The documents shipped with a template. */
export type DocumentName = 'convocation' | 'compte-rendu' | 'lettre-manquement' | 'lettre-resiliation' | 'avenant';

/** templates/documents/<name>.md.hbs, found from the sources or from the bundle. */
export function defaultDocumentTemplate(name: DocumentName): string {
  const path = shippedFile(`templates/documents/${name}.md.hbs`);
  if (path !== undefined) return path;
  throw new Error(`modèle livré introuvable : templates/documents/${name}.md.hbs`);
}

/** Fills the template with the model (escaped) and parses the result into blocks. */
export async function fillDocumentTemplate(name: DocumentName, model: object, templatePath?: string): Promise<Block[]> {
  const file = templatePath ?? defaultDocumentTemplate(name);
  const source = await readTemplateSource(file);
  const { default: Handlebars } = await import('handlebars');
  const hb = Handlebars.create();
  try {
    // HTML escaping is off: the model's text is already escaped for the Markdown subset.
    const template = hb.compile(source, { noEscape: true, strict: false });
    return parseMarkup(template(mapStrings(model, escapeMarkup)));
  } catch (err) {
    const detail = explainTemplateError(String((err as Error).message ?? err));
    throw new UsageError(`--modele : le modèle « ${file} » ne peut pas être utilisé (${detail}) ; corrigez-le ou retirez --modele pour le modèle livré.`);
  }
}
