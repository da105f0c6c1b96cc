// The real Prompter, on @inquirer/prompts. Loaded lazily: a command that asks nothing
// never pays for inquirer at start-up.
import type { Prompter } from './prompter.js';
import { Cancelled } from '../errors.js';
import { frenchSpacing } from '../domain/french.js';
import { confirmTheme, selectTheme } from './frenchTheme.js';

async function guard<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (err) {
    // Ctrl-C / Ctrl-D inside inquirer: the user stopped, nothing was written.
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) throw new Cancelled();
    throw err;
  }
}

/** A validation message gets the same French spacing as the question. */
function frenchAnswer(result: true | string): true | string {
  return result === true ? true : frenchSpacing(result);
}

/** Where the prompts read and write: the process's terminal unless a test gives its own streams. */
export interface PromptStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export function inquirerPrompter(streams: PromptStreams = {}): Prompter {
  const context = streams.input || streams.output ? streams : undefined;
  return {
    async input(q) {
      const { input } = await import('@inquirer/prompts');
      return guard(() => input({ message: frenchSpacing(q.message), default: q.default, validate: q.validate && ((value: string) => frenchAnswer(q.validate!(value))) }, context));
    },
    async select(q) {
      const { select } = await import('@inquirer/prompts');
      return guard(() => select({ message: frenchSpacing(q.message), choices: q.choices, default: q.default, theme: selectTheme }, context));
    },
    async password(q) {
      const { password } = await import('@inquirer/prompts');
      return guard(() => password({ message: frenchSpacing(q.message), mask: false }, context));
    },
    async confirm(q) {
      const { confirm } = await import('@inquirer/prompts');
      return guard(() => confirm({ message: frenchSpacing(q.message), default: q.default, theme: confirmTheme }, context));
    },
  };
}
