// The demonstration store is built by running the tool's own commands (data/demo.json), so it
// is exactly what a coordinator would have typed, goes through every check a real entry goes
// through (the personal-data guard included), and follows the commands as they change.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import demo from '../../../data/demo.json' with { type: 'json' };
import { createContext, type Ctx, type Output } from '../../context.js';
import { ConflictError, UsageError } from '../../errors.js';
import { noPrompter } from '../../prompts/prompter.js';
import { shippedFile } from '../../shipped.js';
import { openStoreAt } from '../../store/open.js';

interface Workshop {
  lieu: number;
  type: string;
  debut: string;
  heure: string;
  duree: number;
  capacite: number;
  chaque?: string;
  nombre: number;
  animateur: string;
}

export async function runDemo(flags: { dossier?: string }, ctx: Ctx): Promise<number> {
  const folder = resolve(ctx.cwd, flags.dossier ?? 'cafcharte-demo');
  // Never the user's store unless named with --db, and then only an empty one (CAFCHARTE_DB, the
  // everyday store, is never used by the demo).
  const store = ctx.dbOption === undefined ? join(folder, 'demo.sqlite') : resolve(ctx.cwd, ctx.dbOption);
  if (ctx.dbOption !== undefined && existsSync(store)) {
    throw new ConflictError(`--db : « ${store} » existe déjà ; la démonstration ne s’écrit que dans un magasin neuf (omettez --db pour utiliser ${join(folder, 'demo.sqlite')}).`);
  }
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new UsageError(`--dossier : impossible de créer « ${folder} » (${(err as NodeJS.ErrnoException).code ?? 'erreur'}).`);
  }
  // The demo folder's own store is rebuilt from scratch each time: it holds nothing of the user's.
  if (ctx.dbOption === undefined) for (const suffix of ['', '-wal', '-shm']) rmSync(store + suffix, { force: true });

  ctx.io.stderr.write(`Création du magasin de démonstration ${store}…\n`);
  const exampleFigures = shippedFile('data/exemple-stats-caf.csv');
  if (exampleFigures === undefined) throw new Error('fichier livré introuvable : data/exemple-stats-caf.csv');
  const steps = [
    ...demo.commandes.map((argv) => argv.map((arg) => (arg === 'data/exemple-stats-caf.csv' ? exampleFigures : arg))),
    ...workshopSteps(demo.ateliers),
  ];
  for (const argv of steps) await step(store, argv, ctx);
  const sessionCount = demo.ateliers.reduce((sum, w) => sum + w.nombre, 0);
  for (const argv of logbookSteps(sessionCount)) await step(store, argv, ctx);

  const semester = demo.semestre;
  const pdf = join(folder, `rapport-${semester}.pdf`);
  const html = join(folder, `rapport-${semester}.html`);
  await step(store, ['report', '--semestre', semester, '--format', 'pdf', '--sortie', pdf, '--ecraser'], ctx);
  await step(store, ['report', '--semestre', semester, '--format', 'html', '--sortie', html, '--ecraser'], ctx);
  const code = await runWith(store, ['report', '--semestre', semester], ctx, ctx.io.stdout);
  ctx.io.stderr.write(
    [
      '',
      `Magasin de démonstration : ${store}`,
      `Rapport PDF : ${pdf}`,
      `Rapport HTML : ${html}`,
      `Pour continuer sur ce magasin : cafcharte --db ${store} charter-status`,
      '',
    ].join('\n'),
  );
  return code;
}

/** The sessions of data/demo.json, as `sessions add` command lines (ids follow in this order). */
function workshopSteps(workshops: Workshop[]): string[][] {
  return workshops.map((w) => [
    'sessions', 'add', '--lieu', String(w.lieu), '--date', w.debut, '--debut', w.heure, '--duree', String(w.duree),
    '--type', w.type, '--capacite', String(w.capacite), '--animateur', w.animateur,
    ...(w.chaque === undefined ? [] : ['--chaque', w.chaque, '--nombre', String(w.nombre)]),
  ]);
}

/**
 * One logbook entry for most sessions, with counts that vary like real attendance (a fixed
 * pseudo-random sequence, so every demo store is the same); every seventh session is left
 * without entry, so `logbook missing` and the report's completeness have something to show.
 */
function logbookSteps(sessionCount: number): string[][] {
  // Park and Miller's generator: products stay below 2^53, so every run draws the same numbers.
  let seed = 2026;
  const next = (n: number) => {
    seed = (seed * 48271) % 2147483647;
    return seed % n;
  };
  const lines: string[][] = [];
  for (let id = 1; id <= sessionCount; id++) {
    if (id % 7 === 0) continue;
    const received = 3 + next(6);
    const newcomers = next(received + 1);
    const argv = ['logbook', 'add', '--session', String(id), '--recus', String(received), '--nouveaux', String(newcomers)];
    argv.push('--teledeclarations', String(next(received + 1)), '--comptes-crees', String(next(Math.min(3, received) + 1)));
    argv.push('--attestations', String(next(3)), '--demarches-abouties', String(next(received + 1)));
    if (next(5) < 2) argv.push('--remarques', demo.remarques[next(demo.remarques.length)]!);
    if (next(4) === 0) argv.push('--resultats', demo.resultats[next(demo.resultats.length)]!);
    lines.push(argv);
  }
  return lines;
}

/** Runs one command line on the demo store; its output is not shown, a failure stops the demo. */
async function step(store: string, argv: string[], ctx: Ctx): Promise<void> {
  let said = '';
  const code = await runWith(store, argv, ctx, { write: () => true }, { write: (text: string) => (said += text) });
  if (code !== 0) throw new Error(`la démonstration a échoué sur « cafcharte ${argv.join(' ')} » (code ${code}) : ${said.trim()}`);
}

async function runWith(store: string, argv: string[], ctx: Ctx, stdout: Output, stderr: Output = { write: () => true }): Promise<number> {
  // The CLI's own runner, imported here rather than at the top: main.ts builds the program that
  // declares this command.
  const { run } = await import('../../main.js');
  const env = { ...ctx.env, CAFCHARTE_DB: undefined, USER: 'demo' };
  const sub = createContext({
    io: { stdout, stderr, stdoutIsTTY: stdout === ctx.io.stdout && ctx.io.stdoutIsTTY, interactive: false },
    env,
    now: ctx.now,
    cwd: ctx.cwd,
    prompter: noPrompter,
    openStore: (location, now, from) => openStoreAt(location, { now, ...from }),
  });
  return run(['--db', store, ...argv], sub);
}
