import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ContainerExit, MountSpec } from '../engine/container-engine.js';
import type { ExtensionFailure } from '../runtime-api/extension-registry.js';
import { faultLines, initReportLine, timedOutMessage, timeoutLine } from '../runtimes/report-line.js';
import { ExecutionEnvironment, delay } from './execution-environment.js';
import type { ExecutionPlan } from './execution-plan.js';
import { findForeignElfs, foreignElfMasks } from './foreign-elf.js';
import type { EventEnd, LifecycleDeps } from './lifecycle-types.js';
import type { LogCollector } from './log-collector.js';
import type { RoutedLog } from './routed-log.js';
import { prepareOptMount } from './opt-mount.js';
import { extensionFailurePayload, runtimeExitPayload, runtimeExitType, timeoutPayload, TIMEOUT_ERROR_TYPE } from './platform-errors.js';
import { initDone, initStart, type InitResult } from './platform-telemetry.js';
import type { PhaseClock } from './phase-clock.js';
import type { Sandbox } from './sandbox-pool.js';
import { ARCHITECTURE_FACTS } from '../runtimes/architecture.js';
import { engineStrategies } from '../engine/strategies.js';

/** Lambda's INIT phase limit (docs/lambda-facts.md#phase-limits). */
const INIT_LIMIT_MS = 10_000;
const now = (): number => performance.timeOrigin + performance.now();

export type InitEnd =
  | { kind: 'ready'; at: number }
  | { kind: 'init-error'; errorType: string; payload: Buffer; at: number }
  | { kind: 'exit'; exit: ContainerExit }
  | { kind: 'extension'; failure: ExtensionFailure }
  | { kind: 'timeout' };

export interface InitialisedEnvironment {
  readonly environment: ExecutionEnvironment;
  readonly init: InitEnd;
  /** Only when init ended (ready or init error): the cold start's `Init Duration`. */
  readonly initDurationMs: number | undefined;
}

/**
 * The INIT phase: a container for the plan, started, and run until every client of its Runtime API
 * session is ready (the runtime's first /next, and each extension that registered: docs/lifecycle.md),
 * or an init error, an extension's failure (docs/extensions.md#failures), the container's exit, the
 * limit, or an abort. An abort removes the container.
 */
export async function runInit(
  deps: LifecycleDeps,
  plan: ExecutionPlan,
  log: RoutedLog,
  aborted: Promise<never>,
  clock: PhaseClock,
  logStream: string,
): Promise<InitialisedEnvironment> {
  const image = await deps.imageFor(plan);
  clock.mark('image');
  const masks = await foreignElfMounts(deps, plan);
  clock.mark('foreign-elf-masks');
  const sessionId = randomBytes(6).toString('hex');
  const environmentDeps = {
    engine: deps.engine,
    home: deps.home,
    sessionId,
    logStream,
    // A user image has no lsim-tunnel: the link container of a remote engine runs lsim's image of the runtime.
    linkImage: () => (plan.imageOverride === undefined ? Promise.resolve(image) : deps.imageFor({ ...plan, imageOverride: undefined })),
  };
  const sandbox = await takeSandbox(deps, plan, image, masks);
  clock.mark('take-sandbox');
  const environment =
    sandbox === undefined
      ? await ExecutionEnvironment.start(environmentDeps, plan, image, [await optMount(deps, plan, clock), ...masks], log, clock)
      : await ExecutionEnvironment.claim(environmentDeps, plan, sandbox, log, clock);
  let unwatch = (): void => undefined;
  const { telemetry } = environment.server;
  telemetry.publish(initStart(plan, sessionId), new Date(environment.startedAt));
  try {
    const { session, extensions } = environment.server;
    const init = await Promise.race<InitEnd>([
      new Promise<InitEnd>((resolve) => {
        unwatch = extensions.watchFailure((failure) => resolve({ kind: 'extension', failure }));
      }),
      session.initialised.then((at) => ({ kind: 'ready', at })),
      session.initErrorReported.then((report) => ({
        kind: 'init-error',
        errorType: report.errorType,
        payload: report.payload,
        at: report.at,
      })),
      environment.exited.then((exit) => ({ kind: 'exit', exit })),
      delay(INIT_LIMIT_MS + plan.timeoutSeconds * 1000).then(() => ({ kind: 'timeout' }) as const),
      aborted,
    ]);
    clock.mark('runtime-init');
    const initDurationMs = init.kind === 'ready' || init.kind === 'init-error' ? init.at - environment.startedAt : undefined;
    const elapsed = initDurationMs ?? now() - environment.startedAt;
    for (const item of initDone(initResult(init), elapsed, environment.server.extensions.extensions)) telemetry.publish(item);
    return { environment, init, initDurationMs };
  } catch (error) {
    await environment.dispose();
    throw error;
  } finally {
    unwatch();
  }
}

