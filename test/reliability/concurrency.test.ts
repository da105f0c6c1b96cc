// 2-4. Concurrent writers and crashes during small writes. Workers run the real command path of
// the built bundle in separate processes (test/reliability/worker.mjs).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { addTestPlaces, runCli, tempDir } from '../harness.js';
import { cli, FULL, query, runWorker, WORKER } from './support.js';

/** Starts a worker, waits until its first command has written, then kills it `delay` ms later. */
async function killMidLoop(args: string[], delay: number): Promise<void> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise((r) => child.on('exit', r));
  await new Promise<void>((r) => child.stdout.once('data', () => r()));
  await new Promise((r) => setTimeout(r, delay));
  child.kill('SIGKILL');
  await exited;
}

async function storeWithPlaces(): Promise<string> {
  const db = join(tempDir('cafcharte-concurrence-'), 'cafcharte.sqlite');
  await addTestPlaces(db);
  return db;
}

describe('two writers at once', () => {
  it('two processes each adding 500 logbook entries: 1,000 entries, none lost, no SQLITE_BUSY', async () => {
    const db = await storeWithPlaces();
    const [a, b] = await Promise.all([runWorker(['logbook-add', db, '500', 'a']), runWorker(['logbook-add', db, '500', 'b'])]);
    expect(a.stderr).not.toMatch(/SQLITE_BUSY|occupé/);
    expect(b.stderr).not.toMatch(/SQLITE_BUSY|occupé/);
    expect(JSON.parse(a.stdout), a.stderr.slice(0, 500)).toEqual({ 0: 500 });
    expect(JSON.parse(b.stdout), b.stderr.slice(0, 500)).toEqual({ 0: 500 });
    expect(query<{ n: number }>(db, 'SELECT count(*) AS n FROM logbook_entries').n).toBe(1000);
    expect(query<{ n: number }>(db, "SELECT count(*) AS n FROM logbook_history WHERE action = 'ajout'").n).toBe(1000);
  }, 120_000);

  it('two processes booking the last seats: never more than capacity', async () => {
    const db = await storeWithPlaces();
    const add = await runCli(['sessions', 'add', '--lieu', '1', '--date', '2030-12-04', '--debut', '14:00', '--fin', '16:00', '--type', 'teledeclaration', '--capacite', '10'], { db });
    expect(add.code, add.stderr).toBe(0);
    for (let i = 0; i < 7; i++) expect((await runCli(['sessions', 'book', '1'], { db })).code).toBe(0);
    // 3 seats left, 2 x 6 attempts.
    const [a, b] = await Promise.all([runWorker(['book', db, '1', '6']), runWorker(['book', db, '1', '6'])]);
    const codes = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    const won = codes.reduce((n, c) => n + (c['0'] ?? 0), 0);
    const refused = codes.reduce((n, c) => n + (c['4'] ?? 0), 0);
    expect(won).toBe(3);
    expect(refused).toBe(9);
    expect(query<{ n: number }>(db, "SELECT coalesce(sum(seats), 0) AS n FROM bookings WHERE session_id = 1 AND status = 'confirmee'").n).toBe(10);
  }, 120_000);
});

describe('crash during small writes', () => {
  it('logbook add killed at random moments: every entry is whole (entry and its history) or absent', async () => {
    const db = await storeWithPlaces();
    const rounds = FULL ? 30 : 8;
    for (let i = 0; i < rounds; i++) {
      await killMidLoop([WORKER, 'logbook-add', db, '400', i % 2 ? 'a' : 'b'], (i * 37) % 250);
      const check = cli(['--db', db, 'check']);
      expect(check.code, check.stderr).toBe(0);
      const orphans = query<{ n: number }>(
        db,
        `SELECT count(*) AS n FROM logbook_entries e WHERE NOT EXISTS (SELECT 1 FROM logbook_history h WHERE h.entry_id = e.id AND h.action = 'ajout')`,
      ).n;
      const ghosts = query<{ n: number }>(db, `SELECT count(*) AS n FROM logbook_history h WHERE NOT EXISTS (SELECT 1 FROM logbook_entries e WHERE e.id = h.entry_id)`).n;
      expect(orphans).toBe(0);
      expect(ghosts).toBe(0);
    }
    expect(query<{ n: number }>(db, 'SELECT count(*) AS n FROM logbook_entries').n).toBeGreaterThan(0);
  }, 180_000);

  it('session booking killed at random moments: booked seats never exceed capacity, bookings whole', async () => {
    const db = await storeWithPlaces();
    await runCli(['sessions', 'add', '--lieu', '1', '--date', '2030-12-04', '--debut', '14:00', '--fin', '16:00', '--type', 'teledeclaration', '--capacite', '300'], { db });
    const rounds = FULL ? 20 : 6;
    for (let i = 0; i < rounds; i++) {
      await killMidLoop([WORKER, 'book', db, '1', '100'], (i * 53) % 250);
      expect(cli(['--db', db, 'check']).code).toBe(0);
      const seats = query<{ n: number }>(db, "SELECT coalesce(sum(seats), 0) AS n FROM bookings WHERE session_id = 1 AND status = 'confirmee'").n;
      expect(seats).toBeLessThanOrEqual(300);
      // What `sessions show` reports is the sum of the bookings themselves.
      const shown = JSON.parse(cli(['--db', db, 'sessions', 'show', '1', '--json']).stdout);
      expect(shown.places_reservees).toBe(seats);
    }
  }, 180_000);
});
