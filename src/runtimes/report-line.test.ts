import { describe, expect, it } from 'vitest';
import {
  billedDurationMs,
  endLine,
  initReportLine,
  parseReportLine,
  reportLine,
  startLine,
  timedOutMessage,
  timeoutLine,
} from './report-line.js';

const ID = 'f8a3b6c2-9d0e-4c1a-8f5b-2e7d6a4c3b10';

describe('platform log lines', () => {
  it('formats START and END', () => {
    expect(startLine(ID, '$LATEST')).toBe(`START RequestId: ${ID} Version: $LATEST`);
    expect(startLine(ID, '3')).toBe(`START RequestId: ${ID} Version: 3`);
    expect(endLine(ID)).toBe(`END RequestId: ${ID}`);
  });

  it('formats INIT_REPORT for a failed init with its error type, and for a timed-out one without', () => {
    expect(initReportLine({ durationMs: 150.789, status: 'error', errorType: 'Runtime.UserCodeSyntaxError' })).toBe(
      'INIT_REPORT Init Duration: 150.79 ms\tPhase: init\tStatus: error\tError Type: Runtime.UserCodeSyntaxError',
    );
    expect(initReportLine({ durationMs: 9999.79, status: 'timeout', errorType: 'Sandbox.Timedout' })).toBe(
      'INIT_REPORT Init Duration: 9999.79 ms\tPhase: init\tStatus: timeout',
    );
  });

  it('formats a warm REPORT with tabs and a trailing tab', () => {
    expect(reportLine({ requestId: ID, durationMs: 128.834, memorySizeMb: 128, maxMemoryUsedMb: 74 })).toBe(
      `REPORT RequestId: ${ID}\tDuration: 128.83 ms\tBilled Duration: 129 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB\t`,
    );
  });

  it('puts Init Duration last on a cold start and bills it (2025-08 rule)', () => {
    expect(reportLine({ requestId: ID, durationMs: 61.09, memorySizeMb: 1024, maxMemoryUsedMb: 90, initDurationMs: 3986.5 })).toBe(
      `REPORT RequestId: ${ID}\tDuration: 61.09 ms\tBilled Duration: 4048 ms\tMemory Size: 1024 MB\t` +
        'Max Memory Used: 90 MB\tInit Duration: 3986.50 ms\t',
    );
  });

  it('reads back the figures of the REPORT lines it prints, cold and warm', () => {
    const cold = { requestId: ID, durationMs: 61.09, memorySizeMb: 1024, maxMemoryUsedMb: 90, initDurationMs: 3986.5 };
    expect(parseReportLine(reportLine(cold))).toEqual({
      requestId: ID,
      durationMs: 61.09,
      billedDurationMs: 4048,
      memorySizeMB: 1024,
      maxMemoryUsedMB: 90,
      initDurationMs: 3986.5,
    });
    expect(parseReportLine(reportLine({ ...cold, initDurationMs: undefined }))).not.toHaveProperty('initDurationMs');
    expect(parseReportLine(`END RequestId: ${ID}`)).toBeUndefined();
  });

  it('rounds memory used up to whole MB', () => {
    expect(reportLine({ requestId: ID, durationMs: 1, memorySizeMb: 128, maxMemoryUsedMb: 73.2 })).toContain('\tMax Memory Used: 74 MB\t');
  });

  it('prints durations with two decimals', () => {
    const line = reportLine({ requestId: ID, durationMs: 2, memorySizeMb: 128, maxMemoryUsedMb: 1, initDurationMs: 0.005 });
    expect(line).toContain('\tDuration: 2.00 ms\t');
    expect(line).toContain('\tInit Duration: 0.01 ms\t');
  });

  it.each<[number, number | undefined, number]>([
    [128.83, undefined, 129],
    [100, undefined, 100],
    [100.0000001, undefined, 100],
    [100.001, undefined, 101],
    [0.2, undefined, 1],
    [0, undefined, 1],
    [61.09, 3986.5, 4048],
    [0.5, 0.5, 1],
  ])('bills %f ms (+ init %s) as %i ms', (duration, init, billed) => {
    expect(billedDurationMs(duration, init)).toBe(billed);
  });

  it('words the timeout with the elapsed seconds', () => {
    expect(timedOutMessage(3010)).toBe('Task timed out after 3.01 seconds');
    expect(timedOutMessage(1000)).toBe('Task timed out after 1.00 seconds');
    expect(timedOutMessage(900_004)).toBe('Task timed out after 900.00 seconds');
    expect(timeoutLine(new Date('2024-05-06T07:08:09.012Z'), ID, 3005.2)).toBe(
      `2024-05-06T07:08:09.012Z ${ID} Task timed out after 3.01 seconds`,
    );
  });
});
