// Small flag parsers that do not need zod: a non-empty text, a whole number within bounds, one
// of a list.
import { UsageError } from '../../errors.js';

/** A whole number within bounds, for counts and ids typed by users ("12", not "12.5" or "-1"). */
export function parseInteger(text: string | undefined, flag: string, bounds: { min?: number; max?: number } = {}): number {
  const min = bounds.min ?? 0;
  const max = bounds.max ?? 1_000_000;
  const value = text === undefined ? NaN : Number(text.trim());
  if (text === undefined || !/^-?\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${flag} : « ${text ?? ''} » n’est pas valide ; attendu un nombre entier entre ${min} et ${max}.`);
  }
  return value;
}

/** Optional integer: undefined stays undefined. */
export function parseOptionalInteger(text: string | undefined, flag: string, bounds: { min?: number; max?: number } = {}): number | undefined {
  return text === undefined ? undefined : parseInteger(text, flag, bounds);
}

/** One of a fixed list of values, with the list in the message. */
export function parseChoice<T extends string>(text: string | undefined, flag: string, choices: readonly T[]): T {
  if (text !== undefined && (choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`${flag} : « ${text ?? ''} » n’est pas une valeur admise ; attendu ${choices.join(', ')}.`);
}

/** A required free text, trimmed: empty or longer than `max` is a UsageError naming the flag. */
export function requireText(value: string | undefined, flag: string, max = 200): string {
  const text = value?.trim() ?? '';
  if (!text) throw new UsageError(`${flag} : texte manquant ; ce champ ne peut pas être vide.`);
  if (text.length > max) throw new UsageError(`${flag} : texte trop long (${text.length} caractères, ${max} au plus).`);
  return text;
}
