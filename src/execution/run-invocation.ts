import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ContainerEngine, ContainerExit, MountSpec } from '../engine/container-engine.js';
import type { InvocationOutcome } from '../runtime-api/invocation-types.js';
import type { Architecture } from '../runtimes/architecture.js';
import { runtimeInfo, type RuntimeId } from '../runtimes/runtime-catalogue.js';
import { endLine, reportLine, startLine, timedOutMessage, timeoutLine } from '../runtimes/report-line.js';
import { chosenBootstrap } from './bootstrap-check.js';
import type { ExtractionCache } from './extraction-cache.js';
import { findForeignElfs, foreignElfMasks, isForeignElf } from './foreign-elf.js';
import { ExecutionEnvironment, delay } from './execution-environment.js';
import type { ExecutionPlan, InvocationRequest, InvocationResult } from './execution-plan.js';
import { LogCollector } from './log-collector.js';
import { prepareOptMount } from './opt-mount.js';
import { foreignBootstrapPayload, invalidEntrypointPayload, runtimeExitPayload, timeoutPayload } from './platform-errors.js';

export interface InvocationDeps {
  readonly engine: ContainerEngine;
  readonly home: string;
  readonly cache: ExtractionCache;
  /** The image tag for a runtime family, building it when missing. */
  readonly imageFor: (runtime: RuntimeId, architecture: Architecture) => Promise<string>;
}

/** Lambda's INIT phase limit (docs/lambda-facts.md#phase-limits). */
const INIT_LIMIT_MS = 10_000;
const now = (): number => performance.timeOrigin + performance.now();

export type InitEnd =
  | { kind: 'ready'; at: number }
  | { kind: 'init-error'; payload: Buffer; at: number }
  | { kind: 'exit'; exit: ContainerExit }
  | { kind: 'timeout' };

type InvokeEnd = { kind: 'outcome'; outcome: InvocationOutcome } | { kind: 'exit'; exit: ContainerExit } | { kind: 'timeout' };

/** An environment whose INIT phase is over, successfully or not. */
export interface InitialisedEnvironment {
  readonly environment: ExecutionEnvironment;
  readonly init: InitEnd;
  /** Only when init ended (ready or init error): the cold start's `Init Duration`. */
  readonly initDurationMs: number | undefined;
}

/** What one event did to an environment; `reusable` is false after a timeout or a crash. */
export interface EventEnd {
  readonly payload: Buffer;
  readonly failed: boolean;
  readonly reusable: boolean;
}

/**
 * A cold invoke: start an execution environment, run init, hand it one event, collect the result,
 * and remove the container whatever happens (success, error, timeout, crash, abort).
 */
export async function runInvocation(deps: InvocationDeps, plan: ExecutionPlan, request: InvocationRequest): Promise<InvocationResult> {
  const requestId = randomUUID();
  const log = new LogCollector(request.onLog);
  const refused = await refuseMissingBootstrap(plan, requestId, log);
  if (refused !== undefined) return refused;

  const aborted = abortPromise(request.signal);
  // Raced below; this handler only keeps an abort after the races from being an unhandled rejection.
  aborted.catch(() => undefined);
  const { environment, init, initDurationMs } = await startEnvironment(deps, plan, log, aborted);
  try {
    log.line(startLine(requestId, plan.version));
    const started = now();
    const end =
      init.kind === 'ready'
        ? await invokeEvent(environment, plan, request, requestId, log, aborted)
        : initFailure(init, environment, requestId, log);
    const durationMs = now() - started;
    const maxMemoryUsedMb = await maxMemoryUsed(environment, plan);
    await environment.dispose();
    log.flush();
    return finish(requestId, plan, log, end, durationMs, initDurationMs, maxMemoryUsedMb);
  } finally {
    await environment.dispose();
  }
}

/**
 * A `provided` function with no bootstrap anywhere, or one of the other architecture, never gets a
 * container: Lambda answers with Runtime.InvalidEntrypoint. Returns that result, or undefined when the plan can run.
 */
