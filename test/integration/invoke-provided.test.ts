import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, fixtureZip, invokeAdHoc } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';

/**
 * provided.al2023 custom runtimes (a `bootstrap` shell script speaking the Runtime API with curl),
 * the bootstrap lookup (`/var/task/bootstrap` before `/opt/bootstrap`, Runtime.InvalidEntrypoint
 * without one), a native tool in a layer's `bin/` with its library in `lib/` (PATH and
 * LD_LIBRARY_PATH), and a tool without its exec bit (path bug 7).
 */
let lsim: LsimHome;
let toolLayerZip: string;
let emptyCode: string;

/** A whole custom runtime: one loop of next → response, replying with `reply` (a JSON printf body). */
const bootstrap = (reply: string): string => `#!/bin/sh
set -eu
api="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
headers=/tmp/next-headers
while :; do
  event=$(curl -sS -D "$headers" "$api/invocation/next")
  id=$(grep -i '^lambda-runtime-aws-request-id:' "$headers" | tr -d '\\r' | cut -d' ' -f2)
  echo "custom runtime handling $id"
  curl -sS -X POST "$api/invocation/$id/response" -d "${reply}" >/dev/null
done
`;

const INVALID_ENTRYPOINT = (requestId: string): unknown => ({
  errorType: 'Runtime.InvalidEntrypoint',
  errorMessage: `RequestId: ${requestId} Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]`,
});

