// Test files not yet run on PostgreSQL: they fail there until the PostgreSQL opener and the
// repositories on the async Store API have landed. vitest.config.ts leaves them out of a
// PostgreSQL run (they still run on SQLite). Remove a file from this list as soon as it passes
// with `CAFCHARTE_TEST_PENDING=1 npm test -- --engine postgres <file>`; the list must end empty.
// Left, measured at 14:40 UTC: two logbook command files whose fixtures still write sessions
// with raw better-sqlite3; store/open holds SQLite-file cases to mark skipIf; progress-startup
// spawns the CLI on a tempDb() URL whose database nobody created (open it with openTestStore first).
export const PENDING_ON_POSTGRES: string[] = [
  'test/cli/progress-startup.test.ts',
  'test/commands/logbook-no-public.test.ts',
  'test/commands/logbook-sessions.test.ts',
  'test/store/open.test.ts',
];
