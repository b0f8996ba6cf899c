import { LsimError } from '../common/errors.js';
import { functionArn } from '../common/arn.js';
import { configurationKey } from './configuration-key.js';
import { EnvironmentLifecycle } from './environment-lifecycle.js';
import type { ExecutionPlan, InvocationRequest, InvocationResult } from './execution-plan.js';
import type { LifecycleDeps } from './lifecycle-types.js';

export interface WarmPoolOptions {
  /** An environment idle this long is shut down. */
  readonly idleTimeoutMs: number;
  /** Environments busy at once per function; one more invoke gets TooManyRequestsException. */
  readonly maxConcurrency: number;
}

export interface PoolInvokeOptions {
  /** Wait for a free slot instead of failing at the limit: queued Event invokes do this. */
  readonly waitForSlot?: boolean;
  /**
   * The invoke gave its environment and its concurrency slot back before it resolves: it was answered and
   * only its log is still closing (environment-lifecycle.ts UseOptions.onReusable).
   */
  readonly onReusable?: () => void;
}

const RETIRED_KEY = 'retired';

interface Warm {
  readonly lifecycle: EnvironmentLifecycle;
  readonly key: string;
  idleTimer?: NodeJS.Timeout;
  /** Stops watching for the container's death while idle. */
  unwatchExit?: () => void;
}

interface FunctionSlots {
  /** The configuration key environments must have to serve this function now. */
  key: string;
  readonly idle: Warm[];
  busy: number;
  readonly waiters: (() => void)[];
}

/**
 * Warm execution environments for `lsim serve` and the library: an environment that served an
 * invoke waits for the next one of the same function configuration (no INIT, no `Init Duration`),
 * parallel invokes get parallel environments up to a per-function limit, and an environment is
 * never handed two invokes at once. Environments end through their shutdown phase
 * (environment-lifecycle.ts): after a timeout or a crash, when idle too long, when the function's
 * configuration changed, and at `close`, which leaves no container the pool started.
 */
export class WarmPool {
  private readonly functions = new Map<string, FunctionSlots>();
  private readonly alive = new Set<Warm>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly shutdown = new AbortController();

  constructor(
    private readonly deps: LifecycleDeps,
    private readonly options: WarmPoolOptions,
  ) {}

  /** Environments currently alive (idle or busy). */
  get size(): number {
    return this.alive.size;
  }

  /** Environments alive and waiting for an invoke. */
  get idleCount(): number {
    let count = 0;
    for (const slots of this.functions.values()) count += slots.idle.length;
    return count;
  }

  /** Whether an environment of this plan's function and configuration waits here: its next invoke would be warm. */
  hasIdleFor(plan: ExecutionPlan): boolean {
    const slots = this.functions.get(versionKeyOf(plan));
    return slots !== undefined && slots.key === configurationKey(plan) && slots.idle.length > 0;
  }

