import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LsimHome } from '../helpers/lsim-home.js';
import { makeZip } from '../helpers/make-zip.js';
import { serveChild, type Served } from '../helpers/serve-child.js';

/**
 * Event invokes are durable: what `lsim serve` accepted with 202 runs exactly once even when the
 * server is stopped (SIGTERM) with most of it still queued and started again on the same
 * LSIM_HOME. The function's log lines (which the server prints) count the runs.
 */
const HANDLER = `export const handler = async (event) => {
  console.log('EVENT-RAN ' + event.n);
  if (event.sleep) await new Promise((resolve) => setTimeout(resolve, event.sleep * 1000));
  return { ok: true };
};
`;
const N = 40;

let lsim: LsimHome;

const serve = (...extra: string[]): Promise<Served> => serveChild(lsim.home, ...extra);

const lambdaAt = (url: string): LambdaClient =>
  new LambdaClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' },
    maxAttempts: 1,
  });

const runs = (text: string): number[] => [...text.matchAll(/EVENT-RAN (\d+)/g)].map((match) => Number(match[1]));

function queued(): number {
  const db = new Database(join(lsim.home, 'registry.db'), { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM async_events').pluck().get() as number;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  lsim = new LsimHome('lsim-it-serve-events-');
  await lsim.registry.createFunction({
    FunctionName: 'events',
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: 'arn:aws:iam::123456789012:role/r',
    Code: { ZipFile: makeZip([{ name: 'index.mjs', data: HANDLER }]) },
  });
});
afterAll(() => lsim?.dispose());

describe('durable Event invokes', () => {
  it(`runs all ${N} accepted events exactly once across a SIGTERM and a restart`, async () => {
    const first = await serve('--max-concurrency', '2');
    const lambda = lambdaAt(first.url);
    try {
      for (let n = 0; n < N; n += 1) {
        const accepted = await lambda.send(
          new InvokeCommand({ FunctionName: 'events', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ n, sleep: 0.3 })) }),
        );
        expect(accepted.StatusCode).toBe(202);
      }
    } finally {
      lambda.destroy();
    }
    first.child.kill('SIGTERM');
    const [code, signal] = await first.exited;
    expect({ code, signal }, first.stderr()).toEqual({ code: 0, signal: null });
    const before = runs(first.stderr());
    expect(before.length).toBeLessThan(N); // the point: most were still queued
    expect(queued()).toBe(N - before.length);
    expect(lsim.leftoverContainers()).toEqual([]);

    const second = await serve();
    try {
      await expect.poll(() => runs(first.stderr()).length + runs(second.stderr()).length, { timeout: 120_000, interval: 200 }).toBe(N);
      await expect.poll(() => queued(), { timeout: 10_000 }).toBe(0);
      const all = [...runs(first.stderr()), ...runs(second.stderr())].sort((x, y) => x - y);
      expect(all).toEqual(Array.from({ length: N }, (_, n) => n));
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    expect(lsim.leftoverContainers()).toEqual([]);
  });

  it('bounds the queue: past --max-event-queue-mb an Event invoke is throttled with 429', async () => {
    const served = await serve('--max-event-queue-mb', '1', '--max-concurrency', '1');
    const lambda = lambdaAt(served.url);
    try {
      const big = (n: number): Buffer => Buffer.from(JSON.stringify({ n: 100 + n, sleep: 1.5, pad: 'x'.repeat(600_000) }));
      const accepted = await lambda.send(new InvokeCommand({ FunctionName: 'events', InvocationType: 'Event', Payload: big(0) }));
      expect(accepted.StatusCode).toBe(202);
      const refused = await lambda.send(new InvokeCommand({ FunctionName: 'events', InvocationType: 'Event', Payload: big(1) })).then(
        () => undefined,
        (error: unknown) => error as { name: string; $metadata: { httpStatusCode?: number } },
      );
      expect(refused?.name).toBe('TooManyRequestsException');
      expect(refused?.$metadata.httpStatusCode).toBe(429);
      await expect.poll(() => runs(served.stderr()).includes(100), { timeout: 60_000 }).toBe(true);
    } finally {
      lambda.destroy();
      served.child.kill('SIGTERM');
      await served.exited;
    }
    expect(queued(), served.stderr()).toBe(0);
  });
});
