import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LsimConfig } from '../common/config.js';
import { LsimError, invalidParameter } from '../common/errors.js';
import { logTail } from '../execution/log-collector.js';
import type { InvocationAnswer } from '../execution/execution-plan.js';
import type { PhaseListener } from '../execution/phase-clock.js';
import type { EnginePool } from '../execution/engine-pool.js';
import type { FunctionRef, ResolvedFunction } from '../registry/api-types.js';
import { readRawBody, type BodyLimits } from './request-body.js';
import type { PlanCache } from './plan-cache.js';
import type { RouteMatch } from './routes.js';
import type { BodyCheck } from './sigv4.js';
import { bindHttp } from './http-binding.js';
import { decodeInvoke } from '../registry/shapes/decode-request.js';
import { INVOKE_SHAPE } from '../registry/shapes/operation-shapes.js';

/** Synchronous payload limit, worded as `lsim invoke` words it (docs/lambda-facts.md#invoke-limits). */
const SYNC_LIMIT: BodyLimits = { operation: 'Invoke', maxRequestBytes: 6_291_556 };
/** Asynchronous payload limit: 1 MB per the model's doc (the 2023 quota page said 256 KB; docs/lambda-facts.md#invoke-limits). */
const ASYNC_LIMIT: BodyLimits = { operation: 'Invoke', maxRequestBytes: 1_048_576 };
const MAX_CLIENT_CONTEXT_BYTES = 3583;

export interface InvokeDeps {
  /** The caller's registry's `resolveFunction` (cached until the registry changes). */
  readonly resolve: (ref: FunctionRef) => ResolvedFunction;
  /** The caller's config: its account and region run the function. */
  readonly config: LsimConfig;
  readonly pool: Pick<EnginePool, 'invoke'>;
  readonly plans: PlanCache;
  /** Function log lines, of Event invokes above all (nobody else sees them). */
  readonly onLog: (line: string) => void;
  readonly onPhase?: PhaseListener | undefined;
  /** The request's signature check (a no-op unless the server verifies signatures). */
  readonly signature: BodyCheck;
  /**
   * Stores an accepted Event invoke in the durable queue (the dispatcher runs it) and returns its
   * request id; throws TooManyRequestsException when the queue is full.
   */
  readonly enqueue: (functionName: string, qualifier: string | undefined, payload: Buffer, clientContext: string | undefined) => string;
}

/**
 * Invoke: RequestResponse runs on the warm pool and answers with the payload (200), Event is
 * stored in the durable queue and run by the event dispatcher (202), DryRun stops after validation (204).
 */
export async function handleInvoke(req: IncomingMessage, res: ServerResponse, match: RouteMatch, deps: InvokeDeps): Promise<void> {
  const input = decodeInvoke(bindHttp(INVOKE_SHAPE, match, req.headers), { http: true });
  const invocationType = input.InvocationType ?? 'RequestResponse';
  const payload = await readRawBody(req, invocationType === 'Event' ? ASYNC_LIMIT : SYNC_LIMIT, (chunk) => deps.signature.update(chunk));
  deps.signature.finish();
  checkJson(payload);
  const clientContext = readClientContext(input.ClientContext);
  const qualifier = input.Qualifier ?? null;
  const resolved = deps.resolve({
    FunctionName: input.FunctionName,
    ...(qualifier === null ? {} : { Qualifier: qualifier }),
  });
  if (invocationType === 'DryRun') {
    res.writeHead(204, { 'X-Amz-Executed-Version': resolved.configuration.Version });
    res.end();
    return;
  }
  const body = payload.length === 0 ? Buffer.from('{}') : payload;
  if (invocationType === 'Event') {
    // Durable from here: the 202 means the event is in SQLite (docs/async-invocation.md).
    const requestId = deps.enqueue(resolved.configuration.FunctionName, qualifier ?? undefined, body, clientContext);
    res.writeHead(202, { 'Content-Length': 0, 'X-Amzn-RequestId': requestId });
    res.end();
    return;
  }
  const plan = await deps.plans.planFor(resolved, deps.config);
  // The tail is cut from the log up to REPORT, so a Tail invoke answers once the invoke is over;
  // otherwise the answer goes out as soon as the runtime posts it (docs/lifecycle.md#when-the-caller-gets-the-answer).
  const tail = input.LogType === 'Tail';
  const request = {
    payload: body,
    clientContext,
    onLog: deps.onLog,
    onNotice: deps.onLog,
    onPhase: deps.onPhase,
    ...(tail ? {} : { onResponse: (answer: InvocationAnswer) => sendAnswer(res, answer, undefined) }),
  };
  const result = await deps.pool.invoke(plan, request);
  if (!res.headersSent) sendAnswer(res, result, tail ? logTail(result.log) : undefined);
}

function sendAnswer(res: ServerResponse, answer: InvocationAnswer, logResult: string | undefined): void {
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': answer.payload.length,
    'X-Amz-Executed-Version': answer.executedVersion,
    'X-Amzn-RequestId': answer.requestId,
  };
  if (answer.functionError !== undefined) headers['X-Amz-Function-Error'] = answer.functionError;
  if (logResult !== undefined) headers['X-Amz-Log-Result'] = logResult;
  res.writeHead(200, headers);
  res.end(answer.payload);
}

/** Lambda refuses a payload that is not JSON; the text after the prefix is lsim's (unconfirmed). */
function checkJson(payload: Buffer): void {
  if (payload.length === 0) return;
  try {
    JSON.parse(payload.toString('utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new LsimError(
      'InvalidRequestContentException',
      `Could not parse request body into json: Could not parse payload into json: ${detail}`,
    );
  }
}

/** `X-Amz-Client-Context`: base64 of JSON, at most 3,583 bytes (docs/lambda-facts.md#invoke-limits); wording unconfirmed. */
function readClientContext(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  if (Buffer.byteLength(header) > MAX_CLIENT_CONTEXT_BYTES) {
    throw invalidParameter(`Client context must be smaller than ${MAX_CLIENT_CONTEXT_BYTES} bytes.`);
  }
  return Buffer.from(header, 'base64').toString('utf8');
}
