// Help text conventions: every command gets French examples (tests check it).
// This module is loaded at start-up by every command declaration: keep it free of heavy imports.
import type { Command } from 'commander';

export function withExamples(command: Command, examples: string[]): Command {
  return command.addHelpText('after', `\nExemples :\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
}

/** `--json` defined once, offered by every listing (STYLE habit 5). */
export function withJson(command: Command): Command {
  return command.option('--json', 'sortie JSON (clés françaises stables, pour les scripts)');
}

/** Collects a repeatable option (`--animateur A --animateur B`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
