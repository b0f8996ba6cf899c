import type { InvocationOutcome } from '../runtime-api/invocation-types.js';
import type { RegisteredExtension } from '../runtime-api/extension-types.js';
import type { PlatformItem, RecordStatus, Tracing } from '../runtime-api/telemetry/records.js';
import { reportFigures } from '../runtimes/report-line.js';
import type { ExecutionPlan } from './execution-plan.js';
import type { ReportFigures } from './invocation-report.js';
import type { EventEnd } from './lifecycle-types.js';

/**
 * The platform records of one environment's phases, from the same figures its log lines print
 * (docs/telemetry.md#records). Pure: the lifecycle publishes what these return.
 */

const ON_DEMAND = 'on-demand';
const MB = 1024 * 1024;

export function initStart(plan: ExecutionPlan, instanceId: string): PlatformItem {
  return {
    type: 'platform.initStart',
    record: {
      initializationType: ON_DEMAND,
      phase: 'init',
      functionName: plan.functionName,
      functionVersion: plan.version,
      instanceId,
      instanceMaxMemory: plan.memoryMb * MB,
    },
  };
}

/** What an init phase that ended gives: its status, and the error type when it failed. */
export interface InitResult {
  readonly status: RecordStatus;
  readonly errorType?: string | undefined;
}

/**
 * `initRuntimeDone`, one `platform.extension` per extension (as its EXTENSION line), then `initReport`, when init
 * has ended (its duration, as INIT_REPORT / Init Duration print it): RAPID's order.
 */
export function initDone(result: InitResult, durationMs: number, extensions: readonly RegisteredExtension[] = []): PlatformItem[] {
  const outcome = { status: result.status, ...(result.errorType === undefined ? {} : { errorType: result.errorType }) };
  return [
    { type: 'platform.initRuntimeDone', record: { initializationType: ON_DEMAND, phase: 'init', ...outcome } },
    ...extensions.map((extension): PlatformItem => ({
      type: 'platform.extension',
      record: {
        name: extension.name,
        state: extension.state,
        events: extension.events,
        ...(extension.errorType === undefined ? {} : { errorType: extension.errorType }),
      },
    })),
    {
      type: 'platform.initReport',
      record: { initializationType: ON_DEMAND, phase: 'init', ...outcome, metrics: { durationMs: round(durationMs) } },
    },
  ];
}

export const tracing = (traceId: string): Tracing => ({ type: 'X-Amzn-Trace-Id', value: traceId });

export function start(requestId: string, version: string, traceId: string): PlatformItem {
  return { type: 'platform.start', record: { requestId, version, tracing: tracing(traceId) } };
}

/** `success`, or `timeout` for a timed-out event, `error` for every other failure (Runtime.*, the function's own). */
export function eventStatus(end: EventEnd): InitResult {
  if (!end.failed) return { status: 'success' };
  return { status: end.reset === 'timeout' ? 'timeout' : 'error', errorType: end.errorType };
}

/** When the runtime has answered (or the event ended without an answer): the runtime's own time. */
export function runtimeDone(requestId: string, end: EventEnd, outcome: InvocationOutcome | undefined, traceId: string): PlatformItem {
  const { status, errorType } = eventStatus(end);
  return {
    type: 'platform.runtimeDone',
    record: {
      requestId,
      status,
      ...(errorType === undefined ? {} : { errorType }),
      ...(outcome === undefined
        ? {}
        : { metrics: { durationMs: round(outcome.completedAt - outcome.deliveredAt), producedBytes: outcome.payload.length } }),
      tracing: tracing(traceId),
    },
  };
}

/** The Logs API's END, then `platform.report` with exactly the REPORT line's figures. */
export function reported(
  requestId: string,
  plan: ExecutionPlan,
  end: EventEnd,
  figures: ReportFigures,
  traceId: string | undefined,
): PlatformItem[] {
  const { status, errorType } = eventStatus(end);
  const metrics = reportFigures({
    requestId,
    durationMs: figures.durationMs,
    memorySizeMb: plan.memoryMb,
    maxMemoryUsedMb: figures.maxMemoryUsedMb,
    initDurationMs: figures.initDurationMs,
  });
  return [
    { type: 'platform.end', record: { requestId } },
    {
      type: 'platform.report',
      record: {
        requestId,
        status,
        ...(errorType === undefined ? {} : { errorType }),
        metrics,
        ...(traceId === undefined ? {} : { tracing: tracing(traceId) }),
      },
    },
  ];
}

/** Milliseconds to the microsecond, as Lambda's records print them. */
const round = (ms: number): number => Math.round(ms * 1000) / 1000;
