import type { ContainerEngine } from '../engine/container-engine.js';
import type { ShutdownReason } from '../runtime-api/runtime-session.js';
import type { ExecutionPlan } from './execution-plan.js';
import type { LogStore } from '../logs/log-store.js';
import type { ExtractionCache } from './extraction-cache.js';
import type { SandboxPool } from './sandbox-pool.js';

/** What an execution environment's lifecycle needs from the machine. */
export interface LifecycleDeps {
  readonly engine: ContainerEngine;
  readonly home: string;
  readonly cache: ExtractionCache;
  /** The image a plan runs on: lsim's own for its runtime (built when missing) or its user image (pulled when missing). */
  readonly imageFor: (plan: ExecutionPlan) => Promise<string>;
  /** Where every line of every invoke is kept, per function's log group (docs/logs.md); none in some tests. */
  readonly logs?: LogStore | undefined;
  /** Pre-provisioned sandboxes (`lsim serve`): a cold start takes one when its image has one waiting. */
  readonly sandboxes?: SandboxPool | undefined;
}

/**
 * What one event did to an environment. `reset` says why the environment cannot serve again
 * (Lambda's reset reasons: a timeout, or a failure such as a crash); absent, it can.
 */
export interface EventEnd {
  readonly payload: Buffer;
  readonly failed: boolean;
  /** The error's type, when `failed`: what the platform's telemetry records name (docs/telemetry.md#records). */
  readonly errorType?: string | undefined;
  /** The X-Ray trace header the event carried, when the runtime got one. */
  readonly traceId?: string | undefined;
  readonly reset?: Exclude<ShutdownReason, 'spindown'> | undefined;
}
