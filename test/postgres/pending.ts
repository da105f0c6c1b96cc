// Test files not yet run on PostgreSQL: they fail there until the PostgreSQL opener and the
// repositories on the async Store API have landed. vitest.config.ts leaves them out of a
// PostgreSQL run (they still run on SQLite). Remove a file from this list as soon as it passes
// with `CAFCHARTE_TEST_PENDING=1 npm test -- --engine postgres <file>`; the list must end empty.
// Measured on 2026-12-01 at 14:08 UTC: logbook (no-public, sessions) and what builds on a
// logbook entry (guard fields, report of the charter, schemas, typography, one report
// case) still fail on PostgreSQL; store/open holds SQLite-file cases to mark skipIf;
// test/cli/progress-startup spawns the CLI on a tempDb() URL whose database nobody created (it
// should open it with openTestStore first).
export const PENDING_ON_POSTGRES: string[] = [
  'test/cli/progress-startup.test.ts',
  'test/commands/guard-fields.test.ts',
  'test/commands/logbook-no-public.test.ts',
  'test/commands/logbook-sessions.test.ts',
  'test/commands/report-charter.test.ts',
  'test/commands/report.test.ts',
  'test/schemas.test.ts',
  'test/store/open.test.ts',
  'test/typography.test.ts',
];
