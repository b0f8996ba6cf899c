import type { LsimConfig } from '../common/config.js';
import type { ExecutionPlan } from '../execution/execution-plan.js';
import type { ExtractionCache } from '../execution/extraction-cache.js';
import { planForFunction } from '../execution/prepare-plan.js';
import type { ResolvedFunction } from '../registry/api-types.js';

const MAX_PLANS = 1000;

/**
 * Execution plans by function revision: planning checks the extraction cache for the code and every
 * layer (a stat each, an extraction on a miss), which a warm invoke need not repeat. Any change to a
 * function gives it a new RevisionId (and CodeSha256), hence a new key; the caller's account and
 * region are in the key too.
 */
export class PlanCache {
  private readonly plans = new Map<string, Promise<ExecutionPlan>>();

  constructor(private readonly cache: ExtractionCache) {}

  planFor(resolved: ResolvedFunction, config: LsimConfig): Promise<ExecutionPlan> {
    const { configuration } = resolved;
    const key = JSON.stringify([
      configuration.FunctionArn,
      configuration.RevisionId,
      configuration.CodeSha256,
      resolved.layers.map((layer) => layer.codeSha256),
      config.accountId,
      config.region,
    ]);
    let plan = this.plans.get(key);
    if (plan === undefined) {
      if (this.plans.size >= MAX_PLANS) this.plans.clear();
      plan = planForFunction(resolved, config, this.cache);
      this.plans.set(key, plan);
      plan.catch(() => this.plans.delete(key));
    }
    return plan;
  }
}
