// The one place that loads better-sqlite3. Its JavaScript is bundled (loading a dozen CommonJS
// files from node_modules costs ~10 ms per command); its native addon is given by path, so the
// `bindings` package never probes the disk for it. Only store modules import this file, and they
// are loaded lazily: `--help` and `--version` never load the addon.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

let nativeBinding: string | undefined;

/** The compiled addon in node_modules/better-sqlite3/build/Release (built by `npm install`). */
function addonPath(): string {
  if (!nativeBinding) {
    const packageDir = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
    nativeBinding = join(packageDir, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(nativeBinding)) {
      throw new Error(`le module SQLite compilé est introuvable (${nativeBinding}) ; relancez « npm install »`);
    }
  }
  return nativeBinding;
}

/** Opens a SQLite file with better-sqlite3. */
export function openDatabase(path: string, options: Database.Options = {}): Database.Database {
  return new Database(path, { ...options, nativeBinding: addonPath() });
}
