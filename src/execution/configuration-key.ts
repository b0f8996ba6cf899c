import type { ExecutionPlan } from './execution-plan.js';

/** Keys of the plans seen: a plan is immutable and (through the server's plan cache) reused across invokes. */
const planKeys = new WeakMap<ExecutionPlan, string>();

/** The function configuration an environment was built for; any change means a new environment. */
export function configurationKey(plan: ExecutionPlan): string {
  let key = planKeys.get(plan);
  if (key === undefined) {
    key = computeConfigurationKey(plan);
    planKeys.set(plan, key);
  }
  return key;
}

function computeConfigurationKey(plan: ExecutionPlan): string {
  return JSON.stringify([
    plan.runtime,
    plan.architecture,
    plan.handler,
    plan.codeDir,
    plan.layerDirs,
    Object.entries(plan.userEnv).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    plan.memoryMb,
    plan.timeoutSeconds,
    plan.ephemeralStorageMb,
    plan.imageOverride ?? null,
    plan.region,
    plan.accountId,
  ]);
}
