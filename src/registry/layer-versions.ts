import type { ZipEntryInfo } from '../archive/types.js';
import type { Db } from './database.js';

/** Identifies one layer (all versions) by its owner; names are unique per account and region. */
export interface LayerKey {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
}

export interface LayerVersionRecord extends LayerKey {
  readonly version: number;
  readonly description: string;
  readonly licenseInfo: string | undefined;
  readonly compatibleRuntimes: string[] | undefined;
  readonly compatibleArchitectures: string[] | undefined;
  readonly createdDate: string;
  readonly blobKey: string;
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly unzippedSize: number;
  readonly entries: readonly ZipEntryInfo[];
}

export type NewLayerVersion = Omit<LayerVersionRecord, 'version'>;

export interface VersionFilter {
  readonly runtime?: string | undefined;
  readonly architecture?: string | undefined;
}

interface LayerVersionRow {
  account_id: string;
  region: string;
  name: string;
  version: number;
  description: string;
  license_info: string | null;
  compatible_runtimes: string | null;
  compatible_architectures: string | null;
  created_date: string;
  blob_key: string;
  code_sha256: string;
  code_size: number;
  unzipped_size: number;
  entries: string;
}

const FILTER_SQL = `
  (@runtime IS NULL OR EXISTS (SELECT 1 FROM json_each(compatible_runtimes) WHERE value = @runtime))
  AND (@architecture IS NULL OR EXISTS (SELECT 1 FROM json_each(compatible_architectures) WHERE value = @architecture))`;

const KEY_SQL = 'account_id = @accountId AND region = @region AND name = @name';

/** The layer_versions and layers tables: typed statements and row mapping, no API rules. */
export class LayerVersions {
  constructor(private readonly db: Db) {}

  /**
   * Takes the next number from the per-layer counter and inserts the version in one IMMEDIATE
   * transaction, so concurrent publishers (other processes included) serialize on the write lock
   * and each gets its own number. The counter outlives deletions: numbers are never reused.
   */
  publish(record: NewLayerVersion): number {
    return this.db
      .transaction(() => {
        const key = { accountId: record.accountId, region: record.region, name: record.name };
        this.db
          .prepare(
            `INSERT INTO layers (account_id, region, name, last_version) VALUES (@accountId, @region, @name, 1)
             ON CONFLICT (account_id, region, name) DO UPDATE SET last_version = last_version + 1`,
          )
          .run(key);
        const { last_version: version } = this.db.prepare(`SELECT last_version FROM layers WHERE ${KEY_SQL}`).get(key) as {
          last_version: number;
        };
        this.db
          .prepare(
            `INSERT INTO layer_versions (account_id, region, name, version, description, license_info,
               compatible_runtimes, compatible_architectures, created_date, blob_key, code_sha256, code_size,
               unzipped_size, entries)
             VALUES (@accountId, @region, @name, @version, @description, @licenseInfo, @compatibleRuntimes,
               @compatibleArchitectures, @createdDate, @blobKey, @codeSha256, @codeSize, @unzippedSize, @entries)`,
          )
          .run({
            ...key,
            version,
            description: record.description,
            licenseInfo: record.licenseInfo ?? null,
            compatibleRuntimes: jsonOrNull(record.compatibleRuntimes),
            compatibleArchitectures: jsonOrNull(record.compatibleArchitectures),
            createdDate: record.createdDate,
            blobKey: record.blobKey,
            codeSha256: record.codeSha256,
            codeSize: record.codeSize,
            unzippedSize: record.unzippedSize,
            entries: JSON.stringify(record.entries),
          });
        return version;
      })
      .immediate();
  }

  get(key: LayerKey, version: number): LayerVersionRecord | undefined {
    const row = this.db.prepare(`SELECT * FROM layer_versions WHERE ${KEY_SQL} AND version = @version`).get({ ...key, version }) as
      LayerVersionRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  /** Versions of one layer matching the filter, newest first, below `beforeVersion` when given. */
  listVersions(key: LayerKey, filter: VersionFilter, beforeVersion: number | undefined, limit: number): LayerVersionRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM layer_versions WHERE ${KEY_SQL} AND ${FILTER_SQL}
           AND (@before IS NULL OR version < @before)
         ORDER BY version DESC LIMIT @limit`,
      )
      .all({ ...key, ...filterParams(filter), before: beforeVersion ?? null, limit }) as LayerVersionRow[];
    return rows.map(toRecord);
  }

  /** Per layer name (ascending, after `afterName`), its newest version matching the filter. */
  latestMatching(owner: Omit<LayerKey, 'name'>, filter: VersionFilter, afterName: string | undefined, limit: number): LayerVersionRecord[] {
    const rows = this.db
      .prepare(
        `SELECT lv.* FROM layer_versions lv
         JOIN (SELECT name, MAX(version) AS version FROM layer_versions
               WHERE account_id = @accountId AND region = @region AND ${FILTER_SQL}
                 AND (@after IS NULL OR name > @after)
               GROUP BY name) latest
           ON lv.name = latest.name AND lv.version = latest.version
         WHERE lv.account_id = @accountId AND lv.region = @region
         ORDER BY lv.name LIMIT @limit`,
      )
      .all({ ...owner, ...filterParams(filter), after: afterName ?? null, limit }) as LayerVersionRow[];
    return rows.map(toRecord);
  }

  /** Removes the version and its policy; returns whether it existed. */
  delete(key: LayerKey, version: number): boolean {
    return this.db
      .transaction(() => {
        this.db.prepare(`DELETE FROM layer_permissions WHERE ${KEY_SQL} AND version = @version`).run({ ...key, version });
        return this.db.prepare(`DELETE FROM layer_versions WHERE ${KEY_SQL} AND version = @version`).run({ ...key, version }).changes > 0;
      })
      .immediate();
  }

  /** Blob keys still needed by live layer versions. */
  blobKeys(): Set<string> {
    const rows = this.db.prepare('SELECT DISTINCT blob_key FROM layer_versions').all() as { blob_key: string }[];
    return new Set(rows.map((row) => row.blob_key));
  }
}

function filterParams(filter: VersionFilter): { runtime: string | null; architecture: string | null } {
  return { runtime: filter.runtime ?? null, architecture: filter.architecture ?? null };
}

function jsonOrNull(value: readonly string[] | undefined): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function parseList(value: string | null): string[] | undefined {
  return value === null ? undefined : (JSON.parse(value) as string[]);
}

function toRecord(row: LayerVersionRow): LayerVersionRecord {
  return {
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    version: row.version,
    description: row.description,
    licenseInfo: row.license_info ?? undefined,
    compatibleRuntimes: parseList(row.compatible_runtimes),
    compatibleArchitectures: parseList(row.compatible_architectures),
    createdDate: row.created_date,
    blobKey: row.blob_key,
    codeSha256: row.code_sha256,
    codeSize: row.code_size,
    unzippedSize: row.unzipped_size,
    entries: JSON.parse(row.entries) as ZipEntryInfo[],
  };
}
