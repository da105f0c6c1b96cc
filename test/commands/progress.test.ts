// Long operations through the in-process harness: the bar on a (fake) terminal, the summary
// line alone when piped, and Ctrl-C (a simulated interrupt) leaving everything as it was.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Interrupts } from '../../src/context.js';
import { addTestPlaces, runCli, tempDir } from '../harness.js';

/** Any of the no-break spaces French typography uses. */
const sp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** A clock that moves `step` ms each time it is read: long enough for the bar to show. */
function slowClock(step: number) {
  let now = 0;
  return () => (now += step);
}

/** Ctrl-C pressed as soon as the operation starts listening (heard at its first checkpoint). */
const ctrlCAtOnce: Interrupts = {
  listen(onInterrupt) {
    onInterrupt();
    return () => undefined;
  },
};

async function storeWithPlaces() {
  const folder = tempDir();
  const db = join(folder, 'cafcharte.sqlite');
  await addTestPlaces(db);
  return { folder, db };
}

describe('backup and restore: progress and Ctrl-C', () => {
  it('piped, writes the path on stdout and one summary line on stderr, nothing else', async () => {
    const { db } = await storeWithPlaces();
    const target = join(tempDir(), 'copie.sqlite');
    const r = await runCli(['backup', '--sortie', target], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${target}\n`);
    expect(sp(r.stderr)).toMatch(/^Sauvegarde : \d+ Ko copiés en 0,0 s\.\n$/);
  });

  it('on a terminal, draws the copy in bytes, then clears it for the summary', async () => {
    const { db } = await storeWithPlaces();
    const r = await runCli(['backup', '--sortie', join(tempDir(), 'copie.sqlite')], { db, stderrTTY: true, monotonic: slowClock(1100) });
    expect(r.code).toBe(0);
    expect(sp(r.stderr)).toMatch(/Sauvegarde : [█░]+ \d+ \/ \d+ Ko — \d+ %/);
    // The line cleared (ESC [2K), then the summary alone.
    expect(sp(r.stderr).split(`${String.fromCharCode(27)}[2K`).at(-1)).toMatch(/^Sauvegarde : \d+ Ko copiés en [\d,]+ s\.\n$/);
  });

  it('Ctrl-C during a backup: exit 130, no backup, no temp file, the message says nothing changed', async () => {
    const { folder, db } = await storeWithPlaces();
    const out = tempDir();
    const r = await runCli(['backup', '--sortie', join(out, 'copie.sqlite')], { db, interrupts: ctrlCAtOnce });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('sauvegarde interrompue (Ctrl-C) : aucun fichier n’a été écrit, le magasin est inchangé.');
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(folder).filter((name) => !name.startsWith('cafcharte.sqlite'))).toEqual([]);
  });

  it('Ctrl-C during a restore: exit 130, the store keeps its places, no safety copy, no temp file', async () => {
    const { folder, db } = await storeWithPlaces();
    const empty = join(tempDir(), 'vide.sqlite');
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { db: empty });
    const before = (await runCli(['places', 'list', '--json'], { db })).stdout;
    const r = await runCli(['restore', empty, '--oui'], { db, interrupts: ctrlCAtOnce });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('restauration interrompue (Ctrl-C) : le magasin n’a pas été modifié.');
    expect((await runCli(['places', 'list', '--json'], { db })).stdout).toBe(before);
    expect(readdirSync(folder).filter((name) => !name.startsWith('cafcharte.sqlite'))).toEqual([]);
    expect(readdirSync(folder).filter((name) => name.includes('tmp') || name.includes('avant-restauration'))).toEqual([]);
  });
});

describe('poster --tous: progress and Ctrl-C', () => {
  it('on a terminal, counts the posters; piped, only the summary', async () => {
    const { db } = await storeWithPlaces();
    const terminal = await runCli(['poster', '--tous', '--sortie', `${tempDir()}/`], { db, stderrTTY: true, monotonic: slowClock(600) });
    expect(terminal.code).toBe(0);
    expect(sp(terminal.stderr)).toMatch(/Affiches : [█░]+ [123] \/ 3 affiches — \d+ %/);
    const piped = await runCli(['poster', '--tous', '--sortie', `${tempDir()}/`], { db });
    expect(piped.stderr).toBe('Affiches : 3 affiches en 3 fichiers, en 0,0 s.\n');
    expect(piped.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('Ctrl-C before the files are written: exit 130 and an empty folder', async () => {
    const { db } = await storeWithPlaces();
    const out = tempDir();
    const r = await runCli(['poster', '--tous', '--sortie', `${out}/`], { db, interrupts: ctrlCAtOnce });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('affiches interrompues (Ctrl-C) : aucun fichier n’a été écrit.');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('export: Ctrl-C', () => {
  it('leaves the folder empty and exits 130', async () => {
    const { db } = await storeWithPlaces();
    const out = tempDir();
    const r = await runCli(['export', '--sortie', out, '--vide-ok'], { db, interrupts: ctrlCAtOnce });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('export interrompu (Ctrl-C) : aucun fichier n’a été écrit.');
    expect(readdirSync(out)).toEqual([]);
    expect(r.stdout).toBe('');
  });
});
