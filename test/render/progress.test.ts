// The progress of long operations: the line a terminal sees, when a bar is drawn at all, and
// what a script sees (the summary line only). Time is the injected clock, never the real one.
import { describe, expect, it } from 'vitest';
import { createContext, type Ctx, type Interrupts } from '../../src/context.js';
import { Cancelled } from '../../src/errors.js';
import { formatDuration, progressLine, startProgress, timeLeft, UNITS } from '../../src/render/progress.js';
import { noPrompter } from '../../src/prompts/prompter.js';

/** Any of the no-break spaces French typography uses between thousands and before « % ». */
const sp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

function fakeContext(options: { tty: boolean; env?: Record<string, string>; interrupts?: Interrupts; silent?: boolean }) {
  let stderr = '';
  let clock = 0;
  const ctx: Ctx = createContext({
    io: {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t) },
      stdoutIsTTY: false,
      interactive: false,
      stderrIsTTY: options.tty,
      stderrColumns: () => 120,
    },
    env: options.env ?? {},
    now: () => new Date('2026-11-26T08:00:00Z'),
    cwd: process.cwd(),
    prompter: noPrompter,
    monotonic: () => clock,
    interrupts: options.interrupts,
    openStore: () => Promise.reject(new Error('pas de magasin ici')),
  });
  ctx.silent = options.silent ?? false;
  return { ctx, stderr: () => stderr, advance: (ms: number) => (clock += ms) };
}

/** A run of 1 048 576 lines read in 10 steps of 0.5 s, then the summary. */
function longImport(fake: ReturnType<typeof fakeContext>) {
  const total = 1_048_576;
  const progress = startProgress(fake.ctx, { label: 'Import', unit: UNITS.lines, total, cancelMessage: 'rien n’a été importé.' });
  for (let step = 1; step <= 10; step++) {
    fake.advance(500);
    progress.update(Math.round((total * step) / 10));
  }
  progress.finish(`Import : ${total} lignes en ${progress.duration()}.`);
}

describe('progress line', () => {
  it('says count, total, percentage, rate and time left, in French', () => {
    const line = progressLine({ label: 'Import', unit: UNITS.lines, done: 412_000, total: 1_048_576, elapsedMs: 6_000 }, 200);
    expect(sp(line)).toBe('Import : ████████░░░░░░░░░░░░ 412 000 / 1 048 576 lignes — 39 % — 68 667 lignes/s — 10 s restantes');
  });

  it('gives no percentage and no time left when the total is unknown (a streamed workbook)', () => {
    const line = progressLine({ label: 'Import', unit: UNITS.lines, done: 412_000, elapsedMs: 4_000 }, 200);
    expect(sp(line)).toBe('Import : 412 000 lignes — 103 000 lignes/s');
    expect(line).not.toMatch(/%|restante|█/);
  });

  it('counts bytes in Mo', () => {
    const line = progressLine({ label: 'Import', unit: UNITS.bytes, done: 12 * 1048576, total: 48 * 1048576, elapsedMs: 2_000 }, 200);
    expect(sp(line)).toBe('Import : █████░░░░░░░░░░░░░░░ 12,0 / 48,0 Mo — 25 % — 6,0 Mo/s — 6 s restantes');
  });

  it('drops the bar, then cuts, rather than wrap on a narrow terminal', () => {
    const state = { label: 'Import', unit: UNITS.lines, done: 412_000, total: 1_048_576, elapsedMs: 6_000 };
    expect(sp(progressLine(state, 80))).toBe('Import : 412 000 / 1 048 576 lignes — 39 % — 68 667 lignes/s — 10 s restantes');
    expect([...progressLine(state, 40)].length).toBe(39);
  });

  it('writes durations and time left the French way', () => {
    expect(formatDuration(2_640)).toBe('2,6 s');
    expect(formatDuration(42_200)).toBe('42 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(timeLeft(0.2)).toBe('1 s restante');
    expect(timeLeft(125)).toBe('2 min 05 s restantes');
  });
});

describe('progress on a terminal and in scripts', () => {
  it('draws the bar on a terminal after about a second, then clears it and leaves the summary', () => {
    const fake = fakeContext({ tty: true, env: { NO_COLOR: '1' } });
    longImport(fake);
    const out = fake.stderr();
    // Nothing in the first second; then redrawn in place (cursor to column 1, line cleared).
    expect(sp(out)).not.toContain('104 858 / 1 048 576');
    const drawn = [...sp(out).matchAll(/Import : [█░]+ ([\d ]+) \/ 1 048 576 lignes — (\d+) %/g)].map((m) => [m[1], m[2]]);
    expect(drawn.length).toBeGreaterThanOrEqual(8);
    expect(drawn[0]).toEqual(['209 715', '19']);
    expect(out).toContain('\x1b[1G');
    expect(sp(out)).toContain('— 5 s restantes');
    expect(out.endsWith('Import : 1048576 lignes en 5,0 s.\n')).toBe(true);
  });

  it('draws nothing for an operation shorter than a second', () => {
    const fake = fakeContext({ tty: true });
    const progress = startProgress(fake.ctx, { label: 'Export', unit: UNITS.tables, total: 3, cancelMessage: '' });
    for (let table = 1; table <= 3; table++) {
      fake.advance(200);
      progress.update(table);
    }
    progress.finish('Export : 3 tables.');
    expect(fake.stderr()).toBe('Export : 3 tables.\n');
  });

  for (const [name, options] of [
    ['piped', { tty: false }],
    ['in CI', { tty: true, env: { CI: 'true' } }],
    ['with --silencieux', { tty: true, silent: true }],
  ] as const) {
    it(`shows only the summary line ${name}: no carriage return, no escape sequence`, () => {
      const fake = fakeContext(options);
      longImport(fake);
      expect(fake.stderr()).toBe('Import : 1048576 lignes en 5,0 s.\n');
    });
  }

  it('colours the bar only when NO_COLOR is not set', () => {
    const coloured = fakeContext({ tty: true });
    longImport(coloured);
    expect(coloured.stderr()).toContain('\x1b[32m');
    const plain = fakeContext({ tty: true, env: { NO_COLOR: '1' } });
    longImport(plain);
    expect(plain.stderr()).not.toContain('\x1b[32m');
    expect(plain.stderr()).toContain('█');
  });

  it('turns Ctrl-C into Cancelled at the next checkpoint, and stops listening afterwards', async () => {
    let handler: (() => void) | undefined;
    const interrupts: Interrupts = {
      listen(onInterrupt) {
        handler = onInterrupt;
        return () => (handler = undefined);
      },
    };
    const fake = fakeContext({ tty: false, interrupts });
    const progress = startProgress(fake.ctx, { label: 'Import', unit: UNITS.lines, cancelMessage: 'import interrompu : rien n’a été importé.' });
    await progress.checkpoint();
    handler!();
    await expect(progress.checkpoint()).rejects.toThrow(new Cancelled('import interrompu : rien n’a été importé.'));
    progress.abort();
    expect(handler).toBeUndefined();
    expect(fake.stderr()).toBe('');
  });
});
