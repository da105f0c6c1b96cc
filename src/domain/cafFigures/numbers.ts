// Counts as French spreadsheets write them: `1520`, `1 520` (any kind of space), `1.520`.
import { accept, refuse, type CellResult } from './result.js';

const SPACE = 0x20;
const NBSP = 0xa0;
const NNBSP = 0x202f;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Reads a non-negative whole count. Runs once per row, so it walks char codes instead of
 * using a regex. A dot or space is a thousands separator only between groups of exactly
 * three digits; anything else (decimal, sign, letters) is refused with its reason.
 */
export function parseCount(text: string): CellResult<number> {
  const raw = text.trim();
  const length = raw.length;
  if (length === 0) return refuse('valeur manquante');
  let value = 0;
  let digitsInGroup = 0;
  let groups = 0; // separators seen so far
  let separator = 0; // the separator used, so '1.520 300' is refused
  for (let i = 0; i < length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= ZERO && code <= NINE) {
      value = value * 10 + (code - ZERO);
      digitsInGroup++;
      continue;
    }
    if (code === SPACE || code === NBSP || code === NNBSP || code === DOT) {
      const kind = code === DOT ? DOT : SPACE;
      const leadingOk = groups > 0 ? digitsInGroup === 3 : digitsInGroup >= 1 && digitsInGroup <= 3;
      if (!leadingOk || (separator !== 0 && separator !== kind)) return refuseShape(raw);
      separator = kind;
      groups++;
      digitsInGroup = 0;
      continue;
    }
    return refuseShape(raw);
  }
  if (groups > 0 && digitsInGroup !== 3) return refuseShape(raw);
  if (!Number.isSafeInteger(value)) return refuse(`valeur trop grande « ${raw} »`);
  return accept(value);
}

// Digits (maybe grouped by spaces), one decimal mark, digits: a decimal, e.g. '1 520,5'.
const DECIMAL = /^[\d \u00a0\u202f]*\d[.,]\d+$/;

function refuseShape(raw: string): CellResult<number> {
  if (raw.startsWith('-')) return refuse(`valeur négative « ${raw} »`);
  if (DECIMAL.test(raw)) {
    return refuse(`valeur non entière « ${raw} » (un nombre de consultations ou de télédéclarations est entier)`);
  }
  return refuse(`valeur non numérique « ${raw} »`);
}
