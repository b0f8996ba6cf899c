import type { ZipEntryInfo } from '../archive/types.js';
import type { Db } from './database.js';

export interface Owner {
  readonly accountId: string;
  readonly region: string;
}

/** What a function keeps of each layer version it references, so deleting the version changes nothing for it. */
export interface FunctionLayerRecord {
  readonly arn: string;
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly unzippedSize: number;
  readonly blobKey: string;
}

export interface FunctionRecord extends Owner {
  readonly name: string;
  readonly runtime: string;
  readonly role: string;
  readonly handler: string;
  readonly description: string;
  readonly timeout: number;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>> | undefined;
  readonly architectures: readonly string[];
  readonly ephemeralStorage: number;
  readonly blobKey: string;
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly unzippedSize: number;
  readonly entries: readonly ZipEntryInfo[];
  readonly lastModified: string;
  readonly revisionId: string;
  readonly layers: readonly FunctionLayerRecord[];
  /** The window a create or an update is in until `settlesAt` (epoch ms); absent once nothing is pending. */
  readonly settling: SettlingKind | undefined;
  readonly settlesAt: number;
  /** The RevisionId reads show once the window is over (Lambda gives the settled function a new one). */
  readonly settledRevisionId: string | undefined;
  /** The highest version number ever published; numbers are never reused. */
  readonly lastVersion: number;
}

export type SettlingKind = 'created' | 'updated';

interface FunctionRow {
  account_id: string;
  region: string;
  name: string;
  runtime: string;
  role: string;
  handler: string;
  description: string;
  timeout: number;
  memory_size: number;
  environment: string | null;
  architectures: string;
  ephemeral_storage: number;
  blob_key: string;
  code_sha256: string;
  code_size: number;
  unzipped_size: number;
  entries: string;
  last_modified: string;
  revision_id: string;
  settling: string | null;
  settles_at: number;
  settled_revision_id: string | null;
  last_version: number;
}

interface FunctionLayerRow {
  arn: string;
  code_sha256: string;
  code_size: number;
  unzipped_size: number;
  blob_key: string;
}

const COLUMNS = `account_id, region, name, runtime, role, handler, description, timeout, memory_size, environment,
  architectures, ephemeral_storage, blob_key, code_sha256, code_size, unzipped_size, entries, last_modified, revision_id,
  settling, settles_at, settled_revision_id, last_version`;
const VALUES = `@accountId, @region, @name, @runtime, @role, @handler, @description, @timeout, @memorySize, @environment,
  @architectures, @ephemeralStorage, @blobKey, @codeSha256, @codeSize, @unzippedSize, @entries, @lastModified, @revisionId,
  @settling, @settlesAt, @settledRevisionId, @lastVersion`;

/** The functions and function_layers tables: typed statements and row mapping, no API rules. */
export class Functions {
  constructor(private readonly db: Db) {}

  /** Inserts the function; false when the name is taken (checked inside the write transaction). */
  insert(record: FunctionRecord): boolean {
    return this.db
      .transaction(() => {
        if (this.get(record, record.name) !== undefined) return false;
        this.db.prepare(`INSERT INTO functions (${COLUMNS}) VALUES (${VALUES})`).run(toParams(record));
        this.writeLayers(record);
        return true;
      })
      .immediate();
  }

  /**
   * Read-modify-write under the write lock: `change` sees the current record (undefined when the
   * function is gone) and returns the next one, so concurrent updates never lose each other's work.
   */
  update(owner: Owner, name: string, change: (current: FunctionRecord | undefined) => FunctionRecord): FunctionRecord {
    return this.db
      .transaction(() => {
        const next = change(this.get(owner, name));
        this.db.prepare(`INSERT OR REPLACE INTO functions (${COLUMNS}) VALUES (${VALUES})`).run(toParams(next));
        this.db
          .prepare('DELETE FROM function_layers WHERE account_id = ? AND region = ? AND function_name = ?')
          .run(owner.accountId, owner.region, name);
        this.writeLayers(next);
        return next;
      })
      .immediate();
  }

