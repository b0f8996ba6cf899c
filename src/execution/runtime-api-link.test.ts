import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LsimError } from '../common/errors.js';
import { PassThrough } from 'node:stream';
import { strategiesFor } from '../engine/strategies.js';
import { RuntimeApiServer } from '../runtime-api/runtime-api-server.js';
import { openRuntimeApiLink, runtimeApiRoot } from './runtime-api-link.js';

const homes: string[] = [];
const newHome = (prefix = 'lsim-link-'): string => {
  const home = mkdtempSync(join(tmpdir(), prefix));
  homes.push(home);
  return home;
};
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

const ping = (socketPath: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/2018-06-01/ping' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });

const options = (home: string, server: RuntimeApiServer, local: boolean, hasLsimEntry = true) => ({
  server,
  home,
  environmentId: 'abc123',
  path: strategiesFor(local).runtimeApi(hasLsimEntry),
  hasLsimEntry,
  gateway: () => Promise.resolve('127.0.0.1'),
});

describe('openRuntimeApiLink', () => {
  it('a local engine gets a unix socket in a private folder, mounted alone; close removes the folder', async () => {
    const home = newHome();
    const server = new RuntimeApiServer();
    const link = await openRuntimeApiLink(options(home, server, true));
    const folder = join(runtimeApiRoot(home), 'abc123');
    expect(link.kind).toBe('socket');
    expect(link.peerChecked).toBe(false);
    expect(link.env).toEqual({
      LSIM_RUNTIME_API_SOCKET: '/var/lsim-runtime-api/runtime.sock',
      LSIM_TELEMETRY_RELAY: '/var/lsim-relay/relay.sock',
    });
    expect(link.mounts).toEqual([
      { type: 'bind', source: folder, target: '/var/lsim-runtime-api', readOnly: true },
      { type: 'bind', source: join(folder, 'relay'), target: '/var/lsim-relay', readOnly: false },
    ]);
    expect(link.relaySocket).toBe(join(folder, 'relay', 'relay.sock'));
    // The sandbox user creates the relay's socket there; nobody can list it.
    expect(statSync(join(folder, 'relay')).mode & 0o777).toBe(0o733);
    expect(statSync(runtimeApiRoot(home)).mode & 0o777).toBe(0o700);
    expect(statSync(folder).mode & 0o777).toBe(0o711);
    expect(statSync(join(folder, 'runtime.sock')).mode & 0o777).toBe(0o666);
    expect(await ping(join(folder, 'runtime.sock'))).toBe('pong');
    await link.close();
    await link.close();
    expect(existsSync(folder)).toBe(false);
  });

  it('a user-supplied image (no lsim-entry) on a local engine gets AWS_LAMBDA_RUNTIME_API on the gateway, peer-checked', async () => {
    const server = new RuntimeApiServer();
    const link = await openRuntimeApiLink(options(newHome(), server, true, false));
    expect(link.kind).toBe('tcp');
    expect(link.mounts).toEqual([]);
    expect(Object.keys(link.env)).toEqual(['AWS_LAMBDA_RUNTIME_API']);
    expect(link.env.AWS_LAMBDA_RUNTIME_API).toMatch(/^127\.0\.0\.1:\d+$/);
    // Peers arrive across the bridge with their own address, which the server checks.
    expect(link.peerChecked).toBe(true);
    await link.close();
  });

  it('an engine on another machine takes the tunnel: the namespace of the link container, no peer check, no listener', async () => {
    for (const hasLsimEntry of [true, false]) {
      const server = new RuntimeApiServer();
      let served = 0;
      const closed: string[] = [];
      const link = await openRuntimeApiLink({
        ...options(newHome(), server, false, hasLsimEntry),
        tunnel: (serve) => {
          serve(new PassThrough());
          served += 1;
          return Promise.resolve({
            networkMode: 'container:link1',
            ready: Promise.resolve(),
            open: () => new PassThrough(),
            close: () => {
              closed.push('tunnel');
              return Promise.resolve();
            },
          });
        },
      });
      expect(link.kind).toBe('tunnel');
      expect(link.networkMode).toBe('container:link1');
      expect(link.peerChecked).toBe(false);
      expect(link.env).toEqual(hasLsimEntry ? { LSIM_RUNTIME_API_TUNNEL: '1' } : { AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' });
      expect(served).toBe(1);
      await link.close();
      await link.close();
      expect(closed).toEqual(['tunnel']);
    }
  });

  it('refuses an LSIM_HOME too long for a unix socket path, saying so', async () => {
    const home = join(newHome(), 'x'.repeat(74));
    const promise = openRuntimeApiLink(options(home, new RuntimeApiServer(), true));
    await expect(promise).rejects.toBeInstanceOf(LsimError);
    await expect(promise).rejects.toThrow(/longer than the 107 bytes a unix socket allows: use a shorter LSIM_HOME/);
  });
});
