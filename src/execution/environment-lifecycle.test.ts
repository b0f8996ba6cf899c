import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RuntimeScript } from '../../test/helpers/engine-fake.js';
import { lifecycleFixture, scriptedRuntime } from '../../test/helpers/lifecycle-fixture.js';
import { EnvironmentLifecycle } from './environment-lifecycle.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(script: RuntimeScript = scriptedRuntime().script, timeoutSeconds = 3) {
  const fixture = await lifecycleFixture(script, { timeoutSeconds });
  cleanups.push(fixture.dispose);
  return { ...fixture, lifecycle: new EnvironmentLifecycle(fixture.deps, fixture.plan) };
}

const request = (ask: string, signal?: AbortSignal) => ({ payload: Buffer.from(JSON.stringify(ask)), signal });
const errorOf = (payload: Buffer): { errorType: string; errorMessage: string } =>
  JSON.parse(payload.toString('utf8')) as { errorType: string; errorMessage: string };

describe('a one-shot environment (init, one invoke, shutdown)', () => {
  it('runs a cold invoke: START, init and handler output, END, REPORT with Init Duration', async () => {
    const { lifecycle } = await setup();
    const { result, reusable } = await lifecycle.invoke(request('hello'), { last: true });
    expect(result.payload.toString()).toBe('"hello"');
    expect(result.functionError).toBeUndefined();
    expect(result.initDurationMs).toBeGreaterThan(0);
    expect(result.maxMemoryUsedMb).toBe(64);
    const lines = result.log.split('\n');
    expect(lines[0]).toBe('init output');
    expect(lines[1]).toBe(`START RequestId: ${result.requestId} Version: $LATEST`);
    expect(lines[2]).toBe('handling "hello"');
    expect(lines[3]).toBe(`END RequestId: ${result.requestId}`);
    expect(lines[4]).toMatch(/^REPORT RequestId: .*\tMax Memory Used: 64 MB\tInit Duration: \d+\.\d\d ms\t$/);
    expect(reusable).toBe(false);
    expect(lifecycle.current).toBe('ended');
  });

  it('is shut down when its one invoke returns: the container is removed (killed by the forced remove), the Runtime API closed', async () => {
    const { lifecycle, fake, home } = await setup();
    await lifecycle.invoke(request('hello'), { last: true });
    expect(fake.containers).toHaveLength(1);
    expect(fake.containers[0]).toMatchObject({ started: true, removed: true });
    const { readdir } = await import('node:fs/promises');
    // The environment's socket folder went with its Runtime API server.
    expect(await readdir(`${home}/runtime-api`)).toEqual([]);
  });

  it('answers the caller before the shutdown, END and REPORT already written, and only then removes the container', async () => {
    const { lifecycle, fake } = await setup();
    let seenAtAnswer: { removed: boolean | undefined; log: string } | undefined;
    const logged: string[] = [];
    const { result } = await lifecycle.invoke(
      {
        ...request('hello'),
        onLog: (line) => logged.push(line),
        onResponse: () => (seenAtAnswer = { removed: fake.containers[0]?.removed, log: logged.join('\n') }),
      },
      { last: true },
    );
    expect(seenAtAnswer?.removed).not.toBe(true);
    expect(seenAtAnswer?.log).toContain(`REPORT RequestId: ${result.requestId}`);
    expect(fake.containers[0]).toMatchObject({ removed: true });
    expect(lifecycle.current).toBe('ended');
  });

  it('fails the invoke with the runtime init error, and ends the environment', async () => {
    const script: RuntimeScript = async ({ api, print }) => {
      print('Traceback: no module named app');
      await api.initError('Runtime.ImportModuleError', "Unable to import module 'app'");
      return 1;
    };
    const { lifecycle, fake } = await setup(script);
    const { result, reusable } = await lifecycle.invoke(request('hello'), { last: true });
    expect(result.functionError).toBe('Unhandled');
    expect(errorOf(result.payload)).toEqual({ errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'app'" });
    expect(result.initDurationMs).toBeGreaterThan(0);
    expect(result.log).toContain('Traceback: no module named app');
    // Lambda's INIT_REPORT closes the failed init, after its output and before START.
    const lines = result.log.split('\n');
    const initReportAt = lines.findIndex((line) => line.startsWith('INIT_REPORT '));
    expect(lines[initReportAt]).toMatch(
      /^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.ImportModuleError$/,
    );
    expect(initReportAt).toBeGreaterThan(lines.indexOf('Traceback: no module named app'));
    expect(lines[initReportAt + 1]).toBe(`START RequestId: ${result.requestId} Version: $LATEST`);
    expect(reusable).toBe(false);
    expect(fake.leftOver).toEqual([]);
  });

  it('fails the invoke with Runtime.ExitError when the runtime exits during init', async () => {
    const { lifecycle, fake } = await setup(() => Promise.resolve(3));
    const { result } = await lifecycle.invoke(request('hello'), { last: true });
    expect(errorOf(result.payload)).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: exit status 3`,
    });
    expect(result.initDurationMs).toBeUndefined();
    expect(result.log).toMatch(
      /^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.ExitError\nSTART /,
    );
    expect(fake.leftOver).toEqual([]);
  });

  it('writes no INIT_REPORT for an init that succeeded: its duration is in REPORT', async () => {
    const { lifecycle } = await setup();
    const { result } = await lifecycle.invoke(request('hello'), { last: true });
    expect(result.log).not.toContain('INIT_REPORT');
    expect(result.log).toContain('Init Duration: ');
  });

  it('removes the container when the invoke is aborted', async () => {
    const { lifecycle, fake } = await setup();
    const abort = new AbortController();
    const invoked = lifecycle.invoke(request('hang', abort.signal), { last: true });
    setTimeout(() => abort.abort(new Error('Ctrl-C')), 200);
    await expect(invoked).rejects.toThrow('Ctrl-C');
    expect(fake.containers[0]).toMatchObject({ removed: true });
  });
});

describe('an environment used several times', () => {
  it("closes a warm invoke's log only once the output written before the answer is in, however late the engine delivers it", async () => {
    const { lifecycle, fake } = await setup();
    fake.outputDelayMs = 150;
    await lifecycle.invoke(request('one'));
    const { result } = await lifecycle.invoke(request('two'));
    const lines = result.log.split('\n');
    expect(lines.indexOf('handling "two"')).toBeGreaterThan(0);
    expect(lines.indexOf('handling "two"')).toBeLessThan(lines.indexOf(`END RequestId: ${result.requestId}`));
    // The marker that made it exact is in no log.
    expect(result.log).not.toContain('lsim-output-marker');
    await lifecycle.shutdown();
  });

  it("times a warm invoke's wait for its output markers, which the engine's delay is part of", async () => {
    const { lifecycle, fake } = await setup();
    await lifecycle.invoke(request('one'));
    fake.outputDelayMs = 150;
    const phases: { phase: string; ms: number }[] = [];
    await lifecycle.invoke({ ...request('two'), onPhase: (timing) => phases.push(timing) });
    expect(phases.map((timing) => timing.phase)).toEqual(['invoke', 'output-markers']);
    expect(phases[1]?.ms).toBeGreaterThanOrEqual(140);
    await lifecycle.shutdown();
  });

  it("frees a warm environment at the marker's confirmation, and a shutdown right after waits for that invoke's REPORT", async () => {
    const { lifecycle, fake } = await setup();
    await lifecycle.invoke(request('one'));
    fake.outputDelayMs = 150;
    const logged: string[] = [];
    let reusable = false;
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const pending = lifecycle.invoke(
      { ...request('two'), onLog: (line) => logged.push(line), onResponse: () => answer() },
      { onReusable: () => (reusable = true) },
    );
    await answered;
    expect(reusable).toBe(true);
    expect(lifecycle.current).toBe('idle');
    expect(logged.some((line) => line.startsWith('REPORT '))).toBe(false);
    await lifecycle.shutdown();
    expect(logged.some((line) => line.startsWith('REPORT '))).toBe(true);
    expect((await pending).result.log).toContain('REPORT RequestId: ');
  });

  it('leaves no timer behind per warm invoke: the bound on the output markers is cleared once they are back', async () => {
    const { lifecycle } = await setup();
    await lifecycle.invoke(request('one'));
    // Timers of a second or more that neither fired nor were cleared during the warm invokes.
    const pending = new Set<unknown>();
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    const set = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      const handle: unknown = realSet(() => {
        pending.delete(handle);
        callback();
      }, ms);
      if ((ms ?? 0) >= 1000) pending.add(handle);
      return handle;
    }) as typeof setTimeout);
    const clear = vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((handle?: NodeJS.Timeout) => {
      pending.delete(handle);
      realClear(handle);
    }) as typeof clearTimeout);
    try {
      for (let round = 0; round < 20; round += 1) await lifecycle.invoke(request('again'));
    } finally {
      set.mockRestore();
      clear.mockRestore();
    }
    // One left per invoke would be 20, each holding its closure for 2 s under load.
    expect(pending.size).toBeLessThan(3);
    await lifecycle.shutdown();
  });

  it('serves a second invoke warm: no INIT, no Init Duration, the same container', async () => {
    const { lifecycle, fake } = await setup();
    const first = await lifecycle.invoke(request('one'));
    expect(first.reusable).toBe(true);
    expect(lifecycle.current).toBe('idle');
    const second = await lifecycle.invoke(request('two'));
    expect(second.result.payload.toString()).toBe('"two"');
    expect(second.result.initDurationMs).toBeUndefined();
    expect(second.result.log).not.toContain('Init Duration');
    expect(second.result.log).not.toContain('init output');
    expect(fake.containers).toHaveLength(1);
    await lifecycle.shutdown();
    expect(fake.leftOver).toEqual([]);
  });

  it('keeps a function error reusable: the runtime answered', async () => {
    const { lifecycle } = await setup();
    const { result, reusable } = await lifecycle.invoke(request('error'));
    expect(result.functionError).toBe('Unhandled');
    expect(errorOf(result.payload).errorType).toBe('Handled');
    expect(reusable).toBe(true);
    await lifecycle.shutdown();
  });

  it('times out an invoke with Sandbox.Timedout, and resets the environment', async () => {
    const { lifecycle, fake } = await setup(undefined, 1);
    const { result, reusable } = await lifecycle.invoke(request('hang'));
    expect(errorOf(result.payload)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(
        new RegExp(`^RequestId: ${result.requestId} Error: Task timed out after 1\\.\\d\\d seconds$`),
      ) as string,
    });
    expect(result.log).toMatch(new RegExp(`Z ${result.requestId} Task timed out after 1\\.\\d\\d seconds\\n`));
    expect(result.log).toContain('handling "hang"');
    expect(reusable).toBe(false);
    expect(lifecycle.current).toBe('ended');
    expect(fake.leftOver).toEqual([]);
    await expect(lifecycle.invoke(request('again'))).rejects.toThrow('one invoke at a time');
  });

  it('fails an invoke whose runtime crashes with Runtime.ExitError, and resets the environment', async () => {
    const { lifecycle, fake } = await setup();
    await lifecycle.invoke(request('warm up'));
    const { result, reusable } = await lifecycle.invoke(request('crash'));
    expect(errorOf(result.payload)).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: exit status 2`,
    });
    expect(result.log).toContain('handling "crash"');
    expect(reusable).toBe(false);
    expect(fake.leftOver).toEqual([]);
  });

  it('never takes a second invoke while one is running', async () => {
    const runtime = scriptedRuntime();
    const { lifecycle } = await setup(runtime.script);
    const first = lifecycle.invoke(request('wait:a'));
    await expect(lifecycle.invoke(request('b'))).rejects.toThrow('takes one invoke at a time, and this one is busy');
    await waitFor(() => runtime.waiting.has('wait:a'));
    runtime.release('a');
    expect((await first).result.payload.toString()).toBe('"wait:a"');
    expect(runtime.events).toEqual(['"wait:a"']);
    await lifecycle.shutdown();
  });

  it('shuts down once, whoever asks and however often', async () => {
    const { lifecycle, fake } = await setup();
    await lifecycle.invoke(request('one'));
    await Promise.all([lifecycle.shutdown(), lifecycle.shutdown('timeout')]);
    expect(fake.containers).toHaveLength(1);
    expect(fake.leftOver).toEqual([]);
    await expect(lifecycle.invoke(request('two'))).rejects.toThrow('this one is ended');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
