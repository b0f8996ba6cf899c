import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { planAdHoc } from '../../src/execution/prepare-plan.js';
import { COLD_REPORT, fixtureDir, fixtureZip, invokeAdHoc, invokeFunction, platformLines } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { makeZip } from '../helpers/make-zip.js';

/**
 * What the platform guarantees whatever the runtime (python3.12 here): layer merge order, a
 * deleted layer version still running for its function, the sandbox (read-only /opt, /var/task and
 * root, writable /tmp, uid 993), the timeout and the memory limit, the START/END/REPORT lines, and
 * no container left behind after success, error, timeout, out-of-memory or an abort.
 */
let lsim: LsimHome;

const SANDBOX = `import os


def attempt_write(path):
    try:
        with open(path, "a") as handle:
            handle.write("x")
        return "written"
    except OSError as error:
        return str(error)


def handler(event, context):
    import shared, only_one, only_two
    from pkg import a, b
    with open("/tmp/scratch.txt", "w") as handle:
        handle.write("tmp is writable")
    with open("/tmp/scratch.txt") as handle:
        tmp = handle.read()
    return {
        "shared": shared.WHO,
        "onlyOne": only_one.WHO,
        "onlyTwo": only_two.WHO,
        "pkg": [a.WHO, b.WHO],
        "pkgListing": sorted(os.listdir("/opt/python/pkg")),
        "writeOpt": attempt_write("/opt/python/shared.py"),
        "writeOptNew": attempt_write("/opt/new.txt"),
        "writeTask": attempt_write("/var/task/new.txt"),
        "writeRoot": attempt_write("/etc/new.txt"),
        "tmp": tmp,
        "uid": os.getuid(),
        "gid": os.getgid(),
    }
`;

const SLEEPY = `import time


def sleep(event, context):
    time.sleep(event.get("seconds", 30))
    return "woke up"


def hog(event, context):
    chunks = []
    for _ in range(64):
        chunks.append(bytearray(16 * 1024 * 1024))
    return len(chunks)
`;

