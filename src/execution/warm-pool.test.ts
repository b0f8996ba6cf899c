import { afterEach, describe, expect, it } from 'vitest';
import { lifecycleFixture, scriptedRuntime } from '../../test/helpers/lifecycle-fixture.js';
import type { ExecutionPlan, InvocationResult } from './execution-plan.js';
import { WarmPool, type WarmPoolOptions } from './warm-pool.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(options: Partial<WarmPoolOptions> = {}, plan: Partial<ExecutionPlan> = {}) {
  const runtime = scriptedRuntime();
  const fixture = await lifecycleFixture(runtime.script, plan);
  const pool = new WarmPool(fixture.deps, { idleTimeoutMs: 60_000, maxConcurrency: 10, ...options });
  cleanups.push(async () => {
    await pool.close();
    await fixture.dispose();
  });
  return { ...fixture, runtime, pool };
}

const request = (ask: string) => ({ payload: Buffer.from(JSON.stringify(ask)) });

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('WarmPool', () => {
  it('reuses an environment: one init, then warm invokes on the same container', async () => {
    const { pool, plan, fake } = await setup();
    const first = await pool.invoke(plan, request('one'));
    const second = await pool.invoke(plan, request('two'));
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second.initDurationMs).toBeUndefined();
    expect(second.payload.toString()).toBe('"two"');
    expect(fake.containers).toHaveLength(1);
    expect(pool.size).toBe(1);
  });

  it('hands a warm environment the next event once its marker is written, before that marker is back: each log whole, in order', async () => {
    const { pool, plan, fake } = await setup();
    await pool.invoke(plan, request('warm-up'));
    // The engine delivers output late: the markers come back 150 ms after they are written.
    fake.outputDelayMs = 150;
    const logged: string[] = [];
    const answered = (ask: string) =>
      new Promise<{ result: Promise<InvocationResult> }>((resolve) => {
        const result = pool.invoke(plan, { ...request(ask), onLog: (line) => logged.push(line), onResponse: () => resolve({ result }) });
      });
    const first = await answered('one');
    const second = await answered('two');
    // The second was answered while the first's log was still waiting for its output.
    let firstDone = false;
    void first.result.then(() => (firstDone = true));
    await Promise.resolve();
    expect(firstDone).toBe(false);
    const [one, two] = await Promise.all([first.result, second.result]);
    expect(fake.containers).toHaveLength(1);
    expect(one.log).toContain('handling "one"');
    expect(one.log).not.toContain('handling "two"');
    expect(two.log).toContain('handling "two"');
    expect(two.log).not.toContain('handling "one"');
    const at = (text: string): number => logged.findIndex((line) => line.startsWith(text));
    expect(at(`START RequestId: ${one.requestId}`)).toBeLessThan(at('handling "one"'));
    expect(at('handling "one"')).toBeLessThan(at(`REPORT RequestId: ${one.requestId}`));
    expect(at(`REPORT RequestId: ${one.requestId}`)).toBeLessThan(at(`START RequestId: ${two.requestId}`));
    expect(at(`START RequestId: ${two.requestId}`)).toBeLessThan(at('handling "two"'));
    expect(at('handling "two"')).toBeLessThan(at(`REPORT RequestId: ${two.requestId}`));
    expect(logged.join('\n')).not.toContain('lsim-output-marker');
  });

  it('keeps the environment busy until the log is whole when the caller waits for the whole result', async () => {
    const { pool, plan, fake } = await setup();
    await pool.invoke(plan, request('warm-up'));
    fake.outputDelayMs = 150;
    const first = pool.invoke(plan, request('one'));
    const result = await first;
    expect(result.log).toContain('handling "one"');
    expect(pool.idleCount).toBe(1);
    expect(fake.containers).toHaveLength(1);
  });

  it('passes each invoke the ARN it was called with: version and alias share the warm environment', async () => {
    const { pool, plan, fake } = await setup({}, { functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn:1', version: '1' });
    const byVersion = await pool.invoke(plan, request('arn'));
    const byAlias = await pool.invoke({ ...plan, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn:live' }, request('arn'));
    expect(JSON.parse(byVersion.payload.toString())).toBe('arn:aws:lambda:us-east-1:123456789012:function:fn:1');
    expect(JSON.parse(byAlias.payload.toString())).toBe('arn:aws:lambda:us-east-1:123456789012:function:fn:live');
    expect(byAlias.initDurationMs).toBeUndefined();
    expect(fake.containers).toHaveLength(1);
  });

  it('never lets two invokes share an environment: parallel invokes get their own', async () => {
    const { pool, plan, fake, runtime } = await setup();
    const a = pool.invoke(plan, request('wait:a'));
    const b = pool.invoke(plan, request('wait:b'));
    await waitFor(() => runtime.waiting.size === 2);
    expect(fake.containers).toHaveLength(2);
    runtime.release('a');
    runtime.release('b');
    expect((await a).payload.toString()).toBe('"wait:a"');
    expect((await b).payload.toString()).toBe('"wait:b"');
    // Each container's runtime saw exactly one event.
    expect(runtime.events.sort()).toEqual(['"wait:a"', '"wait:b"']);
    // Both are idle now: the next two invokes are warm, on the same two containers.
    const [c, d] = await Promise.all([pool.invoke(plan, request('c')), pool.invoke(plan, request('d'))]);
    expect([c.initDurationMs, d.initDurationMs]).toEqual([undefined, undefined]);
    expect(fake.containers).toHaveLength(2);
  });

  it('answers TooManyRequestsException past the concurrency limit, or queues when asked to wait', async () => {
    const { pool, plan, runtime } = await setup({ maxConcurrency: 1 });
    const held = pool.invoke(plan, request('wait:x'));
    await waitFor(() => runtime.waiting.size === 1);
    await expect(pool.invoke(plan, request('y'))).rejects.toMatchObject({ code: 'TooManyRequestsException' });
    const queued = pool.invoke(plan, request('z'), { waitForSlot: true });
    runtime.release('x');
    await held;
    expect((await queued).payload.toString()).toBe('"z"');
  });

  it('replaces an environment that timed out: the next invoke is a cold start on a new container', async () => {
    const { pool, plan, fake } = await setup({}, { timeoutSeconds: 1 });
    const timedOut = await pool.invoke(plan, request('hang'));
    expect(timedOut.functionError).toBe('Unhandled');
    expect(fake.containers[0]).toMatchObject({ removed: true });
    const next = await pool.invoke(plan, request('after'));
    expect(next.payload.toString()).toBe('"after"');
    expect(next.initDurationMs).toBeGreaterThan(0);
    expect(fake.containers).toHaveLength(2);
    expect(pool.size).toBe(1);
  });

  it('replaces an environment whose runtime crashed', async () => {
    const { pool, plan, fake } = await setup();
    const crashed = await pool.invoke(plan, request('crash'));
    expect(JSON.parse(crashed.payload.toString())).toMatchObject({ errorType: 'Runtime.ExitError' });
    expect((await pool.invoke(plan, request('after'))).initDurationMs).toBeGreaterThan(0);
    expect(fake.containers).toHaveLength(2);
    expect(fake.leftOver).toHaveLength(1);
  });

  it('shuts an idle environment down after the idle timeout', async () => {
    const { pool, plan, fake } = await setup({ idleTimeoutMs: 100 });
    await pool.invoke(plan, request('one'));
    expect(fake.leftOver).toHaveLength(1);
    await waitFor(() => pool.size === 0);
    expect(fake.leftOver).toEqual([]);
    expect((await pool.invoke(plan, request('two'))).initDurationMs).toBeGreaterThan(0);
  });

  it('shuts idle environments down when the configuration changes', async () => {
    const { pool, plan, fake } = await setup();
    await pool.invoke(plan, request('one'));
    const changed = { ...plan, memoryMb: 256 };
    const after = await pool.invoke(changed, request('two'));
    expect(after.initDurationMs).toBeGreaterThan(0);
    expect(fake.containers[0]).toMatchObject({ removed: true });
    expect(fake.containers[1]?.spec.memoryBytes).toBe(256 * 1024 * 1024);
  });

  it('shuts a busy environment of an old configuration down when its invoke returns', async () => {
    const { pool, plan, fake, runtime } = await setup();
    const held = pool.invoke(plan, request('wait:old'));
    await waitFor(() => runtime.waiting.size === 1);
    await pool.invoke({ ...plan, timeoutSeconds: 5 }, request('new'));
    runtime.release('old');
    await held;
    await waitFor(() => fake.containers[0]?.removed === true);
    expect(fake.leftOver).toHaveLength(1);
  });

  it('retires the environments of a function deployed anew, idle ones at once and busy ones when they return', async () => {
    const { pool, plan, fake, runtime } = await setup();
    const other = { ...plan, functionName: 'other', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:other' };
    await pool.invoke(other, request('kept'));
    const held = pool.invoke(plan, request('wait:busy'));
    await waitFor(() => runtime.waiting.size === 1);
    await pool.invoke(plan, request('idle'));
    expect(await pool.retireFunction(`arn:aws:lambda:${plan.region}:${plan.accountId}:function:${plan.functionName}`)).toBe(2);
    expect(fake.leftOver).toHaveLength(2);
    runtime.release('busy');
    await held;
    await waitFor(() => fake.leftOver.length === 1);
    // The other function keeps its warm environment; the retired one starts cold.
    expect((await pool.invoke(other, request('warm'))).initDurationMs).toBeUndefined();
    expect((await pool.invoke(plan, request('cold'))).initDurationMs).toBeGreaterThan(0);
    expect(await pool.retireFunction('arn:aws:lambda:us-east-1:123456789012:function:never-invoked')).toBe(0);
  });

  it('shuts every environment down on close, aborting running invokes, and refuses later ones', async () => {
    const { pool, plan, fake, runtime } = await setup();
    const idle = pool.invoke(plan, request('wait:idle'));
    const running = pool.invoke(plan, request('hang')).catch((error: unknown) => error);
    await waitFor(() => runtime.events.length === 2);
    runtime.release('idle');
    await idle;
    await pool.close();
    expect(await running).toMatchObject({ code: 'ServiceException' });
    expect(fake.leftOver).toEqual([]);
    expect(pool.size).toBe(0);
    await expect(pool.invoke(plan, request('late'))).rejects.toThrow('The server is shutting down.');
  });
});