beforeAll(() => {
  lsim = new LsimHome('lsim-it-provided-');
  // A native tool linked against a library it finds only through LD_LIBRARY_PATH (no rpath).
  const src = fixtureDir(lsim, 'native-src', {
    'answer.c': 'int lsim_answer(void) { return 42; }\n',
    'tool.c': '#include <stdio.h>\nint lsim_answer(void);\nint main(void) { printf("answer %d\\n", lsim_answer()); return 0; }\n',
  });
  execFileSync('gcc', ['-shared', '-fPIC', '-o', join(src, 'liblsimanswer.so'), join(src, 'answer.c')]);
  execFileSync('gcc', ['-o', join(src, 'lsim-answer'), join(src, 'tool.c'), `-L${src}`, '-llsimanswer']);
  toolLayerZip = fixtureZip(lsim, 'tool-layer', {
    'bin/lsim-answer': { data: readFileSync(join(src, 'lsim-answer')), mode: 0o755 },
    // The library behind a symlink, as native layers ship them: extraction must keep the link.
    'lib/liblsimanswer.so.1': { data: readFileSync(join(src, 'liblsimanswer.so')), mode: 0o755 },
    'lib/liblsimanswer.so': { symlink: 'liblsimanswer.so.1' },
    'bin/lsim-hello': { data: '#!/bin/sh\necho "hello from $0"\n', mode: 0o755 },
    // Path bug 7: one tool zipped without its exec bit, one by a zipper that records no unix mode.
    'bin/lsim-noexec': { data: '#!/bin/sh\necho never\n', mode: 0o644 },
    'bin/lsim-windows': { data: '#!/bin/sh\necho never\n', mode: null },
  });
  emptyCode = fixtureDir(lsim, 'empty-code', { 'README.txt': 'no bootstrap here\n' });
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

describe('provided.al2023 custom runtimes', () => {
  it('a bootstrap from a layer runs, finds the bin/ tool on PATH and its lib/ library on LD_LIBRARY_PATH', async () => {
    const runtimeLayer = fixtureZip(lsim, 'runtime-layer', {
      bootstrap: {
        data: bootstrap(
          '{\\"bootstrap\\":\\"$0\\",\\"answer\\":\\"$(lsim-answer)\\",\\"hello\\":\\"$(lsim-hello)\\",\\"uid\\":\\"$(id -u)\\",\\"handler\\":\\"$_HANDLER\\",\\"api\\":\\"$AWS_LAMBDA_RUNTIME_API\\",\\"execEnv\\":\\"${AWS_EXECUTION_ENV:-unset}\\",\\"event\\":$event}',
        ),
        mode: 0o755,
      },
    });
    const { result, body, log } = await invokeAdHoc(lsim, {
      runtime: 'provided.al2023',
      handler: 'my.handler',
      code: emptyCode,
      layers: [toolLayerZip, runtimeLayer],
      event: { ping: true },
    });
    expect(result.functionError).toBeUndefined();
    expect(body).toEqual({
      bootstrap: '/opt/bootstrap',
      answer: 'answer 42',
      hello: 'hello from /opt/bin/lsim-hello',
      uid: '993',
      handler: 'my.handler',
      api: '127.0.0.1:9001',
      execEnv: 'unset',
      event: { ping: true },
    });
    expect(log).toContain(`custom runtime handling ${result.requestId}`);
  });

  it("the function package's bootstrap wins over a layer's", async () => {
    const code = fixtureDir(lsim, 'code-bootstrap', {
      bootstrap: { data: bootstrap('{\\"bootstrap\\":\\"$0\\"}'), mode: 0o755 },
    });
    const layer = fixtureDir(lsim, 'layer-bootstrap', {
      bootstrap: { data: bootstrap('{\\"bootstrap\\":\\"layer $0\\"}'), mode: 0o755 },
    });
    const { body } = await invokeAdHoc(lsim, { runtime: 'provided.al2023', handler: 'x', code, layers: [layer] });
    expect(body).toEqual({ bootstrap: '/var/task/bootstrap' });
  });

  it("no bootstrap anywhere: Runtime.InvalidEntrypoint with Lambda's message", async () => {
    const { result, body } = await invokeAdHoc(lsim, { runtime: 'provided.al2023', handler: 'x', code: emptyCode, layers: [toolLayerZip] });
    expect(result.functionError).toBe('Unhandled');
    expect(body).toEqual(INVALID_ENTRYPOINT(result.requestId));
  });

  it('path bug 7: a layer bootstrap without its exec bit is no valid bootstrap either', async () => {
    const layer = fixtureZip(lsim, 'noexec-bootstrap', { bootstrap: { data: bootstrap('{}'), mode: 0o644 } });
    const { result, body } = await invokeAdHoc(lsim, { runtime: 'provided.al2023', handler: 'x', code: emptyCode, layers: [layer] });
    expect(result.functionError).toBe('Unhandled');
    expect(body).toEqual(INVALID_ENTRYPOINT(result.requestId));
  });
});

describe('tools in a layer bin/ without the exec bit (python3.12)', () => {
  it('fail with the permission error as the runtime reports it', async () => {
    const code = fixtureDir(lsim, 'python-tools', {
      'tools.py': `import subprocess


def run(name):
    try:
        return subprocess.run([name], capture_output=True, text=True, check=True).stdout.strip()
    except OSError as error:
        return f"{type(error).__name__}: {error}"


def handler(event, context):
    return {name: run(name) for name in ["lsim-hello", "lsim-answer", "lsim-windows"]}


def strict(event, context):
    return subprocess.run(["lsim-noexec"], check=True).returncode
`,
    });
    const probe = await invokeAdHoc(lsim, { runtime: 'python3.12', handler: 'tools.handler', code, layers: [toolLayerZip] });
    expect(probe.body).toEqual({
      'lsim-hello': 'hello from /opt/bin/lsim-hello',
      'lsim-answer': 'answer 42',
      'lsim-windows': "PermissionError: [Errno 13] Permission denied: 'lsim-windows'",
    });
    const strict = await invokeAdHoc(lsim, { runtime: 'python3.12', handler: 'tools.strict', code, layers: [toolLayerZip] });
    expect(strict.result.functionError).toBe('Unhandled');
    expect(strict.body).toMatchObject({
      errorType: 'PermissionError',
      errorMessage: "[Errno 13] Permission denied: 'lsim-noexec'",
      requestId: strict.result.requestId,
    });
  });
});
