// The real @inquirer prompts, driven through streams as a terminal would: the words a person
// sees and the keys they may type are French.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { inquirerPrompter } from '../../src/prompts/inquirer.js';

/** A fake terminal: what the prompt printed (colour codes removed) and a way to type. */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')));
  Object.assign(input, { isTTY: true, setRawMode: () => input });
  Object.assign(output, { isTTY: true, columns: 100, rows: 40 });
  // eslint-disable-next-line no-control-regex -- colour and cursor codes
  const plain = () => screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  /** Types once the prompt is on screen (inquirer is imported lazily) and has drawn `after`. */
  const type = async (keys: string, after = '?') => {
    for (let i = 0; i < 500 && !plain().includes(after); i++) await new Promise((r) => setTimeout(r, 10));
    input.write(keys);
    await new Promise((r) => setTimeout(r, 10));
  };
  return { prompter: inquirerPrompter({ input, output }), plain, type };
}

describe('French prompts (@inquirer with our theme)', () => {
  it('asks yes/no as "(o/N)" and takes "o" for Oui', async () => {
    const t = terminal();
    const answer = t.prompter.confirm({ message: 'Enregistrer ?', default: false });
    await t.type('o\r');
    expect(await answer).toBe(true);
    expect(t.plain()).toContain('Enregistrer\u202f? (o/N)');
    expect(t.plain()).toContain('Oui');
    expect(t.plain()).not.toMatch(/\(y\/N\)|Yes/);
  });

  it('takes "n" for Non, and the default on Enter', async () => {
    const no = terminal();
    const refused = no.prompter.confirm({ message: 'Continuer ?', default: true });
    await no.type('n\r');
    expect(await refused).toBe(false);
    expect(no.plain()).toContain('(O/n)');
    expect(no.plain()).toContain('Non');
    const enter = terminal();
    const byDefault = enter.prompter.confirm({ message: 'Continuer ?', default: false });
    await enter.type('\r');
    expect(await byDefault).toBe(false);
  });

  it('refuses another answer in French', async () => {
    const t = terminal();
    const answer = t.prompter.confirm({ message: 'Continuer ?' });
    await t.type('peut-être\r');
    await t.type('\u0015o\r', 'Répondez');
    expect(t.plain()).toContain('Répondez « Oui » ou « Non »');
    expect(await answer).toBe(true);
  });

  it('shows the list keys as "↑↓ choisir • ⏎ valider"', async () => {
    const t = terminal();
    const answer = t.prompter.select({ message: 'Lieu :', choices: [{ name: 'Médiathèque du Tampon', value: 1 }, { name: 'MPT de Bois-Court', value: 2 }] });
    await t.type('\u001b[B', 'valider');
    await t.type('\r');
    expect(await answer).toBe(2);
    expect(t.plain()).toContain('↑↓ choisir • ⏎ valider');
    expect(t.plain()).toContain('Lieu\u00a0:');
    expect(t.plain()).not.toMatch(/navigate|select/);
  });
});
