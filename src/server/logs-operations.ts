import type { IncomingMessage, ServerResponse } from 'node:http';
import { LsimError } from '../common/errors.js';
import { selectEvents } from '../logs/log-query.js';
import type { LogStore } from '../logs/log-store.js';
import { decodeStructure } from '../registry/shapes/decode.js';
import { boolean, integer, list, long, string, structure } from '../registry/shapes/shape.js';
import { toWireError } from './error-response.js';
import { describeLogGroups, describeLogStreams, getLogEvents } from './logs-describe.js';
import { existingGroup } from './logs-group.js';
import type { Identity } from './identity.js';
import { readJsonBody } from './request-body.js';
import type { BodyCheck } from './sigv4.js';

/**
 * CloudWatch Logs over lsim serve's port: the JSON 1.1 protocol names its operation in
 * `X-Amz-Target: Logs_20140328.<Operation>`, which no Lambda REST request carries (docs/logs.md#over-lsim-serve).
 * FilterLogEvents is the one operation `aws logs tail` calls, with and without --follow; the Describe
 * operations and GetLogEvents are what `aws logs describe-*`, `get-log-events` and log viewers call.
 */
const TARGET_PREFIX = 'Logs_20140328.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** FilterLogEvents' input, from the botocore model (logs 2014-03-28, FilterLogEventsRequest). */
const FILTER_LOG_EVENTS = structure({
  logGroupName: string({ min: 1, max: 512, pattern: '[\\.\\-_/#A-Za-z0-9]+' }),
  logGroupIdentifier: string({ min: 1, max: 2048, pattern: '[\\w#+=/:,.@-]*' }),
  logStreamNames: list(string({ min: 1, max: 512, pattern: '[^:*]*' }), { min: 1, max: 100 }),
  logStreamNamePrefix: string({ min: 1, max: 512, pattern: '[^:*]*' }),
  startTime: long({ min: 0 }),
  endTime: long({ min: 0 }),
  filterPattern: string({ min: 0, max: 1024 }),
  nextToken: string({ min: 1 }),
  limit: integer({ min: 1, max: 10_000 }),
  interleaved: boolean(),
  unmask: boolean(),
});

interface FilterLogEventsRequest {
  logGroupName?: string;
  logGroupIdentifier?: string;
  logStreamNames?: string[];
  logStreamNamePrefix?: string;
  startTime?: number;
  endTime?: number;
  filterPattern?: string;
  nextToken?: string;
  limit?: number;
}

type Operation = (store: LogStore, identity: Identity, body: unknown) => unknown;

const OPERATIONS: Record<string, Operation> = {
  FilterLogEvents: filterLogEvents,
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  GetLogEvents: getLogEvents,
};

export const isLogsRequest = (req: IncomingMessage): boolean => {
  const target = req.headers['x-amz-target'];
  return typeof target === 'string' && target.startsWith(TARGET_PREFIX);
};

export async function handleLogs(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { readonly identity: Identity; readonly store: LogStore; readonly signature: () => BodyCheck; readonly requestId: string },
): Promise<void> {
  try {
    const operation = String(req.headers['x-amz-target']).slice(TARGET_PREFIX.length);
    const signature = deps.signature();
    const body = await readJsonBody(
      req,
      { operation, maxRequestBytes: 1024 * 1024 },
      () => '/dev/null',
      (chunk) => signature.update(chunk),
    );
    signature.finish();
    const run = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
    if (run === undefined) {
      throw new LsimError(
        'UnsupportedOperation',
        `lsim serve implements only ${Object.keys(OPERATIONS).join(', ')} of CloudWatch Logs, not ${operation}.`,
      );
    }
    send(res, 200, run(deps.store, deps.identity, body.value), deps.requestId);
  } catch (error) {
    const wire = toWireError(error);
    // JSON 1.1 errors: `__type` and `message`, 400 for every client error (docs/logs.md#filterlogevents).
    // A body that is not JSON is Lambda's InvalidRequestContentException; the JSON protocols call it SerializationException.
    const type = wire.code === 'InvalidRequestContentException' ? 'SerializationException' : wire.code;
    send(res, wire.isUserError ? 400 : 500, { __type: type, message: wire.message }, deps.requestId);
  }
}

function filterLogEvents(store: LogStore, identity: Identity, body: unknown): unknown {
  const input = decodeStructure(FILTER_LOG_EVENTS, body) as FilterLogEventsRequest;
  const ref = existingGroup(store, identity, input);
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw new LsimError('InvalidParameterException', 'Cannot specify both logStreamNames and logStreamNamePrefix.');
  }
  const page = selectEvents(store.read(ref), input);
  return {
    // Lambda's platform writes each line with its newline (docs/logs.md#stored-events).
    events: page.events.map((event) => ({ ...event, message: `${event.message}\n` })),
    searchedLogStreams: [],
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
  res.end(text);
}
