// run(argv, ctx): the ONE place where errors become exit codes and French messages (STYLE habit 4).
import { CommanderError, type Command, type Option } from 'commander';
import { createContext, type Ctx, type Interrupts, type Output } from './context.js';
import { frenchSpacing } from './domain/french.js';
import { ExitCode, MigrationError, UserError } from './errors.js';
import { escapeForTerminal } from './domain/controlCharacters.js';
import { buildProgram } from './program.js';
import { isatty } from 'node:tty';

export async function run(argv: string[], ctx: Ctx): Promise<number> {
  try {
    const program = await buildProgram(ctx, argv);
    yieldVersionFlagBelowCommands(program, argv);
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    return report(err, ctx);
  } finally {
    await ctx.close();
  }
}

/**
 * `supports add --version <texte>` names a support's version. Commander lets the root claim its
 * own options anywhere on the line (that is how --db works after a command), so once a command
 * is named the root withdraws its --version: `cafcharte --version` alone still prints it.
 */
function yieldVersionFlagBelowCommands(program: Command, argv: string[]): void {
  if (!argv.some((arg) => program.commands.some((c) => c.name() === arg || c.aliases().includes(arg)))) return;
  const root = program as unknown as { options: Option[] };
  root.options = root.options.filter((o) => o.long !== '--version');
}

function report(err: unknown, ctx: Ctx): number {
  // Messages quote what the user typed or the store holds: control characters are shown escaped.
  const write = (text: string) => ctx.io.stderr.write(`${frenchSpacing(escapeForTerminal(text))}\n`);
  if (err instanceof CommanderError) {
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) return ExitCode.ok;
    write(`Erreur : ${translateCommanderError(err)}`);
    write('Voyez « cafcharte --help » ou « cafcharte <commande> --help ».');
    return ExitCode.usage;
  }
  if (err instanceof UserError) {
    write(`Erreur : ${err.message}`);
    for (const line of err.details) write(line);
    return err.exitCode;
  }
  if (err instanceof MigrationError) {
    write(`Erreur : ${err.message}`);
    return ExitCode.internal;
  }
  const code = (err as { code?: string })?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    write('Erreur : le magasin est occupé par un autre processus depuis plus de 5 secondes ; rien n’a été modifié, réessayez.');
    return ExitCode.internal;
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'SQLITE_IOERR_SHMSIZE') {
    write('Erreur : le disque est plein ; rien n’a été modifié. Libérez de la place et relancez.');
    return ExitCode.internal;
  }
  if (code?.startsWith('SQLITE_READONLY')) {
    write(`Erreur : le magasin « ${ctx.dbPath()} » est en lecture seule (droits du fichier ou support) ; rien n’a été modifié.`);
    return ExitCode.internal;
  }
  write(`Erreur interne : ${(err as Error)?.message ?? String(err)}`);
  if (ctx.env.CAFCHARTE_DEBUG === '1') write((err as Error)?.stack ?? '');
  else write('Relancez avec CAFCHARTE_DEBUG=1 pour le détail technique.');
  return ExitCode.internal;
}

/** Commander speaks English; our users read French. */
function translateCommanderError(err: CommanderError): string {
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'commander.unknownOption':
      return `option inconnue ${quoted}.`;
    case 'commander.unknownCommand':
      return `commande inconnue « ${quoted} ».`;
    case 'commander.missingArgument':
      return `argument manquant : ${quoted}.`;
    case 'commander.optionMissingArgument':
      return `l’option ${quoted} attend une valeur.`;
    case 'commander.missingMandatoryOptionValue':
      return `l’option obligatoire ${quoted} est manquante.`;
    case 'commander.excessArguments':
      return 'trop d’arguments pour cette commande.';
    case 'commander.invalidArgument':
      return `valeur invalide : ${err.message.replace(/^error: /, '')}`;
    case 'commander.conflictingOption':
      return `options incompatibles : ${err.message.replace(/^error: /, '')}`;
    default:
      return err.message.replace(/^error: /, '');
  }
}

/**
 * The real context: process streams, clock, terminal prompts. Which descriptors are terminals is
 * asked of the system (isatty), and each stream is made when a command first uses it: Node builds
 * process.stdin and process.stderr as stream objects, and for a pipe or /dev/null that loads its
 * network and file-stream layers, a tenth of a start-up for a command that never reads them.
 */
async function systemContext(): Promise<Ctx> {
  let stdout: Output | undefined;
  const { noPrompter } = await import('./prompts/prompter.js');
  const interactive = isatty(0) && isatty(1) && process.env.CI !== 'true';
  const prompter = interactive ? (await import('./prompts/inquirer.js')).inquirerPrompter() : noPrompter;
  return createContext({
    io: {
      get stdout() {
        return (stdout ??= utf8Output(process.stdout));
      },
      get stderr() {
        return process.stderr;
      },
      stdoutIsTTY: isatty(1),
      interactive,
      stderrIsTTY: isatty(2),
      stderrColumns: () => process.stderr.columns,
      get stdin() {
        return process.stdin;
      },
    },
    env: process.env,
    now: () => new Date(),
    cwd: process.cwd(),
    prompter,
    interrupts: processInterrupts,
    // Loaded when a command opens the store: help and usage errors never load Kysely nor SQLite.
    openStore: async (location, now, from) => (await import('./store/open.js')).openStoreAt(location, { now, ...from }),
  });
}

/** Texts from this length on are encoded by utf8Output itself. */
const LARGE_TEXT = 16 * 1024;

/**
 * A process stream that takes long texts (a listing's chunks) as UTF-8 bytes encoded in one
 * pass: given a string, the stream measures its UTF-8 length in a first pass over it, then
 * encodes it in a second. The bytes are the same (invalid UTF-16 becomes U+FFFD either way).
 */
export function utf8Output(stream: Pick<NodeJS.WriteStream, 'write'>): Output {
  return {
    write(text: string) {
      if (text.length < LARGE_TEXT) return stream.write(text);
      // At most 3 bytes per UTF-16 unit (a pair of surrogates makes 4 bytes from 2 units).
      const bytes = Buffer.allocUnsafe(text.length * 3);
      return stream.write(bytes.subarray(0, bytes.write(text)));
    },
  };
}

/**
 * Ctrl-C (SIGINT, and SIGTERM alike) while a long operation listens: the operation stops at its
 * next checkpoint, rolls back and says so. A second Ctrl-C does not wait for the checkpoint.
 * Outside long operations Node's default applies (the process ends at once).
 */
const processInterrupts: Interrupts = {
  listen(onInterrupt) {
    let count = 0;
    const handler = () => {
      if (++count > 1) {
        process.stderr.write('\nInterruption immédiate : l’opération en cours n’a pas été enregistrée.\n');
        process.exit(ExitCode.cancelled);
      }
      onInterrupt();
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
};

/** Runs one command line in this process with the real context (used by the reliability workers). */
export async function runArgs(argv: string[]): Promise<number> {
  return run(argv, await systemContext());
}

/** Entry point of the bundle. */
export async function cli(): Promise<void> {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // `cafcharte ... | head` closes the pipe early: that is not an error.
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // A full disk under `> fichier`, or a failing device: the reader must not take a cut output
    // for a whole one. What the command had saved in the store by then stays saved.
    const why = err.code === 'ENOSPC' ? 'le disque est plein' : `erreur ${err.code ?? err.message}`;
    process.stderr.write(`${frenchSpacing(`Erreur : la sortie n’a pas pu être écrite (${why}) ; elle est incomplète.`)}\n`);
    process.exit(ExitCode.internal);
  });
  process.exitCode = await runArgs(process.argv.slice(2));
}
