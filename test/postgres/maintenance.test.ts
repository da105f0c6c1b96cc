// check and restore are about SQLite files: on PostgreSQL they say so and what to do instead,
// and leave the database as it was.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE, addTestPlaces, runCli, tempDb, tempDir } from '../harness.js';

describe.skipIf(ENGINE !== 'postgres')('check and restore on PostgreSQL', () => {
  it('check points to a backup to check; restore to a copy into an empty database', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const check = await runCli(['check'], { db });
    expect([check.code, check.stderr]).toEqual([2, expect.stringContaining('« check » contrôle un fichier SQLite')]);

    const backup = join(tempDir(), 'sauvegarde.sqlite');
    expect((await runCli(['backup', '--sortie', backup], { db })).code).toBe(0);
    expect((await runCli(['check'], { db: backup })).code).toBe(0);

    const before = (await runCli(['places', 'list', '--json'], { db })).stdout;
    const restore = await runCli(['restore', backup, '--oui'], { db });
    expect([restore.code, restore.stderr]).toEqual([2, expect.stringContaining('store copy --vers URL')]);
    expect((await runCli(['places', 'list', '--json'], { db })).stdout).toBe(before);
  });
});
