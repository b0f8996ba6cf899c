import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionPlan } from '../../src/execution/execution-plan.js';
import { ExtractionCache } from '../../src/execution/extraction-cache.js';
import type { LifecycleDeps } from '../../src/execution/lifecycle-types.js';
import { ContainerEngineFake, type RuntimeProcess, type RuntimeScript } from './engine-fake.js';

/** An LSIM_HOME, a code folder and a plan for lifecycle unit tests; `dispose` removes the folders. */
export async function lifecycleFixture(script: RuntimeScript, plan: Partial<ExecutionPlan> = {}) {
  // Short: the Runtime API socket path must fit a unix socket's 107 bytes.
  const home = await mkdtemp(join(tmpdir(), 'lsim-lc-'));
  const codeDir = join(home, 'code');
  const fake = new ContainerEngineFake(script);
  const deps: LifecycleDeps = {
    engine: fake.engine,
    home,
    cache: new ExtractionCache(home),
    imageFor: () => Promise.resolve('fake:image'),
  };
  const fullPlan: ExecutionPlan = {
    runtime: 'python3.11',
    architecture: 'x86_64',
    handler: 'app.handler',
    functionName: 'fn',
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
    version: '$LATEST',
    memoryMb: 128,
    timeoutSeconds: 3,
    ephemeralStorageMb: 512,
    region: 'us-east-1',
    accountId: '123456789012',
    userEnv: {},
    codeDir,
    layerDirs: [],
    ...plan,
  };
  return { fake, deps, plan: fullPlan, home, dispose: () => rm(home, { recursive: true, force: true }) };
}

/**
 * A runtime that answers each event by what it asks for: `"hang"` never answers, `"crash"` exits
 * with status 2, `"arn"` answers the invoked function ARN, `"error"` reports a function error, `"wait:<name>"` answers once `release(name)`
 * is called; anything else is echoed. It prints a line per event, and `events` records them.
 */
export function scriptedRuntime(): { script: RuntimeScript; events: string[]; release: (name: string) => void; waiting: Set<string> } {
  const events: string[] = [];
  const gates = new Map<string, () => void>();
  const waiting = new Set<string>();
  const script = async ({ api, print }: RuntimeProcess): Promise<number> => {
    print('init output');
    for (;;) {
      const event = await api.next();
      events.push(event.payload);
      print(`handling ${event.payload}`);
      const ask = JSON.parse(event.payload) as string;
      if (ask === 'hang') await new Promise(() => undefined);
      if (ask === 'crash') return 2;
      if (ask === 'arn') {
        await api.respond(event.requestId, JSON.stringify(event.invokedFunctionArn));
        continue;
      }
      if (ask === 'error') {
        await api.fail(event.requestId, 'Handled', 'it failed');
        continue;
      }
      if (ask.startsWith('wait:')) {
        waiting.add(ask);
        await new Promise<void>((resolve) => gates.set(ask.slice(5), resolve));
      }
      await api.respond(event.requestId, event.payload);
    }
  };
  return { script, events, release: (name) => gates.get(name)?.(), waiting };
}
