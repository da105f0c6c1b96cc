// The personal-data guard's phone check, apart from its other detectors: libphonenumber is the
// largest piece of the guard, and only a text with digits needs it (commands/shared/guard.ts).
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * E.164 form of a phone number written any of the ways the guard's candidates take, or
 * undefined. Each is checked with both default regions, since "06 12 34 56 78" is only valid
 * for FR and "0692 12 34 56" is a Réunion number.
 */
export function phoneKey(written: string): string | undefined {
  const digits = written.replace(/[^\d+]/g, '');
  const tries = [written, digits];
  if (/^(?:\+|00)?(?:262|269|33)\d{9}$/.test(digits)) tries.push('+' + digits.replace(/^(?:\+|00)/, ''));
  if (/^(?:262|263|269|639|692|693)\d{6}$/.test(digits)) tries.push('0' + digits);
  for (const candidate of tries) {
    for (const region of ['RE', 'FR'] as const) {
      const parsed = parsePhoneNumberFromString(candidate, region);
      if (parsed?.isValid()) return parsed.number;
    }
  }
  return undefined;
}
