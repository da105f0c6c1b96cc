// French display of the phone numbers cafcharte stores (E.164), without libphonenumber: the
// numbers of metropolitan France (+33) and of Réunion and Mayotte (+262) read "0" then their
// nine digits, as libphonenumber's national format gives them. Loading its metadata costs a
// command like `poster` tens of milliseconds; phone.ts still handles every other number.

/** Réunion and Mayotte numbers (fixed and mobile) are grouped after a four-digit prefix. */
const FOUR_DIGIT_PREFIX = /^0(262|263|269|692|693|639)/;

/** The national form's ten digits, grouped: "0262 12 34 56" or "01 23 45 67 89". */
export function groupFrenchDigits(digits: string): string {
  if (FOUR_DIGIT_PREFIX.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4, 6)} ${digits.slice(6, 8)} ${digits.slice(8)}`;
  return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** The numbers whose national form is "0" and the nine digits (checked against libphonenumber by a test). */
const FRENCH_E164 = /^\+(?:33([1-9]\d{8})|262((?:262|263|269|639|692|693)\d{6}))$/;

/** "0262 12 34 56" for "+262262123456"; undefined for a number this module does not know. */
export function frenchPhoneDisplay(e164: string): string | undefined {
  const match = FRENCH_E164.exec(e164);
  return match ? groupFrenchDigits(`0${match[1] ?? match[2]}`) : undefined;
}
