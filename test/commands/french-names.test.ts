import { describe, expect, it } from 'vitest';
import { runCli, tempDb } from '../harness.js';

const ALIASES: [string, string][] = [
  ['logbook', 'carnet'],
  ['sessions', 'seances'],
  ['report', 'rapport'],
  ['poster', 'affiche'],
  ['charter', 'charte'],
  ['charter-status', 'etat-charte'],
];

describe('French command names', () => {
  it('the root help shows both names of each command', async () => {
    const r = await runCli(['--help']);
    for (const [english, french] of ALIASES) expect(r.stdout).toContain(`${english}|${french}`);
  });

  it.each(ALIASES)('« %s » answers to « %s » too', async (english, french) => {
    const help = await runCli([french, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`cafcharte ${english}|${french}`);
  });

  it('runs the same command under either name', async () => {
    const db = tempDb();
    const english = await runCli(['charter-status', '--date', '2026-11-26', '--json'], { db });
    const french = await runCli(['etat-charte', '--date', '2026-11-26', '--json'], { db });
    expect(french.code).toBe(0);
    expect(french.stdout).toBe(english.stdout);
  });

  it('wraps help without a line starting with ":" or "»" or ending with "«"', async () => {
    for (const argv of [['--help'], ['affiche', '--help'], ['carnet', 'add', '--help'], ['rapport', '--help']]) {
      const lines = (await runCli(argv)).typeset.stdout.split('\n');
      expect(lines.filter((l) => /^\s*[:»;!?]/.test(l) || /«\s*$/.test(l))).toEqual([]);
    }
  });
});
