/** Outcome of reading one cell: a value, or the French reason it was refused. */
export type CellResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export const accept = <T>(value: T): CellResult<T> => ({ ok: true, value });
export const refuse = <T = never>(reason: string): CellResult<T> => ({ ok: false, reason });
