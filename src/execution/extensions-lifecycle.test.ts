import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeApiClient, RuntimeScript } from '../../test/helpers/engine-fake.js';
import { lifecycleFixture } from '../../test/helpers/lifecycle-fixture.js';
import { ENTRY_HEADERS, ENTRY_PATHS } from '../runtime-api/entry-routes.js';
import { EXTENSION_HEADERS, EXTENSION_PATHS } from '../runtime-api/extension-types.js';
import { defaultLogGroup } from '../logs/stream-name.js';
import { LogStore } from '../logs/log-store.js';
import { EnvironmentLifecycle } from './environment-lifecycle.js';
import { EXTENSION_LINE_MARKER } from './extension-output.js';
import { WarmPool } from './warm-pool.js';

/**
 * The phases with an external extension, on the in-memory engine: the script plays lsim-entry (it
 * announces the file, runs the extension beside the runtime, reports its exit) over the real link.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

type Extension = (api: RuntimeApiClient, id: string, print: (line: string) => void) => Promise<number>;

/** `agent` registers for INVOKE and SHUTDOWN, then runs `body`; its returned status is reported as its exit. */
function withAgent(body: Extension): RuntimeScript {
  return async ({ api, print }) => {
    await api.raw('POST', ENTRY_PATHS.launched, '', { [ENTRY_HEADERS.launched]: 'agent/' });
    void (async () => {
      const registered = await api.raw('POST', EXTENSION_PATHS.register, '{"events":["INVOKE","SHUTDOWN"]}', {
        [EXTENSION_HEADERS.name]: 'agent',
      });
      const id = String(registered.headers[EXTENSION_HEADERS.identifier.toLowerCase()]);
      const status = await body(api, id, print);
      await api.raw('POST', ENTRY_PATHS.exited, '', { [ENTRY_HEADERS.name]: 'agent', [ENTRY_HEADERS.status]: String(status) });
    })().catch(() => undefined);
    await api.raw('GET', ENTRY_PATHS.registered);
    for (;;) {
      const event = await api.next();
      await api.respond(event.requestId, '"done"');
    }
  };
}

const nextEvent = async (api: RuntimeApiClient, id: string): Promise<{ eventType: string; shutdownReason?: string; requestId?: string }> =>
  JSON.parse((await api.raw('GET', EXTENSION_PATHS.next, undefined, { [EXTENSION_HEADERS.identifier]: id })).body) as {
    eventType: string;
  };

async function setup(script: RuntimeScript) {
  const fixture = await lifecycleFixture(script);
  cleanups.push(fixture.dispose);
  return { ...fixture, lifecycle: new EnvironmentLifecycle(fixture.deps, fixture.plan) };
}

const request = { payload: Buffer.from('{}') };

