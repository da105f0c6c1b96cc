// Files shipped with the tool (templates/, data/), found from the TypeScript sources as well as
// from the bundle in dist/ (whose chunks sit one or two folders deeper than the sources).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The absolute path of `relative` (e.g. "templates/affiche.svg") in the installed package, or undefined. */
export function shippedFile(relative: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}
