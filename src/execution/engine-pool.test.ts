import { afterEach, describe, expect, it } from 'vitest';
import { LsimError } from '../common/errors.js';
import { engineFake } from '../../test/helpers/engine-fake.js';
import { EnginePool, type EngineWarmPool, type PoolEngine } from './engine-pool.js';
import type { ExecutionPlan, InvocationRequest, InvocationResult } from './execution-plan.js';
import type { PoolInvokeOptions } from './warm-pool.js';

// The pool's own logic on scripted warm pools: each engine's pool records the invokes it got and
// answers as its engine's script says; each engine answers pings while `up` says so.

const plan = (functionName: string): ExecutionPlan =>
  ({
    functionName,
    region: 'us-east-1',
    accountId: '123456789012',
    version: '$LATEST',
    functionArn: `arn:${functionName}`,
  }) as unknown as ExecutionPlan;

const result = (engine: string, functionError?: 'Unhandled'): InvocationResult => ({
  requestId: `r-${engine}`,
  payload: Buffer.from(JSON.stringify({ engine })),
  executedVersion: '$LATEST',
  log: '',
  durationMs: 1,
  maxMemoryUsedMb: 1,
  ...(functionError === undefined ? {} : { functionError }),
});

type Script = (plan: ExecutionPlan, request: InvocationRequest, options: PoolInvokeOptions) => Promise<InvocationResult>;

class ScriptedPool implements EngineWarmPool {
  readonly invoked: string[] = [];
  /** Functions with an idle environment here. */
  readonly idle = new Set<string>();
  busy = 0;
  closed = false;

  constructor(private readonly script: () => Script) {}

  get size(): number {
    return this.idle.size + this.busy;
  }

  get idleCount(): number {
    return this.idle.size;
  }

  hasIdleFor(p: ExecutionPlan): boolean {
    return this.idle.has(p.functionName);
  }

  async invoke(p: ExecutionPlan, request: InvocationRequest, options: PoolInvokeOptions = {}): Promise<InvocationResult> {
    this.invoked.push(p.functionName);
    this.idle.delete(p.functionName);
    this.busy += 1;
    try {
      const answer = await this.script()(p, request, options);
      this.idle.add(p.functionName);
      return answer;
    } finally {
      this.busy -= 1;
    }
  }

