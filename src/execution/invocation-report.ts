import { endLine, reportLine } from '../runtimes/report-line.js';
import type { ExecutionEnvironment } from './execution-environment.js';
import type { ExecutionPlan, InvocationAnswer, InvocationResult } from './execution-plan.js';
import type { EventEnd } from './lifecycle-types.js';
import type { LogCollector } from './log-collector.js';

export interface ReportFigures {
  readonly durationMs: number;
  readonly initDurationMs: number | undefined;
  readonly maxMemoryUsedMb: number;
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

/** What the caller gets of an event's end, before or without its log. */
export function answerOf(requestId: string, plan: ExecutionPlan, end: EventEnd): InvocationAnswer {
  return {
    requestId,
    ...(end.failed ? { functionError: 'Unhandled' as const } : {}),
    payload: end.payload,
    executedVersion: plan.version,
  };
}

/** END and REPORT, and the result the caller hands back. */
export function finish(requestId: string, plan: ExecutionPlan, log: LogCollector, end: EventEnd, figures: ReportFigures): InvocationResult {
  const { durationMs, initDurationMs, maxMemoryUsedMb } = figures;
  log.line(endLine(requestId));
  log.line(reportLine({ requestId, durationMs, memorySizeMb: plan.memoryMb, maxMemoryUsedMb, initDurationMs }));
  return {
    ...answerOf(requestId, plan, end),
    log: log.text,
    durationMs,
    initDurationMs,
    maxMemoryUsedMb,
  };
}
