import { LsimError } from '../common/errors.js';
import type { ContainerEngine } from '../engine/container-engine.js';
import type { ExecutionPlan, InvocationRequest, InvocationResult } from './execution-plan.js';
import { ConcurrencySlots } from './concurrency-slots.js';
import type { SandboxPool } from './sandbox-pool.js';
import { versionKeyOf, type PoolInvokeOptions } from './warm-pool.js';

/** What the pool needs of one engine's warm pool (WarmPool has it). */
export interface EngineWarmPool {
  readonly size: number;
  readonly idleCount: number;
  hasIdleFor(plan: ExecutionPlan): boolean;
  invoke(plan: ExecutionPlan, request: InvocationRequest, options?: PoolInvokeOptions): Promise<InvocationResult>;
  retireFunction(functionArn: string, version?: string): Promise<number>;
  close(): Promise<void>;
}

/** One engine's environments: its warm pool and, where the engine shares this machine, its sandboxes. */
export interface EngineSlot {
  readonly pool: EngineWarmPool;
  readonly sandboxes?: SandboxPool | undefined;
}

/** One engine of the pool, as the composition root builds it from its backend. */
export interface PoolEngine {
  /** Its address (DOCKER_HOST syntax), for the log. */
  readonly name: string;
  readonly engine: Pick<ContainerEngine, 'ping'>;
  /** A new warm pool (and sandbox pool) on this engine: at start, and again when it comes back from down. */
  readonly open: () => EngineSlot;
  /** Removes what this process left on the engine while it was down (containers of dropped environments). */
  readonly reclaim?: () => Promise<void>;
}

export interface EnginePoolOptions {
  /** Environments busy at once per function across the pool; one more invoke gets TooManyRequestsException. */
  readonly maxConcurrency: number;
  /** How often every engine is pinged, to mark it down or bring it back (default 2 s). */
  readonly probeIntervalMs?: number;
  /** A ping unanswered this long counts as a failure (default 3 s). */
  readonly pingTimeoutMs?: number;
  /** Engines going down and coming back, one line each. */
  readonly onLog?: (line: string) => void;
}

/** What `lsim serve` reports of one engine (its start line, the log, docs/serve.md#a-pool-of-engines). */
export interface EngineStatus {
  readonly name: string;
  readonly up: boolean;
  /** Environments alive there, idle or busy: the load placement compares. */
  readonly environments: number;
}

interface Member {
  readonly engine: PoolEngine;
  slot: EngineSlot;
  up: boolean;
  /** Invokes placed here and not yet returned (their environment may not exist yet). */
  inFlight: number;
  probing: boolean;
}

const DEFAULT_PROBE_MS = 2000;
const DEFAULT_PING_TIMEOUT_MS = 3000;
const shuttingDown = (): LsimError => new LsimError('ServiceException', 'The server is shutting down.');

/**
 * `lsim serve`'s engines (docs/serve.md#a-pool-of-engines): one warm pool per engine, each on its own
 * execution backend. A function's idle environment is reused where it is; a new one goes to the
 * least loaded engine that is up (environments alive there, ties by order). An engine whose calls fail
 * and whose ping then fails is marked down: its environments are dropped and an invoke it failed is
 * run once more, cold, on another engine, unless its answer had gone out already. Every engine is pinged in
 * the background; a down one comes back when it answers. With one engine this is its warm pool and
 * the concurrency limit it always had.
 */
export class EnginePool {
  private readonly members: Member[];
  private readonly slots: ConcurrencySlots;
  /** Slots of engines that went down, still shutting down in the background. */
  private readonly dropping = new Set<Promise<unknown>>();
  private readonly probe: NodeJS.Timeout;
  private closed = false;

  constructor(
    engines: readonly PoolEngine[],
    private readonly options: EnginePoolOptions,
  ) {
    if (engines.length === 0) throw new Error('EnginePool needs an engine.');
    this.members = engines.map((engine) => ({ engine, slot: engine.open(), up: true, inFlight: 0, probing: false }));
    this.slots = new ConcurrencySlots(options.maxConcurrency);
    this.probe = setInterval(() => this.probeAll(), options.probeIntervalMs ?? DEFAULT_PROBE_MS).unref();
  }

  /** Environments alive on every engine. */
  get size(): number {
    return this.members.reduce((sum, member) => sum + member.slot.pool.size, 0);
  }

  /** The first engine's pre-provisioned sandboxes (the one engine of a pool of one). */
  get sandboxes(): SandboxPool | undefined {
    return this.members[0]?.slot.sandboxes;
  }

  status(): EngineStatus[] {
    return this.members.map((member) => ({ name: member.engine.name, up: member.up, environments: member.slot.pool.size }));
  }

