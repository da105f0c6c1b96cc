// The personal-data guard (charter art. 12) with its phone check bound: what most callers use.
// The detectors are in ./personalDataFinder.ts; the guard of the commands calls them directly,
// loading the phone check (./phoneKey.ts, libphonenumber) only for a text with digits.
import { findPersonalDataWith, type FindPersonalDataOptions, type PersonalDataFinding } from './personalDataFinder.js';
import { phoneKey } from './phoneKey.js';

export * from './personalDataFinder.js';

/** Finds personal data in `text`: sorted by position, never overlapping. */
export function findPersonalData(text: string, options: FindPersonalDataOptions = {}): PersonalDataFinding[] {
  return findPersonalDataWith(phoneKey, text, options);
}
