import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../common/config.js';
import { LogStore } from '../logs/log-store.js';
import type { LambdaServer } from './lambda-server.js';
import { startServer } from '../composition/serve-services.js';

// CloudWatch Logs' JSON 1.1 operations on lsim serve's port, over a store filled by hand: no Docker.
let home: string;
let server: LambdaServer;
const authFor = (account: string): string =>
  `AWS4-HMAC-SHA256 Credential=${account}/20261201/eu-west-1/logs/aws4_request, SignedHeaders=host, Signature=00`;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lsim-logs-server-unit-'));
  const writer = new LogStore(home).writer({ accountId: '333333333333', region: 'eu-west-1', logGroup: '/aws/lambda/fn' }, 'stream-a');
  writer.line('START RequestId: r1 Version: $LATEST', 1000);
  writer.line('hello', 1001);
  writer.line('END RequestId: r1', 1002);
  writer.flush();
  server = await startServer({ config: resolveConfig({ home }, {}), host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

const call = (target: string, body: unknown, account = '333333333333'): Promise<Response> =>
  fetch(server.url, {
    method: 'POST',
    headers: { authorization: authFor(account), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

interface Page {
  events: { logStreamName: string; timestamp: number; message: string; eventId: string; ingestionTime: number }[];
  nextToken?: string;
}

describe('FilterLogEvents over lsim serve', () => {
  it('returns the caller account’s events with their newline, paged', async () => {
    const first = await call('Logs_20140328.FilterLogEvents', { logGroupName: '/aws/lambda/fn', interleaved: true, limit: 2 });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    const page = (await first.json()) as Page;
    expect(page.events.map((e) => [e.logStreamName, e.timestamp, e.message])).toEqual([
      ['stream-a', 1000, 'START RequestId: r1 Version: $LATEST\n'],
      ['stream-a', 1001, 'hello\n'],
    ]);
    const rest = (await (
      await call('Logs_20140328.FilterLogEvents', { logGroupName: '/aws/lambda/fn', nextToken: page.nextToken })
    ).json()) as Page;
    expect(rest.events.map((e) => e.message)).toEqual(['END RequestId: r1\n']);
    expect(rest.nextToken).toBeUndefined();
  });

  it('takes the group by ARN, and filters by time and pattern', async () => {
    const arn = 'arn:aws:logs:eu-west-1:333333333333:log-group:/aws/lambda/fn';
    const page = (await (
      await call('Logs_20140328.FilterLogEvents', { logGroupIdentifier: arn, startTime: 1001, filterPattern: 'RequestId' })
    ).json()) as Page;
    expect(page.events.map((e) => e.message)).toEqual(['END RequestId: r1\n']);
  });

  it('keeps accounts apart: another account has no such group', async () => {
    const response = await call('Logs_20140328.FilterLogEvents', { logGroupName: '/aws/lambda/fn' }, '444444444444');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
  });

  it('refuses bad input with CloudWatch Logs’ shapes, never a 500', async () => {
    const cases: [unknown, string][] = [
      [{ logGroupName: '/aws/lambda/fn', limit: 'x' }, 'SerializationException'],
      [{ logGroupName: '/aws/lambda/fn', limit: 0 }, 'ValidationException'],
      [{ logGroupName: 'bad name!' }, 'ValidationException'],
      [{}, 'InvalidParameterException'],
      [{ logGroupName: '/aws/lambda/fn', filterPattern: '{ $.a = 1 }' }, 'InvalidParameterException'],
      [{ logGroupName: '/aws/lambda/fn', nextToken: 'forged' }, 'InvalidParameterException'],
      ['{not json', 'SerializationException'],
    ];
    for (const [body, type] of cases) {
      const response = await call('Logs_20140328.FilterLogEvents', body);
      expect([response.status, ((await response.json()) as { __type: string }).__type], JSON.stringify(body)).toEqual([400, type]);
    }
    const other = await call('Logs_20140328.PutLogEvents', {});
    expect(other.status).toBe(400);
    expect(((await other.json()) as { message: string }).message).toContain('only FilterLogEvents');
  });
});
