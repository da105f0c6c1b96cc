// Small flag parsers that do not need zod: a non-empty text, a whole number within bounds, one
// of a list.
import type { Command } from 'commander';
import { describeControlCharacter, findControlCharacter } from '../../domain/controlCharacters.js';
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

/** Flags whose text may span several lines; every other flag is one line. */
const MULTILINE_FLAGS = new Set(['--remarques', '--resultats', '--notes', '--note', '--motif']);

/**
 * Refuses control characters in every flag and argument of the command about to run (C0 but tab,
 * and newline outside multi-line texts; DEL; C1): printed later they would drive the terminal
 * (OSC 52 writes the clipboard), and a NUL must never reach the store. Called once, for every
 * command, before its action.
 */
export function refuseControlCharacters(command: Command): void {
  const check = (value: unknown, field: string, multiline: boolean) => {
    for (const text of Array.isArray(value) ? value : [value]) {
      if (typeof text !== 'string') continue;
      const found = findControlCharacter(text, { multiline });
      if (found !== undefined) {
        throw new UsageError(
          `${field} : caractère de contrôle interdit (${describeControlCharacter(found)}) ; retirez-le${multiline ? '' : ' (un retour à la ligne n’est admis que dans les remarques, résultats et notes)'}.`,
        );
      }
    }
  };
  for (const option of command.options) {
    const flag = option.long ?? option.short ?? '';
    check(command.getOptionValue(option.attributeName()), flag, MULTILINE_FLAGS.has(flag));
  }
  command.registeredArguments.forEach((argument, i) => check(command.processedArgs[i], argument.name(), false));
}
