import type { Db } from './database.js';
import type { FunctionRecord, Owner } from './functions.js';

/** A published version: the function as it was when published, frozen (its layers' blobs included). */
export interface VersionRecord {
  readonly version: number;
  /** The configuration and code of the version; `description` and `revisionId` are the version's own. */
  readonly record: FunctionRecord;
  /** What publishing compared against $LATEST to decide whether anything changed. */
  readonly fingerprint: string;
}

interface VersionRow {
  version: number;
  record: string;
  fingerprint: string;
}

/** The function_versions and function_version_blobs tables: typed statements and row mapping, no API rules. */
export class FunctionVersions {
  constructor(private readonly db: Db) {}

  /** Call inside the transaction that advances the function's `lastVersion`. */
  insert(owner: Owner, name: string, version: VersionRecord): void {
    const key = [owner.accountId, owner.region, name, version.version] as const;
    this.db
      .prepare(
        `INSERT INTO function_versions (account_id, region, function_name, version, record, fingerprint, code_size)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...key, JSON.stringify(version.record), version.fingerprint, version.record.codeSize);
    const blob = this.db.prepare(
      'INSERT INTO function_version_blobs (account_id, region, function_name, version, blob_key) VALUES (?, ?, ?, ?, ?)',
    );
    for (const blobKey of new Set([version.record.blobKey, ...version.record.layers.map((layer) => layer.blobKey)])) {
      blob.run(...key, blobKey);
    }
  }

  get(owner: Owner, name: string, version: number): VersionRecord | undefined {
    const row = this.db
      .prepare(
        'SELECT version, record, fingerprint FROM function_versions WHERE account_id = ? AND region = ? AND function_name = ? AND version = ?',
      )
      .get(owner.accountId, owner.region, name, version) as VersionRow | undefined;
    return row === undefined ? undefined : toVersion(row);
  }

  /** The newest remaining version, which publishing compares $LATEST with. */
  newest(owner: Owner, name: string): VersionRecord | undefined {
    const row = this.db
      .prepare(
        `SELECT version, record, fingerprint FROM function_versions WHERE account_id = ? AND region = ? AND function_name = ?
         ORDER BY version DESC LIMIT 1`,
      )
      .get(owner.accountId, owner.region, name) as VersionRow | undefined;
    return row === undefined ? undefined : toVersion(row);
  }

  /** Versions in ascending order after `after`. */
  list(owner: Owner, name: string, after: number, limit: number): VersionRecord[] {
    const rows = this.db
      .prepare(
        `SELECT version, record, fingerprint FROM function_versions WHERE account_id = ? AND region = ? AND function_name = ?
         AND version > ? ORDER BY version LIMIT ?`,
      )
      .all(owner.accountId, owner.region, name, after, limit) as VersionRow[];
    return rows.map(toVersion);
  }

  delete(owner: Owner, name: string, version: number): boolean {
    return (
      this.db
        .prepare('DELETE FROM function_versions WHERE account_id = ? AND region = ? AND function_name = ? AND version = ?')
        .run(owner.accountId, owner.region, name, version).changes > 0
    );
  }
}

function toVersion(row: VersionRow): VersionRecord {
  return { version: row.version, record: JSON.parse(row.record) as FunctionRecord, fingerprint: row.fingerprint };
}
