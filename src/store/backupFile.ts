// A finished backup file: private (0600) and in rollback-journal mode, so that merely opening it
// read-only later (restore, inspection) does not create -wal/-shm files beside it.
import { chmodSync } from 'node:fs';
import { openDatabase } from './driver.js';

export function sealBackupFile(path: string): void {
  chmodSync(path, 0o600);
  const db = openDatabase(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}
