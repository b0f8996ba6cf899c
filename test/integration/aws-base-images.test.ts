import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inProcessLsim } from '../helpers/cli-in-process.js';
import { fixtureZip } from '../helpers/invoke-helpers.js';
import { freePort, LocalRegistry } from '../helpers/local-registry.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { childEnv, docker, dockerAsync, ensureTestImage } from '../helpers/test-engine.js';

/**
 * `--prefer-aws-images` / LSIM_PREFER_AWS_IMAGES against a registry on loopback (Debian's
 * docker-registry): an image built to the AWS base image contract (docs/aws-base-images.md) is pushed
 * there as <registry>/lambda/python:3.12, removed from the engine, then a layered function is invoked
 * with the switch on. lsim must pull it through the engine and run it by the contract; a registry
 * that is down or lacks the image must be an environment fault that names the image and the way back.
 */
let lsim: LsimHome;
let registry: LocalRegistry;
let imageRef: string;
const marker = `aws-contract-${randomBytes(6).toString('hex')}`;
let env: Record<string, string> = {};
const { lsim: run } = inProcessLsim(() => ({ env, cwd: lsim.home }));

/** What AWS's /lambda-entrypoint.sh does (docs/aws-base-images.md), plus a trace of its arguments for the test. */
const ENTRYPOINT = `#!/bin/sh
if [ $# -ne 1 ]; then
  echo "entrypoint requires the handler name to be the first argument" 1>&2
  exit 142
fi
export _HANDLER="$1"
if [ -z "\${AWS_LAMBDA_RUNTIME_API}" ]; then
  echo "this test image has no runtime interface emulator" 1>&2
  exit 1
fi
export TEST_ENTRYPOINT_ARGS="$*"
exec /var/runtime/bootstrap
`;

const APP = `import probe


def handler(event, context):
    return probe.facts()
`;

const PROBE = `import os


def writable(path):
    try:
        with open(path, "w") as f:
            f.write("x")
        return True
    except OSError:
        return False


def memory_limit():
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path) as f:
                return f.read().strip()
        except OSError:
            pass
    return None


def facts():
    with open("/var/runtime/image-marker") as f:
        marker = f.read().strip()
    return {
        "layer": __file__,
        "marker": marker,
        "entrypointArgs": os.environ.get("TEST_ENTRYPOINT_ARGS"),
        "handler": os.environ.get("_HANDLER"),
        "uid": os.getuid(),
        "optWritable": writable("/opt/python/new-file"),
        "taskWritable": writable("/var/task/new-file"),
        "rootWritable": writable("/var/runtime/new-file"),
        "memoryLimit": memory_limit(),
        "taskRoot": os.environ.get("LAMBDA_TASK_ROOT"),
        "runtimeApi": os.environ.get("AWS_LAMBDA_RUNTIME_API", ""),
    }
`;

/** An image to the AWS base image contract: lsim's python3.12 image with AWS's entrypoint in front. */
function buildContractImage(tag: string): void {
  const base = readFileSync(join(lsim.home, 'base-tag'), 'utf8');
  const context = join(lsim.home, 'contract-image');
  mkdirSync(context, { recursive: true });
  writeFileSync(join(context, 'lambda-entrypoint.sh'), ENTRYPOINT, { mode: 0o755 });
  writeFileSync(join(context, 'image-marker'), `${marker}\n`, { mode: 0o644 });
  // COPY only, no RUN: the build needs no container (and so no network of the engine's).
  writeFileSync(
    join(context, 'Dockerfile'),
    [
      `FROM ${base}`,
      'COPY lambda-entrypoint.sh /lambda-entrypoint.sh',
      'COPY image-marker /var/runtime/image-marker',
      'ENTRYPOINT ["/lambda-entrypoint.sh"]',
      '',
    ].join('\n'),
  );
  execFileSync('docker', ['build', '-q', '-t', tag, context], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DOCKER_BUILDKIT: '0' },
  });
}

const imageExists = (ref: string): boolean => docker(['images', '-q', ref]).length > 0;

