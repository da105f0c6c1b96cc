// The verbs' flags, validated with zod (STYLE habit 8). Loaded with run.ts when a verb runs,
// never at start-up: zod alone costs about 100 ms to load.
import { parseOptions, z } from '../shared/options.js';
import type { ImportOptions, ImportsOptions, ListOptions } from './run.js';

const importSchema = z.object({
  file: z.string().trim().min(1, 'chemin du fichier manquant'),
  dryRun: z.boolean().default(false),
  replace: z.boolean().default(false),
  errorReport: z.string().trim().min(1, 'chemin du fichier manquant').optional(),
});

const listSchema = z.object({
  semestre: z.string().optional(),
  mois: z.string().optional(),
  perimetre: z.string().trim().min(1).optional(),
  json: z.boolean().default(false),
});

const importsSchema = z.object({ json: z.boolean().default(false) });

export function importOptions(file: string, flags: { dryRun?: boolean; remplacer?: boolean; rapportErreurs?: string }): ImportOptions {
  return parseOptions(
    importSchema,
    { file, dryRun: flags.dryRun, replace: flags.remplacer, errorReport: flags.rapportErreurs },
    { file: '<fichier>', replace: '--remplacer', errorReport: '--rapport-erreurs' },
  );
}

export function listOptions(flags: Record<string, unknown>): ListOptions {
  return parseOptions(listSchema, flags);
}

export function importsOptions(flags: Record<string, unknown>): ImportsOptions {
  return parseOptions(importsSchema, flags);
}
