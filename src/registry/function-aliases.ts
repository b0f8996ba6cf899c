import type { Db } from './database.js';
import type { Owner } from './functions.js';

export interface AliasRecord {
  readonly functionName: string;
  readonly name: string;
  /** `$LATEST` or a version number, as the API spells it. */
  readonly functionVersion: string;
  readonly description: string;
  /** AdditionalVersionWeights as given; undefined when the alias has no routing config. */
  readonly weights: Readonly<Record<string, number>> | undefined;
  readonly revisionId: string;
}

interface AliasRow {
  function_name: string;
  name: string;
  function_version: string;
  description: string;
  routing_config: string | null;
  revision_id: string;
}

/** The function_aliases table: typed statements and row mapping, no API rules. */
export class FunctionAliases {
  constructor(private readonly db: Db) {}

  get(owner: Owner, functionName: string, name: string): AliasRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM function_aliases WHERE account_id = ? AND region = ? AND function_name = ? AND name = ?')
      .get(owner.accountId, owner.region, functionName, name) as AliasRow | undefined;
    return row === undefined ? undefined : toAlias(row);
  }

  /** Inserts or replaces; call inside the write transaction that checked the alias's existence. */
  put(owner: Owner, alias: AliasRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO function_aliases (account_id, region, function_name, name, function_version, description, routing_config, revision_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        owner.accountId,
        owner.region,
        alias.functionName,
        alias.name,
        alias.functionVersion,
        alias.description,
        alias.weights === undefined ? null : JSON.stringify(alias.weights),
        alias.revisionId,
      );
  }

  /** Aliases in name order after `after`, optionally only those whose FunctionVersion is `version`. */
  list(owner: Owner, functionName: string, version: string | undefined, after: string | undefined, limit: number): AliasRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM function_aliases WHERE account_id = ? AND region = ? AND function_name = ?
         AND (? IS NULL OR function_version = ?) AND (? IS NULL OR name > ?) ORDER BY name LIMIT ?`,
      )
      .all(
        owner.accountId,
        owner.region,
        functionName,
        version ?? null,
        version ?? null,
        after ?? null,
        after ?? null,
        limit,
      ) as AliasRow[];
    return rows.map(toAlias);
  }

  /** Names of the aliases that route any traffic to `version`. */
  referencing(owner: Owner, functionName: string, version: string): string[] {
    return this.list(owner, functionName, undefined, undefined, Number.MAX_SAFE_INTEGER)
      .filter((alias) => alias.functionVersion === version || (alias.weights !== undefined && version in alias.weights))
      .map((alias) => alias.name);
  }

  delete(owner: Owner, functionName: string, name: string): void {
    this.db
      .prepare('DELETE FROM function_aliases WHERE account_id = ? AND region = ? AND function_name = ? AND name = ?')
      .run(owner.accountId, owner.region, functionName, name);
  }
}

function toAlias(row: AliasRow): AliasRecord {
  return {
    functionName: row.function_name,
    name: row.name,
    functionVersion: row.function_version,
    description: row.description,
    weights: row.routing_config === null ? undefined : (JSON.parse(row.routing_config) as Record<string, number>),
    revisionId: row.revision_id,
  };
}
