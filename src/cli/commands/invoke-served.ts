import type { LsimConfig } from '../../common/config.js';
import { isErrorCode, LsimError } from '../../common/errors.js';
import { parseFunctionArn } from '../../common/arn.js';
import { LogStore } from '../../logs/log-store.js';
import { defaultLogGroup } from '../../logs/stream-name.js';
import { findServer, type ServeEntry } from '../../server/serve-discovery.js';

/** What the served invoke answered, in the shape `lsim invoke` prints. */
export interface ServedInvoke {
  readonly statusCode: number;
  readonly payload: Buffer;
  readonly functionError: string | undefined;
  readonly logResult: string | undefined;
  readonly executedVersion: string | undefined;
  /** The invoke's lines from START to REPORT, read back from the store serve wrote them to. */
  readonly log: readonly string[];
}

export interface ServedInvokeRequest {
  readonly functionName: string;
  readonly qualifier: string | undefined;
  readonly invocationType: 'RequestResponse' | 'Event';
  readonly payload: Buffer;
  /** Base64, as the header carries it. */
  readonly clientContext: string | undefined;
}

/**
 * The `lsim serve` of this home that can take this CLI's invoke, if any: one whose unsigned requests act
 * as this CLI's account and region (docs/serve.md#the-cli-reuses-a-running-server).
 */
export function usableServer(config: LsimConfig): ServeEntry | undefined {
  const entry = findServer(config.home);
  if (entry === undefined || entry.verifiesSignatures) return undefined;
  return entry.accountId === config.accountId && entry.region === config.region ? entry : undefined;
}

/** Invoke over the Lambda REST API of the running server: its warm pool serves it. */
export async function invokeServed(
  entry: ServeEntry,
  config: LsimConfig,
  request: ServedInvokeRequest,
  signal: AbortSignal,
): Promise<ServedInvoke> {
  const path = `/2015-03-31/functions/${encodeURIComponent(request.functionName)}/invocations`;
  const query = request.qualifier === undefined ? '' : `?Qualifier=${encodeURIComponent(request.qualifier)}`;
  let response: Response;
  try {
    response = await fetch(`${entry.url}${path}${query}`, {
      method: 'POST',
      headers: {
        'X-Amz-Invocation-Type': request.invocationType,
        'X-Amz-Log-Type': 'Tail',
        ...(request.clientContext === undefined ? {} : { 'X-Amz-Client-Context': request.clientContext }),
      },
      body: request.payload,
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new LsimError('EngineUnavailable', `lsim serve at ${entry.url} did not answer (pass --no-server to run a one-shot container).`, {
      cause: error,
    });
  }
  const payload = Buffer.from(await response.arrayBuffer());
  const errorType = response.headers.get('x-amzn-errortype');
  if (errorType !== null) throw servedError(errorType, payload);
  const requestId = response.headers.get('x-amzn-requestid') ?? '';
  return {
    statusCode: response.status,
    payload,
    functionError: response.headers.get('x-amz-function-error') ?? undefined,
    logResult: response.headers.get('x-amz-log-result') ?? undefined,
    executedVersion: response.headers.get('x-amz-executed-version') ?? undefined,
    log: request.invocationType === 'Event' ? [] : storedLog(config, request.functionName, requestId),
  };
}

function servedError(errorType: string, body: Buffer): LsimError {
  const parsed = JSON.parse(body.toString('utf8') || '{}') as { message?: string; Message?: string };
  const code = errorType.split(':')[0] ?? 'ServiceException';
  const message = parsed.message ?? parsed.Message ?? '';
  return isErrorCode(code) ? new LsimError(code, message) : new LsimError('ServiceException', message);
}

/** The served invoke's whole log: serve stores it before it answers (docs/logs.md#stored-events). */
function storedLog(config: LsimConfig, functionName: string, requestId: string): string[] {
  const events = new LogStore(config.home).read({
    accountId: config.accountId,
    region: config.region,
    logGroup: defaultLogGroup(parseFunctionArn(functionName)?.functionName ?? functionName),
  });
  const start = events.findIndex((event) => event.message.startsWith(`START RequestId: ${requestId} `));
  if (start < 0) return [];
  const stream = events[start]?.logStreamName;
  const lines: string[] = [];
  for (const event of events.slice(start)) {
    if (event.logStreamName !== stream) continue;
    lines.push(event.message);
    if (event.message.startsWith(`REPORT RequestId: ${requestId}`)) break;
  }
  return lines;
}
