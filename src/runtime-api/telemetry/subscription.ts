import type { RuntimeApiErrorBody } from '../error-bodies.js';

/**
 * Subscription bodies of the Telemetry API (2022-07-01) and the Logs API (2020-08-15), decoded once
 * here; limits, defaults and error types are in docs/telemetry.md#subscriptions.
 */

export type TelemetryType = 'platform' | 'function' | 'extension';
export type SubscriptionApi = 'telemetry' | 'logs';

export interface Buffering {
  readonly maxItems: number;
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

export interface Subscription {
  readonly api: SubscriptionApi;
  readonly schemaVersion: string;
  readonly types: readonly TelemetryType[];
  readonly buffering: Buffering;
  /** The port on sandbox.localdomain the subscriber listens on, and the path of its URI (`/` at least). */
  readonly port: number;
  readonly path: string;
  /** The Logs API lets the subscriber pick PUT; the Telemetry API always POSTs. */
  readonly method: 'POST' | 'PUT';
}

export type Decoded =
  { readonly ok: true; readonly subscription: Subscription } | { readonly ok: false; readonly body: RuntimeApiErrorBody };

const TYPES: readonly TelemetryType[] = ['platform', 'function', 'extension'];
const SCHEMA_VERSIONS: Record<SubscriptionApi, readonly string[]> = {
  telemetry: ['2022-07-01', '2022-12-13', '2025-01-29'],
  logs: ['2020-08-15', '2021-03-18'],
};
const LIMITS: Record<keyof Buffering, { min: number; max: number; default: number }> = {
  maxItems: { min: 1000, max: 10_000, default: 10_000 },
  maxBytes: { min: 262_144, max: 1_048_576, default: 262_144 },
  timeoutMs: { min: 25, max: 30_000, default: 1000 },
};
/** The Runtime API's own port inside the environment. */
const RESERVED_PORT = 9001;
const HOSTS = new Set(['sandbox.localdomain', 'sandbox']);
const ERROR_TYPE: Record<SubscriptionApi, string> = { telemetry: 'ValidationError', logs: 'Logs.ValidationError' };

/** The errorType of a subscription this API refuses. */
export const validationErrorType = (api: SubscriptionApi): string => ERROR_TYPE[api];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `body` is the raw request body; every problem found is reported at once, joined by `; `, as Lambda does. */
export function decodeSubscription(api: SubscriptionApi, body: Buffer): Decoded {
  const problems: string[] = [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return refuse(api, [`request body is not valid JSON: ${(error as Error).message}`]);
  }
  if (!isRecord(parsed)) return refuse(api, ['request body should be an object']);
  const schemaVersion = decodeSchemaVersion(api, parsed.schemaVersion, problems);
  const types = decodeTypes(parsed.types, problems);
  const buffering = decodeBuffering(parsed.buffering, problems);
  const destination = decodeDestination(api, parsed.destination, problems);
  if (problems.length > 0 || destination === undefined) return refuse(api, problems);
  return { ok: true, subscription: { api, schemaVersion, types, buffering, ...destination } };
}

function refuse(api: SubscriptionApi, problems: readonly string[]): Decoded {
  return { ok: false, body: { errorType: ERROR_TYPE[api], errorMessage: problems.join('; ') } };
}

function decodeSchemaVersion(api: SubscriptionApi, value: unknown, problems: string[]): string {
  const known = SCHEMA_VERSIONS[api];
  // The Logs API's schemaVersion is optional (its first version); the Telemetry API's is required.
  if (value === undefined && api === 'logs') return known[0] ?? '2020-08-15';
  if (typeof value !== 'string' || !known.includes(value)) {
    problems.push(`schemaVersion should be one of ${known.join(', ')}`);
    return '';
  }
  return value;
}

function decodeTypes(value: unknown, problems: string[]): TelemetryType[] {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push('types should not be empty');
    return [];
  }
  const types: TelemetryType[] = [];
  for (const item of value as unknown[]) {
    const known = TYPES.find((type) => type === item);
    if (known === undefined) problems.push(`types should be among ${TYPES.join(', ')}, got ${JSON.stringify(item)}`);
    else if (!types.includes(known)) types.push(known);
  }
  return types;
}

function decodeBuffering(value: unknown, problems: string[]): Buffering {
  const given = value === undefined ? {} : value;
  if (!isRecord(given)) {
    problems.push('buffering should be an object');
    return defaults();
  }
  const pick = (key: keyof Buffering): number => {
    const limit = LIMITS[key];
    const raw = given[key];
    if (raw === undefined) return limit.default;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < limit.min || raw > limit.max) {
      problems.push(`buffering.${key} should be an integer from ${limit.min} to ${limit.max}`);
      return limit.default;
    }
    return raw;
  };
  return { maxItems: pick('maxItems'), maxBytes: pick('maxBytes'), timeoutMs: pick('timeoutMs') };
}

const defaults = (): Buffering => ({
  maxItems: LIMITS.maxItems.default,
  maxBytes: LIMITS.maxBytes.default,
  timeoutMs: LIMITS.timeoutMs.default,
});

function decodeDestination(
  api: SubscriptionApi,
  value: unknown,
  problems: string[],
): Pick<Subscription, 'port' | 'path' | 'method'> | undefined {
  if (!isRecord(value)) {
    problems.push('destination is required');
    return undefined;
  }
  if (value.protocol !== 'HTTP') problems.push('destination.protocol should be HTTP');
  const method = decodeMethod(api, value.method, problems);
  if (api === 'logs' && value.encoding !== undefined && value.encoding !== 'JSON') problems.push('destination.encoding should be JSON');
  if (typeof value.URI !== 'string') {
    problems.push('destination.URI is required');
    return undefined;
  }
  let uri: URL;
  try {
    uri = new URL(value.URI);
  } catch {
    problems.push('destination.URI is not a valid URI');
    return undefined;
  }
  if (uri.protocol !== 'http:') problems.push('URI scheme should be http');
  if (!HOSTS.has(uri.hostname)) problems.push('URI host should be sandbox.localdomain');
  if (uri.port === '') problems.push('URI port is not provided');
  else if (Number(uri.port) === RESERVED_PORT) problems.push(`URI port ${RESERVED_PORT} is reserved`);
  return { port: Number(uri.port), path: `${uri.pathname}${uri.search}`, method };
}

function decodeMethod(api: SubscriptionApi, value: unknown, problems: string[]): 'POST' | 'PUT' {
  // Only the Logs API has the member; the Telemetry API always POSTs.
  if (api === 'telemetry' || value === undefined) return 'POST';
  if (value === 'POST' || value === 'PUT') return value;
  problems.push('destination.method should be POST or PUT');
  return 'POST';
}
