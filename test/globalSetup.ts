// Builds the bundle once, for the tests that run bin/cafcharte in child processes
// (concurrency, crashes). In-process tests use the TypeScript sources directly.
//
// Every temp folder of the run (tempDir(), the homes runCli gives, the PostgreSQL server's data,
// what child processes make) goes inside one folder of its own, removed after the run: TMPDIR
// is set before the workers start, so os.tmpdir() answers it in them and in their children.
// Without it each run left thousands of folders in /tmp, and a store opened there pays for
// reading them all (the sweep of stale temps reads the store's folder).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const run = mkdtempSync(join(tmpdir(), 'cafcharte-suite-'));
  // The PostgreSQL server runs as the `postgres` user when the suite runs as root: it must be
  // able to reach its data folder inside; listing this folder stays private.
  chmodSync(run, 0o711);
  process.env.TMPDIR = run;
  return () => rmSync(run, { recursive: true, force: true });
}
