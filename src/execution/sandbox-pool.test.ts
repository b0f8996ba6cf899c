import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { lifecycleFixture, scriptedRuntime } from '../../test/helpers/lifecycle-fixture.js';
import type { ExecutionPlan } from './execution-plan.js';
import type { HostMounter, SandboxDirs } from './host-mounts.js';
import { exportLines } from './sandbox-claim.js';
import { SandboxPool } from './sandbox-pool.js';
import { WarmPool } from './warm-pool.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Records what would be mounted where, instead of mounting (that needs root and a real container). */
function mounterFake() {
  const mounted = new Map<string, { codeDir: string; layerDirs: readonly string[] }>();
  const unmounted: string[] = [];
  const released: string[] = [];
  const mounter: HostMounter = {
    prepare: () => Promise.resolve(),
    mount: (dirs: SandboxDirs, codeDir, layerDirs) => {
      mounted.set(dirs.task, { codeDir, layerDirs });
      return Promise.resolve();
    },
    unmount: (dirs) => {
      unmounted.push(dirs.task);
      return Promise.resolve();
    },
    release: (home) => {
      released.push(home);
      return Promise.resolve();
    },
  };
  return { mounter, mounted, unmounted, released };
}

async function setup(size = 1, plan: Partial<ExecutionPlan> = {}) {
  const runtime = scriptedRuntime();
  const fixture = await lifecycleFixture(async (process) => {
    process.print(`env ${process.env._HANDLER ?? ''} ${process.env.QUOTED ?? ''}`);
    return runtime.script(process);
  }, plan);
  const mounts = mounterFake();
  const sandboxes = new SandboxPool({ engine: fixture.deps.engine, home: fixture.home }, { size, mounter: mounts.mounter });
  const pool = new WarmPool({ ...fixture.deps, sandboxes }, { idleTimeoutMs: 60_000, maxConcurrency: 10 });
  cleanups.push(async () => {
    await pool.close();
    await sandboxes.close();
    await fixture.dispose();
  });
  return { ...fixture, ...mounts, sandboxes, pool };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

const request = { payload: Buffer.from('"hi"') };
const isSandbox = (spec: { labels: Readonly<Record<string, string>> }): boolean => spec.labels['dev.lsim.kind'] === 'sandbox';

describe('SandboxPool', () => {
  it('misses on an image it has not seen, then keeps its size of started sandboxes waiting', async () => {
    const { sandboxes, fake } = await setup(2);
    expect(sandboxes.take('fake:image', undefined)).toBeUndefined();
    await waitFor(() => sandboxes.ready === 2);
    expect(fake.containers.filter((container) => isSandbox(container.spec) && container.started)).toHaveLength(2);
    expect(sandboxes.take('other:image', undefined)).toBeUndefined();
    await waitFor(() => sandboxes.ready === 4);
  });

  it('runs a cold start in a waiting sandbox: its code and layers mounted, its memory, its environment', async () => {
    const { sandboxes, pool, plan, fake, mounted, unmounted } = await setup(1, {
      layerDirs: ['/layers/a', '/layers/b'],
      memoryMb: 256,
      userEnv: { QUOTED: "it's\n$HOME" },
    });
    sandboxes.warm('fake:image', 'linux/amd64');
    await waitFor(() => sandboxes.ready === 1);
    const [sandbox] = fake.containers;
    const result = await pool.invoke(plan, request);
    expect(result.payload.toString()).toBe('"hi"');
    expect(result.initDurationMs).toBeGreaterThan(0);
    expect(result.log).toContain(`env app.handler it's\n$HOME`);
    // The function ran in the sandbox started before it, not in a container of its own.
    expect(fake.containers.filter((container) => !isSandbox(container.spec))).toHaveLength(0);
    expect(sandbox?.memoryUpdates).toEqual([256 * 1024 * 1024]);
    expect(sandbox?.claimedEnv?.AWS_LAMBDA_FUNCTION_MEMORY_SIZE).toBe('256');
    expect([...mounted.values()]).toEqual([{ codeDir: plan.codeDir, layerDirs: ['/layers/a', '/layers/b'] }]);
    // A replacement is started for the next cold start.
    await waitFor(() => sandboxes.ready === 1);
    await pool.close();
    expect(sandbox?.removed).toBe(true);
    expect(unmounted).toEqual([...mounted.keys()]);
  });

  it('never hands a sandbox to a second function: each cold start takes its own', async () => {
    const { sandboxes, pool, plan, fake } = await setup(1);
    sandboxes.warm('fake:image', 'linux/amd64');
    await waitFor(() => sandboxes.ready === 1);
    await pool.invoke(plan, request);
    await waitFor(() => sandboxes.ready === 1);
    await pool.invoke({ ...plan, functionName: 'other', functionArn: `${plan.functionArn.slice(0, -2)}other` }, request);
    const used = fake.containers.filter((container) => container.claimedEnv !== undefined);
    expect(used.map((container) => container.claimedEnv?.AWS_LAMBDA_FUNCTION_NAME)).toEqual(['fn', 'other']);
  });

  it('stops offering a sandbox that died while it waited, and removes the waiting ones at close', async () => {
    const { sandboxes, fake } = await setup(1);
    sandboxes.warm('fake:image', undefined);
    await waitFor(() => sandboxes.ready === 1);
    const [first] = fake.containers;
    await fake.handles.get(first?.id ?? '')?.kill();
    await waitFor(() => sandboxes.size === 0);
    expect(sandboxes.take('fake:image', undefined)).toBeUndefined();
    await waitFor(() => sandboxes.ready === 1);
    await sandboxes.close();
    expect(fake.leftOver).toEqual([]);
    expect(sandboxes.size).toBe(0);
  });

  it("undoes the home's shared mount at close once it made sandboxes, and not when it made none", async () => {
    const used = await setup(1);
    used.sandboxes.warm('fake:image', undefined);
    await waitFor(() => used.sandboxes.ready === 1);
    await used.sandboxes.close();
    expect(used.released).toEqual([used.home]);
    const idle = await setup(1);
    await idle.sandboxes.close();
    expect(idle.released).toEqual([]);
  });
});

describe('exportLines', () => {
  it('gives a POSIX shell every value back unchanged', () => {
    const value = 'a\'b\n"c" $HOME `id` \\ end';
    const seen = execFileSync('sh', ['-c', 'eval "$1"; printf %s "$V"', 'sh', exportLines({ V: value })]).toString();
    expect(seen).toBe(value);
  });

  it('refuses a name a shell cannot export', () => {
    expect(() => exportLines({ 'A-B': 'x' })).toThrow(/cannot reach a sandbox/);
  });
});
