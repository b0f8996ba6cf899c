import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { MIGRATIONS } from './migrations.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lsim-db-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('creates registry.db in WAL mode at the newest schema version, and reopens without reapplying', () => {
    const db = openDatabase(home);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(10_000);
    expect(db.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: MIGRATIONS.length }]);
    db.prepare("INSERT INTO layers (account_id, region, name, last_version) VALUES ('1', 'r', 'n', 4)").run();
    db.close();
    const again = openDatabase(join(home));
    expect(again.prepare('SELECT last_version FROM layers').all()).toEqual([{ last_version: 4 }]);
    expect(again.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: 1 });
    again.close();
  });
});
