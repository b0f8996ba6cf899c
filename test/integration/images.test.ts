import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerSpec } from '../../src/engine/container-engine.js';
import type { ImageBuildEvent } from '../../src/images/image-build-event.js';
import { ImageBuilder } from '../../src/images/image-builder.js';
import { defaultImagesDir } from '../../src/images/images-dir.js';
import { testEngine } from '../helpers/test-engine.js';

/**
 * The real build on the real engine: the first run builds the rootfs with mmdebstrap (a minute or
 * two), later runs find every image by tag. Images are kept on purpose (they are the cache CI reuses);
 * containers are removed.
 */
const engine = testEngine();
let scratch: string;
let providedTag: string;
const events: ImageBuildEvent[] = [];

async function run(spec: Partial<ContainerSpec> & { image: string }): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const container = await engine.createContainer({
    env: {},
    labels: { 'dev.lsim.managed': 'true', 'dev.lsim.kind': 'test' },
    mounts: [],
    ...spec,
  });
  try {
    const { stdout, stderr } = await container.attachOutput();
    const collect = (stream: NodeJS.ReadableStream): Promise<string> => {
      let text = '';
      return new Promise((resolve, reject) => {
        stream.pipe(new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString('utf8')), done()) }));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      });
    };
    const out = collect(stdout);
    const err = collect(stderr);
    await container.start();
    const { exitCode } = await container.wait();
    return { exitCode, stdout: await out, stderr: await err };
  } finally {
    await container.remove();
  }
}

/** Runs like the orchestrator does: Lambda's user, read-only root, tmpfs /tmp, no capabilities. */
const asLambda = { user: '993:990', readOnlyRootfs: true, capDropAll: true };