beforeAll(async () => {
  lsim = new LsimHome('lsim-it-awsimg-');
  writeFileSync(join(lsim.home, 'base-tag'), await ensureTestImage('python3.12', join(lsim.home, 'build')));
  registry = await LocalRegistry.start();
  imageRef = `${registry.address}/lambda/python:3.12`;
  buildContractImage(imageRef);
  docker(['push', imageRef]);
  docker(['rmi', imageRef]);
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => {
  if (imageRef !== undefined && imageExists(imageRef)) docker(['rmi', imageRef]);
  registry?.stop();
  lsim?.dispose();
});

describe('AWS base images (LSIM_PREFER_AWS_IMAGES, LSIM_AWS_IMAGE_REGISTRY)', () => {
  it('pulls the runtime id’s base image from the registry and runs a layered function by the AWS contract', async () => {
    env = childEnv(lsim.home, { LSIM_PREFER_AWS_IMAGES: '1', LSIM_AWS_IMAGE_REGISTRY: registry.address }) as Record<string, string>;
    expect(imageExists(imageRef)).toBe(false);
    const code = fixtureZip(lsim, 'aws-code', { 'app.py': APP });
    const layer = fixtureZip(lsim, 'aws-layer', { 'python/probe.py': PROBE });
    const outfile = join(lsim.home, 'aws-out.json');
    const result = await run('invoke', '--runtime', 'python3.12', '--handler', 'app.handler', '--code', code, '--layer', layer, outfile);
    expect(result.stderr).toContain(`lsim: pulling image ${imageRef}`);
    expect(result.stderr).toMatch(new RegExp(`lsim: pulled ${imageRef.replace(/[.]/g, '\\.')} in [\\d.]+ s`));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    const facts = JSON.parse(readFileSync(outfile, 'utf8')) as Record<string, unknown>;
    expect(facts).toMatchObject({
      layer: '/opt/python/probe.py',
      marker,
      entrypointArgs: 'app.handler',
      handler: 'app.handler',
      uid: 993,
      optWritable: false,
      taskWritable: false,
      rootWritable: false,
      memoryLimit: expect.stringMatching(/^134217728$/),
      taskRoot: '/var/task',
    });
    expect(facts.runtimeApi).toMatch(/^[\d.]+:\d+$/);
    expect(imageExists(imageRef)).toBe(true);
    // lsim's own python3.12 image says it runs the nearest minor; AWS's is the runtime id's own, so no notice.
    expect(result.stderr).not.toContain('nearest version');
  });

  it('the Runtime API on the gateway answers its own container alone (docs/security.md)', async () => {
    env = childEnv(lsim.home, { LSIM_PREFER_AWS_IMAGES: '1', LSIM_AWS_IMAGE_REGISTRY: registry.address }) as Record<string, string>;
    const code = fixtureZip(lsim, 'aws-code-sleeper', {
      'app.py': 'import time\n\n\ndef handler(event, context):\n    time.sleep(6)\n    return "slept"\n',
    });
    const invoking = run(
      'invoke',
      '--runtime',
      'python3.12',
      '--handler',
      'app.handler',
      '--timeout',
      '30',
      '--code',
      code,
      join(lsim.home, 'sleeper.json'),
    );
    try {
      let address: string | undefined;
      for (let tries = 0; address === undefined && tries < 100; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const [id] = lsim.leftoverContainers();
        if (id === undefined) continue;
        const variables = docker(['inspect', '-f', '{{range .Config.Env}}{{println .}}{{end}}', id]);
        address = variables.find((line) => line.startsWith('AWS_LAMBDA_RUNTIME_API='))?.slice('AWS_LAMBDA_RUNTIME_API='.length);
      }
      expect(address).toMatch(/^[\d.]+:\d+$/);
      // Another container on lsim's network, as another function would be, tries the environment's Runtime API.
      const intruder = [
        'import urllib.request',
        'try:',
        `    print(urllib.request.urlopen("http://${address ?? ''}/2018-06-01/ping", timeout=3).read().decode())`,
        'except Exception as error:',
        '    print(type(error).__name__)',
      ].join('\n');
      // Not docker(): lsim's server runs in this process and must stay free to answer (or refuse).
      const answer = await dockerAsync([
        'run',
        '--rm',
        '--network',
        'lsim-isolated',
        '--entrypoint',
        '/bin/sh',
        imageRef,
        '-c',
        'exec /var/lang/bin/python3.12 -c "$0"',
        intruder,
      ]);
      expect(answer).toHaveLength(1);
      expect(answer[0]).not.toBe('pong');
    } finally {
      const result = await invoking;
      expect(result.code).toBe(0);
    }
    expect(readFileSync(join(lsim.home, 'sleeper.json'), 'utf8')).toBe('"slept"');
  });

  it('lists the AWS base image each runtime id would run on', async () => {
    env = childEnv(lsim.home, { LSIM_AWS_IMAGE_REGISTRY: registry.address }) as Record<string, string>;
    const listed = async (...extra: string[]): Promise<unknown> => {
      const result = await run('images', 'list', '--runtime', 'python3.12', '--output', 'json', ...extra);
      expect(result.code).toBe(0);
      return (JSON.parse(result.stdout) as { Images: { Runs: unknown }[] }).Images.map((image) => image.Runs);
    };
    expect(await listed()).toEqual([{ Source: 'lsim', Image: expect.stringMatching(/^lsim\/python:/) }]);
    expect(await listed('--prefer-aws-images')).toEqual([{ Source: 'aws', Image: imageRef }]);
  });

  it('a registry that is down is an environment fault naming the image and the way back', async () => {
    const down = `127.0.0.1:${await freePort()}`;
    env = childEnv(lsim.home, { LSIM_PREFER_AWS_IMAGES: '1', LSIM_AWS_IMAGE_REGISTRY: down }) as Record<string, string>;
    const code = fixtureZip(lsim, 'aws-code-down', { 'app.py': APP });
    const result = await run('invoke', '--runtime', 'python3.12', '--handler', 'app.handler', '--code', code, join(lsim.home, 'down.json'));
    expect(result.code).toBe(253);
    expect(result.stderr).toContain(`The Docker engine could not pull the image ${down}/lambda/python:3.12: `);
    expect(result.stderr).toContain('Unset LSIM_PREFER_AWS_IMAGES (or drop --prefer-aws-images)');
    expect(result.stderr).not.toMatch(/bug|stack|at \//i);
  });

  it('a registry without the image is the same fault, with the engine’s words', async () => {
    env = childEnv(lsim.home, { LSIM_AWS_IMAGE_REGISTRY: registry.address }) as Record<string, string>;
    const code = fixtureZip(lsim, 'aws-code-missing', { 'app.rb': 'def handler(event:, context:) = 1\n' });
    const result = await run(
      'invoke',
      '--prefer-aws-images',
      '--runtime',
      'ruby3.3',
      '--handler',
      'app.handler',
      '--code',
      code,
      join(lsim.home, 'missing.json'),
    );
    expect(result.code).toBe(253);
    expect(result.stderr).toContain(`The Docker engine could not pull the image ${registry.address}/lambda/ruby:3.3: `);
    expect(result.stderr).toMatch(/manifest unknown|not found/i);
    expect(result.stderr).toContain('LSIM_AWS_IMAGE_REGISTRY');
  });
});
