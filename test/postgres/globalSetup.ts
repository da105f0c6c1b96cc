// When the suite runs on PostgreSQL (CAFCHARTE_TEST_ENGINE=postgres), starts the one server of the
// run before any test file and hands its URL to the workers; stops it and removes its folder after.
import { existsSync, rmSync } from 'node:fs';
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
  return async () => {
    await server.stop();
    // A test that hands tempDb()'s URL to SQLite (raw openStore) creates files under
    // ./postgresql:/ and would pass without ever touching PostgreSQL: the run fails instead.
    if (existsSync('postgresql:')) {
      rmSync('postgresql:', { recursive: true, force: true });
      throw new Error('un test a ouvert l’URL PostgreSQL de tempDb() comme un fichier SQLite (dossier ./postgresql: créé) : il doit passer par openTestStore(), ou utiliser tempSqliteDb() s’il porte sur les fichiers SQLite.');
    }
  };
}
