// Two identical `logbook add` started at the same instant: one is saved, the other refused as a
// duplicate (exit 4). The duplicate check runs inside the write transaction.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { addTestPlaces, tempDir } from '../harness.js';
import { BIN, FULL, query } from './support.js';

function start(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    child.on('close', (code) => resolve(code ?? -1));
  });
}

describe('concurrent duplicates', () => {
  it('two identical logbook add at once: never both saved', async () => {
    const db = join(tempDir('cafcharte-doublons-'), 'cafcharte.sqlite');
    await addTestPlaces(db);
    const tries = FULL ? 50 : 12;
    let bothSaved = 0;
    for (let i = 0; i < tries; i++) {
      const time = `${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
      const args = ['--db', db, 'logbook', 'add', '--date', '2026-11-18', '--debut', time, '--lieu', '1', '--type', 'teledeclaration', '--recus', '4'];
      const codes = await Promise.all([start(args), start(args)]);
      expect(codes.sort()).toContain(0);
      if (codes.every((c) => c === 0)) bothSaved++;
      else expect(codes.sort()).toEqual([0, 4]);
    }
    const duplicates = query<{ n: number }>(db, 'SELECT count(*) AS n FROM (SELECT 1 FROM logbook_entries GROUP BY start_time HAVING count(*) > 1)').n;
    expect({ bothSaved, duplicates }, `doublons : ${bothSaved}/${tries}`).toEqual({ bothSaved: 0, duplicates: 0 });
  }, 300_000);
});
