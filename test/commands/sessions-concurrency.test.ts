// Two real processes race for the last seat of a session: the IMMEDIATE transaction must let
// exactly one of them have it. Runs the bundle built by test/globalSetup.ts.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addTestPlaces, runCli, tempDb } from '../harness.js';

const BIN = new URL('../../bin/cafcharte', import.meta.url).pathname;

function book(db: string, id: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--db', db, 'sessions', 'book', String(id)], {
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('concurrent booking of the last seat', () => {
  it('lets exactly one of two processes take it; the other gets exit 4', async () => {
    const db = tempDb();
    await addTestPlaces(db);
    const rounds = 4;
    for (let round = 1; round <= rounds; round++) {
      // A session far enough ahead that the real clock of the children sees it as future.
      const add = await runCli(
        ['sessions', 'add', '--lieu', '1', '--date', `2030-03-0${round}`, '--debut', '10:00', '--fin', '12:00', '--type', 'courriel', '--capacite', '3', '--force'],
        { db },
      );
      expect(add.code).toBe(0);
      expect((await runCli(['sessions', 'book', String(round), '--places', '2'], { db })).code).toBe(0);

      const results = await Promise.all([book(db, round), book(db, round)]);
      const codes = results.map((r) => r.code).sort();
      expect(codes, results.map((r) => r.stderr).join('\n')).toEqual([0, 4]);
      expect(results.find((r) => r.code === 4)!.stderr).toContain('complète (3/3 places réservées)');
    }
    const sessions = JSON.parse((await runCli(['sessions', 'list', '--json'], { db })).stdout) as { places_reservees: number }[];
    expect(sessions.map((s) => s.places_reservees)).toEqual(Array(rounds).fill(3));
  });
});
