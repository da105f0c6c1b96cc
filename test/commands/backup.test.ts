import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../harness.js';

async function storeWithData() {
  const folder = tempDir();
  const db = join(folder, 'cafcharte.sqlite');
  await runCli(['charter', 'sign', '--date', '2026-03-15'], { db });
  await runCli(['charter', 'copil', 'meeting', 'add', '--date', '2026-09-10'], { db });
  return { folder, db };
}

describe('backup, restore, check', () => {
  it('backs up next to the store with a timestamp, 0600 whatever the umask, and the copy holds the data', async () => {
    const { folder, db } = await storeWithData();
    const old = process.umask(0o000);
    let r;
    try {
      r = await runCli(['backup'], { db });
    } finally {
      process.umask(old);
    }
    expect(r.code).toBe(0);
    const path = r.stdout.trim();
    expect(path).toBe(join(folder, 'cafcharte-sauvegarde-20261126-120000.sqlite'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const status = JSON.parse((await runCli(['charter-status', '--date', '2026-10-01', '--json'], { db: path })).stdout);
    expect(status.signature).toBe('2026-03-15');
    expect(status.copil.derniere_reunion).toBe('2026-09-10');
    // Nothing left behind: no temp file, no journal beside the backup.
    expect(readdirSync(folder).filter((f) => f.includes('sauvegarde'))).toEqual(['cafcharte-sauvegarde-20261126-120000.sqlite']);
  });

  it('refuses to overwrite a backup without --ecraser, and an output folder that does not exist', async () => {
    const { folder, db } = await storeWithData();
    const target = join(folder, 'b.sqlite');
    expect((await runCli(['backup', '--sortie', target], { db })).code).toBe(0);
    expect((await runCli(['backup', '--sortie', target], { db })).code).toBe(4);
    expect((await runCli(['backup', '--sortie', target, '--ecraser'], { db })).code).toBe(0);
    const missing = await runCli(['backup', '--sortie', join(folder, 'absent', 'b.sqlite')], { db });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('n’existe pas');
  });

  it('restores a backup after backing up the current store', async () => {
    const { folder, db } = await storeWithData();
    const backup = join(folder, 'avant.sqlite');
    await runCli(['backup', '--sortie', backup], { db });
    await runCli(['charter', 'copil', 'meeting', 'add', '--date', '2026-12-10'], { db });
    const r = await runCli(['restore', backup], { db });
    expect(r.code).toBe(0);
    const meetings = JSON.parse((await runCli(['charter', 'copil', 'meeting', 'list', '--json'], { db })).stdout);
    expect(meetings.map((m: { date: string }) => m.date)).toEqual(['2026-09-10']);
    const safety = readdirSync(folder).find((f) => f.includes('avant-restauration'))!;
    const kept = JSON.parse((await runCli(['charter', 'copil', 'meeting', 'list', '--json'], { db: join(folder, safety) })).stdout);
    expect(kept).toHaveLength(2);
    expect(statSync(join(folder, safety)).mode & 0o777).toBe(0o600);
  });

  it('refuses to restore what is not a sound cafcharte store, leaving the store as it was', async () => {
    const { folder, db } = await storeWithData();
    const junk = join(folder, 'junk.sqlite');
    writeFileSync(junk, 'pas une base');
    const r = await runCli(['restore', junk], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('restauration refusée');
    expect((await runCli(['restore', join(folder, 'absent.sqlite')], { db })).code).toBe(3);
    expect(readdirSync(folder).some((f) => f.includes('avant-restauration'))).toBe(false);
    expect(JSON.parse((await runCli(['charter-status', '--json'], { db })).stdout).signature).toBe('2026-03-15');
  });

  it('checks the store: all well is exit 0; a store readable by others is exit 10 with a warning', async () => {
    const { db } = await storeWithData();
    const ok = await runCli(['check', '--json'], { db });
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.integrite).toEqual(['ok']);
    expect(report.cles_etrangeres).toBe(0);
    expect(report.effectifs.communes).toBe(10);
    expect(report.effectifs.copil_meetings).toBe(1);
    expect(report.droits).toBe('600');
    chmodSync(db, 0o644);
    const loose = await runCli(['check'], { db });
    expect(loose.code).toBe(1);
    expect(loose.stderr).toContain('lisible par d’autres');
    expect(existsSync(db)).toBe(true);
  });
});
