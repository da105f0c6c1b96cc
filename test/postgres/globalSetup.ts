// When the suite runs on PostgreSQL (CAFCHARTE_TEST_ENGINE=postgres), starts the one server of the
// run before any test file and hands its URL to the workers; stops it and removes its folder after.
import type { TestProject } from 'vitest/node';
import { startTestServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgresql://postgres@127.0.0.1:PORT of the run's server, '' on SQLite. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.CAFCHARTE_TEST_ENGINE !== 'postgres') {
    project.provide('postgresUrl', '');
    return undefined;
  }
  const server = await startTestServer();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
