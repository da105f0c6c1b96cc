// Builds the bundle once, for the tests that run bin/cafcharte in child processes
// (concurrency, crashes). In-process tests use the TypeScript sources directly.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
