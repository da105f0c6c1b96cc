import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildProgram } from '../src/program.js';
import { VERSION } from '../src/version.js';
import { createContext } from '../src/context.js';
import { noPrompter } from '../src/prompts/prompter.js';
import { runCli, tempDb } from './harness.js';

async function allCommands(): Promise<{ path: string; command: Command }[]> {
  const ctx = createContext({
    io: { stdout: { write: () => true }, stderr: { write: () => true }, stdoutIsTTY: false, interactive: false },
    env: {},
    now: () => new Date(),
    cwd: '/',
    prompter: noPrompter,
    openStore: () => Promise.reject(new Error('no store in this test')),
  });
  const out: { path: string; command: Command }[] = [];
  const walk = (command: Command, prefix: string) => {
    for (const sub of command.commands) {
      if (sub.name() === 'help') continue;
      const path = `${prefix} ${sub.name()}`.trim();
      if (sub.commands.length === 0) out.push({ path, command: sub });
      walk(sub, path);
    }
  };
  walk(await buildProgram(ctx), '');
  return out;
}

const COMMANDS = await allCommands();

describe('the command line', () => {
  it('prints its version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('shows French help with examples and the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Utilisation :');
    expect(r.stdout).toContain('Commandes :');
    expect(r.stdout).toContain('Codes de sortie');
    expect(r.stdout).not.toMatch(/display help|Usage:/);
  });

  it.each(COMMANDS.map((c) => [c.path]))('« %s --help » is in French with examples', async (path) => {
    const r = await runCli([...path.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Utilisation :');
    expect(r.stdout).toContain('Exemples :');
    expect(r.stdout).toContain(`$ cafcharte ${path}`);
  });

  it('every command is explained in a guide or the README, not only in the generated reference', async () => {
    const guides = ['../README.md', '../docs/guide/animation.md', '../docs/guide/coordination.md', '../docs/guide/scripts.md'];
    const text = guides.map((g) => readFileSync(new URL(g, import.meta.url), 'utf8')).join('\n');
    const missing = (await allCommands()).filter(({ path }) => !text.includes(`cafcharte ${path}`));
    expect(missing.map((c) => c.path)).toEqual([]);
  });

  it('answers an unknown option or command in French with exit 2', async () => {
    const option = await runCli(['places', 'list', '--inconnue'], { db: tempDb() });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('option inconnue --inconnue');
    const command = await runCli(['voler'], { db: tempDb() });
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('commande inconnue « voler »');
    const missing = await runCli(['charter', 'sign'], { db: tempDb() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--date');
  });

  it('never shows a stack trace, unless CAFCHARTE_DEBUG=1', async () => {
    const db = tempDb();
    const r = await runCli(['charter-status'], { db: '/proc/version/impossible.sqlite' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toMatch(/^Erreur/);
    void db;
  });
});
