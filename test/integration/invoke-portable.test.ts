import { basename } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LsimConfig } from '../../src/common/config.js';
import { LSIM_LABELS } from '../../src/engine/container-engine.js';
import type { InvocationResult } from '../../src/execution/execution-plan.js';
import { LsimServices } from '../../src/composition/lsim-services.js';
import type { LocalExecutor } from '../../src/execution/local-executor.js';
import { FILL_HELPER_KIND, portableOptVolume } from '../../src/execution/portable-volumes.js';
import { planAdHoc } from '../../src/execution/prepare-plan.js';
import { fixtureZip, platformLines } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { docker, testConfig } from '../helpers/test-engine.js';

/**
 * The portable /opt and /var/task (what a remote DOCKER_HOST gets), forced on the local engine with
 * LSIM_PORTABLE_MOUNTS=1: content-addressed volumes filled once through the archive API by a
 * labelled helper container, then mounted read-only by every later invoke without any helper.
 */
let lsim: LsimHome;
let config: LsimConfig;
let executor: LocalExecutor;
let nonce: string;

const APP = `import os
import subprocess
import time


def attempt_write(path):
    try:
        with open(path, "a") as handle:
            handle.write("x")
        return "written"
    except OSError as error:
        return str(error)


def handler(event, context):
    import shared, only_one, only_two, link
    return {
        "shared": shared.WHO,
        "onlyOne": only_one.WHO,
        "onlyTwo": only_two.WHO,
        "link": [link.WHO, os.readlink("/opt/python/link.py")],
        "tool": subprocess.run(["tool"], capture_output=True, text=True).stdout.strip(),
        "toolMode": oct(os.stat("/opt/bin/tool").st_mode & 0o777),
        "thingIsFile": os.path.isfile("/opt/lib/thing"),
        "thing": open("/opt/lib/thing").read(),
        "libListing": sorted(os.listdir("/opt/lib")),
        "owner": [os.stat("/opt/python/shared.py").st_uid, os.stat("/var/task/app.py").st_uid],
        "writeOpt": attempt_write("/opt/python/shared.py"),
        "writeOptNew": attempt_write("/opt/new.txt"),
        "writeTask": attempt_write("/var/task/new.txt"),
    }


def crash(event, context):
    hog = "x" * (40 * 1024 * 1024)
    time.sleep(2.5)
    os._exit(1)
`;

const layers = (): string[] => [
  fixtureZip(lsim, 'portable-first', {
    'python/shared.py': "WHO = 'first layer'\n",
    'python/only_one.py': "WHO = 'first layer'\n",
    'bin/tool': { data: '#!/bin/sh\necho tool from the first layer\n', mode: 0o755 },
    'lib/thing/inside.txt': 'hidden by the second layer\n',
    'lib/keep.txt': 'kept\n',
    'nonce.txt': nonce,
  }),
  fixtureZip(lsim, 'portable-second', {
    'python/shared.py': "WHO = 'second layer'\n",
    'python/only_two.py': "WHO = 'second layer'\n",
    'python/link.py': { symlink: 'shared.py' },
    'lib/thing': 'a file in the second layer\n',
  }),
];

async function invoke(handler: string, layerPaths: readonly string[], memoryMb = 256, notices: string[] = []): Promise<InvocationResult> {
  const code = fixtureZip(lsim, 'portable-code', { 'app.py': APP, 'nonce.txt': nonce });
  const plan = await planAdHoc(
    { runtime: 'python3.12', handler, code, layers: layerPaths, memoryMb, timeoutSeconds: 20 },
    config,
    executor.cache,
    lsim.home,
    async () => lsim.registry,
  );
  return executor.invoke(plan, { payload: Buffer.from('{}'), onNotice: (text) => notices.push(text) });
}

/** Names of the fill helpers created for this home while `run` ran, from the engine's event log. */
async function helpersCreatedDuring(run: () => Promise<unknown>): Promise<string[]> {
  const since = (Date.now() / 1000).toFixed(3);
  await run();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const until = (Date.now() / 1000 + 0.05).toFixed(3);
  return docker([
    'events',
    '--since',
    since,
    '--until',
    until,
    '--filter',
    'type=container',
    '--filter',
    'event=create',
    '--filter',
    `label=${LSIM_LABELS.home}=${lsim.home}`,
    '--filter',
    `label=${LSIM_LABELS.kind}=${FILL_HELPER_KIND}`,
    '--format',
    '{{.Actor.Attributes.name}}',
  ]);
}

const body = (result: InvocationResult): unknown => JSON.parse(result.payload.toString('utf8'));

