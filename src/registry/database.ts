import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** Several lsim processes share one registry; a writer waits this long for another's lock. */
const BUSY_TIMEOUT_MS = 10_000;

/** Opens `<home>/registry.db`, creating it, and brings its schema up to the newest migration. */
export function openDatabase(home: string): Db {
  mkdirSync(home, { recursive: true });
  const db = new Database(join(home, 'registry.db'), { timeout: BUSY_TIMEOUT_MS });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  retryWhileBusy(() => db.pragma('journal_mode = WAL'));
  retryWhileBusy(() => migrate(db));
  return db;
}

/**
 * Switching a fresh file to WAL, and the first migration, can meet SQLITE_BUSY without SQLite
 * calling its busy handler (several processes opening a new home at once), so those steps retry.
 */
function retryWhileBusy(step: () => unknown): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      step();
      return;
    } catch (error) {
      const busy = (error as { code?: unknown }).code === 'SQLITE_BUSY';
      if (!busy || Date.now() > deadline) throw error;
      Atomics.wait(SLEEPER, 0, 0, 5 + Math.floor(Math.random() * 20));
    }
  }
}

const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  // IMMEDIATE: two processes opening a fresh home at once must not both apply migration 1.
  db.transaction(() => {
    const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
    const current = row?.version ?? 0;
    MIGRATIONS.slice(current).forEach((sql) => db.exec(sql));
    if (row === undefined) db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(MIGRATIONS.length);
    else if (current < MIGRATIONS.length) db.prepare('UPDATE schema_version SET version = ?').run(MIGRATIONS.length);
  }).immediate();
}
