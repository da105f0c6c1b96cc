import { defineConfig } from 'vitest/config';
import { PENDING_ON_POSTGRES } from './test/postgres/pending.js';

// CAFCHARTE_TEST_PENDING=1 runs the pending files too, to see which pass now.
const leaveOut = process.env.CAFCHARTE_TEST_ENGINE === 'postgres' && !process.env.CAFCHARTE_TEST_PENDING ? PENDING_ON_POSTGRES : [];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // On PostgreSQL, the files that do not pass there yet (test/postgres/pending.ts).
    exclude: ['**/node_modules/**', '**/.git/**', ...leaveOut],
    globalSetup: ['test/globalSetup.ts', 'test/postgres/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