  async invoke(plan: ExecutionPlan, request: InvocationRequest, options: PoolInvokeOptions = {}): Promise<InvocationResult> {
    if (this.shutdown.signal.aborted) throw new LsimError('ServiceException', 'The server is shutting down.');
    const slots = this.slotsFor(plan);
    await this.acquire(slots, options.waitForSlot === true);
    // A per-invoke signal: listeners on the long-lived ones are removed when the invoke ends.
    const local = new AbortController();
    const sources = [this.shutdown.signal, ...(request.signal === undefined ? [] : [request.signal])];
    const forward = (): void => local.abort(sources.find((signal) => signal.aborted)?.reason);
    for (const signal of sources) signal.addEventListener('abort', forward, { once: true });
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      slots.busy -= 1;
      slots.waiters.shift()?.();
    };
    const run = this.run(slots, plan, request, local.signal, () => {
      release();
      options.onReusable?.();
    });
    this.running.add(run);
    try {
      return await run;
    } finally {
      for (const signal of sources) signal.removeEventListener('abort', forward);
      this.running.delete(run);
      release();
    }
  }

  /**
   * A function deployed anew (code, layers or configuration): its idle environments of `version` shut
   * down now rather than at its next invoke, its busy ones when their invoke returns, as Lambda does
   * not hand an event of the new configuration to an environment of the old one.
   */
  async retireFunction(functionArn: string, version = '$LATEST'): Promise<number> {
    const slots = this.functions.get(`${functionArn}:${version}`);
    if (slots === undefined) return 0;
    // No plan has this key: the next invoke's plan sets its own, and busy environments no longer match.
    slots.key = RETIRED_KEY;
    const idle = slots.idle.splice(0);
    await Promise.allSettled(idle.map((warm) => this.retire(warm)));
    return idle.length + slots.busy;
  }

  /** Stops taking invokes, aborts the running ones and shuts every environment down. */
  async close(): Promise<void> {
    this.shutdown.abort(new LsimError('ServiceException', 'The server is shutting down.'));
    for (const slots of this.functions.values()) for (const wake of slots.waiters.splice(0)) wake();
    await Promise.allSettled([...this.running]);
    await Promise.allSettled([...this.alive].map((warm) => this.retire(warm)));
  }

  private slotsFor(plan: ExecutionPlan): FunctionSlots {
    const key = configurationKey(plan);
    const versionKey = versionKeyOf(plan);
    let slots = this.functions.get(versionKey);
    if (slots === undefined) {
      slots = { key, idle: [], busy: 0, waiters: [] };
      this.functions.set(versionKey, slots);
    } else if (slots.key !== key) {
      // Busy environments of the old configuration are retired when their invoke returns.
      slots.key = key;
      for (const warm of slots.idle.splice(0)) void this.retire(warm);
    }
    return slots;
  }

  private async acquire(slots: FunctionSlots, wait: boolean): Promise<void> {
    while (slots.busy >= this.options.maxConcurrency) {
      if (!wait) throw new LsimError('TooManyRequestsException', 'Rate Exceeded.');
      await new Promise<void>((resolve) => slots.waiters.push(resolve));
      if (this.shutdown.signal.aborted) throw new LsimError('ServiceException', 'The server is shutting down.');
    }
    slots.busy += 1;
  }

  /** `release` frees the invoke's slot: when the environment is reusable, or else when the invoke returns. */
  private async run(
    slots: FunctionSlots,
    plan: ExecutionPlan,
    request: InvocationRequest,
    signal: AbortSignal,
    release: () => void,
  ): Promise<InvocationResult> {
    let warm = slots.idle.pop();
    if (warm === undefined) {
      warm = { lifecycle: new EnvironmentLifecycle(this.deps, plan), key: slots.key };
      this.alive.add(warm);
    } else {
      clearTimeout(warm.idleTimer);
      warm.unwatchExit?.();
    }
    let used;
    let parked = false;
    // Free before its invoke's log is whole (environment-lifecycle.ts): the next invoke may take it now.
    const onReusable = (): void => {
      if (warm.key !== slots.key || this.shutdown.signal.aborted) return;
      parked = true;
      this.park(slots, warm);
      release();
    };
    try {
      // The environment was built from an earlier plan of this configuration; the invoked ARN is this call's.
      const invoked = { ...request, invokedFunctionArn: request.invokedFunctionArn ?? plan.functionArn, signal };
      used = await warm.lifecycle.invoke(invoked, { onReusable });
    } catch (error) {
      if (!parked) await this.retire(warm);
      throw error;
    }
    if (parked) return used.result;
    if (used.reusable && warm.key === slots.key && !this.shutdown.signal.aborted) this.park(slots, warm);
    else void this.retire(warm);
    return used.result;
  }

  private park(slots: FunctionSlots, warm: Warm): void {
    const drop = (): void => {
      const index = slots.idle.indexOf(warm);
      if (index < 0) return;
      slots.idle.splice(index, 1);
      void this.retire(warm);
    };
    warm.idleTimer = setTimeout(drop, this.options.idleTimeoutMs).unref();
    // A container that dies while idle (OOM-killed by a background thread...) must not serve again.
    warm.unwatchExit = warm.lifecycle.watchExit(drop);
    slots.idle.push(warm);
  }

  private async retire(warm: Warm): Promise<void> {
    clearTimeout(warm.idleTimer);
    warm.unwatchExit?.();
    await warm.lifecycle.shutdown('spindown');
    this.alive.delete(warm);
  }
}

/**
 * Environments belong to one function version, as on Lambda: $LATEST and version 1 never share one,
 * while an alias and the version it points to do (the alias's ARN is only how the version was named).
 */
export function versionKeyOf(plan: ExecutionPlan): string {
  return `${functionArn(plan.region, plan.accountId, plan.functionName)}:${plan.version}`;
}