describe('an environment with an external extension', () => {
  it('prints its EXTENSION line before START, sends it INVOKE and, at the end of a one-shot, SHUTDOWN before END', async () => {
    const { lifecycle } = await setup(
      withAgent(async (api, id, print) => {
        for (;;) {
          const event = await nextEvent(api, id);
          // Tagged as lsim-entry tags an extension's lines; the log shows them untagged.
          print(`${EXTENSION_LINE_MARKER}agent ${event.eventType} ${event.shutdownReason ?? event.requestId ?? ''}`);
          if (event.eventType === 'SHUTDOWN') return 0;
        }
      }),
    );
    const { result } = await lifecycle.invoke(request, { last: true });
    expect(result.payload.toString()).toBe('"done"');
    const lines = result.log.split('\n');
    expect(lines[0]).toBe('EXTENSION\tName: agent\tState: Ready\tEvents: [INVOKE,SHUTDOWN]');
    expect(lines[1]).toBe(`START RequestId: ${result.requestId} Version: $LATEST`);
    expect(lines[2]).toBe(`agent INVOKE ${result.requestId}`);
    expect(lines[3]).toBe('agent SHUTDOWN spindown');
    expect(lines[4]).toBe(`END RequestId: ${result.requestId}`);
  });

  it('fails the invoke with Extension.Crash when the extension exits during it, and resets the environment', async () => {
    const { lifecycle } = await setup(
      withAgent(async (api, id) => {
        // Its first next ends init and is answered with the INVOKE; it dies handling it.
        await nextEvent(api, id);
        return 139;
      }),
    );
    const { result, reusable } = await lifecycle.invoke(request);
    expect(JSON.parse(result.payload.toString())).toEqual({
      errorType: 'Extension.Crash',
      errorMessage: `RequestId: ${result.requestId} Error: signal: segmentation fault`,
    });
    expect(result.functionError).toBe('Unhandled');
    expect(result.log.split('\n')).toContain('Extension.Crash');
    expect(reusable).toBe(false);
  });

  it('answers the caller when the runtime responds, and ends the invoke only once the extension called next again', async () => {
    let released = 0;
    const { lifecycle } = await setup(
      withAgent(async (api, id) => {
        for (;;) {
          await nextEvent(api, id);
          await new Promise((resolve) => setTimeout(resolve, 300));
          released = Date.now();
        }
      }),
    );
    let answeredAt = 0;
    let answer = '';
    const used = lifecycle.invoke({
      ...request,
      onResponse: (early) => {
        answeredAt = Date.now();
        answer = early.payload.toString();
      },
    });
    await expect.poll(() => answer).toBe('"done"');
    // The environment is still busy with the extension's part of the invoke: no other event gets it.
    expect(released).toBe(0);
    expect(lifecycle.current).toBe('busy');
    await expect(lifecycle.invoke(request)).rejects.toThrow('one invoke at a time');
    const { result, reusable } = await used;
    expect(result.payload.toString()).toBe('"done"');
    expect(released).toBeGreaterThanOrEqual(answeredAt + 250);
    // Lambda's Duration covers the extensions' time after the runtime's answer.
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(result.log).toMatch(/END RequestId: .*\nREPORT RequestId: /);
    expect(reusable).toBe(true);
    await lifecycle.shutdown();
  });

  it('warm pool: an invoke arriving while the extension still works gets another environment, not the busy one', async () => {
    const fixture = await lifecycleFixture(
      withAgent(async (api, id) => {
        for (;;) {
          await nextEvent(api, id);
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
      }),
    );
    cleanups.push(fixture.dispose);
    const pool = new WarmPool(fixture.deps, { idleTimeoutMs: 60_000, maxConcurrency: 10 });
    try {
      await pool.invoke(fixture.plan, request);
      let answered = false;
      const first = pool.invoke(fixture.plan, { ...request, onResponse: () => (answered = true) });
      await expect.poll(() => answered).toBe(true);
      const second = await pool.invoke(fixture.plan, request);
      expect(second.initDurationMs).toBeDefined();
      expect((await first).initDurationMs).toBeUndefined();
      expect(fixture.fake.containers).toHaveLength(2);
    } finally {
      await pool.close();
    }
  });

  it('answers a one-shot invoke before the shutdown, and a failed one once, with its error', async () => {
    const { lifecycle } = await setup(
      withAgent(async (api, id) => {
        await nextEvent(api, id);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return 1;
      }),
    );
    const answers: string[] = [];
    const { result } = await lifecycle.invoke(
      { ...request, onResponse: (early) => answers.push(early.payload.toString()) },
      { last: true },
    );
    // The runtime answered "done", then the extension crashed: Lambda's caller keeps the runtime's answer.
    expect(answers).toHaveLength(1);
    expect(answers[0]).toBe('"done"');
    expect(result.payload.toString()).toBe('"done"');
    expect(result.functionError).toBeUndefined();
    expect(result.log.split('\n')).toContain('Extension.Crash');
  });

  it('an idle environment shut down later (idle timeout, a server stop) keeps the SHUTDOWN output in its log stream', async () => {
    const fixture = await lifecycleFixture(
      withAgent(async (api, id, print) => {
        for (;;) {
          const event = await nextEvent(api, id);
          print(`agent ${event.eventType} ${event.shutdownReason ?? event.requestId ?? ''}`);
          if (event.eventType === 'SHUTDOWN') return 0;
        }
      }),
    );
    cleanups.push(fixture.dispose);
    const logs = new LogStore(fixture.home);
    const lifecycle = new EnvironmentLifecycle({ ...fixture.deps, logs }, fixture.plan);
    const { result } = await lifecycle.invoke(request);
    expect(result.log).not.toContain('agent SHUTDOWN');
    await lifecycle.shutdown('spindown');
    const ref = { accountId: fixture.plan.accountId, region: fixture.plan.region, logGroup: defaultLogGroup(fixture.plan.functionName) };
    const messages = logs.read(ref).map((event) => event.message);
    expect(messages.indexOf('agent SHUTDOWN spindown')).toBeGreaterThan(messages.indexOf(`END RequestId: ${result.requestId}`));
  });
});
