import { describe, expect, it } from 'vitest';
import type { InvocationEvent } from './invocation-types.js';
import { RuntimeSession } from './runtime-session.js';

const event = (requestId: string): InvocationEvent => ({
  payload: Buffer.from('{}'),
  requestId,
  deadlineMs: Date.now() + 3000,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
  traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0',
});

/** Whether `promise` has settled once pending callbacks have run. */
async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

const runtimeNext = (session: RuntimeSession): InvocationEvent[] => {
  const delivered: InvocationEvent[] = [];
  const waiter = session.next((delivering) => delivered.push(delivering));
  if ('status' in waiter) throw new Error(`refused: ${waiter.body.errorMessage}`);
  return delivered;
};

describe('RuntimeSession: one state machine for every client of an environment', () => {
  it('ends init at the runtime first /next when the runtime is the only client', async () => {
    const session = new RuntimeSession();
    expect(await settledNow(session.initialised)).toBe(false);
    runtimeNext(session);
    expect(await settledNow(session.initialised)).toBe(true);
  });

  it('ends init only once every client that joined is ready too', async () => {
    const session = new RuntimeSession();
    const extension = session.join('agent', { takesInvoke: true });
    runtimeNext(session);
    expect(await settledNow(session.initialised)).toBe(false);
    extension.ready();
    expect(await settledNow(session.initialised)).toBe(true);
    expect(session.clientNames).toEqual(['agent']);
  });

  it('closes registration once the runtime is ready', () => {
    const session = new RuntimeSession();
    session.join('agent', { takesInvoke: false });
    expect(() => session.join('agent', { takesInvoke: false })).toThrow('already joined');
    runtimeNext(session);
    expect(() => session.join('late', { takesInvoke: false })).toThrow('Registration is closed.');
  });

  it('settles an invoke when the runtime answered and each client taking INVOKE is ready again', async () => {
    const session = new RuntimeSession();
    const taker = session.join('taker', { takesInvoke: true });
    const bystander = session.join('bystander', { takesInvoke: false });
    taker.ready();
    bystander.ready();
    const delivered = runtimeNext(session);
    const outcome = session.invoke(event('r1'));
    expect(delivered.map((e) => e.requestId)).toEqual(['r1']);
    session.complete('r1', { kind: 'response', payload: Buffer.from('ok') });
    expect((await outcome).payload.toString()).toBe('ok');
    const settled = session.settled();
    expect(await settledNow(settled)).toBe(false);
    taker.ready();
    expect(await settledNow(settled)).toBe(true);
  });

  it('settles at once without other clients, and does not wait for a client that has gone', async () => {
    expect(await settledNow(new RuntimeSession().settled())).toBe(true);
    const session = new RuntimeSession();
    const taker = session.join('taker', { takesInvoke: true });
    taker.ready();
    runtimeNext(session);
    void session.invoke(event('r1')).catch(() => undefined);
    const settled = session.settled();
    taker.gone();
    expect(await settledNow(settled)).toBe(true);
    session.close(new Error('done'));
  });

  it('shuts down when every client has gone, or at the deadline, keeping the first reason', async () => {
    const session = new RuntimeSession();
    const agent = session.join('agent', { takesInvoke: false });
    const shut = session.shutdown('timeout', Date.now() + 60_000);
    expect(session.shuttingDown).toBe('timeout');
    expect(await settledNow(shut)).toBe(false);
    agent.gone();
    expect(await settledNow(shut)).toBe(true);

    const stubborn = new RuntimeSession();
    stubborn.join('agent', { takesInvoke: false });
    const started = Date.now();
    await stubborn.shutdown('spindown', started + 100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    await stubborn.shutdown('failure', Date.now());
    expect(stubborn.shuttingDown).toBe('spindown');
  });
});
