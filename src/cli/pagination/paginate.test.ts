import { describe, expect, it } from 'vitest';
import { paginate, type PageRequest } from './paginate.js';
import { decodeToken, encodeToken } from './pagination-token.js';

const ITEMS = ['a', 'b', 'c', 'd', 'e'];

/** An API over ITEMS with 2-item pages by default and the marker being the next index. */
function fakeApi(calls: PageRequest[] = []) {
  return (request: PageRequest) => {
    calls.push(request);
    const start = Number(request.Marker ?? '0');
    const end = start + (request.MaxItems ?? 2);
    const page = ITEMS.slice(start, end);
    return end < ITEMS.length ? { Items: page, NextMarker: String(end) } : { Items: page };
  };
}

describe('paginate (the aws CLI automatic pagination)', () => {
  it('follows every page and drops NextMarker', () => {
    expect(paginate('Items', fakeApi(), {})).toEqual({ Items: ITEMS });
  });

  it('truncates at --max-items and resumes from the NextToken', () => {
    const first = paginate('Items', fakeApi(), { maxItems: 3 });
    expect(first.Items).toEqual(['a', 'b', 'c']);
    expect(typeof first.NextToken).toBe('string');
    expect(decodeToken(first.NextToken as string)).toEqual({ marker: '2', skip: 1 });
    const second = paginate('Items', fakeApi(), { maxItems: 3, startingToken: first.NextToken as string });
    expect(second).toEqual({ Items: ['d', 'e'] });
  });

  it('gives a page-boundary token without a truncate amount', () => {
    const result = paginate('Items', fakeApi(), { maxItems: 2 });
    expect(result.Items).toEqual(['a', 'b']);
    expect(Buffer.from(result.NextToken as string, 'base64').toString()).toBe('{"Marker": "2"}');
  });

  it('encodes tokens like botocore', () => {
    expect(encodeToken({ marker: undefined, skip: 1 })).toBe('eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==');
    expect(decodeToken('not-a-token')).toEqual({ marker: 'not-a-token', skip: 0 });
  });

  it('sends --page-size as the API MaxItems', () => {
    const calls: PageRequest[] = [];
    paginate('Items', fakeApi(calls), { pageSize: 4 });
    expect(calls).toEqual([{ MaxItems: 4 }, { Marker: '4', MaxItems: 4 }]);
  });
});
