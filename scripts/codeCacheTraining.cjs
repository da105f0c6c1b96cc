// The child process of scripts/codeCache.mjs: runs one command line (given as JSON after dist/)
// in the current folder, compiling the bundle with the cache the previous runs wrote, then writes
// the cache of every bundle file it loaded. Functions the earlier runs compiled are still compiled
// (read from their cache) when it is written again, so the cache of a shared file holds what
// every command line of the training needed, not only this one.
'use strict';
const path = require('node:path');
const [dist, argvJson] = process.argv.slice(2);
const { useCodeCache } = require('../bin/codeCache.js');
const cache = useCodeCache(dist, { record: true });
const { runArgs } = require(path.join(dist, 'cafcharte.cjs'));

(async () => {
  const argv = JSON.parse(argvJson);
  // The command's own output is not wanted here; a failure is.
  process.stdout.write = () => true;
  const code = await runArgs(argv);
  if (code !== 0) throw new Error(`« cafcharte ${argv.join(' ')} » a fini avec le code ${code}`);
  cache.saveCodeCache();
})().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
