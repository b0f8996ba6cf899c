import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Everything a registry keeps under `home`, as one comparable string: every row of every table of
 * `registry.db`, and the names of the stored blobs (temp files excluded). Equal before and after a
 * request means the request changed nothing.
 */
export function registrySnapshot(home: string): string {
  const db = new Database(join(home, 'registry.db'), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const rows = tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()]);
    return JSON.stringify({ rows, blobs: blobNames(join(home, 'blobs')) });
  } finally {
    db.close();
  }
}

function blobNames(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((name) => !name.startsWith('tmp'))
      .sort();
  } catch {
    return [];
  }
}
