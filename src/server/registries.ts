import type { LsimConfig } from '../common/config.js';
import type { FunctionRef, ResolvedFunction } from '../registry/api-types.js';
import { openDatabase, type Db } from '../registry/database.js';
import { LambdaRegistry } from '../registry/lambda-registry.js';
import type { Identity } from './identity.js';

/** Resolutions kept at most; past this the cache starts over (it refills at one query per function). */
const MAX_RESOLUTIONS = 1000;

/**
 * One registry per caller account and region, opened on first use with the caller's identity in
 * its config (ARNs and cross-account checks come from it) and kept for the server's lifetime.
 * They all share LSIM_HOME with each other and with CLI processes; SQLite arbitrates.
 *
 * `resolveFunction` is on every invoke's path, so its answers are cached until the registry
 * changes: a connection of our own that never writes reads SQLite's `PRAGMA data_version`, which
 * moves whenever any other connection (these registries, a CLI process) commits. One integer per
 * invoke instead of the function's rows, its layers and its zip listing.
 */
export class Registries {
  private readonly open = new Map<string, LambdaRegistry>();
  private readonly resolutions = new Map<string, ResolvedFunction>();
  private watcher: { readonly db: Db; readonly version: () => unknown } | undefined;
  private seenVersion: unknown;

  constructor(private readonly config: LsimConfig) {}

  configFor(identity: Identity): LsimConfig {
    return { ...this.config, accountId: identity.accountId, region: identity.region };
  }

  for(identity: Identity): LambdaRegistry {
    const key = scopeOf(identity);
    let registry = this.open.get(key);
    if (registry === undefined) {
      registry = LambdaRegistry.open(this.configFor(identity));
      this.open.set(key, registry);
    }
    return registry;
  }

  /** `resolveFunction` of the caller's registry, from the cache while the registry is unchanged. */
  resolveFunction(identity: Identity, ref: FunctionRef): ResolvedFunction {
    const registry = this.for(identity);
    const version = this.dataVersion();
    if (version !== this.seenVersion) {
      this.resolutions.clear();
      this.seenVersion = version;
    }
    const key = `${scopeOf(identity)}\0${ref.FunctionName}\0${ref.Qualifier ?? ''}`;
    let resolved = this.resolutions.get(key);
    if (resolved === undefined) {
      // Errors (not found...) are not cached: they are rare and must reflect the registry now.
      resolved = registry.resolveFunction(ref);
      // A version drawn by an alias's routing weights must be drawn again on the next invoke.
      if (resolved.drawn === true) return resolved;
      if (this.resolutions.size >= MAX_RESOLUTIONS) this.resolutions.clear();
      this.resolutions.set(key, resolved);
    }
    return resolved;
  }

  close(): void {
    for (const registry of this.open.values()) registry.close();
    this.open.clear();
    this.resolutions.clear();
    this.watcher?.db.close();
    this.watcher = undefined;
  }

  private dataVersion(): unknown {
    if (this.watcher === undefined) {
      const db = openDatabase(this.config.home);
      const statement = db.prepare('PRAGMA data_version').pluck();
      this.watcher = { db, version: () => statement.get() };
    }
    return this.watcher.version();
  }
}

const scopeOf = (identity: Identity): string => `${identity.accountId}/${identity.region}`;
