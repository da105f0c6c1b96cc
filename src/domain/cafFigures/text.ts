// Text folding shared by the CAF figures parser: header names, month names, perimeters
// and indicators are all matched "without regard to case and accents".

/** Lower-cases, strips accents and trims; keeps inner punctuation. */
export function fold(text: string): string {
  let out = text.trim().toLowerCase();
  // Fast path: plain ASCII needs no Unicode normalisation (most cells are ASCII).
  for (let i = 0; i < out.length; i++) {
    if (out.charCodeAt(i) > 127) {
      out = out.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      break;
    }
  }
  return out;
}

/** Collapses runs of spaces (incl. no-break ones) into one ASCII space and trims. */
export function squeezeSpaces(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}
