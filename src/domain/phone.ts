// Phone numbers: stored in E.164, shown in the French national form.
// Réunion is tried first: "0692 12 34 56" is a valid Réunion mobile but would also parse as a
// metropolitan "06 92 ..." number.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { frenchPhoneDisplay, groupFrenchDigits } from './phoneDisplay.js';

/** E.164 form of a Réunion, Mayotte or metropolitan French number, or undefined when invalid. */
export function toE164(text: string): string | undefined {
  for (const region of ['RE', 'YT', 'FR'] as const) {
    const parsed = parsePhoneNumberFromString(text, region);
    if (parsed?.isValid()) return parsed.number;
  }
  return undefined;
}

/** "0262 12 34 56" (Réunion, Mayotte: four-digit prefix), "01 23 45 67 89" (metropolitan). */
export function formatPhoneFr(e164: string): string {
  return frenchPhoneDisplay(e164) ?? formatPhoneWithMetadata(e164);
}

/** formatPhoneFr by libphonenumber's metadata, for any number (phoneDisplay.ts knows the French ones). */
export function formatPhoneWithMetadata(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  const digits = parsed.formatNational().replace(/\D/g, '');
  if (digits.length !== 10) return parsed.formatInternational();
  return groupFrenchDigits(digits);
}
