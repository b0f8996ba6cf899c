import { LsimError } from '../common/errors.js';
import type { LogEvent } from './log-store.js';

/** What FilterLogEvents (and `lsim logs`) select, already decoded. */
export interface LogQuery {
  readonly startTime?: number | undefined;
  readonly endTime?: number | undefined;
  readonly logStreamNames?: readonly string[] | undefined;
  readonly logStreamNamePrefix?: string | undefined;
  readonly filterPattern?: string | undefined;
  readonly limit?: number | undefined;
  readonly nextToken?: string | undefined;
}

export interface LogPage {
  readonly events: readonly LogEvent[];
  readonly nextToken?: string | undefined;
}

/** FilterLogEvents' page bounds: 10,000 events or 1 MB (docs/logs.md#filterlogevents). */
const MAX_EVENTS = 10_000;
const MAX_PAGE_BYTES = 1024 * 1024;

/** One page of the events the query selects, oldest first; `nextToken` when more follow. */
export function selectEvents(all: readonly LogEvent[], query: LogQuery): LogPage {
  const matches = filterPattern(query.filterPattern);
  const streams = query.logStreamNames === undefined ? undefined : new Set(query.logStreamNames);
  const selected = all.filter(
    (event) =>
      (query.startTime === undefined || event.timestamp >= query.startTime) &&
      (query.endTime === undefined || event.timestamp <= query.endTime) &&
      (streams === undefined || streams.has(event.logStreamName)) &&
      (query.logStreamNamePrefix === undefined || event.logStreamName.startsWith(query.logStreamNamePrefix)) &&
      matches(event.message),
  );
  const offset = query.nextToken === undefined ? 0 : tokenOffset(query.nextToken);
  const limit = Math.min(query.limit ?? MAX_EVENTS, MAX_EVENTS);
  const page: LogEvent[] = [];
  let bytes = 0;
  for (let index = offset; index < selected.length && page.length < limit; index += 1) {
    const event = selected[index];
    if (event === undefined) break;
    bytes += Buffer.byteLength(event.message) + 26;
    if (bytes > MAX_PAGE_BYTES && page.length > 0) break;
    page.push(event);
  }
  const next = offset + page.length;
  return { events: page, ...(next < selected.length ? { nextToken: pageToken(next) } : {}) };
}

/** One page of a listing (DescribeLogGroups, DescribeLogStreams) under the same opaque tokens as the events'. */
export function pageOf<T>(items: readonly T[], limit: number, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  const offset = nextToken === undefined ? 0 : tokenOffset(nextToken);
  const next = offset + limit;
  return { items: items.slice(offset, next), ...(next < items.length ? { nextToken: pageToken(next) } : {}) };
}

const pageToken = (offset: number): string => Buffer.from(`lsim:${offset}`).toString('base64');

function tokenOffset(token: string): number {
  const match = /^lsim:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (match === null) throw new LsimError('InvalidParameterException', 'The specified nextToken is invalid.');
  return Number(match[1]);
}

/**
 * CloudWatch Logs' filter pattern for unstructured events: terms all of which must appear
 * (case-sensitive), `"quoted phrases"`, `?term` alternatives (any one of them), `-term` exclusions
 * (docs/logs.md#filter-patterns). JSON (`{...}`) and space-delimited (`[...]`) patterns and regular
 * expressions (`%...%`) are refused as lsim does not implement them.
 */
export function filterPattern(pattern: string | undefined): (message: string) => boolean {
  const text = pattern?.trim() ?? '';
  if (text === '') return () => true;
  if (/^[{[%]/.test(text)) {
    throw new LsimError('InvalidParameterException', `lsim implements only term filter patterns, not ${JSON.stringify(text)}.`);
  }
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  for (const [, prefix = '', quoted, bare] of text.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) {
    const term = quoted === undefined ? (bare ?? '') : quoted.replaceAll(/\\(.)/g, '$1');
    (prefix === '?' ? any : prefix === '-' ? none : all).push(term);
  }
  return (message) =>
    all.every((term) => message.includes(term)) &&
    (any.length === 0 || any.some((term) => message.includes(term))) &&
    !none.some((term) => message.includes(term));
}
