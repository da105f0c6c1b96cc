// The schema version this cafcharte knows, apart from the migrations themselves: opening a store
// that is already up to date (nearly every command) loads none of them. Raise it with each new
// migration: the registry (./index.ts) does not compile until it matches.
import type { Migration } from '../migrate.js';

export const SCHEMA_VERSION = 10;

/** The ordered registry (./index.ts), for a store that is behind. */
export async function loadMigrations(): Promise<Migration[]> {
  return (await import('./index.js')).MIGRATIONS;
}
