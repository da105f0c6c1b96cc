// Test files not yet run on PostgreSQL: they fail there until the PostgreSQL opener and the
// repositories on the async Store API have landed. vitest.config.ts leaves them out of a
// PostgreSQL run (they still run on SQLite). Remove a file from this list as soon as it passes
// with `CAFCHARTE_TEST_PENDING=1 npm test -- --engine postgres <file>`; the list must end empty.
// Empty since 2026-12-01: the whole suite runs on both engines.
export const PENDING_ON_POSTGRES: string[] = [
];
