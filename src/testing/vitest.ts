import { afterAll, beforeAll } from 'vitest';
import { LsimError } from '../common/errors.js';
import { createTestkit, type Testkit, type TestkitOptions } from './testkit.js';

/** A first invoke may build the runtime image (about two minutes on a fresh machine: docs/image-builds.md). */
const HOOK_TIMEOUT_MS = 60_000;

/**
 * `const lsim = useLsim()` at the top of a vitest file: a Testkit made in beforeAll and disposed in
 * afterAll, which vitest runs whether the file's tests passed or failed. The returned object stands
 * for that kit; using it outside a test or hook (before beforeAll) is refused.
 */
export function useLsim(options: TestkitOptions = {}): Testkit {
  let kit: Testkit | undefined;
  beforeAll(async () => {
    kit = await createTestkit(options);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await kit?.dispose();
  }, HOOK_TIMEOUT_MS);
  return new Proxy({} as Testkit, {
    get(_target, property) {
      if (kit === undefined) {
        throw new LsimError('ParamValidation', 'useLsim(): the kit exists only inside tests and hooks, once beforeAll has run.');
      }
      const value: unknown = Reflect.get(kit, property, kit);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(kit) : value;
    },
  });
}

export { createTestkit, Testkit, type TestkitOptions } from './testkit.js';
export type { FunctionSpec, InvokeOptions, LayerSpec } from './testkit.js';
export type { Invocation } from './invocation.js';
