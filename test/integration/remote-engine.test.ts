import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type LsimConfig } from '../../src/common/config.js';
import { LSIM_LABELS } from '../../src/engine/container-engine.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { engineStrategies } from '../../src/engine/strategies.js';
import { LocalExecutor } from '../../src/execution/local-executor.js';
import { planAdHoc } from '../../src/execution/prepare-plan.js';
import { ImageBuilder } from '../../src/images/image-builder.js';
import { defaultImagesDir } from '../../src/images/images-dir.js';
import type { RuntimeId } from '../../src/runtimes/runtime-catalogue.js';
import { compileJava, filesUnder } from '../helpers/javac.js';
import { fixtureDir, fixtureZip, type TreeSpec } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { makeZip } from '../helpers/make-zip.js';
import { startRemoteEngine, type RemoteEngine } from '../helpers/remote-engine.js';
import { serveChild } from '../helpers/serve-child.js';
import { childEnv, dockerOn, engineEnv, ensureTestImage, testEngine } from '../helpers/test-engine.js';

/**
 * Every runtime family on an engine that shares neither network nor files with lsim (docs/remote-engines.md):
 * a second dockerd in a network namespace of its own, in a mount namespace where this machine's LSIM_HOME
 * parent is hidden (test/helpers/remote-engine.ts). The Runtime API reaches it only through the engine
 * tunnel, code and /opt only as volumes filled through the engine API, so a shortcut through a host path or a
 * host address fails here as it would on another machine.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Rootfs images are copied from this machine's engine (built there once, as ensureTestImage does). */
const WORK = join(tmpdir(), 'lsim-remote-engine-images');
const LAYER_TEXT = 'read from a layer on the remote engine';
/** The runtime whose base and family images lsim builds on the remote engine itself. */
const BUILT_THERE: RuntimeId = 'provided.al2023';

interface Family {
  readonly runtime: RuntimeId;
  readonly handler: string;
  readonly code: TreeSpec;
}

const FAMILIES: Record<string, Family> = {
  provided: {
    runtime: 'provided.al2023',
    handler: 'layered',
    code: {
      bootstrap: {
        data: [
          '#!/bin/sh',
          'set -eu',
          'api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"',
          'while :; do',
          '  curl -sS -D /tmp/headers -o /tmp/event "$api/invocation/next"',
          "  id=$(grep -i '^lambda-runtime-aws-request-id:' /tmp/headers | tr -d '\\r' | cut -d' ' -f2)",
          '  curl -sS -X POST "$api/invocation/$id/response" -d "{\\"layer\\":\\"$(cat /opt/layer.txt)\\",\\"runtime\\":\\"provided\\"}" >/dev/null',
          'done',
          '',
        ].join('\n'),
        mode: 0o755,
      },
    },
  },
  python: {
    runtime: 'python3.12',
    handler: 'app.handler',
    code: { 'app.py': 'def handler(event, context):\n    return {"layer": open("/opt/layer.txt").read().strip(), "runtime": "python"}\n' },
  },
  nodejs: {
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    code: {
      'index.mjs':
        "import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';\nexport const handler = async () => ({ layer: readFileSync('/opt/layer.txt', 'utf8').trim(), runtime: 'nodejs' });\n",
    },
  },
  ruby: {
    runtime: 'ruby3.3',
    handler: 'app.handler',
    code: { 'app.rb': "def handler(event:, context:)\n  { 'layer' => File.read('/opt/layer.txt').strip, 'runtime' => 'ruby' }\nend\n" },
  },
  java: { runtime: 'java21', handler: 'example.Layered::handleRequest', code: {} },
};

const JAVA = `package example;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

public class Layered {
    public Map<String, String> handleRequest(Map<String, Object> in) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("layer", new String(Files.readAllBytes(Paths.get("/opt/layer.txt"))).trim());
        out.put("runtime", "java");
        return out;
    }
}
`;

let remote: RemoteEngine;
let lsim: LsimHome;
let codeDirs: Record<string, string>;
let layerZip: string;

/**
 * An image of this machine's engine onto the remote one, built here first if missing (as ensureTestImage does):
 * `docker save | docker load`, without blocking this process (vitest's worker must keep answering).
 */
