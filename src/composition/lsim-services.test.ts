import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type LsimConfig } from '../common/config.js';
import type { ContainerEngine } from '../engine/container-engine.js';
import { engineFake } from '../../test/helpers/engine-fake.js';
import { LsimServices } from './lsim-services.js';
import { serverParts } from './serve-services.js';

// Every engine method of these fakes throws: building the services must not call the engine.
let home: string;
let config: LsimConfig;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'lsim-services-'));
  config = resolveConfig({ home }, { DOCKER_HOST: 'unix:///run/first.sock' });
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function recordingServices(): { services: LsimServices; asked: (string | undefined)[]; engines: ContainerEngine[] } {
  const asked: (string | undefined)[] = [];
  const engines: ContainerEngine[] = [];
  const services = new LsimServices(config, {
    engineFor: (dockerHost) => {
      asked.push(dockerHost);
      const engine = engineFake({}, `the composition root (${dockerHost ?? 'default'})`);
      engines.push(engine);
      return engine;
    },
  });
  return { services, asked, engines };
}

describe('LsimServices', () => {
  it('builds no backend until one is asked for, then the one of DOCKER_HOST, once', () => {
    const { services, asked, engines } = recordingServices();
    expect(asked).toEqual([]);
    const executor = services.executor;
    expect(services.executor).toBe(executor);
    expect(asked).toEqual(['unix:///run/first.sock']);
    expect(executor.engine).toBe(engines[0]);
  });

  it('gives each engine address its own backend and engine, and every backend the same cache and log store', () => {
    const { services, asked } = recordingServices();
    const first = services.backendFor('unix:///run/first.sock');
    const second = services.backendFor('tcp://10.0.0.2:2375');
    expect(services.backendFor('tcp://10.0.0.2:2375')).toBe(second);
    expect(second).not.toBe(first);
    expect(second.engine).not.toBe(first.engine);
    expect(asked).toEqual(['unix:///run/first.sock', 'tcp://10.0.0.2:2375']);
    expect(second.cache).toBe(first.cache);
    expect(second.logs).toBe(first.logs);
    expect(first.cache).toBe(services.cache);
    expect(first.logs).toBe(services.logs);
  });

  it("hands a backend's lifecycle its own engine and the shared stores", () => {
    const { services } = recordingServices();
    const backend = services.backendFor('tcp://10.0.0.2:2375');
    const deps = backend.lifecycleDeps();
    expect(deps.engine).toBe(backend.engine);
    expect(deps.cache).toBe(services.cache);
    expect(deps.logs).toBe(services.logs);
    expect(deps.home).toBe(home);
    expect(deps.sandboxes).toBeUndefined();
  });

  it('gives lsim serve the backend the CLI and the library get, without a pool', () => {
    const { services } = recordingServices();
    const parts = serverParts(services);
    expect(parts.backends.map(({ name }) => name)).toEqual(['unix:///run/first.sock']);
    expect(parts.backends[0]?.backend).toBe(services.executor);
    expect(parts.logs).toBe(services.logs);
    parts.registries.close();
  });

  it("gives lsim serve one backend per engine of the pool, in the pool's order", () => {
    const pooled = new LsimServices(
      { ...config, engines: ['tcp://10.0.0.2:2375', 'unix:///run/first.sock'] },
      { engineFor: (dockerHost) => engineFake({}, `the composition root (${dockerHost ?? 'default'})`) },
    );
    const parts = serverParts(pooled);
    expect(parts.backends.map(({ name }) => name)).toEqual(['tcp://10.0.0.2:2375', 'unix:///run/first.sock']);
    expect(parts.backends[1]?.backend).toBe(pooled.executor);
    expect(parts.backends[0]?.backend.cache).toBe(pooled.cache);
    parts.registries.close();
  });
});
