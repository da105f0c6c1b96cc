// Test databases on the run's PostgreSQL server: tempDb() names a fresh one synchronously (as it
// names a fresh SQLite file), and it is created on first use, before the store opener migrates
// it. The server's folder goes at the end of the run, and every database with it.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { inject } from 'vitest';

const created = new Set<string>();
let admin: Promise<pg.Client> | undefined;

/** The run's server, without a database: postgresql://postgres@127.0.0.1:PORT. */
export function serverUrl(): string {
  const url = inject('postgresUrl');
  if (!url) throw new Error('CAFCHARTE_TEST_ENGINE=postgres sans serveur de test : lancez les tests par « npm test -- --engine postgres ».');
  return url;
}

/** A URL naming a database nobody has used yet (created by `ensureDatabase`). */
export function freshDatabaseUrl(): string {
  return `${serverUrl()}/cafcharte_test_${randomBytes(8).toString('hex')}`;
}

function databaseName(url: string): string | undefined {
  // Without the run's server (SQLite half), a test may still name a server of its own.
  if (!/^postgres(ql)?:/.test(url) || !inject('postgresUrl') || !url.startsWith(serverUrl() + '/')) return undefined;
  const name = new URL(url).pathname.slice(1);
  return /^cafcharte_test_[0-9a-f]+$/.test(name) ? name : undefined;
}

async function adminClient(): Promise<pg.Client> {
  admin ??= (async () => {
    const { default: driver } = await import('pg');
    const client = new driver.Client({ connectionString: `${serverUrl()}/postgres` });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  })();
  return admin;
}

/** Creates the database of a `freshDatabaseUrl()` the first time it is opened; other locations pass. */
export async function ensureDatabase(location: string): Promise<void> {
  const name = databaseName(location);
  if (!name || created.has(name)) return;
  const client = await adminClient();
  // The name is ours and checked above: only [a-z0-9_].
  await client.query(`CREATE DATABASE ${name}`);
  created.add(name);
}
