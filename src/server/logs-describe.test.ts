import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../common/config.js';
import { LogStore } from '../logs/log-store.js';
import type { LambdaServer } from './lambda-server.js';
import { startServer } from '../composition/serve-services.js';

// DescribeLogGroups, DescribeLogStreams and GetLogEvents on lsim serve's port, over a store filled by hand: no Docker.
const ACCOUNT = '333333333333';
const GROUP = '/aws/lambda/fn';
let home: string;
let server: LambdaServer;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lsim-logs-describe-unit-'));
  const store = new LogStore(home);
  const ref = { accountId: ACCOUNT, region: 'eu-west-1', logGroup: GROUP };
  const a = store.writer(ref, '2026/12/01/[$LATEST]aaaa');
  const b = store.writer(ref, '2026/12/01/[$LATEST]bbbb');
  for (let n = 0; n < 5; n += 1) a.line(`a${n}`, 1000 + n);
  b.line('b0', 900);
  a.flush();
  b.flush();
  store.writer({ ...ref, logGroup: '/aws/lambda/other' }, 's').line('x', 1);
  store.writer({ ...ref, logGroup: '/custom/group' }, 's').line('y', 1);
  store.writer({ ...ref, accountId: '444444444444', logGroup: '/aws/lambda/theirs' }, 's').line('z', 1);
  // The writers above flush on their timer; wait for it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  server = await startServer({ config: resolveConfig({ home }, {}), host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

async function call<T>(operation: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20261201/eu-west-1/logs/aws4_request, SignedHeaders=host, Signature=00`,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Logs_20140328.${operation}`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

interface Groups {
  logGroups: { logGroupName: string; arn: string; logGroupArn: string; creationTime: number; storedBytes: number }[];
  nextToken?: string;
}
interface Streams {
  logStreams: { logStreamName: string; firstEventTimestamp: number; lastEventTimestamp: number; arn: string; storedBytes: number }[];
  nextToken?: string;
}
interface Events {
  events: { timestamp: number; message: string }[];
  nextForwardToken: string;
  nextBackwardToken: string;
}

describe('DescribeLogGroups', () => {
  it('lists the caller account’s groups by name, with their ARNs, paged', async () => {
    const all = await call<Groups>('DescribeLogGroups', {});
    expect(all.status).toBe(200);
    expect(all.body.logGroups.map((g) => g.logGroupName)).toEqual(['/aws/lambda/fn', '/aws/lambda/other', '/custom/group']);
    expect(all.body.logGroups[0]).toMatchObject({
      arn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${GROUP}:*`,
      logGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${GROUP}`,
      storedBytes: 12,
    });
    expect(all.body.logGroups[0]?.creationTime).toBeGreaterThan(0);
    const first = await call<Groups>('DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/', limit: 1 });
    expect(first.body.logGroups.map((g) => g.logGroupName)).toEqual(['/aws/lambda/fn']);
    const rest = await call<Groups>('DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/', limit: 1, nextToken: first.body.nextToken });
    expect(rest.body.logGroups.map((g) => g.logGroupName)).toEqual(['/aws/lambda/other']);
    expect(rest.body.nextToken).toBeUndefined();
    const pattern = await call<Groups>('DescribeLogGroups', { logGroupNamePattern: 'custom' });
    expect(pattern.body.logGroups.map((g) => g.logGroupName)).toEqual(['/custom/group']);
  });

  it('refuses a prefix with a pattern, and a limit past the model’s 50', async () => {
    const both = await call<{ __type: string }>('DescribeLogGroups', { logGroupNamePrefix: '/a', logGroupNamePattern: 'b' });
    expect([both.status, both.body.__type]).toEqual([400, 'InvalidParameterException']);
    const big = await call<{ __type: string }>('DescribeLogGroups', { limit: 51 });
    expect([big.status, big.body.__type]).toEqual([400, 'ValidationException']);
  });
});

