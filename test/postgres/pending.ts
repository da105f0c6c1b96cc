// Test files not yet run on PostgreSQL: they fail there until the PostgreSQL opener and the
// repositories on the async Store API have landed. vitest.config.ts leaves them out of a
// PostgreSQL run (they still run on SQLite). Remove a file from this list as soon as it passes
// with `CAFCHARTE_TEST_PENDING=1 npm test -- --engine postgres <file>`; the list must end empty.
// Measured on 2026-12-01 at 13:40 UTC: almost all of them fail first in `places add` (the places
// repository is not on the Store yet: « cette commande ne fonctionne pas encore sur PostgreSQL »),
// through addTestPlaces or their own set-up; then campaigns, supports, commissioning, stats,
// export and report wait for their repositories. test/cli/progress-startup spawns the CLI on a
// tempDb() URL whose database nobody created (it should open it with openTestStore first).
export const PENDING_ON_POSTGRES: string[] = [
  'test/a11y/documents-pdf.test.ts',
  'test/a11y/poster-pdf.test.ts',
  'test/a11y/report-html.test.ts',
  'test/a11y/report-pdf.test.ts',
  'test/cli/progress-startup.test.ts',
  'test/commands/caf-layouts.test.ts',
  'test/commands/caf-replace.test.ts',
  'test/commands/caf-territory.test.ts',
  'test/commands/confidentiality.test.ts',
  'test/commands/export-busy-month.test.ts',
  'test/commands/export.test.ts',
  'test/commands/guard-fields.test.ts',
  'test/commands/logbook-no-public.test.ts',
  'test/commands/logbook-sessions.test.ts',
  'test/commands/logbook.test.ts',
  'test/commands/purge.test.ts',
  'test/commands/report-charter.test.ts',
  'test/commands/report.test.ts',
  'test/commands/stats-progress.test.ts',
  'test/commands/stats.test.ts',
  'test/schemas.test.ts',
  'test/store/open.test.ts',
  'test/typography.test.ts',
];