async function optMount(deps: LifecycleDeps, plan: ExecutionPlan, clock: PhaseClock): Promise<MountSpec> {
  const mount = await prepareOptMount(deps.engine, plan.layerDirs, await deps.cache.empty(), deps.home);
  clock.mark('opt-mount');
  return mount;
}

/**
 * A pre-provisioned sandbox for lsim's own image, where the engine shares this filesystem (its /var/task
 * and /opt are mounts made on this machine) and no file needs a mask (those are bind mounts the container
 * is created with). Undefined otherwise, and when none of the image is waiting yet.
 */
async function takeSandbox(
  deps: LifecycleDeps,
  plan: ExecutionPlan,
  image: string,
  masks: readonly MountSpec[],
): Promise<Sandbox | undefined> {
  const pool = deps.sandboxes;
  if (pool === undefined || plan.imageOverride !== undefined || masks.length > 0) return undefined;
  if (!(await engineStrategies(deps.engine)).hostFeatures) return undefined;
  return pool.take(image, ARCHITECTURE_FACTS[plan.architecture].platform);
}

/**
 * The refused copies of the other architecture's executables (foreign-elf.ts). lsim's own images only (a
 * user image is run as it is), and only where bind mounts of this filesystem reach the engine; the
 * portable path does without (docs/architectures.md#exec-format-error).
 */
async function foreignElfMounts(deps: LifecycleDeps, plan: ExecutionPlan): Promise<MountSpec[]> {
  if (plan.imageOverride !== undefined || (await engineStrategies(deps.engine)).content !== 'host-mounts') return [];
  const foreign = await findForeignElfs(plan.codeDir, plan.layerDirs, plan.architecture);
  return foreignElfMasks(foreign, join(deps.cache.root, 'foreign-elf'));
}

function initResult(init: InitEnd): InitResult {
  switch (init.kind) {
    case 'ready':
      return { status: 'success' };
    case 'init-error':
      return { status: 'error', errorType: init.errorType };
    case 'exit':
      return { status: 'error', errorType: runtimeExitType(init.exit) };
    case 'extension':
      return { status: 'error', errorType: init.failure.errorType };
    case 'timeout':
      return { status: 'timeout', errorType: TIMEOUT_ERROR_TYPE };
  }
}

/** Lambda's INIT_REPORT line for an INIT phase that did not end ready, with its duration so far. */
export function initReport(init: Exclude<InitEnd, { kind: 'ready' }>, environment: ExecutionEnvironment): string {
  const { status, errorType } = initResult(init);
  const durationMs = (init.kind === 'init-error' ? init.at : now()) - environment.startedAt;
  return initReportLine({ durationMs, status: status === 'timeout' ? 'timeout' : 'error', errorType });
}

/** The error an INIT phase that did not end ready gives its invoke; the environment is reset. */
export function initFailure(init: InitEnd, environment: ExecutionEnvironment, requestId: string, log: LogCollector): EventEnd {
  const { errorType } = initResult(init);
  if (init.kind === 'init-error') return { payload: init.payload, failed: true, errorType, reset: 'failure' };
  if (init.kind === 'exit') return { payload: runtimeExitPayload(requestId, init.exit), failed: true, errorType, reset: 'failure' };
  if (init.kind === 'extension') return extensionFailure(init.failure, requestId, log);
  const elapsed = now() - environment.startedAt;
  log.line(timeoutLine(new Date(), requestId, elapsed));
  return { payload: timeoutPayload(requestId, timedOutMessage(elapsed)), failed: true, errorType, reset: 'timeout' };
}

/** An extension failed the environment: the fault in the log, the error to the caller, and a reset. */
export function extensionFailure(failure: ExtensionFailure, requestId: string, log: LogCollector): EventEnd {
  for (const line of faultLines(requestId, failure.message, failure.errorType)) log.line(line);
  return { payload: extensionFailurePayload(requestId, failure), failed: true, errorType: failure.errorType, reset: 'failure' };
}
