// The second round of hostile tests: temp copies, stored control characters, the schema check,
// standard input for stats import, the error listing, misleading messages and backup names.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addTestPlaces, runCli, tempDir } from '../harness.js';
import { createContext } from '../../src/context.js';
import { BIN, cli, execSql, logicalDump, query } from './support.js';

async function storeWithPlaces(prefix = 'cafcharte-r2-'): Promise<string> {
  const db = join(tempDir(prefix), 'cafcharte.sqlite');
  await addTestPlaces(db);
  return db;
}

const isRoot = process.getuid?.() === 0;
const canUnshare = isRoot && spawnSync('unshare', ['-m', 'true']).status === 0;

describe('6. temp copies of the store', () => {
  it('a backup killed mid-copy leaves only a 0600 temp file, removed by the next run', async () => {
    const db = await storeWithPlaces();
    // About 16 MB of remarks, so that the copy takes long enough to be caught and killed.
    execSql(db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
      INSERT INTO logbook_entries (date, start_time, place_id, type, received, remarks, author, created_at, updated_at)
      SELECT '2026-10-01', printf('%02d:%02d', 8 + i / 600, i % 60), 1, 'teledeclaration', 1, hex(randomblob(2000)), 'x', 'x', 'x' FROM n`);
    const folder = join(db, '..');
    const previous = process.umask(0o000);
    const seen = new Map<string, number>();
    try {
      const child = spawn(process.execPath, [BIN, '--db', db, 'backup'], { stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      // Polls the folder until the backup's temp file appears (or the backup is over).
      const deadline = Date.now() + 15_000;
      while (seen.size === 0 && Date.now() < deadline && child.exitCode === null) {
        for (const name of readdirSync(folder).filter((f) => f.startsWith('.'))) {
          try {
            seen.set(name, statSync(join(folder, name)).mode & 0o777);
          } catch {
            // gone between the listing and the stat
          }
        }
      }
      child.kill('SIGKILL');
      await exited;
    } finally {
      process.umask(previous);
    }
    expect(seen.size, 'the temp file was never seen').toBeGreaterThan(0);
    for (const [name, mode] of seen) expect(mode, name).toBe(0o600);
    const left = readdirSync(folder).filter((f) => f.endsWith('.cafcharte-tmp'));
    for (const name of left) expect(statSync(join(folder, name)).mode & 0o777).toBe(0o600);
    expect(cli(['--db', db, 'places', 'list']).code).toBe(0);
    expect(readdirSync(folder).filter((f) => f.includes('cafcharte-tmp') || f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});

describe('8. control characters already stored', () => {
  it('are shown escaped on a terminal, never sent raw', async () => {
    const db = await storeWithPlaces();
    execSql(db, "UPDATE places SET name = 'Médiathèque ' || char(27) || ']52;c;ZXZpbA==' || char(7) || ' du Tampon' WHERE id = 1");
    for (const args of [['places', 'list'], ['places', 'show', '1']]) {
      const r = await runCli(args, { db, tty: true });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain('\u001b]52');
      expect(r.stdout).toContain('\\x1b]52;c;ZXZpbA==\\x07');
    }
    // JSON escapes them by itself; piped output is data, left as stored.
    const json = await runCli(['places', 'list', '--json'], { db });
    expect(json.stdout).toContain('\\u001b]52');
  });

  it('a NUL byte never reaches the store', async () => {
    const db = await storeWithPlaces();
    const before = logicalDump(db);
    const r = await runCli(['logbook', 'add', '--date', '2026-11-19', '--debut', '09:00', '--lieu', '1', '--type', 'teledeclaration', '--recus', '4', '--remarques', 'a\u0000b'], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--remarques');
    expect(r.stderr).toContain('\\x00');
    expect(logicalDump(db)).toBe(before);
  });
});

describe('8. control characters typed at a prompt', () => {
  it('are refused like in a flag: the question is asked again', async () => {
    const verdicts: (string | true)[] = [];
    const ctx = createContext({
      io: { stdout: { write: () => true }, stderr: { write: () => true }, stdoutIsTTY: true, interactive: true },
      env: {},
      now: () => new Date(),
      cwd: '/',
      prompter: {
        input: async (q) => {
          verdicts.push(q.validate!('Awa \u001b]52;c;eA==\u0007'), q.validate!('Awa Payet'));
          return 'Awa Payet';
        },
        select: async () => undefined as never,
        confirm: async () => true,
        password: async () => '',
      },
      openStore: () => Promise.reject(new Error('pas de magasin')),
    });
    await ctx.prompter.input({ message: 'Animateur' });
    expect(verdicts[0]).toMatch(/caractère de contrôle interdit \(\\x1b\)/);
    expect(verdicts[1]).toBe(true);
  });
});

describe('9. the schema is checked, not trusted', () => {
  const tampered: [string, string, RegExp[]][] = [
    [
      'a foreign trigger copying remarks into another table',
      "CREATE TABLE fuite (t TEXT); CREATE TRIGGER copie AFTER INSERT ON logbook_entries BEGIN INSERT INTO fuite VALUES (new.remarks); END;",
      [/table « fuite » en trop/, /déclencheur « copie » en trop/],
    ],
    ['the history’s no-update and no-delete triggers dropped', 'HISTORY_TRIGGERS', [/déclencheur « .* » manquant/]],
    ['logbook_history missing', 'DROP TABLE logbook_history', [/table « logbook_history » manquante/]],
    ['a column added', 'ALTER TABLE places ADD COLUMN commentaire TEXT', [/table « places » différente/]],
    ['a table named x"y', 'CREATE TABLE "x""y" (a)', [/table « x"y » en trop/]],
  ];

  it.each(tampered)('check reports %s (exit 10) and restore refuses it', async (_name, sql, expected) => {
    const db = await storeWithPlaces();
    const triggers = (query<{ names: string }>(db, "SELECT group_concat(name, ',') AS names FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'logbook_history'").names ?? '').split(',').filter(Boolean);
    const statement = sql === 'HISTORY_TRIGGERS' ? triggers.map((t) => `DROP TRIGGER "${t}";`).join(' ') : sql;
    expect(statement).not.toBe('');
    const bad = join(tempDir(), 'trafique.sqlite');
    copyFileSync(db, bad);
    execSql(bad, statement);
    const check = cli(['--db', bad, 'check']);
    expect(check.code, check.stdout + check.stderr).toBe(1);
    for (const pattern of expected) expect(check.stderr).toMatch(pattern);
    expect(check.stdout).not.toContain('Tout est en ordre');
    execSql(bad, 'PRAGMA journal_mode = DELETE');
    const before = logicalDump(db);
    const restore = cli(['--db', db, 'restore', bad]);
    expect(restore.code, restore.stderr).toBe(2);
    for (const pattern of expected) expect(restore.stderr).toMatch(pattern);
    expect(logicalDump(db)).toBe(before);
  });

  it('a sound store passes', async () => {
    const db = await storeWithPlaces();
    const check = cli(['--db', db, 'check']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('Tout est en ordre');
  });
});

const HEADER = 'mois;perimetre;indicateur;rubrique;valeur\n';

describe('12. stats import reads regular files or standard input, once', () => {
  it('« - » reads standard input once and imports it', async () => {
    const db = await storeWithPlaces();
    const r = cli(['--db', db, 'stats', 'import', '-'], { input: `${HEADER}2026-07;Le Tampon;consultations;;120\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('entrée standard');
    expect(query<{ n: number }>(db, "SELECT value AS n FROM caf_figures WHERE month = '2026-07'").n).toBe(120);
    expect(readdirSync(join(db, '..')).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('/dev/stdin (a pipe) is refused with a message that says to use « - »', async () => {
    const db = await storeWithPlaces();
    const r = cli(['--db', db, 'stats', 'import', '/dev/stdin'], { input: `${HEADER}2026-07;Le Tampon;consultations;;120\n` });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('« - »');
  });
});

describe('14. stats import lists the first 50 bad rows, then a count by reason', () => {
  it('528 bad rows: 50 shown, counts by reason, the whole list in --rapport-erreurs', async () => {
    const db = await storeWithPlaces();
    const folder = tempDir();
    const lines = [];
    for (let i = 0; i < 528; i++) lines.push(i % 2 ? `2026-07;Saint-Denis;consultations;;${i}` : `2026-13;Le Tampon;consultations;;${i}`);
    writeFileSync(join(folder, 'mauvais.csv'), HEADER + lines.join('\n') + '\n');
    const report = join(folder, 'erreurs.csv');
    const r = await runCli(['stats', 'import', join(folder, 'mauvais.csv'), '--rapport-erreurs', report], { db });
    expect(r.code).toBe(2);
    const rowLines = r.stderr.split('\n').filter((l) => /^\s+ligne \d+ :/.test(l));
    expect(rowLines).toHaveLength(50);
    expect(r.stderr).toContain('478 autres lignes refusées');
    expect(r.stderr).toMatch(/264 × .*hors du territoire/);
    expect(r.stderr.split('\n').length).toBeLessThan(70);
    const listed = readFileSync(report, 'utf8').trim().split('\n');
    expect(listed[0]).toBe('ligne;motif');
    expect(listed.slice(1).map((l) => Number(l.split(';')[0]))).toEqual(Array.from({ length: 528 }, (_, i) => i + 2));
  });
});

describe('13. messages that used to mislead', () => {
  it('two backups in the same second: two files, the second with a counter', async () => {
    const db = await storeWithPlaces();
    const first = await runCli(['backup'], { db });
    const second = await runCli(['backup'], { db });
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain('--ecraser');
    expect(first.stdout.trim()).toMatch(/cafcharte-sauvegarde-20261126-120000\.sqlite$/);
    expect(second.stdout.trim()).toMatch(/cafcharte-sauvegarde-20261126-120000-2\.sqlite$/);
  });

  it.skipIf(!isRoot)('a device as the store (CAFCHARTE_DB=/dev/null): refused, exit 2, no journal left beside it', async () => {
    const folder = tempDir();
    const device = join(folder, 'null');
    expect(spawnSync('mknod', [device, 'c', '1', '3']).status).toBe(0);
    const r = cli(['places', 'list'], { env: { CAFCHARTE_DB: device } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('n’est pas un fichier ordinaire');
    expect(readdirSync(folder)).toEqual(['null']);
  });

  it.skipIf(!canUnshare)('a store on a read-only mount: says so (exit 1), not « not a SQLite file »', async () => {
    const db = await storeWithPlaces();
    const folder = join(db, '..');
    const script = `mount --bind '${folder}' '${folder}' && mount -o remount,ro,bind '${folder}' && '${process.execPath}' '${BIN}' --db '${db}' places list; echo "code=$?"`;
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/code=1/);
    expect(r.stderr).toMatch(/n’est pas accessible en écriture|lecture seule/);
    expect(r.stderr).not.toMatch(/pas une base SQLite|Erreur interne/);
  });

  it.skipIf(!canUnshare)('a read-only store file: its own message (exit 1), not « Erreur interne »', async () => {
    const db = await storeWithPlaces();
    const script = `mount --bind '${db}' '${db}' && mount -o remount,ro,bind '${db}' && '${process.execPath}' '${BIN}' --db '${db}' places add --nom 'Lieu' --type autre --commune 'Le Tampon' --adresse '1 rue' --code-postal 97430 --telephone '0262 00 00 00'; echo "code=$?"`;
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/code=1/);
    expect(r.stderr).toMatch(/lecture seule/);
    expect(r.stderr).not.toMatch(/Erreur interne/);
  });

  it.skipIf(!canUnshare)('a store on a full disk: « le disque est plein » (exit 1)', async () => {
    const source = await storeWithPlaces();
    const disk = join(tempDir(), 'disque');
    mkdirSync(disk);
    const script = [
      `mount -t tmpfs -o size=300k tmpfs '${disk}'`,
      `cp '${source}' '${disk}/cafcharte.sqlite'`,
      `head -c 400000 /dev/zero > '${disk}/remplissage' 2>/dev/null`,
      `'${process.execPath}' '${BIN}' --db '${disk}/cafcharte.sqlite' places add --nom 'Lieu' --type autre --commune 'Le Tampon' --adresse '1 rue' --code-postal 97430 --telephone '0262 00 00 00'`,
      'echo "code=$?"',
    ].join('\n');
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/code=1/);
    expect(r.stderr).toMatch(/disque .*plein/);
    expect(r.stderr).not.toMatch(/Erreur interne|pas une base SQLite/);
  });
});

describe('15. backup names', () => {
  it('use Réunion time (UTC+4), like every date the tool writes', async () => {
    const db = await storeWithPlaces();
    // 21:30 UTC on 31 December is already 1 January 01:30 in La Réunion.
    const r = await runCli(['backup'], { db, now: new Date('2026-12-31T21:30:00Z') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/cafcharte-sauvegarde-20270101-013000\.sqlite$/);
    expect(existsSync(r.stdout.trim())).toBe(true);
  });
});
