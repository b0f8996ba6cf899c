import { LsimError } from '../common/errors.js';
import { pageOf } from '../logs/log-query.js';
import type { LogEvent, LogStore } from '../logs/log-store.js';
import { summarizeStreams } from '../logs/log-summary.js';
import { decodeStructure } from '../registry/shapes/decode.js';
import { boolean, integer, list, long, required, string, structure } from '../registry/shapes/shape.js';
import type { Identity } from './identity.js';
import { existingGroup, logGroupArn, logGroupOf } from './logs-group.js';

/** Shapes from the botocore model (logs 2014-03-28); docs/logs.md#describe-operations-and-getlogevents. */
const LOG_GROUP_NAME = string({ min: 1, max: 512, pattern: '[\\.\\-_/#A-Za-z0-9]+' });
const LOG_GROUP_IDENTIFIER = string({ min: 1, max: 2048, pattern: '[\\w#+=/:,.@-]*' });
const LOG_STREAM_NAME = string({ min: 1, max: 512, pattern: '[^:*]*' });
const NEXT_TOKEN = string({ min: 1 });
const DESCRIBE_LIMIT = integer({ min: 1, max: 50 });

const DESCRIBE_LOG_GROUPS = structure({
  accountIdentifiers: list(string(), { min: 0, max: 20 }),
  logGroupNamePrefix: LOG_GROUP_NAME,
  logGroupNamePattern: string({ min: 0, max: 512, pattern: '[\\.\\-_/#A-Za-z0-9]*' }),
  nextToken: NEXT_TOKEN,
  limit: DESCRIBE_LIMIT,
  includeLinkedAccounts: boolean(),
  logGroupClass: string({ enum: ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'] }),
  logGroupIdentifiers: list(LOG_GROUP_IDENTIFIER, { min: 1, max: 50 }),
});

const DESCRIBE_LOG_STREAMS = structure({
  logGroupName: LOG_GROUP_NAME,
  logGroupIdentifier: LOG_GROUP_IDENTIFIER,
  logStreamNamePrefix: LOG_STREAM_NAME,
  orderBy: string({ enum: ['LogStreamName', 'LastEventTime'] }),
  descending: boolean(),
  nextToken: NEXT_TOKEN,
  limit: DESCRIBE_LIMIT,
});

const GET_LOG_EVENTS = structure({
  logGroupName: LOG_GROUP_NAME,
  logGroupIdentifier: LOG_GROUP_IDENTIFIER,
  logStreamName: required(LOG_STREAM_NAME),
  startTime: long({ min: 0 }),
  endTime: long({ min: 0 }),
  nextToken: NEXT_TOKEN,
  limit: integer({ min: 1, max: 10_000 }),
  startFromHead: boolean(),
  unmask: boolean(),
});

interface DescribeLogGroupsRequest {
  logGroupNamePrefix?: string;
  logGroupNamePattern?: string;
  nextToken?: string;
  limit?: number;
  logGroupClass?: string;
  logGroupIdentifiers?: string[];
}

interface DescribeLogStreamsRequest {
  logGroupName?: string;
  logGroupIdentifier?: string;
  logStreamNamePrefix?: string;
  orderBy?: 'LogStreamName' | 'LastEventTime';
  descending?: boolean;
  nextToken?: string;
  limit?: number;
}

interface GetLogEventsRequest {
  logGroupName?: string;
  logGroupIdentifier?: string;
  logStreamName: string;
  startTime?: number;
  endTime?: number;
  nextToken?: string;
  limit?: number;
  startFromHead?: boolean;
}

/** The model's default page of the Describe operations: "up to 50 items". */
const DEFAULT_DESCRIBE_LIMIT = 50;
/** GetLogEvents' page bounds, as FilterLogEvents': 10,000 events or 1 MB. */
const MAX_EVENTS = 10_000;
const MAX_PAGE_BYTES = 1024 * 1024;
/** The API reference counts 26 bytes per event on top of its message. */
const EVENT_OVERHEAD_BYTES = 26;

export function describeLogGroups(store: LogStore, identity: Identity, body: unknown): unknown {
  const input = decodeStructure(DESCRIBE_LOG_GROUPS, body) as DescribeLogGroupsRequest;
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
    throw new LsimError(
      'InvalidParameterException',
      'logGroupNamePattern and logGroupNamePrefix are mutually exclusive. Only one of these parameters can be passed.',
    );
  }
  const wanted = input.logGroupIdentifiers?.map((id) => logGroupOf({ logGroupIdentifier: id }));
  const names = store
    .groups(identity.accountId, identity.region)
    .filter(
      (name) =>
        (input.logGroupNamePrefix === undefined || name.startsWith(input.logGroupNamePrefix)) &&
        (input.logGroupNamePattern === undefined || name.includes(input.logGroupNamePattern)) &&
        (wanted === undefined || wanted.includes(name)) &&
        // Every group lsim keeps is a Standard-class group (docs/logs.md#describe-operations-and-getlogevents).
        (input.logGroupClass === undefined || input.logGroupClass === 'STANDARD'),
    )
    .sort(byCodeUnits);
  const page = pageOf(names, input.limit ?? DEFAULT_DESCRIBE_LIMIT, input.nextToken);
  return {
    logGroups: page.items.map((logGroup) => {
      const ref = { accountId: identity.accountId, region: identity.region, logGroup };
      const arn = logGroupArn(ref);
      return {
        logGroupName: logGroup,
        creationTime: store.createdAt(ref),
        metricFilterCount: 0,
        arn: `${arn}:*`,
        storedBytes: storedBytes(store.read(ref)),
        logGroupClass: 'STANDARD',
        logGroupArn: arn,
      };
    }),
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
  };
}

export function describeLogStreams(store: LogStore, identity: Identity, body: unknown): unknown {
  const input = decodeStructure(DESCRIBE_LOG_STREAMS, body) as DescribeLogStreamsRequest;
  const ref = existingGroup(store, identity, input);
  const byTime = input.orderBy === 'LastEventTime';
  if (byTime && input.logStreamNamePrefix !== undefined) {
    throw new LsimError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const prefix = input.logStreamNamePrefix ?? '';
  const streams = [...summarizeStreams(store.read(ref)).values()]
    .filter((stream) => stream.logStreamName.startsWith(prefix))
    .sort((a, b) => (byTime ? a.lastEventTimestamp - b.lastEventTimestamp : byCodeUnits(a.logStreamName, b.logStreamName)));
  if (input.descending === true) streams.reverse();
  const page = pageOf(streams, input.limit ?? DEFAULT_DESCRIBE_LIMIT, input.nextToken);
  const arn = logGroupArn(ref);
  return {
    // storedBytes is always 0 for streams since 2019 (the LogStream shape's documentation).
    logStreams: page.items.map((stream) => ({ ...stream, arn: `${arn}:log-stream:${stream.logStreamName}`, storedBytes: 0 })),
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
  };
}

export function getLogEvents(store: LogStore, identity: Identity, body: unknown): unknown {
  // The decoder has checked the required logStreamName, which Record<string, unknown> cannot say.
  const input = decodeStructure(GET_LOG_EVENTS, body) as unknown as GetLogEventsRequest;
  const ref = existingGroup(store, identity, input);
  const inStream = store.read(ref).filter((event) => event.logStreamName === input.logStreamName);
  if (inStream.length === 0) throw new LsimError('ResourceNotFoundException', 'The specified log stream does not exist.');
  // GetLogEvents' endTime is exclusive, unlike FilterLogEvents' (the GetLogEvents API reference).
  const events = inStream.filter(
    (event) =>
      (input.startTime === undefined || event.timestamp >= input.startTime) &&
      (input.endTime === undefined || event.timestamp < input.endTime),
  );
  const limit = Math.min(input.limit ?? MAX_EVENTS, MAX_EVENTS);
  const position = eventsPosition(input.nextToken, input.startFromHead === true, events.length);
  const [from, to] = position.forward ? forwardWindow(events, position.index, limit) : backwardWindow(events, position.index, limit);
  return {
    events: events
      .slice(from, to)
      .map((event) => ({ timestamp: event.timestamp, message: `${event.message}\n`, ingestionTime: event.ingestionTime })),
    // At the end of the stream either way, the token passed in comes back (the GetLogEventsResponse shape's documentation).
    nextForwardToken: `f/${to}`,
    nextBackwardToken: `b/${from}`,
  };
}

/** Where a page starts: a token's direction and index, else the head (startFromHead) or the tail, the default. */
function eventsPosition(token: string | undefined, startFromHead: boolean, count: number): { forward: boolean; index: number } {
  if (token === undefined) return startFromHead ? { forward: true, index: 0 } : { forward: false, index: count };
  const match = /^([fb])\/(\d+)$/.exec(token);
  if (match === null) throw new LsimError('InvalidParameterException', 'The specified nextToken is invalid.');
  return { forward: match[1] === 'f', index: Math.min(Number(match[2]), count) };
}

function forwardWindow(events: readonly LogEvent[], from: number, limit: number): [number, number] {
  let to = from;
  let bytes = 0;
  while (to < events.length && to - from < limit) {
    bytes += eventBytes(events[to]);
    if (bytes > MAX_PAGE_BYTES && to > from) break;
    to += 1;
  }
  return [from, to];
}

function backwardWindow(events: readonly LogEvent[], to: number, limit: number): [number, number] {
  let from = to;
  let bytes = 0;
  while (from > 0 && to - from < limit) {
    bytes += eventBytes(events[from - 1]);
    if (bytes > MAX_PAGE_BYTES && from < to) break;
    from -= 1;
  }
  return [from, to];
}

const eventBytes = (event: LogEvent | undefined): number =>
  event === undefined ? 0 : Buffer.byteLength(event.message) + EVENT_OVERHEAD_BYTES;

const storedBytes = (events: readonly LogEvent[]): number => events.reduce((sum, event) => sum + Buffer.byteLength(event.message), 0);

/** Names in code-unit order, not by locale: ASCII order, as CloudWatch lists groups and streams (docs/logs.md). */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
