// The real stdout encodes long texts itself (one pass instead of the stream's two): the bytes
// must be the ones the stream would have written from the string, whatever it holds.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8Output } from '../../src/main.js';

function recordingStream() {
  const chunks: Buffer[] = [];
  const stream = { write: (chunk: string | Uint8Array) => chunks.push(Buffer.from(chunk)) > 0 };
  return { stream, bytes: () => Buffer.concat(chunks) };
}

describe('utf8Output', () => {
  it('writes the bytes of Buffer.from(text), short texts and long ones, lone surrogates included', () => {
    const unit = fc.constantFrom('a', 'é', '’', '\u202f', '\u00a0', '\n', '\t', '😀', '\ud800', '\udfff', '\u0000');
    const piece = fc.string({ unit, maxLength: 40 });
    fc.assert(
      fc.property(piece, fc.integer({ min: 0, max: 20_000 }), piece, (head, filler, tail) => {
        const text = `${head}${'x'.repeat(filler)}${tail}`;
        const { stream, bytes } = recordingStream();
        utf8Output(stream as never).write(text);
        expect(bytes().equals(Buffer.from(text))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
