import { randomBytes, randomUUID } from 'node:crypto';
import type { ContainerEngine, ContainerExit } from '../engine/container-engine.js';
import type { InvocationOutcome } from '../runtime-api/invocation-types.js';
import { runtimeInfo } from '../runtimes/runtime-catalogue.js';
import { endLine, reportLine, startLine, timedOutMessage, timeoutLine } from '../runtimes/report-line.js';
import { hasValidBootstrap } from './bootstrap-check.js';
import type { ExtractionCache } from './extraction-cache.js';
import { ExecutionEnvironment, delay } from './execution-environment.js';
import type { ExecutionPlan, InvocationRequest, InvocationResult } from './execution-plan.js';
import { LogCollector } from './log-collector.js';
import { prepareOptMount } from './opt-mount.js';
import { invalidEntrypointPayload, runtimeExitPayload, timeoutPayload } from './platform-errors.js';

export interface InvocationDeps {
  readonly engine: ContainerEngine;
  readonly home: string;
  readonly cache: ExtractionCache;
  /** The image tag for a runtime family, building it when missing. */
  readonly imageFor: (family: string) => Promise<string>;
}

/** Lambda's INIT phase limit (reference 4.4 "Phase limits"). */
const INIT_LIMIT_MS = 10_000;
const now = (): number => performance.timeOrigin + performance.now();

type InitEnd =
  | { kind: 'ready'; at: number }
  | { kind: 'init-error'; payload: Buffer; at: number }
  | { kind: 'exit'; exit: ContainerExit }
  | { kind: 'timeout' };

type InvokeEnd = { kind: 'outcome'; outcome: InvocationOutcome } | { kind: 'exit'; exit: ContainerExit } | { kind: 'timeout' };

/**
 * A cold invoke: start an execution environment, run init, hand it one event, collect the result,
 * and remove the container whatever happens (success, error, timeout, crash, abort).
 */
export async function runInvocation(
  deps: InvocationDeps,
  plan: ExecutionPlan,
  request: InvocationRequest,
): Promise<InvocationResult> {
  const requestId = randomUUID();
  const log = new LogCollector(request.onLog);
  const family = runtimeInfo(plan.runtime).family;

  if (family === 'provided' && plan.imageOverride === undefined && !(await hasValidBootstrap(plan.codeDir, plan.layerDirs))) {
    log.line(startLine(requestId, plan.version));
    log.line(endLine(requestId));
    log.line(reportLine({ requestId, durationMs: 0, memorySizeMb: plan.memoryMb, maxMemoryUsedMb: 0 }));
    return result(requestId, plan, log, invalidEntrypointPayload(requestId), true, 0, undefined, 0);
  }

  const image = plan.imageOverride ?? (await deps.imageFor(family));
  const optMount = await prepareOptMount(deps.engine, plan.layerDirs, await deps.cache.empty(), deps.home);
  const sessionId = randomBytes(6).toString('hex');
  const aborted = abortPromise(request.signal);
  // Raced below; this handler only keeps an abort after the races from being an unhandled rejection.
  aborted.catch(() => undefined);
  const environment = await ExecutionEnvironment.start(
    { engine: deps.engine, home: deps.home, sessionId },
    plan,
    image,
    optMount,
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
    log.line(startLine(requestId, plan.version));
    const started = now();
    let payload: Buffer;
    let failed = true;
    if (init.kind === 'ready') {
      const end = await invokeOnce(environment, plan, request, requestId, aborted);
      if (end.kind === 'outcome') {
        payload = end.outcome.payload;
        failed = end.outcome.kind === 'error';
      } else if (end.kind === 'exit') {
        payload = runtimeExitPayload(requestId, end.exit);
      } else {
        const elapsed = now() - started;
        log.line(timeoutLine(new Date(), requestId, elapsed));
        payload = timeoutPayload(requestId, timedOutMessage(elapsed));
      }
    } else if (init.kind === 'init-error') {
      payload = init.payload;
    } else if (init.kind === 'exit') {
      payload = runtimeExitPayload(requestId, init.exit);
    } else {
      const elapsed = now() - environment.startedAt;
      log.line(timeoutLine(new Date(), requestId, elapsed));
      payload = timeoutPayload(requestId, timedOutMessage(elapsed));
    }
    const durationMs = now() - started;
    const peak = await environment.peakMemoryBytes().catch(() => undefined);
    await environment.dispose();
    log.flush();
    const maxMemoryUsedMb = Math.min(plan.memoryMb, Math.ceil((peak ?? 0) / (1024 * 1024)));
    log.line(endLine(requestId));
    log.line(reportLine({ requestId, durationMs, memorySizeMb: plan.memoryMb, maxMemoryUsedMb, initDurationMs }));
    return result(requestId, plan, log, payload, failed, durationMs, initDurationMs, maxMemoryUsedMb);
  } finally {
    await environment.dispose();
  }
}

async function invokeOnce(
  environment: ExecutionEnvironment,
  plan: ExecutionPlan,
  request: InvocationRequest,
  requestId: string,
  aborted: Promise<never>,
): Promise<InvokeEnd> {
  const deadlineMs = Date.now() + plan.timeoutSeconds * 1000;
  return Promise.race<InvokeEnd>([
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
    environment.exited.then((exit) => ({ kind: 'exit', exit })),
    delay(plan.timeoutSeconds * 1000).then(() => ({ kind: 'timeout' }) as const),
    aborted,
  ]);
}

function result(
  requestId: string,
  plan: ExecutionPlan,
  log: LogCollector,
  payload: Buffer,
  failed: boolean,
  durationMs: number,
  initDurationMs: number | undefined,
  maxMemoryUsedMb: number,
): InvocationResult {
  return {
    requestId,
    ...(failed ? { functionError: 'Unhandled' as const } : {}),
    payload,
    executedVersion: plan.version,
    log: log.text,
    durationMs,
    initDurationMs,
    maxMemoryUsedMb,
  };
}

/** X-Ray's `Root=1-<8 hex time>-<24 hex>;Parent=<16 hex>;Sampled=0`. */
function traceHeader(): string {
  const time = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return `Root=1-${time}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

function abortPromise(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal === undefined) return;
    const fail = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('Invocation aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
