// Turning flags into typed options: zod at the edge (STYLE habit 8), with French messages
// (zod's fr locale) and the flag's name in front of each message.
import { z } from 'zod';
import fr from 'zod/v4/locales/fr.js';
import { UsageError } from '../../errors.js';

z.config(fr());
export { z };

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Validates commander's raw options; the first problem becomes one UsageError naming the flag. */
export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown, flagNames: Record<string, string> = {}): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const flag = flagNames[key] ?? (key ? `--${kebab(key)}` : 'arguments');
    return `${flag} : ${issue.message}`;
  });
  throw new UsageError(messages[0]).withDetails(messages.slice(1));
}

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