  async invoke(plan: ExecutionPlan, request: InvocationRequest, options: PoolInvokeOptions = {}): Promise<InvocationResult> {
    if (this.closed) throw shuttingDown();
    const key = versionKeyOf(plan);
    await this.slots.acquire(key, options.waitForSlot === true, () => this.closed);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.slots.release(key);
    };
    // The slot is free once the environment is (warm-pool.ts PoolInvokeOptions.onReusable), not only when the log is whole.
    const onReusable = (): void => {
      release();
      options.onReusable?.();
    };
    try {
      return await this.placeAndRun(plan, request, { ...options, onReusable });
    } finally {
      release();
    }
  }

  async retireFunction(functionArn: string, version?: string): Promise<number> {
    const counts = await Promise.all(this.members.map((member) => member.slot.pool.retireFunction(functionArn, version)));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /** Stops probing and taking invokes, aborts the running ones, and shuts every environment of every engine down. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probe);
    this.slots.close();
    await Promise.allSettled(this.members.map((member) => closeSlot(member.slot)));
    await Promise.allSettled([...this.dropping]);
  }

  private async placeAndRun(plan: ExecutionPlan, request: InvocationRequest, options: PoolInvokeOptions): Promise<InvocationResult> {
    // An answer already sent cannot be taken back: such an invoke is never run twice.
    let answered = false;
    const onResponse = request.onResponse;
    const watched: InvocationRequest =
      onResponse === undefined
        ? request
        : {
            ...request,
            onResponse: (answer) => {
              answered = true;
              onResponse(answer);
            },
          };
    // No engine up: the first one is tried anyway, and fails with the engine's own words (or has come back).
    const first = this.place(plan, undefined) ?? this.members[0];
    if (first === undefined) throw shuttingDown();
    let result: InvocationResult;
    try {
      result = await this.runOn(first, plan, watched, options);
    } catch (error) {
      if (answered || !(await this.lost(first, error))) throw error;
      return this.retry(first, plan, watched, options, () => Promise.reject(error));
    }
    // A runtime that died with its engine looks like a function error: only those are worth a ping.
    if (result.functionError === undefined || answered || !(await this.lost(first, undefined))) return result;
    return this.retry(first, plan, watched, options, () => Promise.resolve(result));
  }

  /** The invoke once more, cold, on another engine that is up; `giveUp` (the first outcome) when there is none. */
  private retry(
    failed: Member,
    plan: ExecutionPlan,
    request: InvocationRequest,
    options: PoolInvokeOptions,
    giveUp: () => Promise<InvocationResult>,
  ): Promise<InvocationResult> {
    const next = this.place(plan, failed);
    if (next === undefined || this.closed) return giveUp();
    this.log(
      `lsim serve: ${plan.functionName}: the invoke failed with engine ${failed.engine.name}; retrying it cold on ${next.engine.name}`,
    );
    return this.runOn(next, plan, request, options);
  }

  private async runOn(
    member: Member,
    plan: ExecutionPlan,
    request: InvocationRequest,
    options: PoolInvokeOptions,
  ): Promise<InvocationResult> {
    member.inFlight += 1;
    try {
      return await member.slot.pool.invoke(plan, request, options);
    } finally {
      member.inFlight -= 1;
    }
  }

  /**
   * Where an invoke goes: an engine that is up and has an idle environment of this function (the first
   * such), else the up engine with the fewest environments alive or being started, the first of equals.
   */
  private place(plan: ExecutionPlan, excluded: Member | undefined): Member | undefined {
    const candidates = this.members.filter((member) => member.up && member !== excluded);
    const warm = candidates.find((member) => member.slot.pool.hasIdleFor(plan));
    if (warm !== undefined) return warm;
    let best: Member | undefined;
    for (const member of candidates) if (best === undefined || load(member) < load(best)) best = member;
    return best;
  }

  /** After a failure on `member`: true when its engine no longer answers (it is marked down then). */
  private async lost(member: Member, error: unknown): Promise<boolean> {
    if (!member.up) return true;
    const failure = await this.ping(member);
    if (failure === undefined) return false;
    this.markDown(member, failure, error);
    return true;
  }

  /** Undefined when the engine answered; else what went wrong. */
  private async ping(member: Member): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const ms = this.options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
      timer = setTimeout(() => reject(new LsimError('EngineUnavailable', `The engine did not answer a ping in ${ms} ms.`)), ms);
    });
    try {
      await Promise.race([member.engine.engine.ping(), timeout]);
      return undefined;
    } catch (error) {
      return error;
    } finally {
      clearTimeout(timer);
    }
  }

  private markDown(member: Member, failure: unknown, cause: unknown): void {
    if (!member.up || this.closed) return;
    member.up = false;
    const dropped = member.slot;
    const environments = dropped.pool.size;
    // A fresh slot at once, so the member always has one; it takes invokes again only once up.
    member.slot = member.engine.open();
    const closing = closeSlot(dropped);
    this.dropping.add(closing);
    void closing.finally(() => this.dropping.delete(closing));
    const others = this.members.filter((other) => other.up).map((other) => other.engine.name);
    const why = messageOf(failure) ?? messageOf(cause) ?? 'it does not answer';
    this.log(
      `lsim serve: engine ${member.engine.name} is down (${why}); its ${environments} environment(s) dropped, ` +
        `new environments go to ${others.length === 0 ? 'no engine until one answers' : others.join(', ')}`,
    );
  }

  private probeAll(): void {
    for (const member of this.members) {
      if (member.probing || this.closed) continue;
      member.probing = true;
      void this.probeOne(member).finally(() => {
        member.probing = false;
      });
    }
  }

  private async probeOne(member: Member): Promise<void> {
    const failure = await this.ping(member);
    if (failure !== undefined) return this.markDown(member, failure, undefined);
    if (member.up || this.closed) return;
    // What its dropped environments left there goes before new ones start.
    await member.engine.reclaim?.().catch(() => undefined);
    if (this.closed) return;
    member.up = true;
    this.log(`lsim serve: engine ${member.engine.name} answers again; new environments may go to it`);
  }

  private log(line: string): void {
    this.options.onLog?.(line);
  }
}

/** The load placement compares: environments alive there and invokes placed there whose environment may not exist yet. */
const load = (member: Member): number => member.slot.pool.idleCount + member.inFlight;

async function closeSlot(slot: EngineSlot): Promise<void> {
  await slot.pool.close();
  await slot.sandboxes?.close();
}

function messageOf(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}
