import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LSIM_LABELS, type ContainerHandle, type ContainerSpec } from '../../src/engine/container-engine.js';
import { docker, ensureTestImage, testEngine } from '../helpers/test-engine.js';

// Drives the real engine with lsim's own provided image (built through the project's builder when the
// engine lacks it). Everything created carries a session label unique to this run, so the checks see
// only this file's containers even when other tests share the engine.
const session = `engine-test-${randomUUID().slice(0, 8)}`;
const labels = { [LSIM_LABELS.session]: session };
const MiB = 1024 * 1024;

const engine = testEngine();
let IMAGE = '';
const created: ContainerHandle[] = [];
const volumes: string[] = [];
const images: string[] = [];
const networks: string[] = [];
let dir: string;

const spec = (overrides: Partial<ContainerSpec>): ContainerSpec => ({
  image: IMAGE,
  // The command as given, not through the image's lsim-entry (which would start the provided runtime).
  entrypoint: ['/usr/bin/env'],
  env: {},
  labels,
  mounts: [],
  ...overrides,
});

async function bytes(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
const collect = async (stream: Readable): Promise<string> => (await bytes(stream)).toString('utf8');

/** Creates, attaches, starts and waits: the sequence every invoke uses. */
async function run(containerSpec: ContainerSpec): Promise<{ stdout: string; stderr: string; exitCode: number; oomKilled: boolean }> {
  const container = await engine.createContainer(containerSpec);
  created.push(container);
  const output = await container.attachOutput();
  const [stdout, stderr] = [collect(output.stdout), collect(output.stderr)];
  await container.start();
  const exit = await container.wait();
  return { stdout: await stdout, stderr: await stderr, ...exit };
}

/** A shell script that keeps `bytes` in its own memory (a variable), then runs `then`: no interpreter needed. */
const hold = (bytes: number, then: string): string => `x=$(head -c ${bytes} /dev/zero | tr '\\0' a); ${then}`;

function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mode: 0o644 }, content);
  pack.finalize();
  return bytes(pack);
}

beforeAll(async () => {
  await engine.ping();
  dir = mkdtempSync(join(tmpdir(), 'lsim-engine-it-'));
  IMAGE = await ensureTestImage('provided.al2023', join(dir, 'build'));
});

afterAll(async () => {
  for (const container of created) await container.remove();
  for (const volume of volumes) await engine.removeVolume(volume);
  for (const network of networks) await engine.removeNetwork(network);
  for (const image of images) docker(['image', 'rm', '-f', image]);
  rmSync(dir, { recursive: true, force: true });
});

