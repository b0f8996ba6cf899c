import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ContainerExit, MountSpec } from '../engine/container-engine.js';
import { timedOutMessage, timeoutLine } from '../runtimes/report-line.js';
import { ExecutionEnvironment, delay } from './execution-environment.js';
import type { ExecutionPlan } from './execution-plan.js';
import { findForeignElfs, foreignElfMasks } from './foreign-elf.js';
import type { EventEnd, LifecycleDeps } from './lifecycle-types.js';
import type { LogCollector } from './log-collector.js';
import { prepareOptMount } from './opt-mount.js';
import { runtimeExitPayload, timeoutPayload } from './platform-errors.js';

/** Lambda's INIT phase limit (docs/lambda-facts.md#phase-limits). */
const INIT_LIMIT_MS = 10_000;
const now = (): number => performance.timeOrigin + performance.now();

export type InitEnd =
  | { kind: 'ready'; at: number }
  | { kind: 'init-error'; payload: Buffer; at: number }
  | { kind: 'exit'; exit: ContainerExit }
  | { kind: 'timeout' };

export interface InitialisedEnvironment {
  readonly environment: ExecutionEnvironment;
  readonly init: InitEnd;
  /** Only when init ended (ready or init error): the cold start's `Init Duration`. */
  readonly initDurationMs: number | undefined;
}

/**
 * The INIT phase: a container for the plan, started, and run until every client of its Runtime API
 * session is ready (the runtime's first /next, and each participant that joined: docs/lifecycle.md),
 * or an init error, the container's exit, the limit, or an abort. An abort removes the container.
 */
export async function runInit(
  deps: LifecycleDeps,
  plan: ExecutionPlan,
  log: LogCollector,
  aborted: Promise<never>,
  logStream: string,
): Promise<InitialisedEnvironment> {
  const image = await deps.imageFor(plan);
  const optMount = await prepareOptMount(deps.engine, plan.layerDirs, await deps.cache.empty(), deps.home);
  const masks = await foreignElfMounts(deps, plan);
  const sessionId = randomBytes(6).toString('hex');
  const environment = await ExecutionEnvironment.start(
    { engine: deps.engine, home: deps.home, sessionId, logStream },
    plan,
    image,
    [optMount, ...masks],
    log,
  );
  try {
    const { session } = environment.server;
    const init = await Promise.race<InitEnd>([
      session.initialised.then((at) => ({ kind: 'ready', at })),
      session.initErrorReported.then((report) => ({ kind: 'init-error', payload: report.payload, at: report.at })),
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

/**
 * The refused copies of the other architecture's executables (foreign-elf.ts). lsim's own images only (a
 * user image is run as it is), and only where bind mounts of this filesystem reach the engine; the
 * portable path does without (docs/architectures.md#exec-format-error).
 */
async function foreignElfMounts(deps: LifecycleDeps, plan: ExecutionPlan): Promise<MountSpec[]> {
  if (plan.imageOverride !== undefined || !(await deps.engine.sharesHostFilesystem())) return [];
  const foreign = await findForeignElfs(plan.codeDir, plan.layerDirs, plan.architecture);
  return foreignElfMasks(foreign, join(deps.cache.root, 'foreign-elf'));
}

/** The error an INIT phase that did not end ready gives its invoke; the environment is reset. */
export function initFailure(init: InitEnd, environment: ExecutionEnvironment, requestId: string, log: LogCollector): EventEnd {
  if (init.kind === 'init-error') return { payload: init.payload, failed: true, reset: 'failure' };
  if (init.kind === 'exit') return { payload: runtimeExitPayload(requestId, init.exit), failed: true, reset: 'failure' };
  const elapsed = now() - environment.startedAt;
  log.line(timeoutLine(new Date(), requestId, elapsed));
  return { payload: timeoutPayload(requestId, timedOutMessage(elapsed)), failed: true, reset: 'timeout' };
}
