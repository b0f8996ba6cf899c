import { randomUUID } from 'node:crypto';
import { LsimError } from '../common/errors.js';
import { functionArn } from '../common/arn.js';
import { startLine } from '../runtimes/report-line.js';
import type { ExecutionEnvironment } from './execution-environment.js';
import type { ExecutionPlan, InvocationRequest, InvocationResult } from './execution-plan.js';
import { LogCollector } from './log-collector.js';
import {
  abortPromise,
  finish,
  initFailure,
  invokeEvent,
  maxMemoryUsed,
  refuseMissingBootstrap,
  startEnvironment,
  type InvocationDeps,
} from './run-invocation.js';

/**
 * Warm invokes refresh `Max Memory Used` in the background, at most this often per environment:
 * a sample can be an engine stats call (about a second of the engine's time), and ten busy
 * environments sampling back to back cost the engine more CPU than the invokes themselves.
 */
const MEMORY_SAMPLE_INTERVAL_MS = 5000;

export interface WarmPoolOptions {
  /** An environment idle this long is stopped and removed. */
  readonly idleTimeoutMs: number;
  /** Environments busy at once per function; one more invoke gets TooManyRequestsException. */
  readonly maxConcurrency: number;
}

export interface PoolInvokeOptions {
  /** Wait for a free slot instead of failing at the limit: queued Event invokes do this. */
  readonly waitForSlot?: boolean;
}

/**
 * Sends a long-lived container's output to the log of whichever invoke it is serving: the
 * container is attached once, its invokes come and go. Partial lines stay in the invoke's log.
 */
class RoutedLog extends LogCollector {
  constructor(public target: LogCollector) {
    super(undefined);
  }

  override line(text: string): void {
    this.target.line(text);
  }

  override chunk(stream: string, data: Buffer | string): void {
    this.target.chunk(stream, data);
  }
}

interface Warm {
  readonly environment: ExecutionEnvironment;
  readonly log: RoutedLog;
  readonly key: string;
  /** Last sampled peak memory (the engine's stats call takes about a second, too slow per invoke). */
  maxMemoryUsedMb: number;
  sampling: boolean;
  /** performance.now() of the last sample's end: samples are spaced by MEMORY_SAMPLE_INTERVAL_MS. */
  sampledAt: number;
  idleTimer?: NodeJS.Timeout;
}

interface FunctionSlots {
  /** The configuration key environments must have to serve this function now. */
  key: string;
  readonly idle: Warm[];
  busy: number;
  readonly waiters: (() => void)[];
}

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

/**
 * Warm execution environments for `lsim serve`: an environment that served an invoke waits for the
 * next one of the same function configuration (no INIT, no `Init Duration`), parallel invokes get
 * parallel environments up to a per-function limit, and an environment that timed out or crashed
 * is dropped. `close` removes every container the pool started.
 */
export class WarmPool {
  private readonly functions = new Map<string, FunctionSlots>();
  private readonly alive = new Set<Warm>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly shutdown = new AbortController();

  constructor(
    private readonly deps: InvocationDeps,
    private readonly options: WarmPoolOptions,
  ) {}

  /** Environments currently alive (idle or busy). */
  get size(): number {
    return this.alive.size;
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
    const run = this.run(slots, plan, request, local.signal);
    this.running.add(run);
    try {
      return await run;
    } finally {
      for (const signal of sources) signal.removeEventListener('abort', forward);
      this.running.delete(run);
      slots.busy -= 1;
      slots.waiters.shift()?.();
    }
  }

  /** Stops taking invokes, aborts the running ones and removes every environment. */
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

  private async run(slots: FunctionSlots, plan: ExecutionPlan, request: InvocationRequest, signal: AbortSignal): Promise<InvocationResult> {
    const requestId = randomUUID();
    const log = new LogCollector(request.onLog);
    const aborted = abortPromise(signal);
    aborted.catch(() => undefined);

    const key = slots.key;
    let warm = slots.idle.pop();
    let initDurationMs: number | undefined;
    if (warm === undefined) {
      const refused = await refuseMissingBootstrap(plan, requestId, log);
      if (refused !== undefined) return refused;
      const routed = new RoutedLog(log);
      const started = await startEnvironment(this.deps, plan, routed, aborted);
      warm = { environment: started.environment, log: routed, key, maxMemoryUsedMb: 0, sampling: false, sampledAt: 0 };
      this.alive.add(warm);
      this.dropWhenExited(slots, warm);
      initDurationMs = started.initDurationMs;
      if (started.init.kind !== 'ready') {
        log.line(startLine(requestId, plan.version));
        const end = initFailure(started.init, started.environment, requestId, log);
        await this.retire(warm);
        log.flush();
        return finish(requestId, plan, log, end, 0, initDurationMs, 0);
      }
    } else {
      clearTimeout(warm.idleTimer);
      warm.log.target = log;
    }

    log.line(startLine(requestId, plan.version));
    const started = performance.now();
    let end;
    try {
      end = await invokeEvent(warm.environment, plan, request, requestId, log, aborted);
    } catch (error) {
      await this.retire(warm);
      throw error;
    }
    const durationMs = performance.now() - started;
    if (initDurationMs !== undefined) {
      warm.maxMemoryUsedMb = await maxMemoryUsed(warm.environment, plan);
      warm.sampledAt = performance.now();
    } else this.sampleMemory(warm, plan);
    log.flush();
    const result = finish(requestId, plan, log, end, durationMs, initDurationMs, warm.maxMemoryUsedMb);
    if (end.reusable && warm.key === slots.key && !this.shutdown.signal.aborted) this.park(slots, warm);
    else void this.retire(warm);
    return result;
  }

  private park(slots: FunctionSlots, warm: Warm): void {
    warm.idleTimer = setTimeout(() => {
      const index = slots.idle.indexOf(warm);
      if (index >= 0) slots.idle.splice(index, 1);
      void this.retire(warm);
    }, this.options.idleTimeoutMs).unref();
    slots.idle.push(warm);
  }

  /** A container that dies while idle (OOM-killed by a background thread...) must not serve again. */
  private dropWhenExited(slots: FunctionSlots, warm: Warm): void {
    warm.environment.exited.then(
      () => {
        const index = slots.idle.indexOf(warm);
        if (index < 0) return;
        slots.idle.splice(index, 1);
        void this.retire(warm);
      },
      () => undefined,
    );
  }

  private sampleMemory(warm: Warm, plan: ExecutionPlan): void {
    if (warm.sampling || performance.now() - warm.sampledAt < MEMORY_SAMPLE_INTERVAL_MS) return;
    warm.sampling = true;
    maxMemoryUsed(warm.environment, plan)
      .then((mb) => (warm.maxMemoryUsedMb = Math.max(warm.maxMemoryUsedMb, mb)))
      .catch(() => undefined)
      .finally(() => {
        warm.sampling = false;
        warm.sampledAt = performance.now();
      });
  }

  private async retire(warm: Warm): Promise<void> {
    clearTimeout(warm.idleTimer);
    warm.log.target = new LogCollector(undefined);
    await warm.environment.dispose().catch(() => undefined);
    this.alive.delete(warm);
  }
}

/**
 * Environments belong to one function version, as on Lambda: $LATEST and version 1 never share one,
 * while an alias and the version it points to do (the alias's ARN is only how the version was named).
 */
function versionKeyOf(plan: ExecutionPlan): string {
  return `${functionArn(plan.region, plan.accountId, plan.functionName)}:${plan.version}`;
}