describe('runtime images on the real engine', () => {
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'lsim-images-it-'));
    const builder = new ImageBuilder(engine, {
      imagesDir: defaultImagesDir(),
      workDir: join(scratch, 'build'),
      onProgress: (event) => events.push(event),
    });
    providedTag = await builder.ensureImage('provided.al2023');
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('builds the provided image under its content tag', async () => {
    expect(providedTag).toMatch(/^lsim\/provided:x86_64-[0-9a-f]{16}$/);
    expect(await engine.imageExists(providedTag)).toBe(true);
    for (const event of events.filter((e) => e.type === 'built' || e.type === 'cached')) {
      console.info(`${event.type} ${event.stage} ${event.tag}${event.type === 'built' ? ` in ${event.durationMs} ms` : ''}`);
    }
  });

  it('is a cache hit the second time: no build, one quick lookup', async () => {
    const again: ImageBuildEvent[] = [];
    const builder = new ImageBuilder(engine, {
      imagesDir: defaultImagesDir(),
      workDir: join(scratch, 'build'),
      onProgress: (e) => again.push(e),
    });
    const started = Date.now();
    const [result] = await builder.buildAll(['provided.al2023']);
    const elapsed = Date.now() - started;
    console.info(`cache hit in ${elapsed} ms`);
    expect(result).toMatchObject({ tag: providedTag, built: false });
    expect(again).toEqual([{ type: 'cached', stage: 'provided', tag: providedTag }]);
    expect(elapsed).toBeLessThan(2000);
  });

  it('has the Lambda user, layout and an executable lsim-entry', async () => {
    const script = [
      'id',
      'grep ^sbx_user1051: /etc/passwd /etc/group',
      'stat -c "%n %a %U" /var/task /opt /var/runtime /var/lang /tmp /var/runtime/lsim-entry /var/runtime/bootstrap',
      'test -x /var/runtime/lsim-entry && echo entry-exec',
      'command -v curl; command -v socat',
      'pwd',
    ].join('; ');
    const result = await run({ image: providedTag, entrypoint: ['/bin/sh', '-c', script], ...asLambda });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('uid=993(sbx_user1051) gid=990(sbx_user1051)');
    expect(result.stdout).toContain('/etc/passwd:sbx_user1051:x:993:990:');
    expect(result.stdout).toContain('/etc/group:sbx_user1051:x:990:');
    for (const line of [
      '/var/task 755 root',
      '/opt 755 root',
      '/var/runtime 755 root',
      '/var/lang 755 root',
      '/tmp 1777 root',
      '/var/runtime/lsim-entry 755 root',
      '/var/runtime/bootstrap 755 root',
    ]) {
      expect(result.stdout).toContain(line);
    }
    expect(result.stdout).toContain('entry-exec');
    expect(result.stdout).toContain('/usr/bin/curl');
    expect(result.stdout).toContain('/usr/bin/socat');
    expect(result.stdout).toContain('/var/task');
  });

  describe('provided bootstrap lookup (docs/lambda-facts.md#custom-runtime-bootstrap)', () => {
    let task: string;
    let layer: string;
    let empty: string;
    beforeAll(async () => {
      task = join(scratch, 'task');
      layer = join(scratch, 'opt');
      empty = join(scratch, 'empty');
      for (const dir of [task, layer, empty]) await mkdir(dir, { recursive: true });
      await writeFile(join(task, 'bootstrap'), '#!/bin/sh\necho "task bootstrap as $(id -u) in $(pwd)"\n');
      await writeFile(join(layer, 'bootstrap'), '#!/bin/sh\necho "layer bootstrap"\n');
      await chmod(join(task, 'bootstrap'), 0o755);
      await chmod(join(layer, 'bootstrap'), 0o755);
    });

    const mounts = (taskDir: string, optDir: string): ContainerSpec['mounts'] => [
      { type: 'bind', source: taskDir, target: '/var/task', readOnly: true },
      { type: 'bind', source: optDir, target: '/opt', readOnly: true },
      { type: 'tmpfs', target: '/tmp', readOnly: false, sizeBytes: 16 * 1024 * 1024 },
    ];

    it('runs the function package bootstrap first', async () => {
      const result = await run({ image: providedTag, mounts: mounts(task, layer), ...asLambda });
      expect(result).toEqual({ exitCode: 0, stdout: 'task bootstrap as 993 in /var/task\n', stderr: '' });
    });

    it('falls back to the layer bootstrap at /opt/bootstrap', async () => {
      const result = await run({ image: providedTag, mounts: mounts(empty, layer), ...asLambda });
      expect(result).toEqual({ exitCode: 0, stdout: 'layer bootstrap\n', stderr: '' });
    });

    it('reaches the Runtime API at 127.0.0.1:9001 through lsim-entry and hides the upstream', async () => {
      const requests: string[] = [];
      const server: Server = createServer((request, response) => {
        requests.push(`${request.method} ${request.url}`);
        response.end('{"hello":"from lsim"}');
      });
      await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
      const { port } = server.address() as AddressInfo;
      const bridge = join(scratch, 'bridge');
      await mkdir(bridge, { recursive: true });
      await writeFile(
        join(bridge, 'bootstrap'),
        '#!/bin/sh\necho "upstream=${LSIM_RUNTIME_API_UPSTREAM-unset}"\n' +
          'curl -sS "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation/next"\n',
      );
      await chmod(join(bridge, 'bootstrap'), 0o755);
      try {
        const result = await run({
          image: providedTag,
          mounts: mounts(bridge, empty),
          env: { AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001', LSIM_RUNTIME_API_UPSTREAM: `host.docker.internal:${port}` },
          extraHosts: ['host.docker.internal:host-gateway'],
          ...asLambda,
        });
        expect(result).toEqual({ exitCode: 0, stdout: 'upstream=unset\n{"hello":"from lsim"}', stderr: '' });
        expect(requests).toEqual(['GET /2018-06-01/runtime/invocation/next']);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('exits 127 silently when no bootstrap is executable', async () => {
      const notExec = join(scratch, 'not-exec');
      await mkdir(notExec, { recursive: true });
      await writeFile(join(notExec, 'bootstrap'), '#!/bin/sh\necho never\n');
      await chmod(join(notExec, 'bootstrap'), 0o644);
      const result = await run({ image: providedTag, mounts: mounts(notExec, empty), ...asLambda });
      expect(result).toEqual({ exitCode: 127, stdout: '', stderr: '' });
    });
  });
});
