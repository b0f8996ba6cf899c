import type { ContainerExit } from '../engine/container-engine.js';
import type { ExtensionFailure } from '../runtime-api/extension-registry.js';
import type { InvocationOutcome } from '../runtime-api/invocation-types.js';
import { timedOutMessage, timeoutLine } from '../runtimes/report-line.js';
import type { ExecutionEnvironment } from './execution-environment.js';
import type { ExecutionPlan, InvocationRequest } from './execution-plan.js';
import { extensionFailure } from './init-phase.js';
import type { EventEnd } from './lifecycle-types.js';
import type { LogCollector } from './log-collector.js';
import { runtimeExitPayload, runtimeExitType, timeoutPayload, TIMEOUT_ERROR_TYPE } from './platform-errors.js';
import { runtimeDone, start } from './platform-telemetry.js';
import { traceHeader } from './trace-header.js';

type InvokeEnd =
  | { kind: 'outcome'; end: EventEnd }
  | { kind: 'exit'; exit: ContainerExit }
  | { kind: 'extension'; failure: ExtensionFailure }
  | { kind: 'timeout' };

/**
 * The INVOKE phase: one event on an initialised environment. It ends when the runtime has answered
 * and every other client of the session that takes INVOKE is ready again (docs/lifecycle.md), all
 * within the function's timeout, or when the container exits or an extension fails (the
 * environment is reset then: docs/extensions.md#failures); an abort rejects. `onAnswer` hears the
 * runtime's answer the moment it is posted, before the extensions have finished.
 */
export async function runEvent(
  environment: ExecutionEnvironment,
  plan: ExecutionPlan,
  request: InvocationRequest,
  requestId: string,
  log: LogCollector,
  aborted: Promise<never>,
  onAnswer: (end: EventEnd) => void = () => undefined,
): Promise<EventEnd> {
  const started = performance.now();
  const traceId = traceHeader();
  const { telemetry } = environment.server;
  telemetry.publish(start(requestId, plan.version, traceId));
  const end = await raceEvent(environment, plan, request, requestId, traceId, aborted, onAnswer);
  if (end.kind === 'outcome') return end.end;
  const failed = eventEnd(end, requestId, performance.now() - started, log, traceId);
  telemetry.publish(runtimeDone(requestId, failed, undefined, traceId));
  return failed;
}

function eventEnd(
  end: Exclude<InvokeEnd, { kind: 'outcome' }>,
  requestId: string,
  elapsed: number,
  log: LogCollector,
  traceId: string,
): EventEnd {
  if (end.kind === 'exit') {
    return {
      payload: runtimeExitPayload(requestId, end.exit),
      failed: true,
      errorType: runtimeExitType(end.exit),
      reset: 'failure',
      traceId,
    };
  }
  if (end.kind === 'extension') return { ...extensionFailure(end.failure, requestId, log), traceId };
  log.line(timeoutLine(new Date(), requestId, elapsed));
  return {
    payload: timeoutPayload(requestId, timedOutMessage(elapsed)),
    failed: true,
    errorType: TIMEOUT_ERROR_TYPE,
    reset: 'timeout',
    traceId,
  };
}

async function raceEvent(
  environment: ExecutionEnvironment,
  plan: ExecutionPlan,
  request: InvocationRequest,
  requestId: string,
  traceId: string,
  aborted: Promise<never>,
  onAnswer: (end: EventEnd) => void,
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
          traceId,
          clientContext: request.clientContext,
        })
        .then(async (outcome) => {
          const end = outcomeEnd(outcome, traceId);
          // The runtime is done now; the extensions that take INVOKE may still be working.
          environment.server.telemetry.publish(runtimeDone(requestId, end, outcome, traceId));
          // Lambda answers the caller now; the invoke goes on until the extensions are done.
          onAnswer(end);
          await session.settled();
          return { kind: 'outcome', end };
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

const outcomeEnd = (outcome: InvocationOutcome, traceId: string): EventEnd =>
  outcome.kind === 'error'
    ? { payload: outcome.payload, failed: true, errorType: outcome.errorType, traceId }
    : { payload: outcome.payload, failed: false, traceId };