  async retireFunction(): Promise<number> {
    return 0;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

interface FakeEngine {
  readonly spec: PoolEngine;
  /** Every pool opened on it, the current one last. */
  readonly pools: ScriptedPool[];
  up: boolean;
  script: Script;
  reclaimed: number;
}

function fakeEngine(label: string): FakeEngine {
  const name = `unix:///${label}.sock`;
  const fake: FakeEngine = {
    pools: [],
    up: true,
    reclaimed: 0,
    script: async () => result(label),
    spec: undefined as unknown as PoolEngine,
  };
  const engine = engineFake(
    {
      ping: async () => {
        if (!fake.up) throw new LsimError('EngineUnavailable', `Cannot connect to the Docker engine at ${name}.`);
      },
    },
    'the engine pool',
  );
  Object.assign(fake, {
    spec: {
      name,
      engine,
      open: () => {
        const pool = new ScriptedPool(() => fake.script);
        fake.pools.push(pool);
        return { pool };
      },
      reclaim: async () => {
        fake.reclaimed += 1;
      },
    },
  });
  return fake;
}

const current = (engine: FakeEngine): ScriptedPool => engine.pools[engine.pools.length - 1] as ScriptedPool;
const request = (onResponse?: InvocationRequest['onResponse']): InvocationRequest => ({ payload: Buffer.from('{}'), onResponse });
const engineOf = (answer: InvocationResult): unknown => (JSON.parse(answer.payload.toString('utf8')) as { engine: unknown }).engine;

/** A script whose invokes wait until `release` is called. */
function held(name: string): { script: Script; release: () => void } {
  const waiting: (() => void)[] = [];
  return {
    script: () => new Promise<InvocationResult>((resolve) => waiting.push(() => resolve(result(name)))),
    release: () => {
      for (const go of waiting.splice(0)) go();
    },
  };
}

const pools: EnginePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function poolOf(
  engines: FakeEngine[],
  options: { maxConcurrency?: number; probeIntervalMs?: number } = {},
): { pool: EnginePool; log: string[] } {
  const log: string[] = [];
  const pool = new EnginePool(
    engines.map((engine) => engine.spec),
    { maxConcurrency: options.maxConcurrency ?? 10, probeIntervalMs: options.probeIntervalMs ?? 60_000, onLog: (line) => log.push(line) },
  );
  pools.push(pool);
  return { pool, log };
}

describe('EnginePool placement', () => {
  it('sends new environments to the least loaded engine, the first of equals', async () => {
    const a = fakeEngine('a');
    const b = fakeEngine('b');
    const holdA = held('a');
    const holdB = held('b');
    a.script = holdA.script;
    b.script = holdB.script;
    const { pool } = poolOf([a, b]);
    const first = pool.invoke(plan('f1'), request());
    const second = pool.invoke(plan('f2'), request());
    const third = pool.invoke(plan('f3'), request());
    await new Promise((resolve) => setImmediate(resolve));
    expect(current(a).invoked).toEqual(['f1', 'f3']);
    expect(current(b).invoked).toEqual(['f2']);
    holdA.release();
    holdB.release();
    expect((await Promise.all([first, second, third])).map(engineOf)).toEqual(['a', 'b', 'a']);
    expect(pool.status()).toEqual([
      { name: 'unix:///a.sock', up: true, environments: 2 },
      { name: 'unix:///b.sock', up: true, environments: 1 },
    ]);
  });

  it("reuses a function's idle environment where it is, though another engine has fewer", async () => {
    const a = fakeEngine('a');
    const b = fakeEngine('b');
    const { pool } = poolOf([a, b]);
    await pool.invoke(plan('f1'), request());
    await pool.invoke(plan('f2'), request());
    // a: f1 idle; b: f2 idle. f2 again stays on b, f1 on a; a new function goes to the first of equals.
    expect(engineOf(await pool.invoke(plan('f2'), request()))).toBe('b');
    expect(engineOf(await pool.invoke(plan('f1'), request()))).toBe('a');
    expect(engineOf(await pool.invoke(plan('f3'), request()))).toBe('a');
    expect(engineOf(await pool.invoke(plan('f4'), request()))).toBe('b');
  });

  it("holds a function to its concurrency across the pool's engines", async () => {
    const a = fakeEngine('a');
    const b = fakeEngine('b');
    const holdA = held('a');
    a.script = holdA.script;
    const { pool } = poolOf([a, b], { maxConcurrency: 1 });
    const first = pool.invoke(plan('f1'), request());
    await expect(pool.invoke(plan('f1'), request())).rejects.toMatchObject({ code: 'TooManyRequestsException' });
    const queued = pool.invoke(plan('f1'), request(), { waitForSlot: true });
    a.script = async () => result('a');
    holdA.release();
    expect(engineOf(await first)).toBe('a');
    // The queued one ran once the first was done, warm where f1 had its environment.
    expect(engineOf(await queued)).toBe('a');
    expect(current(b).invoked).toEqual([]);
  });

  it('frees the concurrency slot as soon as the environment is reusable, before the invoke resolves', async () => {
    const a = fakeEngine('a');
    const holdA = held('a');
    // The answer is out and the environment free; the log is still closing.
    a.script = async (p, req, options) => {
      options.onReusable?.();
      return holdA.script(p, req, options);
    };
    const { pool } = poolOf([a], { maxConcurrency: 1 });
    const first = pool.invoke(plan('f1'), request());
    await new Promise((resolve) => setTimeout(resolve, 10));
    a.script = async () => result('a');
    expect(engineOf(await pool.invoke(plan('f1'), request()))).toBe('a');
    holdA.release();
    expect(engineOf(await first)).toBe('a');
  });
});

describe('EnginePool losing an engine', () => {
  it('retries an invoke its engine failed, cold on another engine, and marks the engine down', async () => {
    const a = fakeEngine('a');
    const b = fakeEngine('b');
    const { pool, log } = poolOf([a, b]);
    // a: f1 and f3 idle, b: f2.
    for (const name of ['f1', 'f2', 'f3']) await pool.invoke(plan(name), request());
    a.up = false;
    a.script = async () => {
      throw new LsimError('EngineUnavailable', 'Cannot connect to the Docker engine at unix:///a.sock.');
    };
    expect(engineOf(await pool.invoke(plan('f1'), request()))).toBe('b');
    expect(current(b).invoked).toEqual(['f2', 'f1']);
    // The engine's environments were dropped with its pool; a new pool waits for the engine to come back.
    expect(a.pools).toHaveLength(2);
    expect(a.pools[0]?.closed).toBe(true);
    expect(pool.status().map(({ up }) => up)).toEqual([false, true]);
    expect(log.join('\n')).toMatch(
      /engine unix:\/\/\/a\.sock is down \(Cannot connect .*\); its 1 environment\(s\) dropped, new environments go to unix:\/\/\/b\.sock/,
    );
    // Nothing goes to a down engine.
    expect(engineOf(await pool.invoke(plan('f9'), request()))).toBe('b');
    expect(current(a).invoked).toEqual([]);
  });

  it('retries a function error when the engine is gone after it (the runtime died with it), not when the engine answers', async () => {
    const a = fakeEngine('a');
    const b = fakeEngine('b');
    const { pool } = poolOf([a, b]);
    a.script = async () => result('a', 'Unhandled');
    const kept = await pool.invoke(plan('f1'), request());
    expect([engineOf(kept), kept.functionError]).toEqual(['a', 'Unhandled']);
    expect(current(b).invoked).toEqual([]);
    a.up = false;
    const retried = await pool.invoke(plan('f1'), request());
    expect([engineOf(retried), retried.functionError]).toEqual(['b', undefined]);
  });

  it('never runs an invoke twice once its answer went out', async () => {
    const a = fakeEngine('a');
    const b = fakeEngine('b');
    const { pool } = poolOf([a, b]);
    a.script = async (_plan, req) => {
      req.onResponse?.({ requestId: 'r', payload: Buffer.from('{}'), executedVersion: '$LATEST' });
      a.up = false;
      throw new LsimError('EngineUnavailable', 'gone after the answer');
    };
    const answers: string[] = [];
    await expect(
      pool.invoke(
        plan('f1'),
        request((answer) => answers.push(answer.requestId)),
      ),
    ).rejects.toThrow('gone after the answer');
    expect(answers).toEqual(['r']);
    expect(current(b).invoked).toEqual([]);
  });

  it('retries once, and with no engine up tries the first, whose failure the caller gets', async () => {
    const a = fakeEngine('a');
    const b = fakeEngine('b');
    const { pool } = poolOf([a, b]);
    for (const engine of [a, b]) {
      engine.up = false;
      engine.script = async () => {
        throw new LsimError('EngineUnavailable', `no engine at ${engine.spec.name}`);
      };
    }
    // a fails and is down; the one retry, on b, fails too: b's words.
    await expect(pool.invoke(plan('f1'), request())).rejects.toThrow('no engine at unix:///b.sock');
    expect(a.pools[0]?.invoked).toEqual(['f1']);
    expect(current(b).invoked).toEqual(['f1']);
    // b is found down by the next invoke it fails, which has nowhere left to go.
    await expect(pool.invoke(plan('f1'), request())).rejects.toThrow('no engine at unix:///b.sock');
    expect(pool.status().map(({ up }) => up)).toEqual([false, false]);
    // None up: the first engine is tried anyway, and its own words reach the caller.
    await expect(pool.invoke(plan('f1'), request())).rejects.toThrow('no engine at unix:///a.sock');
  });

  it('probes in the background: marks a silent engine down and brings it back, its leftovers reclaimed, when it answers', async () => {
    const a = fakeEngine('a');
    const b = fakeEngine('b');
    const { pool, log } = poolOf([a, b], { probeIntervalMs: 10 });
    b.up = false;
    await waitFor(() => pool.status()[1]?.up === false);
    expect(b.reclaimed).toBe(0);
    b.up = true;
    await waitFor(() => pool.status()[1]?.up === true);
    expect(b.reclaimed).toBe(1);
    expect(log.at(-1)).toBe('lsim serve: engine unix:///b.sock answers again; new environments may go to it');
    await pool.invoke(plan('f1'), request());
    expect(engineOf(await pool.invoke(plan('f2'), request()))).toBe('b');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
