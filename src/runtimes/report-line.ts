/**
 * The platform's own log lines around each invoke, in real Lambda's format (docs/lambda-facts.md#log-lines)
 * rather than RIE's, which orders and fills REPORT differently.
 */

export interface ReportInput {
  readonly requestId: string;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  /** Measured from the container; rounded up to whole MB as Lambda prints it. */
  readonly maxMemoryUsedMb: number;
  /** Present on a cold start only. */
  readonly initDurationMs?: number | undefined;
}

/** Two decimals, half away from zero on the hundredth. */
const twoDecimals = (value: number): string => (Math.round(value * 100) / 100).toFixed(2);

/**
 * Whole milliseconds, at least 1. Since 2025-08-01 Lambda bills INIT for on-demand Zip functions
 * on managed runtimes too (AWS Compute Blog "AWS Lambda standardizes billing for INIT Phase"; a 2025
 * log shows billed = ceil(duration + init)), and custom runtimes always were; so a cold start bills
 * both. Rounding to the microsecond first keeps float noise (100.00000001) from adding a millisecond.
 */
export function billedDurationMs(durationMs: number, initDurationMs?: number): number {
  const total = Math.round((durationMs + (initDurationMs ?? 0)) * 1000) / 1000;
  return Math.max(1, Math.ceil(total));
}

export interface ExtensionLineInput {
  readonly name: string;
  readonly state: string;
  readonly events: readonly string[];
  readonly errorType?: string | undefined;
}

/** `EXTENSION\tName: n\tState: Ready\tEvents: [INVOKE,SHUTDOWN]`, one per extension at the end of init (docs/extensions.md#log-lines). */
export function extensionLine(input: ExtensionLineInput): string {
  const fields = [`EXTENSION`, `Name: ${input.name}`, `State: ${input.state}`, `Events: [${input.events.join(',')}]`];
  if (input.errorType !== undefined) fields.push(`Error Type: ${input.errorType}`);
  return fields.join('\t');
}

export interface InitReportInput {
  readonly durationMs: number;
  readonly status: 'error' | 'timeout';
  /** Printed for an error; a timeout has none. */
  readonly errorType?: string | undefined;
}

/**
 * `INIT_REPORT Init Duration: 150.79 ms\tPhase: init\tStatus: error\tError Type: Runtime.UserCodeSyntaxError`:
 * Lambda's line for an init that did not succeed, before the invoke's START (docs/lambda-facts.md#init-report).
 */
export function initReportLine(input: InitReportInput): string {
  const fields = [`INIT_REPORT Init Duration: ${twoDecimals(input.durationMs)} ms`, 'Phase: init', `Status: ${input.status}`];
  if (input.status === 'error' && input.errorType !== undefined) fields.push(`Error Type: ${input.errorType}`);
  return fields.join('\t');
}

/** The platform's fault record in the function log: `RequestId: <id> Error: <message>`, then the error type. */
export function faultLines(requestId: string, message: string, errorType: string): string[] {
  return [`RequestId: ${requestId} Error: ${message}`, errorType];
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

/** The figures REPORT prints, as numbers: what `platform.report` carries too (docs/telemetry.md#records). */
export interface ReportFigureValues {
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMB: number;
  readonly maxMemoryUsedMB: number;
  readonly initDurationMs?: number;
}

export function reportFigures(input: ReportInput): ReportFigureValues {
  return {
    durationMs: Number(twoDecimals(input.durationMs)),
    billedDurationMs: billedDurationMs(input.durationMs, input.initDurationMs),
    memorySizeMB: input.memorySizeMb,
    maxMemoryUsedMB: Math.ceil(input.maxMemoryUsedMb),
    ...(input.initDurationMs === undefined ? {} : { initDurationMs: Number(twoDecimals(input.initDurationMs)) }),
  };
}

/** Tab-separated, Init Duration after Max Memory Used, and a trailing tab, as Lambda prints it. */
export function reportLine(input: ReportInput): string {
  const figures = reportFigures(input);
  const fields = [
    `REPORT RequestId: ${input.requestId}`,
    `Duration: ${figures.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${figures.billedDurationMs} ms`,
    `Memory Size: ${figures.memorySizeMB} MB`,
    `Max Memory Used: ${figures.maxMemoryUsedMB} MB`,
  ];
  if (figures.initDurationMs !== undefined) fields.push(`Init Duration: ${figures.initDurationMs.toFixed(2)} ms`);
  return `${fields.join('\t')}\t`;
}

/** `Task timed out after N.NN seconds`: the elapsed time, often a little over the configured timeout. */
export function timedOutMessage(elapsedMs: number): string {
  return `Task timed out after ${twoDecimals(elapsedMs / 1000)} seconds`;
}

/** `<ISO8601 UTC with ms>Z <requestId> Task timed out after N.NN seconds` (user logs, docs/lambda-facts.md#log-lines). */
export function timeoutLine(at: Date, requestId: string, elapsedMs: number): string {
  return `${at.toISOString()} ${requestId} ${timedOutMessage(elapsedMs)}`;
}

const REPORT_FIELDS =
  /^REPORT RequestId: (\S+)\tDuration: ([\d.]+) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB(?:\tInit Duration: ([\d.]+) ms)?/;

/** The figures of one REPORT line, as `reportLine` prints them; undefined for any other line. */
export function parseReportLine(line: string): (ReportFigureValues & { readonly requestId: string }) | undefined {
  const match = REPORT_FIELDS.exec(line);
  if (match === null) return undefined;
  const [, requestId = '', duration, billed, memory, used, init] = match;
  return {
    requestId,
    durationMs: Number(duration),
    billedDurationMs: Number(billed),
    memorySizeMB: Number(memory),
    maxMemoryUsedMB: Number(used),
    ...(init === undefined ? {} : { initDurationMs: Number(init) }),
  };
}
