// Restore: an older backup is migrated on a private copy before anything is swapped; writers are
// excluded while the store is replaced (nothing acknowledged is lost); a store reached through a
// symbolic link stays a link to the restored data.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, lstatSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { addTestPlaces, runCli, tempDir } from '../harness.js';
import { BIN, cli, execSql, FULL, logicalDump, query, runWorker } from './support.js';

const now = () => new Date('2026-11-26T08:00:00Z');

function cliAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function storeWithPlaces(): Promise<string> {
  const db = join(tempDir('cafcharte-restauration-'), 'cafcharte.sqlite');
  await addTestPlaces(db);
  return db;
}

describe('restoring a backup made by an older schema', () => {
  const older = MIGRATIONS.slice(0, -1).map((m) => m.version);

  it.each(older)('a backup at schema %i is migrated before the swap: restored, checked, usable', async (version) => {
    const folder = tempDir('cafcharte-ancien-');
    const old = join(folder, `ancien-v${version}.sqlite`);
    const oldDb = await openStore(old, { now, migrations: MIGRATIONS.slice(0, version) });
    oldDb.prepare(`INSERT INTO places (name, kind, commune_insee, address, postal_code, phone, created_at, updated_at) VALUES ('Ancienne médiathèque', 'mediatheque', '97422', '1 rue', '97430', '+262262000000', 'x', 'x')`).run();
    oldDb.pragma('journal_mode = DELETE');
    oldDb.close();
    const db = await storeWithPlaces();
    const restore = cli(['--db', db, 'restore', old]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/conservé dans .*avant-restauration/);
    const check = cli(['--db', db, 'check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(query<{ name: string }>(db, 'SELECT name FROM places').name).toBe('Ancienne médiathèque');
    expect(query<{ user_version: number }>(db, 'PRAGMA user_version').user_version).toBe(MIGRATIONS.at(-1)!.version);
    const add = cli(['--db', db, 'logbook', 'add', '--date', '2026-11-18', '--debut', '14:00', '--lieu', '1', '--type', 'teledeclaration', '--recus', '2']);
    expect(add.code, add.stderr).toBe(0);
  });

  it('a backup whose migration fails (made by an older build) is refused: the store untouched, the message true', async () => {
    const folder = tempDir('cafcharte-ancien-');
    const old = join(folder, 'ancien-v3.sqlite');
    const oldDb = await openStore(old, { now, migrations: MIGRATIONS.slice(0, 3) });
    // An older build created this table one migration earlier: migration 4 cannot create it again.
    oldDb.exec('CREATE TABLE caf_imports (id INTEGER PRIMARY KEY)');
    oldDb.pragma('journal_mode = DELETE');
    oldDb.close();
    const db = await storeWithPlaces();
    const before = logicalDump(db);
    const restore = cli(['--db', db, 'restore', old]);
    expect(restore.code, restore.stderr).toBe(2);
    expect(restore.stderr).toMatch(/caf_imports/);
    expect(restore.stderr).toMatch(/n’a pas été modifié/);
    expect(logicalDump(db)).toBe(before);
    const check = cli(['--db', db, 'check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it('a backup that fails the checks after migration is refused and the store is left exactly as it was', async () => {
    const db = await storeWithPlaces();
    const bad = join(tempDir(), 'declencheur-etranger.sqlite');
    copyFileSync(db, bad);
    execSql(bad, "PRAGMA journal_mode = DELETE; CREATE TABLE fuite (t TEXT); CREATE TRIGGER copie AFTER INSERT ON logbook_entries BEGIN INSERT INTO fuite VALUES (new.remarks); END;");
    const before = logicalDump(db);
    const restore = cli(['--db', db, 'restore', bad]);
    expect(restore.code, restore.stdout).toBe(2);
    expect(restore.stderr).toMatch(/copie/);
    expect(restore.stderr).toMatch(/n’a pas été modifié/);
    expect(logicalDump(db)).toBe(before);
    expect(cli(['--db', db, 'check']).code).toBe(0);
    expect(readdirSync(join(db, '..')).filter((f) => f.includes('restauration') || f.endsWith('-tmp'))).toEqual([]);
  });
});

describe('restore while writers run', () => {
  it('every acknowledged logbook entry is in the final store or in the safety copy of a restore', async () => {
    const db = await storeWithPlaces();
    const backup = cli(['--db', db, 'backup']);
    expect(backup.code, backup.stderr).toBe(0);
    const source = backup.stdout.trim();
    const perWriter = FULL ? 300 : 60;
    const writers = Promise.all([runWorker(['logbook-acked', db, String(perWriter), 'a']), runWorker(['logbook-acked', db, String(perWriter), 'b'])]);
    let done = false;
    void writers.then(() => (done = true));
    const safetyCopies: string[] = [];
    let restores = 0;
    while (!done) {
      const r = await cliAsync(['--db', db, 'restore', source]);
      if (r.code === 0) {
        restores++;
        safetyCopies.push(/conservé dans (.*)\.$/m.exec(r.stdout)![1]);
      } else {
        expect(r.stderr, r.stderr).toMatch(/occupé/);
      }
    }
    const results = (await writers).map((w) => JSON.parse(w.stdout) as { codes: Record<string, number>; acked: string[] });
    expect(restores).toBeGreaterThan(0);
    const sql = "SELECT count(*) AS n FROM logbook_entries WHERE author = ? AND date || ' ' || start_time = ?";
    const lost: string[] = [];
    results.forEach((result, i) => {
      const author = `worker-${i === 0 ? 'a' : 'b'}`;
      for (const key of result.acked) {
        const places = [db, ...safetyCopies];
        if (!places.some((p) => query<{ n: number }>(p, sql, author, key).n > 0)) lost.push(`${author} ${key}`);
      }
    });
    expect(lost, `${lost.length} entrées acquittées perdues sur ${results.reduce((n, r) => n + r.acked.length, 0)} (${restores} restaurations)`).toEqual([]);
    expect(cli(['--db', db, 'check']).code).toBe(0);
  }, 300_000);
});

describe('a store reached through a symbolic link', () => {
  it('restore writes the restored data into the link’s target and keeps the link', async () => {
    const real = await storeWithPlaces();
    const backup = cli(['--db', real, 'backup']);
    const source = backup.stdout.trim();
    cli(['--db', real, 'places', 'add', '--nom', 'Lieu après la sauvegarde', '--type', 'autre', '--commune', 'Le Tampon', '--adresse', '3 rue', '--code-postal', '97430', '--telephone', '0262 00 00 00']);
    const link = join(tempDir('cafcharte-lien-'), 'lien.sqlite');
    symlinkSync(real, link);
    const restore = cli(['--db', link, 'restore', source]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(query<{ n: number }>(real, 'SELECT count(*) AS n FROM places').n).toBe(3);
    const add = await runCli(['places', 'add', '--nom', 'Lieu après la restauration', '--type', 'autre', '--commune', 'Le Tampon', '--adresse', '4 rue', '--code-postal', '97430', '--telephone', '0262 00 00 01'], { db: link });
    expect(add.code, add.stderr).toBe(0);
    expect(query<{ n: number }>(real, 'SELECT count(*) AS n FROM places').n).toBe(4);
  });
});
