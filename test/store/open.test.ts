import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { SCHEMA_VERSION } from '../../src/store/migrations/latest.js';
import type { Migration } from '../../src/store/migrate.js';
// The SQLite file itself (modes, pragmas, migration copies): a SQLite path on either half of the suite.
import { runCli, tempDir, tempSqliteDb as tempDb } from '../harness.js';

const now = () => new Date('2026-11-26T08:00:00Z');

describe('the store', () => {
  it('knows its schema version without loading the migrations: the registry’s last one', () => {
    // Opening an up-to-date store compares user_version with SCHEMA_VERSION alone.
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)!.version);
  });

  it('is created 0600 in a 0700 folder whatever the umask, with WAL and foreign keys', async () => {
    const folder = join(tempDir(), 'nouveau', 'dossier');
    const path = join(folder, 'cafcharte.sqlite');
    const old = process.umask(0o000);
    try {
      const db = await openStore(path, { now });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
      db.close();
    } finally {
      process.umask(old);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
  });

  it('is seeded with the ten communes and the charter', async () => {
    const db = await openStore(tempDb(), { now });
    const communes = db.prepare('SELECT name FROM communes ORDER BY name').all().map((r) => (r as { name: string }).name);
    expect(communes).toEqual(['Cilaos', 'Entre-Deux', 'Étang-Salé', 'Le Tampon', 'Les Avirons', 'Petite-Île', 'Saint-Joseph', 'Saint-Louis', 'Saint-Philippe', 'Saint-Pierre'].sort());
    const charter = JSON.parse((db.prepare('SELECT document FROM charter').get() as { document: string }).document);
    expect(charter.parties.caf.adresse).toBe('412 rue Fleur de Jade, CS61038, 97833 Sainte-Marie Cedex');
    expect(charter.conditions.duree_annees).toBe(1);
    db.close();
  });

  it('backs up a store holding data before migrating it, and keeps the data', async () => {
    const path = tempDb();
    const first = await openStore(path, { now, migrations: MIGRATIONS });
    first.prepare(`INSERT INTO copil_meetings (held_on, recorded_at) VALUES ('2026-09-10', 'x')`).run();
    first.close();
    const extra: Migration = {
      version: MIGRATIONS.at(-1)!.version + 1,
      name: 'test',
      up: (db) => db.exec('CREATE TABLE test_extra (id INTEGER PRIMARY KEY) STRICT'),
      postgres: async () => undefined,
    };
    const db = await openStore(path, { now, migrations: [...MIGRATIONS, extra] });
    expect(db.pragma('user_version', { simple: true })).toBe(extra.version);
    expect((db.prepare('SELECT count(*) AS n FROM copil_meetings').get() as { n: number }).n).toBe(1);
    db.close();
    const backups = readdirSync(join(path, '..')).filter((f) => f.includes('avant-migration'));
    expect(backups).toHaveLength(1);
    expect(statSync(join(path, '..', backups[0])).mode & 0o777).toBe(0o600);
    const backup = await openStore(join(path, '..', backups[0]), { now, readonly: true, migrations: MIGRATIONS });
    expect((backup.prepare('SELECT count(*) AS n FROM copil_meetings').get() as { n: number }).n).toBe(1);
    backup.close();
  });

  it('refuses a store from a newer version without touching it (exit 2)', async () => {
    const path = tempDb();
    const db = await openStore(path, { now });
    db.pragma('user_version = 999');
    db.close();
    const before = readFileSync(path);
    const r = await runCli(['charter-status'], { db: path });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('version plus récente');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a file that is not SQLite, and a SQLite file that is not a cafcharte store', async () => {
    const folder = tempDir();
    const text = join(folder, 'notes.sqlite');
    writeFileSync(text, 'ceci n’est pas une base de données\n'.repeat(200));
    const r = await runCli(['places', 'list'], { db: text });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('n’est pas un magasin cafcharte');
    expect(readFileSync(text, 'utf8')).toContain('ceci n’est pas');
    const { createRequire } = await import('node:module');
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const other = join(folder, 'autre.sqlite');
    const o = new Database(other);
    o.exec('CREATE TABLE clients (nom TEXT)');
    o.close();
    const r2 = await runCli(['places', 'list'], { db: other });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('pas un magasin cafcharte');
  });

  it('takes --db, else CAFCHARTE_DB, else the XDG data folder', async () => {
    const folder = tempDir();
    const fromEnv = join(folder, 'env.sqlite');
    await runCli(['charter', 'sign', '--date', '2026-03-15'], { env: { CAFCHARTE_DB: fromEnv } });
    expect(existsSync(fromEnv)).toBe(true);
    const xdg = join(folder, 'xdg');
    await runCli(['charter-status'], { env: { XDG_DATA_HOME: xdg } });
    expect(existsSync(join(xdg, 'cafcharte', 'cafcharte.sqlite'))).toBe(true);
    const explicit = join(folder, 'explicite.sqlite');
    await runCli(['charter-status', '--db', explicit], { env: { CAFCHARTE_DB: fromEnv } });
    expect(existsSync(explicit)).toBe(true);
  });
});
