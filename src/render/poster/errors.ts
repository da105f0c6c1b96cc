// The poster renderer knows nothing of exit codes: the command turns these into a
// UsageError (exit 2), since both are fixed by changing what the user gave us.

/** The SVG model cannot be used (no blank slot, unreadable rectangle, no viewBox...). */
export class PosterTemplateError extends Error {
  override name = 'PosterTemplateError';
}

/** The slot text does not fit the frame even at the minimum font size. */
export class PosterFitError extends Error {
  override name = 'PosterFitError';
}
