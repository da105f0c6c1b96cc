// The personal-data guard (charter art. 12) applied to every text field a user types: a length
// limit first (exit 2), then refuse (exit 5) with the finding masked, or, with --masquer, store
// the masked text and say so. What the store knows is no allocataire's (staff names, the places'
// own names, phones, e-mails, addresses) is let through; it is read only when something was found.
import type { Ctx } from '../../context.js';
import { PersonalDataError, UsageError } from '../../errors.js';
import {
  findPersonalDataWith,
  maskPersonalData,
  PERSONAL_DATA_LABELS,
  type FindPersonalDataOptions,
  type PersonalDataFinding,
  type PhoneKey,
} from '../../domain/personalDataFinder.js';
import { loadGuardAllowances } from '../../store/guardAllowances.js';
import { printWarning } from '../../render/output.js';

/** Longest text, in characters: a name, a short label, a free text. */
export const MAX_NAME = 100;
export const MAX_LABEL = 200;
export const MAX_FREE_TEXT = 2_000;

export interface GuardOptions {
  /** --masquer: store the masked text instead of refusing. */
  mask?: boolean;
  /** Staff names the command was given in their own field (animators): not personal data. */
  allowedNames?: string[];
  /** Fields that hold a staff member's name (--auteur, --animateur, --nom): the name is
   * allowed there, a number, an address or a situation is not. */
  nameFields?: string[];
  /** Fields that hold a registered place's address: the street is what they are for. */
  addressFields?: string[];
  /** Longest text per field; MAX_FREE_TEXT when not given. */
  max?: Record<string, number>;
}

/**
 * Checks each named field ({'--remarques': text, ...}); returns the texts to store (masked when
 * asked). Throws UsageError for a text too long, PersonalDataError naming the first field and
 * kind found.
 */
export async function guardFreeText<T extends Record<string, string | undefined>>(ctx: Ctx, fields: T, options: GuardOptions = {}): Promise<T> {
  for (const [field, text] of Object.entries(fields)) {
    const max = options.max?.[field] ?? MAX_FREE_TEXT;
    if (text && text.length > max) throw new UsageError(`${field} : texte trop long (${text.length} caractères, ${max} au plus).`);
  }
  const result: Record<string, string | undefined> = { ...fields };
  let known: FindPersonalDataOptions | undefined;
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    const own = options.nameFields?.includes(field) ? [text] : [];
    const phoneKey = await phoneKeyFor(text);
    const find = (extra: FindPersonalDataOptions = {}): PersonalDataFinding[] =>
      findPersonalDataWith(phoneKey, text, { ...extra, closeNames: [...(options.allowedNames ?? []), ...own] }).filter(
        (f) => !(options.addressFields?.includes(field) && f.kind === 'adresse'),
      );
    let findings = find();
    if (findings.length === 0) continue;
    known ??= await storeAllowances(ctx);
    findings = find(known);
    if (findings.length === 0) continue;
    const masked = maskPersonalData(text, findings);
    const kinds = [...new Set(findings.map((f) => PERSONAL_DATA_LABELS[f.kind]))].join(', ');
    if (!options.mask) {
      throw new PersonalDataError(
        `${field} : données personnelles refusées (${kinds}) ; la charte (art. 12) interdit de conserver des informations sur un allocataire. Reformulez sans elles, ou ajoutez --masquer pour enregistrer le texte masqué.`,
      ).withDetails([`Texte masqué : ${masked}`]);
    }
    printWarning(ctx, `${field} : données personnelles masquées avant enregistrement (${kinds}) : ${masked}`);
    result[field] = masked;
  }
  return result as T;
}

/**
 * The phone check (libphonenumber, the guard's largest part) for a text with digits. A text
 * without any holds no phone number: the detectors never ask, and nothing is loaded.
 */
async function phoneKeyFor(text: string): Promise<PhoneKey> {
  return /[0-9]/.test(text) ? (await import('../../domain/phoneKey.js')).phoneKey : () => undefined;
}

async function storeAllowances(ctx: Ctx): Promise<FindPersonalDataOptions> {
  const allowances = await loadGuardAllowances(await ctx.store());
  return { allowedNames: allowances.names, allowedPhones: allowances.phones, allowedEmails: allowances.emails, allowedAddresses: allowances.addresses };
}

/** The author written into a history: --auteur (a staff name, checked) or the system user. */
export async function guardAuthor(ctx: Ctx, auteur: string | undefined): Promise<string> {
  const given = auteur?.trim();
  if (/^postgres(ql)?:/i.test(ctx.dbPath())) {
    // A person's login on PostgreSQL is the author, set by the database: no flag can change it.
    const role = (await ctx.store()).role;
    if (role !== undefined) {
      if (given) printWarning(ctx, `--auteur est ignoré sur PostgreSQL : l’auteur est le rôle connecté « ${role} ».`);
      return role;
    }
  }
  if (!given) return ctx.user();
  return (await guardFreeText(ctx, { '--auteur': given }, { nameFields: ['--auteur'], max: { '--auteur': MAX_NAME } }))['--auteur']!;
}
