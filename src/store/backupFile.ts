// A finished backup file: private (0600) and in rollback-journal mode, so that merely opening it
// read-only later (restore, inspection) does not create -wal/-shm files beside it.
import { chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const require = createRequire(import.meta.url);

export function sealBackupFile(path: string): void {
  chmodSync(path, 0o600);
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}
