// 7. File modes: the store and its backups are private (0600) whatever the umask; exported files
// follow the umask like any file the user writes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { addTestPlaces, runCli, tempDir } from '../harness.js';

let previous: number;
beforeEach(() => {
  previous = process.umask(0o000);
});
afterEach(() => {
  process.umask(previous);
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe('file modes', () => {
  it('a new store is 0600 in a 0700 folder, its backups 0600, even with umask 000', async () => {
    const folder = join(tempDir(), 'donnees');
    const db = join(folder, 'cafcharte.sqlite');
    await addTestPlaces(db);
    expect(mode(db)).toBe(0o600);
    expect(mode(folder)).toBe(0o700);
    const backup = await runCli(['backup'], { db });
    expect(backup.code).toBe(0);
    expect(mode(backup.stdout.trim())).toBe(0o600);
    const restore = await runCli(['restore', backup.stdout.trim()], { db });
    expect(restore.code, restore.stderr).toBe(0);
    expect(mode(db)).toBe(0o600);
    for (const f of readdirSync(folder).filter((f) => f.endsWith('.sqlite'))) expect(mode(join(folder, f)), f).toBe(0o600);
  });

  it('exports and posters follow the umask', async () => {
    const folder = tempDir();
    const db = join(folder, 'cafcharte.sqlite');
    await addTestPlaces(db);
    await runCli(['logbook', 'add', '--date', '2026-10-14', '--debut', '14:00', '--lieu', '1', '--type', 'teledeclaration', '--recus', '6'], { db });
    process.umask(0o022);
    const exported = await runCli(['export', '--mois', '2026-10', '--format', 'csv', '--sortie', folder, '--quoi', 'logbook'], { db });
    expect(exported.code, exported.stderr).toBe(0);
    const written = exported.stdout.trim().split('\n');
    expect(written.length).toBeGreaterThan(0);
    for (const f of written) expect(mode(f)).toBe(0o644);
    process.umask(0o027);
    const poster = await runCli(['poster', '--lieu', '1', '--format', 'svg', '--sortie', join(folder, 'affiche.svg')], { db, cwd: folder });
    expect(poster.code, poster.stderr).toBe(0);
    expect(mode(join(folder, 'affiche.svg'))).toBe(0o640);
  });
});