async function copyImage(tag: string): Promise<void> {
  if (dockerOn(remote.plain, ['images', '-q', tag]).length > 0) return;
  // Saved from the engine the tests drive (engineEnv), which built it: never this machine's default engine.
  await execa('sh', ['-c', 'docker save "$0" | DOCKER_HOST="$1" DOCKER_TLS_VERIFY= DOCKER_CERT_PATH= docker load -q', tag, remote.plain], {
    env: { ...process.env, ...engineEnv() },
    stdin: 'ignore',
  });
}

/**
 * provided.al2023 is built on the remote engine from its rootfs (the base and family builds go through that
 * engine's API, tar contexts only: no host path); the other families' images, content-addressed, are copied
 * as built here, which keeps the file's wall time to minutes.
 */
async function seedImages(runtimes: readonly RuntimeId[]): Promise<void> {
  const local = new ImageBuilder(testEngine(), { imagesDir: defaultImagesDir(), workDir: WORK });
  for (const runtime of runtimes) {
    const tag = await ensureTestImage(runtime, WORK);
    if (runtime === BUILT_THERE) await copyImage((await local.plan(runtime)).rootfs.tag);
    else await copyImage(tag);
  }
  const remoteBuilder = new ImageBuilder(lsim.executor.engine, { imagesDir: defaultImagesDir(), workDir: WORK });
  const built = await remoteBuilder.ensureImage(BUILT_THERE);
  expect(built).toBe(await local.tagFor(BUILT_THERE));
}

const lsimMade = (): string[] => [
  ...dockerOn(remote.plain, ['ps', '-aq', '--filter', `label=${LSIM_LABELS.managed}=true`]),
  ...dockerOn(remote.plain, ['volume', 'ls', '-q', '--filter', `label=${LSIM_LABELS.managed}=true`]),
  ...dockerOn(remote.plain, ['network', 'ls', '-q', '--filter', `label=${LSIM_LABELS.managed}=true`]),
];

async function invokeOn(
  executor: LocalExecutor,
  family: Family,
  config: LsimConfig = lsim.config,
): Promise<{ body: unknown; log: string; notices: string[] }> {
  const plan = await planAdHoc(
    { runtime: family.runtime, handler: family.handler, code: codeDirs[family.runtime] ?? '', layers: [layerZip], timeoutSeconds: 30 },
    config,
    executor.cache,
    lsim.home,
    async () => lsim.registry,
  );
  const notices: string[] = [];
  const result = await executor.invoke(plan, { payload: Buffer.from('{}'), onNotice: (text) => notices.push(text) });
  const text = result.payload.toString('utf8');
  expect(result.functionError, `${text}\n${result.log}`).toBeUndefined();
  return { body: JSON.parse(text) as unknown, log: result.log, notices };
}

beforeAll(async () => {
  // LSIM_HOME is made under tmpdir(): the remote engine's mount namespace hides that folder.
  remote = await startRemoteEngine(tmpdir());
  lsim = new LsimHome('lsim-it-remote-', { DOCKER_HOST: remote.plain });
  await seedImages(Object.values(FAMILIES).map((family) => family.runtime));
  // javac runs on this machine's engine (it bind-mounts its folders); the classes travel as code.
  const javaHome = new LsimHome('lsim-it-remote-javac-');
  try {
    const javaCode = fixtureDir(lsim, 'java-code', {});
    await compileJava(javaHome, { sources: fixtureDir(lsim, 'java-src', { 'example/Layered.java': JAVA }), outDir: javaCode });
    codeDirs = { java21: javaCode };
  } finally {
    javaHome.dispose();
  }
  for (const [name, family] of Object.entries(FAMILIES)) {
    if (family.runtime !== 'java21') codeDirs[family.runtime] = fixtureDir(lsim, `code-${name}`, family.code);
  }
  layerZip = fixtureZip(lsim, 'remote-layer', { 'layer.txt': `${LAYER_TEXT}\n` });
}, 1_800_000);

afterAll(() => {
  lsim?.dispose();
  remote?.stop();
});