describe('DockerEngine on the real engine', () => {
  it('pings and knows which images exist', async () => {
    expect(await engine.imageExists(IMAGE)).toBe(true);
    expect(await engine.imageExists('lsim-does-not-exist:0')).toBe(false);
  });

  it('runs a sandboxed container: read-only root, tmpfs /tmp, limits, demuxed output, exit code', async () => {
    const script = [
      'echo to-stdout',
      'echo to-stderr >&2',
      'touch /etc/lsim 2>/dev/null && echo root-writable || echo root-read-only',
      'echo hi > /tmp/f && echo tmp-writable',
      'df -k /tmp | tail -1 | awk \'{print "tmp-kb=" $2}\'',
      'echo nofile=$(ulimit -n)',
      'echo uid=$(id -u)',
      // cgroup v2 names the limit memory.max, v1 memory/memory.limit_in_bytes: the engine may run either.
      '(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes) | sed s/^/mem=/',
      'echo env=$GREETING',
      'exit 3',
    ].join('; ');
    const result = await run(
      spec({
        cmd: ['sh', '-c', script],
        env: { GREETING: 'hello world' },
        user: '993:990',
        workingDir: '/tmp',
        readOnlyRootfs: true,
        capDropAll: true,
        memoryBytes: 64 * MiB,
        pidsLimit: 64,
        mounts: [{ type: 'tmpfs', target: '/tmp', readOnly: false, sizeBytes: 16 * MiB }],
      }),
    );
    expect(result.exitCode).toBe(3);
    expect(result.oomKilled).toBe(false);
    expect(result.stderr).toBe('to-stderr\n');
    expect(result.stdout).toContain('to-stdout\n');
    expect(result.stdout).toContain('root-read-only');
    expect(result.stdout).toContain('tmp-writable');
    expect(result.stdout).toContain(`tmp-kb=${16 * 1024}`);
    expect(result.stdout).toContain('nofile=1024');
    expect(result.stdout).toContain('uid=993');
    expect(result.stdout).toContain(`mem=${64 * MiB}`);
    expect(result.stdout).toContain('env=hello world');
  });

  it('reports an out-of-memory kill', async () => {
    const result = await run(spec({ cmd: ['sh', '-c', hold(256 * MiB, 'echo survived')], memoryBytes: 48 * MiB, readOnlyRootfs: true }));
    expect(result.oomKilled).toBe(true);
    expect(result.exitCode).toBe(137);
  });

  it('measures peak memory while the container runs', async () => {
    const container = await engine.createContainer(spec({ cmd: ['sh', '-c', hold(40 * MiB, 'sleep 30')], memoryBytes: 128 * MiB }));
    created.push(container);
    await container.start();
    let peak: number | undefined;
    for (let i = 0; i < 50 && (peak ?? 0) < 40 * MiB; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      peak = await container.peakMemoryBytes();
    }
    expect(peak).toBeGreaterThanOrEqual(40 * MiB);
    await container.kill();
    expect((await container.wait()).exitCode).toBe(137);
  });

  it('mounts an overlay of two lowerdirs read-only; the leftmost wins', async () => {
    // The lowerdirs are paths of this machine: only an engine sharing its filesystem can mount them.
    expect(await engine.sharesHostFilesystem()).toBe(true);
    const early = join(dir, 'layer1');
    const late = join(dir, 'layer2');
    for (const [layer, name] of [
      [early, 'one'],
      [late, 'two'],
    ] as const) {
      mkdirSync(join(layer, 'lib'), { recursive: true });
      writeFileSync(join(layer, 'same.txt'), name);
      writeFileSync(join(layer, 'lib', `${name}.txt`), name);
    }
    const volume = `${session}-opt`;
    await engine.createVolume({
      name: volume,
      labels,
      driverOpts: { type: 'overlay', device: 'overlay', o: `ro,lowerdir=${late}:${early}` },
    });
    volumes.push(volume);
    expect(await engine.listVolumes(labels)).toEqual([volume]);
    const result = await run(
      spec({
        cmd: ['sh', '-c', 'cat /opt/same.txt; echo; ls /opt/lib; touch /opt/x 2>/dev/null && echo opt-writable || echo opt-read-only'],
        readOnlyRootfs: true,
        mounts: [{ type: 'volume', source: volume, target: '/opt', readOnly: true }],
      }),
    );
    expect(result.stdout).toBe('two\none.txt\ntwo.txt\nopt-read-only\n');
    expect(result.exitCode).toBe(0);
  });

  it('copies an archive into a created container', async () => {
    const container = await engine.createContainer(spec({ cmd: ['cat', '/srv/hello.txt'] }));
    created.push(container);
    await container.putArchive(await tarOf({ 'hello.txt': 'from a tar' }), '/srv');
    const output = await container.attachOutput();
    const stdout = collect(output.stdout);
    await container.start();
    expect((await container.wait()).exitCode).toBe(0);
    expect(await stdout).toBe('from a tar');
  });

  it('ensures a labelled bridge network and returns its gateway, idempotently', async () => {
    const name = `${session}-net`;
    networks.push(name);
    const first = await engine.ensureNetwork(name, labels);
    expect(first.gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await engine.ensureNetwork(name, labels)).toEqual(first);
  });

  it('makes one network for concurrent first calls (the engine itself accepts racing duplicates)', async () => {
    const name = `${session}-race`;
    networks.push(name);
    const results = await Promise.all(Array.from({ length: 8 }, () => engine.ensureNetwork(name, labels)));
    const ids = () => docker(['network', 'ls', '--no-trunc', '--filter', `name=^${name}$`, '--format', '{{.ID}}']);
    expect(ids()).toHaveLength(1);
    expect(new Set(results.map((result) => result.bridge)).size).toBe(1);
  });

  it('recreates a network whose driver options differ (options cannot change in place)', async () => {
    const name = `${session}-icc`;
    networks.push(name);
    const icc = { 'com.docker.network.bridge.enable_icc': 'false' };
    await engine.ensureNetwork(name, labels);
    const before = docker(['network', 'inspect', '-f', '{{.Id}}', name]);
    await engine.ensureNetwork(name, labels, icc);
    expect(docker(['network', 'inspect', '-f', '{{.Id}}', name])).not.toEqual(before);
    expect(docker(['network', 'inspect', '-f', '{{index .Options "com.docker.network.bridge.enable_icc"}}', name])).toEqual(['false']);
    const kept = docker(['network', 'inspect', '-f', '{{.Id}}', name]);
    await engine.ensureNetwork(name, labels, icc);
    expect(docker(['network', 'inspect', '-f', '{{.Id}}', name])).toEqual(kept);
  });

  it('builds images from a tar context and reports build failures with the log tail', async () => {
    const tag = `lsim-engine-test:${session}`;
    images.push(tag);
    const lines: string[] = [];
    const good = await tarOf({ Dockerfile: `FROM ${IMAGE}\nRUN echo built > /built.txt\n` });
    await engine.buildImage(Readable.from([good]), tag, (p) => lines.push(p.line));
    expect(await engine.imageExists(tag)).toBe(true);
    expect(lines.some((line) => line.includes('RUN echo built'))).toBe(true);

    const bad = await tarOf({ Dockerfile: `FROM ${IMAGE}\nRUN echo about-to-fail && false\n` });
    const error = await engine.buildImage(Readable.from([bad]), `${tag}-bad`, () => undefined).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ImageBuildFailed' });
    expect((error as Error).message).toContain('returned a non-zero code: 1');
    expect((error as Error).message).toContain('about-to-fail');
  });

  it('imports a root filesystem tarball', async () => {
    const tag = `lsim-engine-import:${session}`;
    images.push(tag);
    const rootfs = join(dir, 'rootfs.tar');
    writeFileSync(rootfs, await tarOf({ 'etc/lsim-release': 'test\n' }));
    await engine.importImage(rootfs, tag);
    expect(await engine.imageExists(tag)).toBe(true);
  });

  it('lists containers and volumes by label and removes them, leaving nothing labelled behind', async () => {
    const own = { [LSIM_LABELS.session]: `${session}-cleanup` };
    const containers = [
      await engine.createContainer({ ...spec({ cmd: ['true'] }), labels: own }),
      await engine.createContainer({ ...spec({ cmd: ['true'] }), labels: own }),
    ];
    created.push(...containers);
    const volume = `${session}-cleanup-volume`;
    await engine.createVolume({ name: volume, labels: own, driverOpts: {} });
    volumes.push(volume);

    const ids = await engine.listContainers(own);
    expect(ids.sort()).toEqual(containers.map((c) => c.id).sort());
    expect(await engine.listVolumes(own)).toEqual([volume]);
    for (const id of ids) await engine.removeContainer(id);
    await engine.removeContainer(containers[0]?.id ?? 'missing'); // already gone: no error
    await engine.removeVolume(volume);
    expect(await engine.listContainers(own)).toEqual([]);
    expect(await engine.listVolumes(own)).toEqual([]);
  });
});
