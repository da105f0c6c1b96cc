// `cafcharte --version` is answered by bin/cafcharte itself, before the bundle is loaded: a copy of
// bin/ and package.json with no dist/ beside them still prints the version (and nothing else),
// while any other command line still goes to the bundle.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bare = mkdtempSync(join(tmpdir(), 'cafcharte-bin-'));
cpSync(join(root, 'bin'), join(bare, 'bin'), { recursive: true });
copyFileSync(join(root, 'package.json'), join(bare, 'package.json'));
afterAll(() => rmSync(bare, { recursive: true, force: true }));

// What the bundle itself answers (its version is package.json's, written in at build time).
const bundled = spawnSync(process.execPath, [join(root, 'bin', 'cafcharte'), '--db', join(bare, 'y.sqlite'), '--version'], { encoding: 'utf8' }).stdout;

const runBare = (args: string[]) => spawnSync(process.execPath, [join(bare, 'bin', 'cafcharte'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH } });

describe('--version before the bundle', () => {
  it.each([['--version'], ['-V']])('answers « %s » without dist/', (flag) => {
    const r = runBare([flag]);
    expect(r.stderr).toBe('');
    expect(bundled).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.stdout).toBe(bundled);
    expect(r.status).toBe(0);
  });

  it('leaves every other command line to the bundle', () => {
    const r = runBare(['--db', join(bare, 'x.sqlite'), '--version']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Relancez « npm install »');
  });
});
