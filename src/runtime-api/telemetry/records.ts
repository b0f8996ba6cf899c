import type { Subscription, TelemetryType } from './subscription.js';

/**
 * The records lsim produces, as the Telemetry API schema names them, and how each reaches a
 * subscriber of either API (docs/telemetry.md#records). The lifecycle publishes these; the hub
 * filters, reshapes and batches them.
 */

export type InitializationType = 'on-demand';
export type InitPhase = 'init' | 'invoke';
/** `error` for Runtime.* and Extension.* errors, `timeout` for a timed-out phase, `failure` for the rest. */
export type RecordStatus = 'success' | 'error' | 'failure' | 'timeout';

export interface Tracing {
  readonly type: 'X-Amzn-Trace-Id';
  readonly value: string;
}

export interface ReportMetrics {
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMB: number;
  readonly maxMemoryUsedMB: number;
  readonly initDurationMs?: number;
}

interface WithError {
  readonly status: RecordStatus;
  readonly errorType?: string;
}

export type PlatformItem =
  | {
      readonly type: 'platform.initStart';
      readonly record: {
        readonly initializationType: InitializationType;
        readonly phase: InitPhase;
        readonly runtimeVersion?: string;
        readonly functionName: string;
        readonly functionVersion: string;
        readonly instanceId: string;
        readonly instanceMaxMemory: number;
      };
    }
  | {
      readonly type: 'platform.initRuntimeDone';
      readonly record: WithError & { readonly initializationType: InitializationType; readonly phase: InitPhase };
    }
  | {
      readonly type: 'platform.initReport';
      readonly record: WithError & {
        readonly initializationType: InitializationType;
        readonly phase: InitPhase;
        readonly metrics: { readonly durationMs: number };
      };
    }
  | {
      readonly type: 'platform.start';
      readonly record: { readonly requestId: string; readonly version: string; readonly tracing?: Tracing };
    }
  | {
      readonly type: 'platform.runtimeDone';
      readonly record: WithError & {
        readonly requestId: string;
        readonly metrics?: { readonly durationMs: number; readonly producedBytes?: number };
        readonly tracing?: Tracing;
      };
    }
  | {
      readonly type: 'platform.report';
      readonly record: WithError & { readonly requestId: string; readonly metrics: ReportMetrics; readonly tracing?: Tracing };
    }
  /** The Logs API's END; the Telemetry API has no such record. */
  | { readonly type: 'platform.end'; readonly record: { readonly requestId: string } }
  /** The Logs API's crash notice, a string. */
  | { readonly type: 'platform.fault'; readonly record: string }
  | {
      readonly type: 'platform.extension';
      readonly record: { readonly name: string; readonly state: string; readonly events: readonly string[]; readonly errorType?: string };
    }
  | {
      readonly type: 'platform.logsDropped';
      readonly record: { readonly droppedBytes: number; readonly droppedRecords: number; readonly reason: string };
    }
  | {
      readonly type: 'platform.subscription';
      readonly record: { readonly name: string; readonly api: Subscription['api']; readonly types: readonly TelemetryType[] };
    };

/** One line of output: the runtime's (`function`) or an extension's (`extension`). */
export type LogItem = { readonly type: 'function' | 'extension'; readonly record: string };

export type TelemetryItem = PlatformItem | LogItem;

/** What one element of a delivered batch is. */
export interface Envelope {
  readonly time: string;
  readonly type: string;
  readonly record: unknown;
}

/** Records only the Telemetry API has. */
const TELEMETRY_ONLY = new Set<string>(['platform.initStart', 'platform.initRuntimeDone', 'platform.initReport']);
/** Records only the Logs API has. */
const LOGS_ONLY = new Set<string>(['platform.end', 'platform.fault']);

function typeOf(item: TelemetryItem): TelemetryType {
  return item.type === 'function' || item.type === 'extension' ? item.type : 'platform';
}

/**
 * The element `subscription` receives for `item`, or undefined when it takes no such record: its
 * types, its API's record set, and the Logs API's leaner shapes.
 */
export function envelopeFor(item: TelemetryItem, at: Date, subscription: Subscription): Envelope | undefined {
  if (!subscription.types.includes(typeOf(item))) return undefined;
  const time = at.toISOString();
  if (subscription.api === 'telemetry') {
    if (LOGS_ONLY.has(item.type)) return undefined;
    if (item.type === 'platform.subscription') {
      return {
        time,
        type: 'platform.telemetrySubscription',
        record: { name: item.record.name, state: 'Subscribed', types: item.record.types },
      };
    }
    return { time, type: item.type, record: item.record };
  }
  if (TELEMETRY_ONLY.has(item.type)) return undefined;
  return logsEnvelope(item, time, subscription.schemaVersion);
}

function logsEnvelope(item: TelemetryItem, time: string, schemaVersion: string): Envelope | undefined {
  switch (item.type) {
    case 'platform.start':
      return { time, type: item.type, record: { requestId: item.record.requestId } };
    case 'platform.runtimeDone': {
      // Only the 2021-03-18 schema has it, with the three statuses that schema knows.
      if (schemaVersion === '2020-08-15') return undefined;
      const status = item.record.status === 'error' ? 'failure' : item.record.status;
      return { time, type: item.type, record: { requestId: item.record.requestId, status } };
    }
    case 'platform.report':
      return { time, type: item.type, record: { requestId: item.record.requestId, metrics: item.record.metrics } };
    case 'platform.subscription':
      return { time, type: 'platform.logsSubscription', record: { name: item.record.name, state: 'Subscribed', types: item.record.types } };
    default:
      return { time, type: item.type, record: item.record };
  }
}

/** The `TELEMETRY` / `LOGS` line Lambda prints in the function log when a subscription is made. */
export function subscriptionLine(name: string, subscription: Subscription): string {
  const label = subscription.api === 'telemetry' ? 'TELEMETRY' : 'LOGS';
  const types = subscription.types.map((type) => `${type.charAt(0).toUpperCase()}${type.slice(1)}`).join(', ');
  return `${label}\tName: ${name}\tState: Subscribed\tTypes: [${types}]`;
}
