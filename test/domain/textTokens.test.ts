// The guard's word scanner (src/domain/textTokens.ts) finds exactly the words the expression it
// replaces found: for each Unicode code point inside a word, after a hyphen and after a digit, and
// for random texts mixing the scripts, marks, hyphens, digits and surrogate halves remarks can hold.
import { describe, expect, it } from 'vitest';
import { tokenize, wordSpans } from '../../src/domain/textTokens.js';

const REFERENCE = /\p{L}[\p{L}\p{M}]*(?:-\p{L}[\p{L}\p{M}]*)*|\p{N}+/gu;
const reference = (text: string): [number, number][] => [...text.matchAll(REFERENCE)].map((m) => [m.index, m.index + m[0].length]);

describe('word scanner', () => {
  it('agrees with the expression for each code point, inside a word, after a hyphen and after a digit', () => {
    const disagreements: string[] = [];
    // Every code point of the two planes remarks are written in (the BMP, the SMP), and a spread
    // sample of the fourteen others (mostly ideographs and unassigned): a full sweep takes seconds.
    for (let block = 0; block < 0x110000; block += 0x1000) {
      const pieces: string[] = [];
      const step = block < 0x20000 ? 1 : 31;
      for (let cp = block; cp < block + 0x1000; cp += step) {
        const c = cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
        pieces.push(`a${c}b-${c}1${c}-a ${c}-`);
      }
      const text = pieces.join('\n');
      if (JSON.stringify(wordSpans(text)) !== JSON.stringify(reference(text))) disagreements.push(`U+${block.toString(16)}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('agrees with the expression on random texts', () => {
    const alphabet = ['a', 'Z', 'é', 'À', 'œ', '\u0301', '\u0327', '-', '-', ' ', '\u00a0', '’', "'", '.', '\n', '7', '²', '½', 'Ⅻ', '٣', 'ب', '中', 'क', 'ि', '𝐀', '😀', '\ud835', '\udc00', '_', ','];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const disagreements: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      if (JSON.stringify(wordSpans(text)) !== JSON.stringify(reference(text))) disagreements.push(text);
    }
    expect(disagreements).toEqual([]);
  });

  it('tokens keep their offsets, text and capitalisation', () => {
    const tokens = tokenize('Jean-Marc Payet, 3e étage : l’allocataire 𝐀bc.');
    expect(tokens.map((t) => [t.text, t.start, t.end, t.capitalised])).toEqual([
      ['Jean-Marc', 0, 9, true],
      ['Payet', 10, 15, true],
      ['3', 17, 18, false],
      ['e', 18, 19, false],
      ['étage', 20, 25, false],
      ['l', 28, 29, false],
      ['allocataire', 30, 41, false],
      // A letter outside the BMP counts two UTF-16 units; its first unit alone is no capital.
      ['𝐀bc', 42, 46, false],
    ]);
  });
});
