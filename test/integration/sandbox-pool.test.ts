import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LSIM_LABELS } from '../../src/engine/container-engine.js';
import type { LambdaServer } from '../../src/server/lambda-server.js';
import { startServer } from '../../src/composition/serve-services.js';
import { makeZip } from '../helpers/make-zip.js';
import { docker, testConfig } from '../helpers/test-engine.js';

// lsim serve with pre-provisioned sandboxes (docs/cold-start.md#pre-provisioned-sandboxes): a second
// function's cold start lands in a sandbox started before it existed, and sees its own code, layers,
// environment and memory limit exactly as a container created for it would, read-only, and nothing of
// any other sandbox. python3.12: the image the suite builds anyway.
const ROLE = 'arn:aws:iam::123456789012:role/lambda-role';
const HANDLER = `
import os, socket, errno
import greeting
def handler(event, context):
    def write(path):
        try:
            open(path, 'w').close()
            return 'written'
        except OSError as error:
            return errno.errorcode[error.errno]
    with open('/sys/fs/cgroup/memory/memory.limit_in_bytes') as limit:
        memory = int(limit.read())
    with open('/proc/self/mountinfo') as info:
        mounts = info.read()
    return {'host': socket.gethostname(), 'greeting': greeting.GREETING, 'cwd': os.getcwd(),
            'task': sorted(os.listdir('/var/task')), 'quoted': os.environ.get('QUOTED'),
            'handler': os.environ.get('_HANDLER'), 'memory': memory, 'mounts': mounts,
            'writeTask': write('/var/task/x'), 'writeOpt': write('/opt/x'), 'writeTmp': write('/tmp/x'),
            'lsim': sorted(k for k in os.environ if k.startswith('LSIM_'))}
`;
const layer = (text: string): Buffer => makeZip([{ name: 'python/greeting.py', data: `GREETING = ${JSON.stringify(text)}\n` }]);

let home: string;
let server: LambdaServer;
let lambda: LambdaClient;

const sandboxContainers = (): string[] =>
  docker(['ps', '-q', '--no-trunc', '--filter', `label=${LSIM_LABELS.kind}=sandbox`, '--filter', `label=${LSIM_LABELS.home}=${home}`]);
const homeContainers = (): string[] => docker(['ps', '-aq', '--filter', `label=${LSIM_LABELS.home}=${home}`]);
const mountsOfHome = (): string[] =>
  readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => line.split(' ')[4]?.startsWith(home) === true);

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

async function invoke(name: string): Promise<Record<string, unknown>> {
  const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  const body = JSON.parse(Buffer.from(answer.Payload ?? []).toString('utf8')) as Record<string, unknown>;
  if (answer.FunctionError !== undefined) throw new Error(`${name} failed: ${JSON.stringify(body)}`);
  return body;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lsim-sbx-'));
  server = await startServer({
    config: testConfig(home, { LSIM_SANDBOX_POOL: '1' }),
    host: '127.0.0.1',
    port: 0,
    idleTimeoutSeconds: 120,
    maxConcurrency: 2,
  });
  lambda = new LambdaClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  lambda?.destroy();
  await server?.close();
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

describe('pre-provisioned sandboxes', () => {
  it('runs a cold start in a sandbox started before the function existed, exactly as its own container', async () => {
    const arns: string[] = [];
    for (const text of ['first', 'second']) {
      const published = await lambda.send(
        new PublishLayerVersionCommand({ LayerName: `greet-${text}`, Content: { ZipFile: layer(text) } }),
      );
      arns.push(published.LayerVersionArn ?? '');
    }
    const code = makeZip([{ name: 'lambda_function.py', data: HANDLER }]);
    const create = (name: string, extra: object) =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'python3.12',
          Role: ROLE,
          Handler: 'lambda_function.handler',
          Code: { ZipFile: code },
          ...extra,
        }),
      );
    await create('plain', { Layers: [arns[0] ?? ''] });
    // The first cold start of the image finds no sandbox: it starts one for the next.
    const plain = await invoke('plain');
    expect(plain.greeting).toBe('first');
    await waitFor(() => (server.sandboxes?.ready ?? 0) >= 1, 'a ready sandbox');
    const waiting = sandboxContainers();
    expect(waiting).toHaveLength(1);
    await create('pooled', { Layers: arns, MemorySize: 256, Environment: { Variables: { QUOTED: "it's\n$HOME `x`" } } });
    const pooled = await invoke('pooled');
    expect(waiting.some((id) => id.startsWith(String(pooled.host)))).toBe(true);
    expect(String(pooled.host)).not.toBe(plain.host);
    // The later layer wins, as in Lambda; the code, the handler, the working directory are the function's.
    expect(pooled.greeting).toBe('second');
    expect(pooled.task).toEqual(['lambda_function.py']);
    expect(pooled.cwd).toBe('/var/task');
    expect(pooled.handler).toBe('lambda_function.handler');
    expect(pooled.quoted).toBe("it's\n$HOME `x`");
    expect(pooled.memory).toBe(256 * 1024 * 1024);
    expect(pooled.lsim).toEqual([]);
    expect([pooled.writeTask, pooled.writeOpt, pooled.writeTmp]).toEqual(['EROFS', 'EROFS', 'written']);
    // Its mounts name its own sandbox folder only, never another's.
    const own = String(pooled.mounts)
      .split('\n')
      .filter((line) => line.includes('/sandboxes/'));
    const ids = new Set(own.map((line) => /\/sandboxes\/(sbx-[0-9a-f]+)\//.exec(line)?.[1]));
    expect(ids.size).toBe(1);
    // A warm invoke reuses that environment; the sandbox was replaced in the pool.
    expect((await invoke('pooled')).host).toBe(pooled.host);
    await waitFor(() => (server.sandboxes?.ready ?? 0) >= 1, 'a replacement sandbox');
  });

  it('leaves no container and no mount once the server stops, so the home can be removed', async () => {
    await server.close();
    expect(homeContainers()).toEqual([]);
    expect(mountsOfHome()).toEqual([]);
    rmSync(home, { recursive: true });
  });
});
