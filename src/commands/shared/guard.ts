// The personal-data guard (charter art. 12) applied to the free-text fields of a command:
// refuse (exit 5) with the finding masked, or, with --masquer, store the masked text and say so.
import type { Ctx } from '../../context.js';
import { PersonalDataError } from '../../errors.js';
import { findPersonalData, maskPersonalData, PERSONAL_DATA_LABELS } from '../../domain/personalData.js';
import { printWarning } from '../../render/output.js';

export interface GuardOptions {
  /** --masquer: store the masked text instead of refusing. */
  mask?: boolean;
  /** Staff names the command was given in their own field (animators): not personal data. */
  allowedNames?: string[];
}

/**
 * Checks each named field ({'--remarques': text, ...}); returns the texts to store (masked when
 * asked). Throws PersonalDataError naming the first field and kind found.
 */
export function guardFreeText<T extends Record<string, string | undefined>>(ctx: Ctx, fields: T, options: GuardOptions = {}): T {
  const result: Record<string, string | undefined> = { ...fields };
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    const findings = findPersonalData(text, { allowedNames: options.allowedNames });
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
