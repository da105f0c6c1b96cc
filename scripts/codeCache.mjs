// Makes the V8 code cache of the bundle (bin/codeCache.js reads it at every start): runs the
// everyday command lines, each in a child process started like `cafcharte` itself, on a
// demonstration store in a temporary folder. Each child compiles with the cache the previous ones
// wrote and writes it back with what it compiled too (scripts/codeCacheTraining.cjs), so the
// functions `logbook add` calls are ready compiled at its next start. One process per command
// line: in one long process V8 would discard the compiled code of the first commands (bytecode
// flushing) before the cache is written. A missing cache only costs speed: the build warns.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const demo = ['--db', join('cafcharte-demo', 'demo.sqlite')];
const empty = ['--db', 'vide.sqlite'];
const COMMAND_LINES = [
  ['demo'], // makes the store the others read
  ['--help'],
  [...empty, 'charter-status'], // a store being created and migrated...
  [...empty, 'charter-status'], // ...then opened as it is
  [...demo, 'sessions', 'list'],
  [...demo, 'logbook', 'list'],
  [...demo, 'places', 'list'],
  [...demo, 'logbook', 'missing'],
  [...demo, 'logbook', 'add', '--date', '2026-07-15', '--debut', '18:00', '--lieu', '1', '--type', 'decouverte-caf-fr', '--recus', '8',
    '--nouveaux', '3', '--duree', '90', '--animateur', 'Marie Hoarau', '--remarques', 'Atelier calme.', '--teledeclarations', '2',
    '--comptes-crees', '1', '--courriels', '3', '--attestations', '2', '--demarches-abouties', '4', '--resultats', 'Deux dossiers.',
    '--auteur', 'Construction'],
  [...demo, 'charter-status'],
];

export function writeCodeCache(dist) {
  const folder = mkdtempSync(resolve(tmpdir(), 'cafcharte-code-cache-'));
  const training = fileURLToPath(new URL('codeCacheTraining.cjs', import.meta.url));
  try {
    for (const argv of COMMAND_LINES) {
      const run = spawnSync(process.execPath, [training, resolve(dist), JSON.stringify(argv)], {
        cwd: folder,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', CAFCHARTE_DB: '' },
      });
      if (run.status !== 0) {
        process.stderr.write(`avertissement : cache de code V8 incomplet (l’outil démarrera plus lentement) :\n${run.stderr}\n`);
        return;
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
