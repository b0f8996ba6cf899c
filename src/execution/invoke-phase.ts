import type { ContainerExit } from '../engine/container-engine.js';
import type { ExtensionFailure } from '../runtime-api/extension-registry.js';
import type { InvocationOutcome } from '../runtime-api/invocation-types.js';
import { timedOutMessage, timeoutLine } from '../runtimes/report-line.js';
import type { ExecutionEnvironment } from './execution-environment.js';
import type { ExecutionPlan, InvocationRequest } from './execution-plan.js';
import { extensionFailure } from './init-phase.js';
import type { EventEnd } from './lifecycle-types.js';
import type { LogCollector } from './log-collector.js';
import { runtimeExitPayload, timeoutPayload } from './platform-errors.js';
import { traceHeader } from './trace-header.js';

type InvokeEnd =
  | { kind: 'outcome'; outcome: InvocationOutcome }
  | { kind: 'exit'; exit: ContainerExit }
  | { kind: 'extension'; failure: ExtensionFailure }
  | { kind: 'timeout' };

/**
 * The INVOKE phase: one event on an initialised environment. It ends when the runtime has answered
 * and every other client of the session that takes INVOKE is ready again (docs/lifecycle.md), all
 * within the function's timeout, or when the container exits or an extension fails (the
 * environment is reset then: docs/extensions.md#failures); an abort rejects.
 */
export async function runEvent(
  environment: ExecutionEnvironment,
  plan: ExecutionPlan,
  request: InvocationRequest,
  requestId: string,
  log: LogCollector,
  aborted: Promise<never>,
): Promise<EventEnd> {
  const started = performance.now();
  const end = await raceEvent(environment, plan, request, requestId, aborted);
  if (end.kind === 'outcome') return { payload: end.outcome.payload, failed: end.outcome.kind === 'error' };
  if (end.kind === 'exit') return { payload: runtimeExitPayload(requestId, end.exit), failed: true, reset: 'failure' };
  if (end.kind === 'extension') return extensionFailure(end.failure, requestId, log);
  const elapsed = performance.now() - started;
  log.line(timeoutLine(new Date(), requestId, elapsed));
  return { payload: timeoutPayload(requestId, timedOutMessage(elapsed)), failed: true, reset: 'timeout' };
}

async function raceEvent(
  environment: ExecutionEnvironment,
  plan: ExecutionPlan,
  request: InvocationRequest,
  requestId: string,
  aborted: Promise<never>,
): Promise<InvokeEnd> {
  const { session } = environment.server;
  const deadlineMs = Date.now() + plan.timeoutSeconds * 1000;
  // The exit watch and the timer are per invoke and released after it: a warm environment serves
  // many invokes, and nothing may accumulate on its long-lived promises.
  let timer: NodeJS.Timeout | undefined;
  let unwatch = (): void => undefined;
  let unwatchExtensions = (): void => undefined;
  try {
    return await Promise.race<InvokeEnd>([
      session
        .invoke({
          payload: request.payload,
          requestId,
          deadlineMs,
          invokedFunctionArn: request.invokedFunctionArn ?? plan.functionArn,
          traceId: traceHeader(),
          clientContext: request.clientContext,
        })
        .then(async (outcome) => {
          await session.settled();
          return { kind: 'outcome', outcome };
        }),
      new Promise<InvokeEnd>((resolve) => {
        unwatch = environment.watchExit((exit) => resolve({ kind: 'exit', exit }));
      }),
      new Promise<InvokeEnd>((resolve) => {
        unwatchExtensions = environment.server.extensions.watchFailure((failure) => resolve({ kind: 'extension', failure }));
      }),
      new Promise<InvokeEnd>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'timeout' }), plan.timeoutSeconds * 1000).unref();
      }),
      aborted,
    ]);
  } finally {
    clearTimeout(timer);
    unwatch();
    unwatchExtensions();
  }
}