export async function refuseMissingBootstrap(
  plan: ExecutionPlan,
  requestId: string,
  log: LogCollector,
): Promise<InvocationResult | undefined> {
  const family = runtimeInfo(plan.runtime).family;
  if (family !== 'provided' || plan.imageOverride !== undefined) return undefined;
  const bootstrap = await chosenBootstrap(plan.codeDir, plan.layerDirs);
  const refusal =
    bootstrap === undefined
      ? invalidEntrypointPayload(requestId)
      : (await isForeignElf(bootstrap.hostPath, plan.architecture))
        ? foreignBootstrapPayload(requestId, bootstrap.path)
        : undefined;
  if (refusal === undefined) return undefined;
  log.line(startLine(requestId, plan.version));
  const end = { payload: refusal, failed: true, reusable: false };
  return finish(requestId, plan, log, end, 0, undefined, 0);
}

/**
 * The refused copies of the other architecture's executables (foreign-elf.ts). lsim's own images only (a
 * user image is run as it is), and only where bind mounts of this filesystem reach the engine; the
 * portable path does without (docs/architectures.md#exec-format-error).
 */
async function foreignElfMounts(deps: InvocationDeps, plan: ExecutionPlan): Promise<MountSpec[]> {
  if (plan.imageOverride !== undefined || !(await deps.engine.sharesHostFilesystem())) return [];
  const foreign = await findForeignElfs(plan.codeDir, plan.layerDirs, plan.architecture);
  return foreignElfMasks(foreign, join(deps.cache.root, 'foreign-elf'));
}

/** Step one: a container for the plan, started, its INIT phase run to an end (or its limit). */
export async function startEnvironment(
  deps: InvocationDeps,
  plan: ExecutionPlan,
  log: LogCollector,
  aborted: Promise<never>,
): Promise<InitialisedEnvironment> {
  const image = plan.imageOverride ?? (await deps.imageFor(plan.runtime, plan.architecture));
  const optMount = await prepareOptMount(deps.engine, plan.layerDirs, await deps.cache.empty(), deps.home);
  const masks = await foreignElfMounts(deps, plan);
  const sessionId = randomBytes(6).toString('hex');
  const environment = await ExecutionEnvironment.start(
    { engine: deps.engine, home: deps.home, sessionId },
    plan,
    image,
    [optMount, ...masks],
    log,
  );
  try {
    const init = await Promise.race<InitEnd>([
      environment.server.onFirstNext().then((at) => ({ kind: 'ready', at })),
      environment.server.onInitError().then((report) => ({ kind: 'init-error', payload: report.payload, at: report.at })),
      environment.exited.then((exit) => ({ kind: 'exit', exit })),
      delay(INIT_LIMIT_MS + plan.timeoutSeconds * 1000).then(() => ({ kind: 'timeout' }) as const),
      aborted,
    ]);
    const initDurationMs = init.kind === 'ready' || init.kind === 'init-error' ? init.at - environment.startedAt : undefined;
    return { environment, init, initDurationMs };
  } catch (error) {
    await environment.dispose();
    throw error;
  }
}

/** The error payload of an INIT phase that did not end ready; the environment is not reusable. */
export function initFailure(init: InitEnd, environment: ExecutionEnvironment, requestId: string, log: LogCollector): EventEnd {
  if (init.kind === 'init-error') return { payload: init.payload, failed: true, reusable: false };
  if (init.kind === 'exit') return { payload: runtimeExitPayload(requestId, init.exit), failed: true, reusable: false };
  const elapsed = now() - environment.startedAt;
  log.line(timeoutLine(new Date(), requestId, elapsed));
  return { payload: timeoutPayload(requestId, timedOutMessage(elapsed)), failed: true, reusable: false };
}

/** Step two: one event on an initialised environment, bounded by the function's timeout. */
export async function invokeEvent(
  environment: ExecutionEnvironment,
  plan: ExecutionPlan,
  request: InvocationRequest,
  requestId: string,
  log: LogCollector,
  aborted: Promise<never>,
): Promise<EventEnd> {
  const started = now();
  const end = await invokeOnce(environment, plan, request, requestId, aborted);
  if (end.kind === 'outcome') {
    return { payload: end.outcome.payload, failed: end.outcome.kind === 'error', reusable: true };
  }
  if (end.kind === 'exit') return { payload: runtimeExitPayload(requestId, end.exit), failed: true, reusable: false };
  const elapsed = now() - started;
  log.line(timeoutLine(new Date(), requestId, elapsed));
  return { payload: timeoutPayload(requestId, timedOutMessage(elapsed)), failed: true, reusable: false };
}

