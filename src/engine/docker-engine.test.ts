import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LsimError } from '../common/errors.js';
import { DockerEngine, splitImageTag } from './docker-engine.js';

// A fake engine on a unix socket: enough of the Engine API to check error mapping without Docker.
let dir: string;
let socketPath: string;
let server: Server;
const seen: string[] = [];
let infoOs = 'Debian GNU/Linux 12 (bookworm)';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lsim-engine-'));
  socketPath = join(dir, 'docker.sock');
  server = createServer((req, res) => {
    const url = req.url ?? '';
    seen.push(`${req.method} ${url}`);
    req.resume();
    if (url === '/_ping') return void res.end('OK');
    if (url === '/info') return void res.end(JSON.stringify({ OSType: 'linux', OperatingSystem: infoOs }));
    if (url.startsWith('/images/missing') && url.endsWith('/json')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end('{"message":"No such image: missing:1"}');
    }
    if (url.startsWith('/images/present')) return void res.end('{"Id":"sha256:1"}');
    if (url.startsWith('/build')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"stream":"Step 1/1 : RUN false\\n"}\r\n');
      return void res.end('{"errorDetail":{"message":"returned a non-zero code: 1"},"error":"returned a non-zero code: 1"}\r\n');
    }
    if (url.startsWith('/containers/create')) {
      res.writeHead(409, { 'content-type': 'application/json' });
      return void res.end('{"message":"Conflict. The container name \\"/x\\" is already in use"}');
    }
    // Two networks of one name, as two lsim processes racing to create it leave them (the engine accepts both).
    const raced = (id: string, created: string): object => ({
      Name: 'raced',
      Id: id,
      Created: created,
      Options: {},
      IPAM: { Config: [{ Gateway: '172.30.0.1' }] },
    });
    if (req.method === 'GET' && url.startsWith('/networks?')) {
      return void res.end(JSON.stringify([raced('bbb', '2026-12-02T03:15:13.040Z'), raced('aaa', '2026-12-02T03:15:13.032Z')]));
    }
    if (req.method === 'DELETE' && url === '/networks/bbb') return void res.writeHead(204).end();
    if (url.startsWith('/containers/gone')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end('{"message":"No such container: gone"}');
    }
    res.writeHead(500);
    res.end('{"message":"unexpected"}');
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const engine = (): DockerEngine => new DockerEngine({ dockerHost: `unix://${socketPath}` });

describe('DockerEngine against a fake engine', () => {
  it('pings the configured socket even when DOCKER_HOST in the environment says otherwise', async () => {
    vi.stubEnv('DOCKER_HOST', 'tcp://127.0.0.1:9');
    try {
      await expect(engine().ping()).resolves.toBeUndefined();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reports a missing socket as EngineUnavailable with the advice', async () => {
    const missing = new DockerEngine({ dockerHost: `unix://${join(dir, 'nope.sock')}` });
    const error = (await missing.ping().catch((e: unknown) => e)) as LsimError;
    expect(error.code).toBe('EngineUnavailable');
    expect(error.message).toContain(`Cannot connect to the Docker engine at unix://${join(dir, 'nope.sock')}.`);
    expect(error.message).toContain('DOCKER_HOST / --docker-host');
  });

  it('answers imageExists from 404 vs 200', async () => {
    await expect(engine().imageExists('missing:1')).resolves.toBe(false);
    await expect(engine().imageExists('present:1')).resolves.toBe(true);
  });

  it('surfaces build errors from the progress stream as ImageBuildFailed with the last lines', async () => {
    const lines: string[] = [];
    const error = (await engine()
      .buildImage(Readable.from([Buffer.alloc(1024)]), 'lsim-x:1', (p) => lines.push(p.line))
      .catch((e: unknown) => e)) as LsimError;
    expect(error.code).toBe('ImageBuildFailed');
    expect(error.message).toBe('Building image lsim-x:1 failed: returned a non-zero code: 1\nStep 1/1 : RUN false');
    expect(lines).toEqual(['Step 1/1 : RUN false']);
    expect(seen.some((s) => s.startsWith('POST /build?') && s.includes('t=lsim-x%3A1'))).toBe(true);
  });

  it("maps engine refusals to EngineUnavailable with the engine's message", async () => {
    const error = (await engine()
      .createContainer({ image: 'i', env: {}, labels: {}, mounts: [] })
      .catch((e: unknown) => e)) as LsimError;
    expect(error.code).toBe('EngineUnavailable');
    expect(error.message).toContain('create a container from i failed (HTTP 409): Conflict.');
  });

  it('keeps the oldest of two networks of the same name and removes the newer one', async () => {
    const network = await engine().ensureNetwork('raced', {});
    expect(network).toEqual({ gateway: '172.30.0.1', bridge: 'br-aaa' });
    expect(seen).toContain('DELETE /networks/bbb');
    expect(seen).not.toContain('DELETE /networks/aaa');
    expect(seen.some((s) => s.startsWith('POST /networks/create'))).toBe(false);
  });

  it('treats removing a container that is already gone as success', async () => {
    await expect(engine().removeContainer('gone')).resolves.toBeUndefined();
  });

  it('considers a local unix socket engine to share the filesystem, a tcp one or Docker Desktop not', async () => {
    expect(await engine().sharesHostFilesystem()).toBe(process.platform === 'linux');
    infoOs = 'Docker Desktop';
    expect(await engine().sharesHostFilesystem()).toBe(false);
    expect(await new DockerEngine({ dockerHost: 'tcp://10.1.2.3:2375' }).sharesHostFilesystem()).toBe(false);
  });
});

describe('splitImageTag', () => {
  it('splits at the last colon after the last slash', () => {
    expect(splitImageTag('lsim/base:0123abcd')).toEqual({ repo: 'lsim/base', tag: '0123abcd' });
    expect(splitImageTag('registry:5000/lsim/base')).toEqual({ repo: 'registry:5000/lsim/base', tag: 'latest' });
    expect(splitImageTag('registry:5000/lsim/base:v1')).toEqual({ repo: 'registry:5000/lsim/base', tag: 'v1' });
  });
});