beforeAll(() => {
  lsim = new LsimHome('lsim-it-platform-');
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

describe('layers merged at /opt', () => {
  it('merges folders, the later layer wins on the same file; /opt, /var/task and / read-only, /tmp writable, uid 993; REPORT measured', async () => {
    const first = fixtureZip(lsim, 'merge-first', {
      'python/shared.py': "WHO = 'first layer'\n",
      'python/only_one.py': "WHO = 'first layer'\n",
      'python/pkg/__init__.py': '',
      'python/pkg/a.py': "WHO = 'a from first'\n",
    });
    const second = fixtureDir(lsim, 'merge-second', {
      'python/shared.py': "WHO = 'second layer'\n",
      'python/only_two.py': "WHO = 'second layer'\n",
      'python/pkg/__init__.py': '',
      'python/pkg/b.py': "WHO = 'b from second'\n",
    });
    const code = fixtureDir(lsim, 'sandbox-code', { 'sandbox.py': SANDBOX });
    const { result, body, log } = await invokeAdHoc(lsim, {
      runtime: 'python3.12',
      handler: 'sandbox.handler',
      code,
      layers: [first, second],
    });
    expect(result.functionError).toBeUndefined();
    expect(body).toEqual({
      shared: 'second layer',
      onlyOne: 'first layer',
      onlyTwo: 'second layer',
      pkg: ['a from first', 'b from second'],
      pkgListing: ['__init__.py', 'a.py', 'b.py'],
      writeOpt: "[Errno 30] Read-only file system: '/opt/python/shared.py'",
      writeOptNew: "[Errno 30] Read-only file system: '/opt/new.txt'",
      writeTask: "[Errno 30] Read-only file system: '/var/task/new.txt'",
      writeRoot: "[Errno 30] Read-only file system: '/etc/new.txt'",
      tmp: 'tmp is writable',
      uid: 993,
      gid: 990,
    });

    // START / END / REPORT as Lambda prints them on a cold start.
    const lines = platformLines(log, result.requestId);
    expect(lines.start).toBe(`START RequestId: ${result.requestId} Version: $LATEST`);
    expect(lines.end).toBe(`END RequestId: ${result.requestId}`);
    const report = COLD_REPORT.exec(lines.report);
    expect(report, lines.report).not.toBeNull();
    const [duration = NaN, billed = NaN, memorySize, maxUsed, init = NaN] = report!.slice(1).map(Number);
    expect(memorySize).toBe(128);
    expect(maxUsed).toBeGreaterThan(0);
    expect(maxUsed).toBeLessThanOrEqual(128);
    expect(maxUsed).toBe(result.maxMemoryUsedMb);
    expect(init).toBeGreaterThan(0);
    // Billed = ceil(duration + init) on the unrounded values: at most one off the printed ones.
    expect(Math.abs(billed - Math.ceil(duration + init))).toBeLessThanOrEqual(1);
    const order = ['START', 'END', 'REPORT'].map((prefix) => log.indexOf(`${prefix} RequestId: ${result.requestId}`));
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('a function whose layer version was deleted still runs with that content, even after the extraction cache is gone', async () => {
    const registry = lsim.registry;
    const layer = await registry.publishLayerVersion({
      LayerName: 'doomed',
      Content: { ZipFile: makeZip([{ name: 'python/doomed.py', data: "WHO = 'deleted layer version 1'\n", mode: 0o644 }]) },
      CompatibleRuntimes: ['python3.12'],
    });
    await registry.createFunction({
      FunctionName: 'keeps-running',
      Runtime: 'python3.12',
      Handler: 'app.handler',
      Role: 'arn:aws:iam::123456789012:role/lambda-role',
      Code: {
        ZipFile: makeZip([
          {
            name: 'app.py',
            data: 'import doomed\n\n\ndef handler(event, context):\n    return {"who": doomed.WHO, "event": event}\n',
            mode: 0o644,
          },
        ]),
      },
      Layers: [layer.LayerVersionArn],
    });
    registry.deleteLayerVersion({ LayerName: 'doomed', VersionNumber: layer.Version });
    expect(() => registry.getLayerVersion({ LayerName: 'doomed', VersionNumber: layer.Version })).toThrow();
    // A deleted version can no longer be attached to anything new (ad-hoc --layer ARN included).
    await expect(
      planAdHoc(
        { runtime: 'python3.12', handler: 'app.handler', code: lsim.home, layers: [layer.LayerVersionArn] },
        lsim.config,
        lsim.executor.cache,
        lsim.home,
        async () => registry,
      ),
    ).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    // Nothing extracted yet must matter: the kept blob is the source.
    rmSync(join(lsim.home, 'extract'), { recursive: true, force: true });

    const { result, body } = await invokeFunction(lsim, 'keeps-running', { after: 'delete' });
    expect(result.functionError).toBeUndefined();
    expect(body).toEqual({ who: 'deleted layer version 1', event: { after: 'delete' } });
    expect(result.log).toContain(`START RequestId: ${result.requestId} Version: $LATEST`);
  });
});

describe('limits', () => {
  let code: string;
  beforeAll(() => {
    code = fixtureDir(lsim, 'sleepy-code', { 'sleepy.py': SLEEPY });
  });

  it('a handler sleeping past Timeout: Sandbox.Timedout, the timeout log line, container removed', async () => {
    const started = Date.now();
    const { result, body, log } = await invokeAdHoc(lsim, {
      runtime: 'python3.12',
      handler: 'sleepy.sleep',
      code,
      timeoutSeconds: 1,
      event: { seconds: 30 },
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.functionError).toBe('Unhandled');
    const { errorType, errorMessage } = body as { errorType: string; errorMessage: string };
    expect(errorType).toBe('Sandbox.Timedout');
    expect(errorMessage).toMatch(new RegExp(`^RequestId: ${result.requestId} Error: Task timed out after 1\\.\\d\\d seconds$`));
    expect(Object.keys(body as object).sort()).toEqual(['errorMessage', 'errorType']);
    expect(log).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ${result.requestId} Task timed out after 1\\.\\d\\d seconds$`, 'm'),
    );
    expect(log).toContain(`END RequestId: ${result.requestId}`);
  });

  it('a handler allocating past MemorySize: Runtime.OutOfMemory, Max Memory Used measured', async () => {
    const { result, body, log } = await invokeAdHoc(lsim, {
      runtime: 'python3.12',
      handler: 'sleepy.hog',
      code,
      memoryMb: 128,
      timeoutSeconds: 20,
    });
    expect(result.functionError).toBe('Unhandled');
    expect(body).toEqual({
      errorType: 'Runtime.OutOfMemory',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: signal: killed`,
    });
    const report = COLD_REPORT.exec(platformLines(log, result.requestId).report);
    expect(report).not.toBeNull();
    // Lambda reports the whole allowance as used when the function runs out of memory.
    expect(Number(report![4])).toBe(128);
    expect(result.maxMemoryUsedMb).toBe(128);
  });

  it('an aborted invoke (Ctrl-C) rejects and leaves no container behind', async () => {
    const plan = await planAdHoc(
      { runtime: 'python3.12', handler: 'sleepy.sleep', code, layers: [], timeoutSeconds: 30 },
      lsim.config,
      lsim.executor.cache,
      lsim.home,
      async () => lsim.registry,
    );
    const controller = new AbortController();
    const lines: string[] = [];
    // Proves the leak check is not vacuous: while the handler runs, its container is listed.
    let runningContainers: string[] = [];
    const invoking = lsim.executor.invoke(plan, {
      payload: Buffer.from('{"seconds": 30}'),
      signal: controller.signal,
      onLog: (line) => {
        lines.push(line);
        if (line.startsWith('START RequestId:')) {
          runningContainers = lsim.leftoverContainers();
          setTimeout(() => controller.abort(new Error('Interrupted')), 500);
        }
      },
    });
    await expect(invoking).rejects.toThrow('Interrupted');
    expect(lines.some((line) => line.startsWith('START RequestId:'))).toBe(true);
    expect(runningContainers).toHaveLength(1);
  });
});
