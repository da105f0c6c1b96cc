// `npm run docs`: writes docs/reference/commandes.md from the commands' own --help, so the
// reference can never say something the tool does not. test/docs.test.ts fails when the file
// is stale. The script runs the built bundle in child processes; the test passes an in-process
// runner instead. Both are piped: no colour, and commander wraps help at 80 columns.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/cafcharte', import.meta.url));
export const REFERENCE_PATH = fileURLToPath(new URL('../docs/reference/commandes.md', import.meta.url));

function helpFromBundle(path) {
  const env = { ...process.env, NO_COLOR: '1', COLUMNS: '80', CAFCHARTE_DB: '' };
  return execFileSync(process.execPath, [bin, ...path, '--help'], { cwd: root, env, encoding: 'utf8' });
}

/** The sub-command names listed under « Commandes : » in a help text (help itself left out). */
function subcommands(text) {
  const section = text.split(/^Commandes\s:$/m)[1]; // \s: the space before the colon is a no-break space
  if (section === undefined) return [];
  const names = [];
  for (const line of section.replace(/^\n/, '').split('\n')) {
    if (line.trim() === '') break;
    const match = /^ {2}([a-z][a-z0-9-]*)/.exec(line);
    if (match && match[1] !== 'help') names.push(match[1]);
  }
  return names;
}

/** The reference as Markdown: every command, depth first, in the order the help lists them. `help(path)` returns `cafcharte ...path --help`. */
export async function generateReference(help = helpFromBundle) {
  const parts = [
    '# Référence des commandes',
    '',
    'Tirée de l’aide de chaque commande (`cafcharte … --help`) par `npm run docs` ; ne pas modifier à la main.',
    'Les codes de sortie sont dans [codes-de-sortie.md](codes-de-sortie.md), les formats dans [formats.md](formats.md).',
  ];
  const visit = async (path) => {
    const text = await help(path);
    parts.push('', `## \`${['cafcharte', ...path].join(' ')}\``, '', '```text', text.trimEnd(), '```');
    for (const name of subcommands(text)) await visit([...path, name]);
  };
  await visit([]);
  return parts.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(REFERENCE_PATH, await generateReference());
  process.stdout.write(`${REFERENCE_PATH}\n`);
}
