import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { debianPackages } from '../helpers/fetch-packages.js';
import { fixtureDir, invokeAdHoc } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { nativeLayerCases, nativeLayerTrees } from '../helpers/native-layer-cases.js';
import { describeRuntimeCases } from '../helpers/runtime-cases.js';

/**
 * Lambda's same-architecture rule (docs/architectures.md): an arm64 function runs arm64 code (under
 * QEMU here), and native code of the other architecture fails to exec with ENOEXEC, for a layer's tool
 * and for a custom runtime's bootstrap (Runtime.InvalidEntrypoint). The foreign code is Debian's
 * busybox-static of each architecture: static, so without lsim's refusal the host would run it (QEMU
 * through binfmt_misc's F flag one way, natively the other) and the tests would fail.
 * One representative runtime per case (CI budget); `npm run test:matrix` covers the rest.
 * The language runtimes' side (python, ruby, java: test/helpers/native-layer-cases.ts) runs here on
 * x86_64 functions only, whose images CI builds anyway; the arm64 functions are in the matrix.
 */
let lsim: LsimHome;
let busybox: { amd64: Buffer; arm64: Buffer };

/** A custom runtime answering every event with `uname -m`. */
const UNAME_BOOTSTRAP = `#!/bin/sh
set -eu
api="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
while :; do
  id=$(curl -sS -D - -o /dev/null "$api/next" | tr -d '\\r' | sed -n 's/^[Ll]ambda-[Rr]untime-[Aa]ws-[Rr]equest-[Ii]d: *//p')
  curl -sS -o /dev/null -X POST "$api/$id/response" -d "{\\"machine\\":\\"$(uname -m)\\"}"
done
`;

/** A Node.js handler that runs the layer's tool the way most functions do, and reports how that went. */
const SPAWN_HANDLER = `const { execFileSync } = require('node:child_process');
exports.handler = async () => {
  try {
    return { output: execFileSync('/opt/bin/busybox', ['echo', 'ran']).toString().trim() };
  } catch (error) {
    return { code: error.code, errno: error.errno, message: error.message };
  }
};
`;

/**
 * The kernel's ENOEXEC, as Node sees it: libuv's execvp then hands the file to /bin/sh as POSIX says,
 * which cannot run it either, so the tool never runs and the call fails (the shell's words are
 * Debian dash's here, bash's in Lambda: docs/deviations.md#binsh).
 */
function expectRefused(body: unknown): void {
  expect(body).not.toHaveProperty('output');
  expect(body).toMatchObject({ message: expect.stringMatching(/^Command failed: \/opt\/bin\/busybox echo ran\n\/opt\/bin\/busybox: /) });
}

beforeAll(() => {
  lsim = new LsimHome('lsim-it-arch-');
  const fetched = (architecture: 'amd64' | 'arm64'): Buffer =>
    readFileSync(join(debianPackages(lsim.home, 'bookworm', ['busybox-static'], architecture), 'bin', 'busybox'));
  busybox = { amd64: fetched('amd64'), arm64: fetched('arm64') };
}, 300_000);

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

describe('arm64 functions', () => {
  it('run arm64 code: uname -m says aarch64 (x86_64 for the same function on x86_64)', async () => {
    const code = fixtureDir(lsim, 'uname', { bootstrap: { data: UNAME_BOOTSTRAP, mode: 0o755 } });
    const arm = await invokeAdHoc(lsim, { runtime: 'provided.al2023', architecture: 'arm64', handler: 'x', code, timeoutSeconds: 60 });
    expect(arm.body).toEqual({ machine: 'aarch64' });
    const x86 = await invokeAdHoc(lsim, { runtime: 'provided.al2023', handler: 'x', code, timeoutSeconds: 60 });
    expect(x86.body).toEqual({ machine: 'x86_64' });
  });

  it('an x86_64 tool in a layer fails with ENOEXEC, as in Lambda; the arm64 build of it runs', async () => {
    const code = fixtureDir(lsim, 'spawn', { 'index.js': SPAWN_HANDLER });
    const x86Layer = fixtureDir(lsim, 'busybox-amd64', { 'bin/busybox': { data: busybox.amd64, mode: 0o755 } });
    const armLayer = fixtureDir(lsim, 'busybox-arm64', { 'bin/busybox': { data: busybox.arm64, mode: 0o755 } });
    // QEMU's own memory counts against the container's limit: Node 22 under it needs more than 128 MB (docs/deviations.md#arm64-under-qemu).
    const common = {
      runtime: 'nodejs22.x',
      architecture: 'arm64',
      handler: 'index.handler',
      code,
      timeoutSeconds: 60,
      memoryMb: 1024,
    } as const;
    const refused = await invokeAdHoc(lsim, { ...common, layers: [x86Layer] });
    expectRefused(refused.body);
    const ran = await invokeAdHoc(lsim, { ...common, layers: [armLayer] });
    expect(ran.body).toEqual({ output: 'ran' });
  });

  it('and the other way round: an arm64 tool on an x86_64 function fails with ENOEXEC', async () => {
    const code = fixtureDir(lsim, 'spawn-x86', { 'index.js': SPAWN_HANDLER });
    const armLayer = fixtureDir(lsim, 'busybox-arm64-x86', { 'bin/busybox': { data: busybox.arm64, mode: 0o755 } });
    const { body } = await invokeAdHoc(lsim, {
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      code,
      layers: [armLayer],
      timeoutSeconds: 60,
    });
    expectRefused(body);
  });

  it("a custom runtime's bootstrap of the other architecture: Runtime.InvalidEntrypoint, exec format error", async () => {
    const code = fixtureDir(lsim, 'x86-bootstrap', { bootstrap: { data: busybox.amd64, mode: 0o755 } });
    const { result, body } = await invokeAdHoc(lsim, { runtime: 'provided.al2023', architecture: 'arm64', handler: 'x', code });
    expect(result.functionError).toBe('Unhandled');
    expect(body).toEqual({
      errorType: 'Runtime.InvalidEntrypoint',
      errorMessage: `RequestId: ${result.requestId} Error: fork/exec /var/task/bootstrap: exec format error`,
    });
  });
});

describeRuntimeCases('native-layers', nativeLayerCases('x86_64'), nativeLayerTrees);