beforeAll(() => {
  lsim = new LsimHome('lsim-it-portable-');
  // Content unique to this run: the volumes are content-addressed, so no earlier run's can match.
  nonce = basename(lsim.home);
  config = testConfig(lsim.home, { LSIM_PORTABLE_MOUNTS: '1' });
  executor = new LsimServices(config).executor;
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

describe('portable /opt and /var/task (LSIM_PORTABLE_MOUNTS=1)', () => {
  it('the engine is treated as remote', async () => {
    expect(config.portableMounts).toBe(true);
    expect(await executor.engine.sharesHostFilesystem()).toBe(false);
  });

  it('fills one volume per merged /opt and per code tree once, merged as overlayfs would, read-only', async () => {
    const paths = layers();
    let result: InvocationResult | undefined;
    const helpers = await helpersCreatedDuring(async () => (result = await invoke('app.handler', paths)));
    expect(result?.functionError, result?.payload.toString()).toBeUndefined();
    expect(body(result!)).toEqual({
      shared: 'second layer',
      onlyOne: 'first layer',
      onlyTwo: 'second layer',
      link: ['second layer', 'shared.py'],
      tool: 'tool from the first layer',
      toolMode: '0o755',
      thingIsFile: true,
      thing: 'a file in the second layer\n',
      libListing: ['keep.txt', 'thing'],
      owner: [0, 0],
      // Root-owned 0644 (as the archive API writes it) under a read-only *mount*: the permission
      // check answers before the read-only one for an existing file. The overlay path's read-only
      // superblock answers EROFS first; both refuse the write.
      writeOpt: "[Errno 13] Permission denied: '/opt/python/shared.py'",
      writeOptNew: "[Errno 30] Read-only file system: '/opt/new.txt'",
      writeTask: "[Errno 30] Read-only file system: '/var/task/new.txt'",
    });
    expect(helpers.sort()).toEqual([expect.stringMatching(/^lsim-fill-lsim-codep-/), expect.stringMatching(/^lsim-fill-lsim-optp-/)]);
    const volumes = docker(['volume', 'ls', '-q', '--filter', `label=${LSIM_LABELS.home}=${lsim.home}`]);
    expect(volumes.map((name) => name.replace(/[0-9a-f]{32}$/, '*')).sort()).toEqual(['lsim-codep-*', 'lsim-optp-*']);
  });

  it('a second invoke of the same layers reuses the volumes: no helper container', async () => {
    const paths = layers();
    let result: InvocationResult | undefined;
    const notices: string[] = [];
    const helpers = await helpersCreatedDuring(async () => (result = await invoke('app.handler', paths, 256, notices)));
    expect(result?.functionError).toBeUndefined();
    expect(body(result!)).toMatchObject({ shared: 'second layer', tool: 'tool from the first layer' });
    expect(helpers).toEqual([]);
    // The engine sees no host mount, so /tmp cannot be a loop-mounted disk: said once (docs/ephemeral-storage.md).
    expect(notices).toEqual([
      expect.stringMatching(/^lsim: \/tmp of lsim-adhoc is not limited to its EphemeralStorage of 512 MB here: the engine does not share/),
    ]);
  });

  it('the other order is another volume, where the first layer wins', async () => {
    const paths = layers().reverse();
    let result: InvocationResult | undefined;
    const helpers = await helpersCreatedDuring(async () => (result = await invoke('app.handler', paths)));
    // lib/thing is a folder in the (now upper) first layer: it hides the second layer's file.
    expect(result?.functionError).toBe('Unhandled');
    expect(result?.payload.toString()).toContain('IsADirectoryError');
    expect(helpers).toEqual([expect.stringMatching(/^lsim-fill-lsim-optp-/)]);
  });

  it('a half-filled volume (no completion marker) is filled again, never used as it is', async () => {
    const paths = [layers()[0]!];
    const cache = executor.cache;
    const volume = await portableOptVolume([await cache.ensure(paths[0]!)], cache.root);
    // What a crash mid-fill leaves: the volume, part of the tree (here a truncated file), no marker.
    docker(['volume', 'create', '--label', `${LSIM_LABELS.managed}=true`, '--label', `${LSIM_LABELS.home}=${lsim.home}`, volume.name]);
    docker([
      'run',
      '--rm',
      '--entrypoint',
      'sh',
      '-v',
      `${volume.name}:/fill`,
      await executor.images.ensureImage('python3.12'),
      '-c',
      'mkdir -p /fill/python && printf "WHO = \'trunc" > /fill/python/shared.py',
    ]);
    let result: InvocationResult | undefined;
    const helpers = await helpersCreatedDuring(async () => (result = await invoke('app.handler', paths)));
    expect(helpers).toEqual([`lsim-fill-${volume.name}`]);
    // only_two is missing (one layer): the import fails, but after shared.py loaded whole.
    expect(result?.payload.toString()).toContain("No module named 'only_two'");
    expect(result?.payload.toString()).not.toContain('SyntaxError');
  });

  it('a runtime that crashes still reports the Max Memory Used it reached', async () => {
    const result = await invoke('app.crash', layers(), 256);
    expect(result.functionError).toBe('Unhandled');
    expect(body(result)).toMatchObject({ errorType: 'Runtime.ExitError' });
    const { report } = platformLines(result.log, result.requestId);
    const used = Number(/Max Memory Used: (\d+) MB/.exec(report)?.[1]);
    expect(used, report).toBeGreaterThanOrEqual(40);
    expect(used).toBe(result.maxMemoryUsedMb);
  });
});
