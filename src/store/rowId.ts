// Ids typed by users (« places show 12 », « supports validate 3 »): a number too large for an id
// finds nothing on either engine, instead of failing the query on PostgreSQL (32-bit ids).

/** The largest row id (PostgreSQL `integer`). */
export const MAX_ROW_ID = 2_147_483_647;

/** An id that may name a row: a whole number from 1 to MAX_ROW_ID. */
export function isRowIdNumber(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_ROW_ID;
}

/** A text typed by the user that may be a row id (else it is only a name to search). */
export function isRowId(text: string): boolean {
  return /^\d+$/.test(text) && isRowIdNumber(Number(text));
}
