// 8. A failed migration (injected) leaves the old store untouched and its backup in place.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import type { Migration } from '../../src/store/migrate.js';
import { tempDb } from '../harness.js';
import { logicalDump } from './support.js';

const now = () => new Date('2026-11-26T08:00:00Z');

describe('a failed migration', () => {
  it('leaves the old store untouched, and its backup in place, when a migration fails', async () => {
    const path = tempDb();
    const first = await openStore(path, { now });
    first.prepare(`INSERT INTO copil_meetings (held_on, recorded_at) VALUES ('2026-09-10', 'x')`).run();
    first.close();
    const failing: Migration = {
      version: MIGRATIONS.at(-1)!.version + 1,
      name: 'échoue',
      up: (db) => {
        db.exec('DROP TABLE copil_meetings');
        throw new Error('panne injectée');
      },
      postgres: async () => {
        throw new Error('panne injectée');
      },
    };
    const before = logicalDump(path);
    await expect(openStore(path, { now, migrations: [...MIGRATIONS, failing] })).rejects.toThrow(/panne injectée.*pas été modifié/);
    expect(logicalDump(path)).toBe(before);
    const db = await openStore(path, { now });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect((db.prepare('SELECT count(*) AS n FROM copil_meetings').get() as { n: number }).n).toBe(1);
    db.close();
    const backup = readdirSync(join(path, '..')).find((f) => f.includes('avant-migration'));
    expect(backup).toBeDefined();
    expect(logicalDump(join(path, '..', backup!))).toBe(before);
  });

});
