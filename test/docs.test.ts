// The documentation tells the truth: the README's example commands run, in order, on a fresh
// store; the command reference is the commands' own help, regenerated.
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateReference, REFERENCE_PATH } from '../scripts/docs.mjs';
import { ENGINE, runCli, tempDir } from './harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Splits a shell line into words: double and single quotes, no expansion. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** Every line of the README's ```sh blocks, comments removed, in order. */
function shellLines(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '');
}

describe('README', () => {
  const previous = process.cwd();
  afterAll(() => process.chdir(previous));

  it('starts with the install, the demo and the test command', () => {
    expect(shellLines(readme).slice(0, 3)).toEqual(['npm install', 'npx cafcharte demo', 'npm test']);
  });

  // The README's commands use the default SQLite store (or the demo's): the same on the PostgreSQL
  // half, so they run once. Several build a year of the charter: minutes on a loaded machine.
  it.skipIf(ENGINE === 'postgres')('has example commands that all succeed, in order, on a fresh store', { timeout: 180_000 }, async () => {
    // A new user's folder: the project's data beside it, nothing else.
    const cwd = tempDir('cafcharte-readme-');
    symlinkSync(join(root, 'data'), join(cwd, 'data'));
    mkdirSync(join(cwd, 'home'));
    process.chdir(cwd); // relative --db and CAFCHARTE_DB paths are relative to the user's folder
    const env: Record<string, string> = { XDG_DATA_HOME: join(cwd, 'home') };
    let ran = 0;
    for (const line of shellLines(readme)) {
      const [first, ...rest] = words(line);
      if (first === 'npm') continue; // install and test: what this suite is
      if (first === 'export') {
        const [name, value] = rest.join(' ').split('=');
        env[name!] = value!;
        continue;
      }
      const argv = first === 'npx' ? rest.slice(1) : first === 'cafcharte' ? rest : undefined;
      expect(argv, `ligne d’exemple non reconnue : ${line}`).toBeDefined();
      const r = await runCli(argv!, { cwd, env });
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      ran++;
    }
    expect(ran).toBeGreaterThanOrEqual(12);
  });
});

describe('the command reference', () => {
  it('is the commands’ own help, regenerated (run `npm run docs` when this fails)', async () => {
    const generated = await generateReference(async (path) => {
      const r = await runCli([...path, '--help']);
      expect(r.code).toBe(0);
      return r.typeset.stdout; // the reference keeps the help's French spacing
    });
    // Every level of commands is walked, not only the root.
    expect(generated).toContain('## `cafcharte charter copil meeting add`');
    expect(generated).toContain('## `cafcharte logbook add`');
    expect(readFileSync(REFERENCE_PATH, 'utf8')).toBe(generated);
  });
});
