import { parseReportLine, type ReportFigureValues } from '../runtimes/report-line.js';
import type { InvokeResponse } from '../lsim.js';

/** What a test asserts on after one invoke: the parsed payload, the function's log and the REPORT figures. */
export interface Invocation<T = unknown> {
  /** The payload parsed as JSON; the text itself when it is not JSON (a handler may return any bytes). */
  readonly payload: T;
  /** The raw bytes the function returned. */
  readonly raw: Uint8Array;
  /** `Unhandled` when the function failed: `payload` is then Lambda's `{errorMessage, errorType, ...}`. */
  readonly functionError?: 'Unhandled' | undefined;
  readonly requestId: string;
  readonly executedVersion: string;
  /** The whole log of the invoke, START to REPORT. */
  readonly log: string;
  /** The same log, a line each. */
  readonly logLines: readonly string[];
  /** The values of the REPORT line, as Lambda prints them (docs/testing.md#figures); undefined only when no REPORT line was logged. */
  readonly report: ReportFigureValues | undefined;
}

export function toInvocation<T>(response: InvokeResponse): Invocation<T> {
  const { details } = response;
  const logLines = details.log.split('\n').filter((line) => line !== '');
  const report = logLines.map(parseReportLine).find((figures) => figures !== undefined);
  const text = Buffer.from(response.Payload).toString('utf8');
  return {
    payload: parsePayload(text) as T,
    raw: response.Payload,
    functionError: response.FunctionError,
    requestId: details.requestId,
    executedVersion: response.ExecutedVersion,
    log: details.log,
    logLines,
    report: report === undefined ? undefined : withoutRequestId(report),
  };
}

function withoutRequestId({ requestId: _unused, ...figures }: ReportFigureValues & { requestId: string }): ReportFigureValues {
  return figures;
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
