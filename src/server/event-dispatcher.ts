import type { LsimConfig } from '../common/config.js';
import { isLsimError } from '../common/errors.js';
import { isOwnerAlive, ownerToken } from '../common/process-owner.js';
import type { ExecutionPlan, InvocationRequest, InvocationResult } from '../execution/execution-plan.js';
import type { PoolInvokeOptions } from '../execution/warm-pool.js';
import type { ResolvedFunction } from '../registry/api-types.js';
import type { AsyncEvents, QueuedEvent } from '../registry/async-events.js';
import type { Identity } from './identity.js';

/** Lambda's defaults for asynchronous invocation (docs/async-invocation.md). */
export const ASYNC_DEFAULTS = {
  /** Function errors are retried twice: one minute after the first attempt, two after the second. */
  retryDelaysMs: [60_000, 120_000] as readonly number[],
  /** An event older than this is discarded unprocessed. */
  maxEventAgeMs: 6 * 60 * 60 * 1000,
  /** Throttles and system errors go back to the queue, retried from 1 s, doubling, up to 5 min apart. */
  systemRetryMinMs: 1000,
  systemRetryMaxMs: 300_000,
};

export interface DispatcherDeps {
  readonly events: AsyncEvents;
  readonly resolve: (identity: Identity, ref: { FunctionName: string; Qualifier?: string }) => ResolvedFunction;
  readonly configFor: (identity: Identity) => LsimConfig;
  readonly planFor: (resolved: ResolvedFunction, config: LsimConfig) => Promise<ExecutionPlan>;
  readonly invoke: (plan: ExecutionPlan, request: InvocationRequest, options: PoolInvokeOptions) => Promise<InvocationResult>;
  readonly onLog: (line: string) => void;
}

export interface DispatcherOptions {
  /** Events running at once (each holds its payload in memory while it runs). */
  readonly maxInFlight: number;
  readonly retryDelaysMs?: readonly number[];
  readonly maxEventAgeMs?: number;
  /** How often the queue is read even without news (events of a dead server sharing LSIM_HOME). */
  readonly pollMs?: number;
}

/**
 * Runs the queued Event invokes of `lsim serve`: claims due events from SQLite (and events a dead
 * server had claimed), runs each on the warm pool, then removes it, or puts it back with Lambda's
 * retry rules: a function error (the function's or its runtime's: timeout, crash) up to two retries
 * after 1 and 2 minutes; a throttle or a failure of lsim's (no engine...) until the event is 6 hours
 * old, backing off from 1 s to 5 min. A stopping server lets the running events finish (up to a
 * grace period) and leaves the rest queued for the next start.
 */
export class EventDispatcher {
  private readonly owner = ownerToken();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly systemFailures = new Map<string, number>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly retryDelaysMs: readonly number[];
  private readonly maxEventAgeMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly options: DispatcherOptions,
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? ASYNC_DEFAULTS.retryDelaysMs;
    this.maxEventAgeMs = options.maxEventAgeMs ?? ASYNC_DEFAULTS.maxEventAgeMs;
    this.pollMs = options.pollMs ?? 5000;
  }

  /** Reads the queue now: at start (what a previous server left) and after each accepted event. */
  wake(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    let claimed: QueuedEvent[] = [];
    const free = this.options.maxInFlight - this.inFlight.size;
    if (free > 0) {
      try {
        claimed = this.deps.events.claimDue(this.owner, free, isOwnerAlive);
      } catch (error) {
        this.deps.onLog(`lsim serve: cannot read the event queue: ${message(error)}`);
      }
    }
    for (const event of claimed) {
      const run = this.run(event).finally(() => {
        this.inFlight.delete(event.id);
        this.wake();
      });
      this.inFlight.set(event.id, run);
    }
    this.schedule();
  }

  /** Stops claiming; waits up to `graceMs` for running events, aborts the rest (they stay queued). */
  async close(graceMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const running = [...this.inFlight.values()];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(running), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    this.abort.abort(new Error('The server is shutting down.'));
    await Promise.allSettled([...this.inFlight.values()]);
    try {
      this.deps.events.release(this.owner);
    } catch {
      // The next server treats the claims of a dead process as void anyway.
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    let delay = this.pollMs;
    try {
      const next = this.deps.events.nextDue();
      if (next !== undefined && this.inFlight.size < this.options.maxInFlight) delay = Math.min(delay, Math.max(0, next - Date.now()));
    } catch {
      // Retried at the next poll.
    }
    this.timer = setTimeout(() => this.wake(), delay).unref();
  }

  private async run(event: QueuedEvent): Promise<void> {
    const { events, onLog } = this.deps;
    const name = event.qualifier === undefined ? event.functionName : `${event.functionName}:${event.qualifier}`;
    try {
      if (Date.now() - event.acceptedAt > this.maxEventAgeMs) {
        onLog(`lsim: Event invoke ${event.id} of ${name} discarded: older than the maximum event age.`);
        events.remove(event.id);
        return;
      }
      const identity: Identity = { accountId: event.accountId, region: event.region, accessKeyId: undefined };
      let resolved: ResolvedFunction;
      try {
        resolved = this.deps.resolve(identity, {
          FunctionName: event.functionName,
          ...(event.qualifier === undefined ? {} : { Qualifier: event.qualifier }),
        });
      } catch (error) {
        if (!isLsimError(error) || error.code !== 'ResourceNotFoundException') throw error;
        onLog(`lsim: Event invoke ${event.id} of ${name} discarded: the function no longer exists.`);
        events.remove(event.id);
        return;
      }
      const body = events.payloadOf(event.id);
      if (body === undefined) return;
      const plan = await this.deps.planFor(resolved, this.deps.configFor(identity));
      const result = await this.deps.invoke(
        plan,
        { payload: body.payload, clientContext: body.clientContext, onLog, onNotice: onLog, signal: this.abort.signal },
        { waitForSlot: true },
      );
      this.systemFailures.delete(event.id);
      if (result.functionError === undefined) {
        events.remove(event.id);
        return;
      }
      const delay = this.retryDelaysMs[event.attempts];
      if (delay === undefined) {
        onLog(`lsim: Event invoke ${event.id} of ${name} failed ${event.attempts + 1} times; discarded (no destination).`);
        events.remove(event.id);
        return;
      }
      events.reschedule(event.id, Date.now() + delay, true);
    } catch (error) {
      if (this.abort.signal.aborted) {
        events.reschedule(event.id, Date.now(), false);
        return;
      }
      const failures = (this.systemFailures.get(event.id) ?? 0) + 1;
      this.systemFailures.set(event.id, failures);
      const delay = Math.min(ASYNC_DEFAULTS.systemRetryMaxMs, ASYNC_DEFAULTS.systemRetryMinMs * 2 ** (failures - 1));
      onLog(`lsim: Event invoke ${event.id} of ${name} could not run (${message(error)}); retrying in ${delay / 1000} s.`);
      try {
        events.reschedule(event.id, Date.now() + delay, false);
      } catch {
        // Still claimed by this process: the next server (or this one's restart) picks it up.
      }
    }
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