describe('an engine on another host (its own network and mount namespaces)', () => {
  it('is remote: volumes for code and /opt, the engine tunnel, an unsized /tmp, no host-only features', async () => {
    const strategies = await engineStrategies(lsim.executor.engine);
    expect(strategies).toMatchObject({ local: false, content: 'volumes', tmp: 'engine-volume', hostFeatures: false });
    expect(strategies.runtimeApi(true)).toBe('tunnel');
    expect(strategies.runtimeApi(false)).toBe('tunnel');
    // Nothing of this machine's LSIM_HOME is visible to the engine: a bind of it would be an empty folder.
    const seen = dockerOn(remote.plain, [
      'run',
      '--rm',
      '-v',
      `${lsim.home}:/probe:ro`,
      '--entrypoint',
      '/bin/sh',
      (await lsim.executor.images.ensureImage('provided.al2023')) ?? '',
      '-c',
      'ls -A /probe | wc -l',
    ]);
    expect(seen).toEqual(['0']);
  }, 120_000);

  it.each(Object.keys(FAMILIES))(
    '%s: a one-shot invoke reads its layer at /opt, through the tunnel',
    async (name) => {
      const family = FAMILIES[name] as Family;
      const { body, log, notices } = await invokeOn(lsim.executor, family);
      expect(body).toEqual({ layer: LAYER_TEXT, runtime: name });
      expect(log).toMatch(/REPORT RequestId: .*Max Memory Used: \d+ MB/);
      expect(notices.join('\n')).toMatch(/\/tmp of .* is not limited to its EphemeralStorage/);
      expect(lsimMade().filter((id) => dockerOn(remote.plain, ['ps', '-aq', '--filter', `id=${id}`]).length > 0)).toEqual([]);
    },
    600_000,
  );

  it('a user image to the AWS base image contract, one-shot: its runtime reaches the Runtime API through the tunnel', async () => {
    // As LSIM_PREFER_AWS_IMAGES names it (docs/aws-base-images.md), made here and copied there: the remote engine
    // pulls nothing. lsim's python3.12 image with the contract's entrypoint in front (/lambda-entrypoint.sh HANDLER).
    const registry = 'lsim-remote.test';
    const ref = `${registry}/lambda/python:3.12`;
    const context = join(lsim.home, 'contract-image');
    mkdirSync(context, { recursive: true });
    const entrypoint = '#!/bin/sh\n[ $# -eq 1 ] || exit 142\nexport _HANDLER="$1"\nexec /var/runtime/bootstrap\n';
    writeFileSync(join(context, 'lambda-entrypoint.sh'), entrypoint, { mode: 0o755 });
    const base = await ensureTestImage('python3.12', WORK);
    writeFileSync(
      join(context, 'Dockerfile'),
      `FROM ${base}\nCOPY lambda-entrypoint.sh /lambda-entrypoint.sh\nENTRYPOINT ["/lambda-entrypoint.sh"]\n`,
    );
    execFileSync('docker', ['build', '-q', '-t', ref, context], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
    });
    try {
      await copyImage(ref);
    } finally {
      execFileSync('docker', ['rmi', ref], { stdio: 'ignore' });
    }
    const config = resolveConfig(
      { home: lsim.home },
      {
        LSIM_HOME: lsim.home,
        DOCKER_HOST: remote.plain,
        LSIM_PREFER_AWS_IMAGES: '1',
        LSIM_AWS_IMAGE_REGISTRY: registry,
        LSIM_SANDBOX_POOL: '0',
        LSIM_UPDATE_DELAY_MS: '0',
      },
    );
    const executor = new LocalExecutor(config);
    const { body, log } = await invokeOn(executor, FAMILIES.python as Family, config);
    expect(body).toEqual({ layer: LAYER_TEXT, runtime: 'python' });
    expect(log).toMatch(/REPORT RequestId: /);
    expect(lsimMade().filter((id) => dockerOn(remote.plain, ['ps', '-aq', '--filter', `id=${id}`]).length > 0)).toEqual([]);
  }, 600_000);

  it('connects over TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, attach streams included', async () => {
    const config = resolveConfig(
      { home: lsim.home },
      { LSIM_HOME: lsim.home, DOCKER_HOST: remote.tls, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: remote.certPath, LSIM_SANDBOX_POOL: '0' },
    );
    expect(config.dockerTls).toEqual({ verify: true, certPath: remote.certPath });
    const engine = new DockerEngine(config);
    expect(engine.connection.options.protocol).toBe('https');
    const executor = new LocalExecutor(config, undefined, { engine });
    const { body } = await invokeOn(executor, FAMILIES.python as Family);
    expect(body).toEqual({ layer: LAYER_TEXT, runtime: 'python' });
    // Without the client certificate the engine refuses the connection: TLS is really on.
    await expect(new DockerEngine({ dockerHost: remote.tls }).ping()).rejects.toMatchObject({ code: 'EngineUnavailable' });
  }, 300_000);

  it('the Runtime API is not reachable from another container on that engine', async () => {
    const image = await lsim.executor.images.ensureImage('provided.al2023');
    // A function that waits, so its environment is up while another container looks for its Runtime API.
    const slow = fixtureDir(lsim, 'code-slow', {
      bootstrap: {
        data: '#!/bin/sh\napi="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"\ncurl -sS -D /tmp/h -o /tmp/e "$api/invocation/next"\nsleep 8\n',
        mode: 0o755,
      },
    });
    const plan = await planAdHoc(
      { runtime: 'provided.al2023', handler: 'x', code: slow, layers: [], timeoutSeconds: 5 },
      lsim.config,
      lsim.executor.cache,
      lsim.home,
      async () => lsim.registry,
    );
    const invoked = lsim.executor.invoke(plan, { payload: Buffer.from('{}') });
    let links: string[] = [];
    for (let tries = 0; tries < 100 && links.length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      links = dockerOn(remote.plain, [
        'ps',
        '-q',
        '--filter',
        `label=${LSIM_LABELS.kind}=link`,
        '--filter',
        `label=${LSIM_LABELS.home}=${lsim.home}`,
      ]);
    }
    expect(links).toHaveLength(1);
    const address = dockerOn(remote.plain, [
      'inspect',
      '-f',
      '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
      links[0] ?? '',
    ])[0];
    expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const probe = dockerOn(remote.plain, [
      'run',
      '--rm',
      '--network',
      'lsim-isolated',
      '--entrypoint',
      '/bin/sh',
      image,
      '-c',
      `curl -sS -m 3 http://${address}:9001/2018-06-01/runtime/invocation/next >/dev/null 2>&1 && echo reached || echo refused`,
    ]);
    expect(probe).toEqual(['refused']);
    await invoked;
  }, 120_000);

  it('through lsim serve: every family warm, twice, in the environment of its first invoke', async () => {
    const registry = lsim.registry;
    const layer = await registry.publishLayerVersion({ LayerName: 'remote', Content: { ZipFile: readFileSync(layerZip) } });
    for (const [name, family] of Object.entries(FAMILIES)) {
      await registry.createFunction({
        FunctionName: `remote-${name}`,
        Runtime: family.runtime,
        Handler: family.handler,
        Role: 'arn:aws:iam::123456789012:role/r',
        Layers: [layer.LayerVersionArn],
        Timeout: 30,
        Code: {
          ZipFile: makeZip(
            Object.entries(filesUnder(codeDirs[family.runtime] ?? '')).map(([path, data]) => ({
              name: path,
              data,
              mode: path === 'bootstrap' ? 0o755 : 0o644,
            })),
          ),
        },
      });
    }
    registry.close();
    const served = await serveChild(lsim.home, '--docker-host', remote.plain);
    const lambda = new LambdaClient({
      endpoint: served.url,
      region: 'us-east-1',
      credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    try {
      for (const name of Object.keys(FAMILIES)) {
        const links = new Set<string>();
        for (let round = 0; round < 3; round++) {
          const result = await lambda.send(
            new InvokeCommand({ FunctionName: `remote-${name}`, Payload: Buffer.from('{}'), LogType: 'Tail' }),
          );
          const text = Buffer.from(result.Payload ?? []).toString('utf8');
          expect(result.FunctionError, text).toBeUndefined();
          expect(JSON.parse(text)).toEqual({ layer: LAYER_TEXT, runtime: name });
          const log = Buffer.from(result.LogResult ?? '', 'base64').toString('utf8');
          // The first is cold; the next two are warm (no Init Duration).
          if (round === 0) expect(log).toMatch(/Init Duration/);
          else expect(log).not.toMatch(/Init Duration/);
          for (const id of dockerOn(remote.plain, [
            'ps',
            '-q',
            '--filter',
            `label=${LSIM_LABELS.kind}=link`,
            '--filter',
            `label=${LSIM_LABELS.function}=remote-${name}`,
          ])) {
            links.add(id);
          }
        }
        expect(links.size).toBe(1);
      }
    } finally {
      lambda.destroy();
      served.child.kill('SIGTERM');
      await served.exited;
    }
  }, 900_000);

  it('lsim gc leaves nothing lsim made on the engine: containers, link containers, volumes, the network', () => {
    expect(lsimMade().length).toBeGreaterThan(0);
    const gc = execFileSync(process.execPath, [join(REPO, 'bin/lsim.js'), 'gc', '--docker-host', remote.plain], {
      env: childEnv(lsim.home),
      encoding: 'utf8',
    });
    expect(lsimMade(), gc).toEqual([]);
  }, 120_000);
});
