// Turning flags into typed options: zod at the edge (STYLE habit 8), with French messages
// (zod's fr locale) and the flag's name in front of each message. zod is large (~0.7 MB):
// commands that only need a number or a choice use ./parse.ts, which does not load it.
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
