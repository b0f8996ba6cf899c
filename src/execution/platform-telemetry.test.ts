import { describe, expect, it } from 'vitest';
import { reportLine } from '../runtimes/report-line.js';
import type { ExecutionPlan } from './execution-plan.js';
import { initDone, reported, runtimeDone } from './platform-telemetry.js';

const plan = { functionName: 'fn', version: '$LATEST', memoryMb: 256 } as ExecutionPlan;

describe('platform records', () => {
  it('platform.report carries exactly the figures of the REPORT line', () => {
    const figures = { durationMs: 12.345678, initDurationMs: 153.216, maxMemoryUsedMb: 41.2 };
    const [end, report] = reported('r1', plan, { payload: Buffer.from(''), failed: false }, figures, 'Root=1-a');
    expect(end).toEqual({ type: 'platform.end', record: { requestId: 'r1' } });
    expect(report).toEqual({
      type: 'platform.report',
      record: {
        requestId: 'r1',
        status: 'success',
        metrics: { durationMs: 12.35, billedDurationMs: 166, memorySizeMB: 256, maxMemoryUsedMB: 42, initDurationMs: 153.22 },
        tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1-a' },
      },
    });
    const line = reportLine({ requestId: 'r1', durationMs: 12.345678, memorySizeMb: 256, maxMemoryUsedMb: 41.2, initDurationMs: 153.216 });
    expect(line).toBe(
      'REPORT RequestId: r1\tDuration: 12.35 ms\tBilled Duration: 166 ms\tMemory Size: 256 MB\tMax Memory Used: 42 MB\tInit Duration: 153.22 ms\t',
    );
  });

  it('a timed-out event reports timeout, a crash error with its type', () => {
    const timeout = reported(
      'r1',
      plan,
      { payload: Buffer.from(''), failed: true, errorType: 'Sandbox.Timedout', reset: 'timeout' },
      { durationMs: 3000, initDurationMs: undefined, maxMemoryUsedMb: 10 },
      undefined,
    );
    expect(timeout[1]?.record).toMatchObject({ status: 'timeout', errorType: 'Sandbox.Timedout' });
    expect(timeout[1]?.record).not.toHaveProperty('tracing');
    const crash = runtimeDone(
      'r1',
      { payload: Buffer.from(''), failed: true, errorType: 'Runtime.ExitError', reset: 'failure' },
      undefined,
      'Root=1-a',
    );
    expect(crash.record).toEqual({
      requestId: 'r1',
      status: 'error',
      errorType: 'Runtime.ExitError',
      tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1-a' },
    });
  });

  it('runtimeDone measures the runtime alone, from the event handed over to its answer', () => {
    const outcome = { kind: 'response' as const, payload: Buffer.from('"ok"'), deliveredAt: 1000.25, completedAt: 1012.5 };
    const done = runtimeDone('r1', { payload: outcome.payload, failed: false }, outcome, 'Root=1-a');
    expect(done.record).toMatchObject({ status: 'success', metrics: { durationMs: 12.25, producedBytes: 4 } });
  });

  it('one platform.extension per extension comes between initRuntimeDone and initReport', () => {
    const extension = { id: 'x', name: 'probe', external: false, events: ['INVOKE' as const], state: 'Ready' as const };
    expect(initDone({ status: 'success' }, 10, [extension]).map((item) => [item.type, item.record])).toEqual([
      ['platform.initRuntimeDone', { initializationType: 'on-demand', phase: 'init', status: 'success' }],
      ['platform.extension', { name: 'probe', state: 'Ready', events: ['INVOKE'] }],
      ['platform.initReport', { initializationType: 'on-demand', phase: 'init', status: 'success', metrics: { durationMs: 10 } }],
    ]);
  });

  it('init ends with initRuntimeDone, then initReport with the init duration', () => {
    expect(initDone({ status: 'error', errorType: 'Runtime.ImportModuleError' }, 250.1234)).toEqual([
      {
        type: 'platform.initRuntimeDone',
        record: { initializationType: 'on-demand', phase: 'init', status: 'error', errorType: 'Runtime.ImportModuleError' },
      },
      {
        type: 'platform.initReport',
        record: {
          initializationType: 'on-demand',
          phase: 'init',
          status: 'error',
          errorType: 'Runtime.ImportModuleError',
          metrics: { durationMs: 250.123 },
        },
      },
    ]);
  });
});