/** The container's peak memory so far, in MB, capped at the configured size. */
export async function maxMemoryUsed(environment: ExecutionEnvironment, plan: ExecutionPlan): Promise<number> {
  const peak = await environment.peakMemoryBytes().catch(() => undefined);
  if (peak === undefined || peak === 0) {
    // A stopped container has no stats left to read. One the kernel killed for memory used all of
    // it, and Lambda's REPORT says so (Max Memory Used = Memory Size).
    const exit = await Promise.race([environment.exited, Promise.resolve(undefined)]);
    if (exit?.oomKilled === true) return plan.memoryMb;
  }
  return Math.min(plan.memoryMb, Math.ceil((peak ?? 0) / (1024 * 1024)));
}

/** Step three: END and REPORT, and the result the caller hands back. */
export function finish(
  requestId: string,
  plan: ExecutionPlan,
  log: LogCollector,
  end: EventEnd,
  durationMs: number,
  initDurationMs: number | undefined,
  maxMemoryUsedMb: number,
): InvocationResult {
  log.line(endLine(requestId));
  log.line(reportLine({ requestId, durationMs, memorySizeMb: plan.memoryMb, maxMemoryUsedMb, initDurationMs }));
  return {
    requestId,
    ...(end.failed ? { functionError: 'Unhandled' as const } : {}),
    payload: end.payload,
    executedVersion: plan.version,
    log: log.text,
    durationMs,
    initDurationMs,
    maxMemoryUsedMb,
  };
}

async function invokeOnce(
  environment: ExecutionEnvironment,
  plan: ExecutionPlan,
  request: InvocationRequest,
  requestId: string,
  aborted: Promise<never>,
): Promise<InvokeEnd> {
  const deadlineMs = Date.now() + plan.timeoutSeconds * 1000;
  // A warm environment serves many invokes: its exit and the timeout are watched per invoke and
  // released after it, so nothing accumulates on the environment's long-lived promises.
  let timer: NodeJS.Timeout | undefined;
  let unwatch = (): void => undefined;
  try {
    return await Promise.race<InvokeEnd>([
      environment.server
        .invoke({
          payload: request.payload,
          requestId,
          deadlineMs,
          invokedFunctionArn: plan.functionArn,
          traceId: traceHeader(),
          clientContext: request.clientContext,
        })
        .then((outcome) => ({ kind: 'outcome', outcome })),
      new Promise<InvokeEnd>((resolve) => {
        unwatch = watchExit(environment, (exit) => resolve({ kind: 'exit', exit }));
      }),
      new Promise<InvokeEnd>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'timeout' }), plan.timeoutSeconds * 1000).unref();
      }),
      aborted,
    ]);
  } finally {
    clearTimeout(timer);
    unwatch();
  }
}

/** One subscription to each environment's exit, fanned out to whoever is watching it then (or later). */
interface ExitWatch {
  readonly watchers: Set<(exit: ContainerExit) => void>;
  exit?: ContainerExit;
}
const exitWatches = new WeakMap<ExecutionEnvironment, ExitWatch>();

function watchExit(environment: ExecutionEnvironment, onExit: (exit: ContainerExit) => void): () => void {
  let watch = exitWatches.get(environment);
  if (watch === undefined) {
    const created: ExitWatch = { watchers: new Set() };
    exitWatches.set(environment, created);
    environment.exited.then(
      (exit) => {
        created.exit = exit;
        for (const watcher of created.watchers) watcher(exit);
      },
      () => undefined,
    );
    watch = created;
  }
  const exit = watch.exit;
  if (exit !== undefined) {
    onExit(exit);
    return () => undefined;
  }
  const { watchers } = watch;
  watchers.add(onExit);
  return () => watchers.delete(onExit);
}

/** X-Ray's `Root=1-<8 hex time>-<24 hex>;Parent=<16 hex>;Sampled=0`. */
function traceHeader(): string {
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${time}-${randomHex(12)};Parent=${randomHex(8)};Sampled=0`;
}

/** Random bytes as hex, from a pooled buffer: a warm invoke should not pay a CSPRNG call per id. */
let randomPool = Buffer.alloc(0);
let randomOffset = 0;
function randomHex(bytes: number): string {
  if (randomOffset + bytes > randomPool.length) {
    randomPool = randomBytes(4096);
    randomOffset = 0;
  }
  randomOffset += bytes;
  return randomPool.toString('hex', randomOffset - bytes, randomOffset);
}

/** Rejects when `signal` aborts (never, without one). */
export function abortPromise(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal === undefined) return;
    const fail = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('Invocation aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