describe('DescribeLogStreams', () => {
  it('lists the group’s streams by name or by last event, either way round', async () => {
    const byName = await call<Streams>('DescribeLogStreams', { logGroupName: GROUP });
    expect(byName.body.logStreams.map((s) => [s.logStreamName, s.firstEventTimestamp, s.lastEventTimestamp, s.storedBytes])).toEqual([
      ['2026/12/01/[$LATEST]aaaa', 1000, 1004, 0],
      ['2026/12/01/[$LATEST]bbbb', 900, 900, 0],
    ]);
    expect(byName.body.logStreams[0]?.arn).toBe(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${GROUP}:log-stream:2026/12/01/[$LATEST]aaaa`);
    const latest = await call<Streams>('DescribeLogStreams', { logGroupName: GROUP, orderBy: 'LastEventTime', descending: true, limit: 1 });
    expect(latest.body.logStreams.map((s) => s.logStreamName)).toEqual(['2026/12/01/[$LATEST]aaaa']);
    expect(latest.body.nextToken).toBeDefined();
    const prefixed = await call<Streams>('DescribeLogStreams', { logGroupName: GROUP, logStreamNamePrefix: '2026/12/01/[$LATEST]b' });
    expect(prefixed.body.logStreams.map((s) => s.logStreamName)).toEqual(['2026/12/01/[$LATEST]bbbb']);
  });

  it('answers CloudWatch Logs’ errors: no such group, LastEventTime with a prefix, a bad orderBy', async () => {
    const missing = await call<unknown>('DescribeLogStreams', { logGroupName: '/aws/lambda/nope' });
    expect(missing).toEqual({
      status: 400,
      body: { __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' },
    });
    const conflict = await call<{ __type: string }>('DescribeLogStreams', {
      logGroupName: GROUP,
      orderBy: 'LastEventTime',
      logStreamNamePrefix: 'x',
    });
    expect(conflict.body.__type).toBe('InvalidParameterException');
    const bad = await call<{ __type: string }>('DescribeLogStreams', { logGroupName: GROUP, orderBy: 'Size' });
    expect([bad.status, bad.body.__type]).toEqual([400, 'ValidationException']);
  });
});

describe('GetLogEvents', () => {
  const stream = '2026/12/01/[$LATEST]aaaa';
  const messages = (page: Events): string[] => page.events.map((e) => e.message.trimEnd());

  it('returns the newest events by default and pages backwards, then forwards from the head', async () => {
    const tail = await call<Events>('GetLogEvents', { logGroupName: GROUP, logStreamName: stream, limit: 2 });
    expect(tail.status).toBe(200);
    expect(messages(tail.body)).toEqual(['a3', 'a4']);
    expect(tail.body.events[0]?.message).toBe('a3\n');
    const before = await call<Events>('GetLogEvents', {
      logGroupName: GROUP,
      logStreamName: stream,
      limit: 2,
      nextToken: tail.body.nextBackwardToken,
    });
    expect(messages(before.body)).toEqual(['a1', 'a2']);

    const head = await call<Events>('GetLogEvents', { logGroupName: GROUP, logStreamName: stream, limit: 3, startFromHead: true });
    expect(messages(head.body)).toEqual(['a0', 'a1', 'a2']);
    const next = await call<Events>('GetLogEvents', {
      logGroupName: GROUP,
      logStreamName: stream,
      startFromHead: true,
      nextToken: head.body.nextForwardToken,
    });
    expect(messages(next.body)).toEqual(['a3', 'a4']);
    // At the end, the same forward token comes back: how readers know to stop.
    const end = await call<Events>('GetLogEvents', {
      logGroupName: GROUP,
      logStreamName: stream,
      startFromHead: true,
      nextToken: next.body.nextForwardToken,
    });
    expect(end.body.events).toEqual([]);
    expect(end.body.nextForwardToken).toBe(next.body.nextForwardToken);
  });

  it('takes startTime inclusive and endTime exclusive', async () => {
    const page = await call<Events>('GetLogEvents', { logGroupName: GROUP, logStreamName: stream, startTime: 1001, endTime: 1003 });
    expect(messages(page.body)).toEqual(['a1', 'a2']);
  });

  it('answers ResourceNotFoundException for a missing stream or group, and refuses a forged token', async () => {
    expect(await call('GetLogEvents', { logGroupName: GROUP, logStreamName: 'nope' })).toEqual({
      status: 400,
      body: { __type: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' },
    });
    expect(await call('GetLogEvents', { logGroupName: '/aws/lambda/nope', logStreamName: stream })).toEqual({
      status: 400,
      body: { __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' },
    });
    const forged = await call<{ __type: string }>('GetLogEvents', { logGroupName: GROUP, logStreamName: stream, nextToken: 'x/1' });
    expect(forged.body.__type).toBe('InvalidParameterException');
    const noStream = await call<{ __type: string }>('GetLogEvents', { logGroupName: GROUP });
    expect([noStream.status, noStream.body.__type]).toEqual([400, 'ValidationException']);
  });
});
