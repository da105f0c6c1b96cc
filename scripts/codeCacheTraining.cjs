// The child process of scripts/codeCache.mjs (run in an empty temporary folder, given dist/):
// the command lines users run every day, in one process, then their code cache written.
'use strict';
const path = require('node:path');
const dist = process.argv[2];
const { useCodeCache } = require('../bin/codeCache.js');
const cache = useCodeCache(dist, { record: true });
const { runArgs } = require(path.join(dist, 'cafcharte.cjs'));

const store = ['--db', path.join('cafcharte-demo', 'demo.sqlite')];
const emptyStore = ['--db', 'vide.sqlite'];
const commandLines = [
  ['--help'],
  // A store being created, then opened as it is: both paths of every start.
  [...emptyStore, 'charter-status'],
  [...emptyStore, 'charter-status'],
  ['demo'],
  [...store, 'charter-status'],
  [...store, 'logbook', 'add', '--date', '2026-07-15', '--debut', '18:00', '--lieu', '1', '--type', 'decouverte-caf-fr', '--recus', '8',
    '--nouveaux', '3', '--duree', '90', '--animateur', 'Marie Hoarau', '--remarques', 'Atelier calme.', '--teledeclarations', '2',
    '--comptes-crees', '1', '--courriels', '3', '--attestations', '2', '--demarches-abouties', '4', '--resultats', 'Deux dossiers.',
    '--auteur', 'Construction'],
  [...store, 'sessions', 'list'],
  [...store, 'logbook', 'list'],
  [...store, 'places', 'list'],
  [...store, 'logbook', 'missing'],
];

(async () => {
  // The commands' own output is not wanted here; errors are.
  process.stdout.write = () => true;
  for (const argv of commandLines) {
    const code = await runArgs(argv);
    if (code !== 0) throw new Error(`« cafcharte ${argv.join(' ')} » a fini avec le code ${code}`);
  }
  cache.saveCodeCache();
})().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
