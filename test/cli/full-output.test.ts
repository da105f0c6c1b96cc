// An output that cannot be written (`cafcharte … > fichier` on a full disk; /dev/full stands in
// for it) must not pass for a whole one: one French line on stderr, exit 1, no stack trace. A
// reader that closes the pipe early (`| head`) is not an error. Both paths of bin/cafcharte:
// --version, answered by bin itself, and a command, answered by the bundle.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'cafcharte');
// The output path is the same on both engines: a SQLite store in a folder of this test.
const folder = mkdtempSync(join(tmpdir(), 'cafcharte-output-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const db = join(folder, 'magasin.sqlite');
const MESSAGE = 'Erreur\u00a0: la sortie n’a pas pu être écrite (le disque est plein)\u202f; elle est incomplète.\n';

function runInto(path: string, args: string[]) {
  const out = openSync(path, 'w');
  try {
    return spawnSync(process.execPath, [bin, ...args], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
  } finally {
    closeSync(out);
  }
}

describe.skipIf(!existsSync('/dev/full'))('an output that cannot be written', () => {
  it.each([[['--version']], [['-V']]])('cafcharte %s > /dev/full: French message, exit 1', (args) => {
    const r = runInto('/dev/full', args);
    expect(r.stderr).toBe(MESSAGE);
    expect(r.status).toBe(1);
  });

  it('a command whose output fails: the same message, exit 1, no stack trace', () => {
    const r = runInto('/dev/full', ['--db', db, 'charter-status']);
    expect(r.stderr).toBe(MESSAGE);
    expect(r.status).toBe(1);
  });
});

describe('a reader that stops early', () => {
  // The reading end of the pipe is closed right after the spawn, long before Node has started in
  // the child: its first write meets EPIPE.
  async function intoClosedPipe(args: string[]) {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [status] = (await once(child, 'close')) as [number];
    return { status, stderr };
  }

  it.each([[['--version']], [['--db', db, 'charter-status']]])('cafcharte %s into a closed pipe: exit 0, no message', async (args) => {
    expect(await intoClosedPipe(args)).toEqual({ status: 0, stderr: '' });
  });
});