  get(owner: Owner, name: string): FunctionRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM functions WHERE account_id = ? AND region = ? AND name = ?')
      .get(owner.accountId, owner.region, name) as FunctionRow | undefined;
    return row === undefined ? undefined : this.toRecord(row);
  }

  /** Functions in name order after `afterName`. */
  list(owner: Owner, afterName: string | undefined, limit: number): FunctionRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM functions WHERE account_id = ? AND region = ? AND (? IS NULL OR name > ?)
         ORDER BY name LIMIT ?`,
      )
      .all(owner.accountId, owner.region, afterName ?? null, afterName ?? null, limit) as FunctionRow[];
    return rows.map((row) => this.toRecord(row));
  }

  /** Deletes the function with its published versions and aliases. */
  delete(owner: Owner, name: string): boolean {
    return this.db
      .transaction(() => {
        const key = [owner.accountId, owner.region, name];
        this.db.prepare('DELETE FROM function_versions WHERE account_id = ? AND region = ? AND function_name = ?').run(...key);
        this.db.prepare('DELETE FROM function_aliases WHERE account_id = ? AND region = ? AND function_name = ?').run(...key);
        return this.db.prepare('DELETE FROM functions WHERE account_id = ? AND region = ? AND name = ?').run(...key).changes > 0;
      })
      .immediate();
  }

  /** Blob keys needed by any function, for its code or a layer it references, in $LATEST or a published version. */
  blobKeys(): Set<string> {
    const rows = this.db
      .prepare(
        'SELECT blob_key FROM functions UNION SELECT blob_key FROM function_layers UNION SELECT blob_key FROM function_version_blobs',
      )
      .all() as { blob_key: string }[];
    return new Set(rows.map((row) => row.blob_key));
  }

  private writeLayers(record: FunctionRecord): void {
    const insert = this.db.prepare(
      `INSERT INTO function_layers (account_id, region, function_name, position, arn, code_sha256, code_size, unzipped_size, blob_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    record.layers.forEach((layer, position) =>
      insert.run(
        record.accountId,
        record.region,
        record.name,
        position,
        layer.arn,
        layer.codeSha256,
        layer.codeSize,
        layer.unzippedSize,
        layer.blobKey,
      ),
    );
  }

  private toRecord(row: FunctionRow): FunctionRecord {
    const layers = this.db
      .prepare(
        `SELECT arn, code_sha256, code_size, unzipped_size, blob_key FROM function_layers
         WHERE account_id = ? AND region = ? AND function_name = ? ORDER BY position`,
      )
      .all(row.account_id, row.region, row.name) as FunctionLayerRow[];
    return {
      accountId: row.account_id,
      region: row.region,
      name: row.name,
      runtime: row.runtime,
      role: row.role,
      handler: row.handler,
      description: row.description,
      timeout: row.timeout,
      memorySize: row.memory_size,
      environment: row.environment === null ? undefined : (JSON.parse(row.environment) as Record<string, string>),
      architectures: JSON.parse(row.architectures) as string[],
      ephemeralStorage: row.ephemeral_storage,
      blobKey: row.blob_key,
      codeSha256: row.code_sha256,
      codeSize: row.code_size,
      unzippedSize: row.unzipped_size,
      entries: JSON.parse(row.entries) as ZipEntryInfo[],
      lastModified: row.last_modified,
      revisionId: row.revision_id,
      settling: row.settling === 'created' || row.settling === 'updated' ? row.settling : undefined,
      settlesAt: row.settles_at,
      settledRevisionId: row.settled_revision_id ?? undefined,
      lastVersion: row.last_version,
      layers: layers.map((layer) => ({
        arn: layer.arn,
        codeSha256: layer.code_sha256,
        codeSize: layer.code_size,
        unzippedSize: layer.unzipped_size,
        blobKey: layer.blob_key,
      })),
    };
  }
}

function toParams(record: FunctionRecord): Record<string, string | number | null> {
  return {
    accountId: record.accountId,
    region: record.region,
    name: record.name,
    runtime: record.runtime,
    role: record.role,
    handler: record.handler,
    description: record.description,
    timeout: record.timeout,
    memorySize: record.memorySize,
    environment: record.environment === undefined ? null : JSON.stringify(record.environment),
    architectures: JSON.stringify(record.architectures),
    ephemeralStorage: record.ephemeralStorage,
    blobKey: record.blobKey,
    codeSha256: record.codeSha256,
    codeSize: record.codeSize,
    unzippedSize: record.unzippedSize,
    entries: JSON.stringify(record.entries),
    lastModified: record.lastModified,
    revisionId: record.revisionId,
    settling: record.settling ?? null,
    settlesAt: record.settlesAt,
    settledRevisionId: record.settledRevisionId ?? null,
    lastVersion: record.lastVersion,
  };
}
