// Makes the V8 code cache of the bundle (bin/codeCache.js reads it at every start): runs the
// everyday commands once, in a child process started like `cafcharte` itself, on a demonstration
// store in a temporary folder, then writes the cache of every bundle file they compiled. What a
// command compiles while it runs is in the cache, so the functions `logbook add` calls are ready
// compiled at the next start. A missing or refused cache only costs speed: the build warns.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function writeCodeCache(dist) {
  const folder = mkdtempSync(resolve(tmpdir(), 'cafcharte-code-cache-'));
  try {
    const training = spawnSync(process.execPath, [fileURLToPath(new URL('codeCacheTraining.cjs', import.meta.url)), resolve(dist)], {
      cwd: folder,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CAFCHARTE_DB: '', TZ: process.env.TZ },
    });
    if (training.status !== 0) process.stderr.write(`avertissement : cache de code V8 non écrit (l’outil démarrera sans lui) :\n${training.stderr}\n`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
