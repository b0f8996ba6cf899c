import { describe, expect, it } from 'vitest';
import { filterPattern, selectEvents } from './log-query.js';
import type { LogEvent } from './log-store.js';

const event = (timestamp: number, message: string, logStreamName = 's1'): LogEvent => ({
  timestamp,
  message,
  logStreamName,
  ingestionTime: timestamp,
  eventId: `${logStreamName}-${timestamp}`,
});
const events = [event(1, 'START RequestId: a'), event(2, 'hello world', 's2'), event(3, 'ERROR boom'), event(4, 'END RequestId: a')];

describe('selectEvents', () => {
  it('selects by time (both ends inclusive), stream and prefix', () => {
    expect(selectEvents(events, { startTime: 2, endTime: 3 }).events.map((e) => e.timestamp)).toEqual([2, 3]);
    expect(selectEvents(events, { logStreamNames: ['s2'] }).events.map((e) => e.timestamp)).toEqual([2]);
    expect(selectEvents(events, { logStreamNamePrefix: 's1' }).events.map((e) => e.timestamp)).toEqual([1, 3, 4]);
  });

  it('pages with a nextToken until the last page, which has none', () => {
    const first = selectEvents(events, { limit: 3 });
    expect(first.events).toHaveLength(3);
    expect(first.nextToken).toBeDefined();
    const second = selectEvents(events, { limit: 3, nextToken: first.nextToken });
    expect(second.events.map((e) => e.timestamp)).toEqual([4]);
    expect(second.nextToken).toBeUndefined();
  });

  it('refuses a token it did not make', () => {
    expect(() => selectEvents(events, { nextToken: 'bogus' })).toThrow(/nextToken is invalid/);
  });
});

describe('filterPattern', () => {
  it('needs every term, any of the ? terms, none of the - terms; phrases quoted', () => {
    expect(filterPattern('RequestId a')('START RequestId: a')).toBe(true);
    expect(filterPattern('RequestId zz')('START RequestId: a')).toBe(false);
    expect(filterPattern('?ERROR ?WARN')('ERROR boom')).toBe(true);
    expect(filterPattern('?ERROR ?WARN')('INFO ok')).toBe(false);
    expect(filterPattern('RequestId -END')('END RequestId: a')).toBe(false);
    expect(filterPattern('"hello world"')('hello world')).toBe(true);
    expect(filterPattern('"hello world"')('world hello')).toBe(false);
    expect(filterPattern('error')('ERROR boom')).toBe(false);
    expect(filterPattern(undefined)('x')).toBe(true);
  });

  it('refuses the JSON, space-delimited and regex forms it does not implement', () => {
    expect(() => filterPattern('{ $.level = "ERROR" }')).toThrow(/only term filter patterns/);
    expect(() => filterPattern('[ip, user]')).toThrow(/only term filter patterns/);
    expect(() => filterPattern('%ERR.*%')).toThrow(/only term filter patterns/);
  });
});
