import type { LsimConfig } from '../common/config.js';
import { LambdaRegistry } from '../registry/lambda-registry.js';
import type { Identity } from './identity.js';

/**
 * One registry per caller account and region, opened on first use with the caller's identity in
 * its config (ARNs and cross-account checks come from it) and kept for the server's lifetime.
 * They all share LSIM_HOME with each other and with CLI processes; SQLite arbitrates.
 */
export class Registries {
  private readonly open = new Map<string, LambdaRegistry>();

  constructor(private readonly config: LsimConfig) {}

  configFor(identity: Identity): LsimConfig {
    return { ...this.config, accountId: identity.accountId, region: identity.region };
  }

  for(identity: Identity): LambdaRegistry {
    const key = `${identity.accountId}/${identity.region}`;
    let registry = this.open.get(key);
    if (registry === undefined) {
      registry = LambdaRegistry.open(this.configFor(identity));
      this.open.set(key, registry);
    }
    return registry;
  }

  close(): void {
    for (const registry of this.open.values()) registry.close();
    this.open.clear();
  }
}
