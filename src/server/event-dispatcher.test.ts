import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../common/config.js';
import { LsimError } from '../common/errors.js';
import { ownerToken } from '../common/process-owner.js';
import type { ExecutionPlan, InvocationResult } from '../execution/execution-plan.js';
import type { ResolvedFunction } from '../registry/api-types.js';
import { AsyncEvents } from '../registry/async-events.js';
import { openDatabase, type Db } from '../registry/database.js';
import { EventDispatcher, type DispatcherDeps } from './event-dispatcher.js';

let home: string;
let db: Db;
let events: AsyncEvents;
const target = { accountId: '123456789012', region: 'us-east-1', functionName: 'f', qualifier: undefined };
const LIMITS = { maxBytes: 1024 * 1024 };
const resolved = { configuration: { FunctionName: 'f' } } as unknown as ResolvedFunction;
const plan = { functionName: 'f' } as unknown as ExecutionPlan;
const result = (failed: boolean): InvocationResult => ({
  requestId: 'r',
  payload: Buffer.from('{}'),
  executedVersion: '$LATEST',
  log: '',
  durationMs: 1,
  maxMemoryUsedMb: 1,
  ...(failed ? { functionError: 'Unhandled' as const } : {}),
});

function dispatcher(invoke: DispatcherDeps['invoke'], lines: string[], retryDelaysMs = [20, 40]): EventDispatcher {
  return new EventDispatcher(
    {
      events,
      resolve: () => resolved,
      configFor: () => resolveConfig({ home }, {}),
      planFor: () => Promise.resolve(plan),
      invoke,
      onLog: (line) => lines.push(line),
    },
    { maxInFlight: 4, retryDelaysMs, pollMs: 10 },
  );
}

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lsim-events-'));
  db = openDatabase(home);
  events = new AsyncEvents(db);
});
afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

describe('the durable event queue', () => {
  it('runs each event once with its payload and removes it', async () => {
    const seen: string[] = [];
    const run = dispatcher((_plan, request) => {
      seen.push(request.payload.toString());
      return Promise.resolve(result(false));
    }, []);
    for (let i = 0; i < 5; i += 1) events.enqueue(target, Buffer.from(`{"n":${i}}`), undefined, LIMITS);
    run.wake();
    await until(() => events.count() === 0);
    await run.close(1000);
    expect(seen.sort()).toEqual(['{"n":0}', '{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
  });

  it('retries a function error twice after the configured delays, then discards it', async () => {
    const times: number[] = [];
    const lines: string[] = [];
    const run = dispatcher(
      () => {
        times.push(Date.now());
        return Promise.resolve(result(true));
      },
      lines,
      [100, 200],
    );
    events.enqueue(target, Buffer.from('{}'), undefined, LIMITS);
    run.wake();
    await until(() => events.count() === 0);
    await run.close(1000);
    expect(times).toHaveLength(3);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(95);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(195);
    expect(lines.join('\n')).toContain('failed 3 times; discarded');
  });

  it('retries lsim failures without counting an attempt and drops events of deleted functions', async () => {
    let calls = 0;
    const run = dispatcher(() => {
      calls += 1;
      if (calls === 1) return Promise.reject(new LsimError('EngineUnavailable', 'no engine'));
      return Promise.resolve(result(false));
    }, []);
    events.enqueue(target, Buffer.from('{}'), undefined, LIMITS);
    run.wake();
    await until(() => events.count() === 0);
    await run.close(1000);
    expect(calls).toBe(2);

    const gone = new EventDispatcher(
      {
        events,
        resolve: () => {
          throw new LsimError('ResourceNotFoundException', 'gone');
        },
        configFor: () => resolveConfig({ home }, {}),
        planFor: () => Promise.resolve(plan),
        invoke: () => Promise.reject(new Error('must not run')),
        onLog: () => undefined,
      },
      { maxInFlight: 1, pollMs: 10 },
    );
    events.enqueue(target, Buffer.from('{}'), undefined, LIMITS);
    gone.wake();
    await until(() => events.count() === 0);
    await gone.close(1000);
  });

  it('bounds the queued payload bytes with TooManyRequestsException', () => {
    const small = { maxBytes: 2500 };
    events.enqueue(target, Buffer.alloc(1000), undefined, small);
    events.enqueue(target, Buffer.alloc(1000), undefined, small);
    expect(() => events.enqueue(target, Buffer.alloc(1000), undefined, small)).toThrow(
      expect.objectContaining({ code: 'TooManyRequestsException' }) as unknown as Error,
    );
    expect(events.count()).toBe(2);
  });

  it("takes over a dead server's claims but not a live one's", () => {
    events.enqueue(target, Buffer.from('{}'), undefined, LIMITS);
    events.enqueue(target, Buffer.from('{}'), undefined, LIMITS);
    const live = events.claimDue('live', 1, () => true);
    expect(live).toHaveLength(1);
    expect(events.claimDue(ownerToken(), 5, (token) => token === 'live')).toHaveLength(1);
    expect(events.claimDue('other', 5, (token) => token === 'live' || token === ownerToken())).toHaveLength(0);
    expect(events.claimDue('other', 5, () => false)).toHaveLength(2);
  });

  it('leaves running events queued when it must abort them at close', async () => {
    let started = 0;
    const run = dispatcher(
      (_plan, request) =>
        new Promise((_, reject) => {
          started += 1;
          request.signal?.addEventListener('abort', () => reject(new Error('aborted')));
        }),
      [],
    );
    events.enqueue(target, Buffer.from('{}'), undefined, LIMITS);
    run.wake();
    await until(() => started === 1);
    await run.close(50);
    expect(events.count()).toBe(1);
    expect(events.claimDue('next', 5, () => true)).toHaveLength(1);
  });
});
