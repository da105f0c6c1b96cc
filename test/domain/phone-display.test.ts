// The French phone display without libphonenumber (src/domain/phoneDisplay.ts) must give what
// libphonenumber's national format gives, for every number it claims; the rest is left to it.
import { describe, expect, it } from 'vitest';
import { formatPhoneFr, formatPhoneWithMetadata, toE164 } from '../../src/domain/phone.js';
import { frenchPhoneDisplay } from '../../src/domain/phoneDisplay.js';

const TAILS = ['000000', '123456', '571234', '999999'];

describe('French phone display without metadata', () => {
  it('matches libphonenumber for every three-digit start of a metropolitan number and the Réunion and Mayotte prefixes', () => {
    const numbers = [
      ...Array.from({ length: 900 }, (_, i) => String(100 + i)).flatMap((start) => TAILS.map((tail) => `+33${start}${tail}`)),
      ...['262', '263', '269', '639', '692', '693'].flatMap((prefix) => TAILS.map((tail) => `+262${prefix}${tail}`)),
    ];
    for (const e164 of numbers) expect(frenchPhoneDisplay(e164), e164).toBe(formatPhoneWithMetadata(e164));
  });

  it('reads the stored forms of typed numbers', () => {
    expect(frenchPhoneDisplay(toE164('0262 57 87 87')!)).toBe('0262 57 87 87');
    expect(frenchPhoneDisplay(toE164('06 12 34 56 78')!)).toBe('06 12 34 56 78');
    expect(frenchPhoneDisplay(toE164('0269 61 12 34')!)).toBe('0269 61 12 34');
  });

  it('leaves other numbers to libphonenumber', () => {
    for (const e164 of ['+262123456789', '+590590123456', '+442071234567', '+3312345678', '+33012345678']) {
      expect(frenchPhoneDisplay(e164), e164).toBeUndefined();
    }
    expect(formatPhoneFr('+262123456789')).toBe(formatPhoneWithMetadata('+262123456789'));
    // Guadeloupe: by the metadata, in pairs.
    expect(formatPhoneFr('+590590123456')).toBe('05 90 12 34 56');
  });
});
