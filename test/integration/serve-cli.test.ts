import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LsimHome } from '../helpers/lsim-home.js';
import { childEnv } from '../helpers/test-engine.js';
import { makeZip } from '../helpers/make-zip.js';

/**
 * `lsim serve` as users run it: the built CLI in a child process on port 0 (it prints the bound
 * address on stderr), one warm container, then Ctrl-C (SIGINT) or SIGTERM: the process exits (status 0)
 * itself and no container of its LSIM_HOME is left, idle or busy.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const HANDLER = `export const handler = async (event) => {
  if (event.sleep) await new Promise((resolve) => setTimeout(resolve, event.sleep * 1000));
  return { ok: true };
};
`;

let lsim: LsimHome;
const clients: LambdaClient[] = [];

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stderr: () => string;
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
}

async function serve(): Promise<Served> {
  const child = spawn(process.execPath, [join(REPO, 'bin/lsim.js'), 'serve', '--port', '0'], {
    env: childEnv(lsim.home),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lsim serve did not print its address:\n${stderr}`)), 30_000);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(stderr);
      if (match?.[1] !== undefined && match[2] !== '0') {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(([code]) => reject(new Error(`lsim serve exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

function lambdaAt(url: string): LambdaClient {
  const client = new LambdaClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  lsim = new LsimHome('lsim-it-serve-cli-');
  await lsim.registry.createFunction({
    FunctionName: 'warm',
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: 'arn:aws:iam::123456789012:role/r',
    Code: { ZipFile: makeZip([{ name: 'index.mjs', data: HANDLER }]) },
  });
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(() => lsim?.dispose());

describe('lsim serve from the CLI', () => {
  it('stops on Ctrl-C (SIGINT) and removes its warm container', async () => {
    const served = await serve();
    const lambda = lambdaAt(served.url);
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'warm', Payload: Buffer.from('{}') }));
    expect(JSON.parse(Buffer.from(result.Payload ?? []).toString('utf8'))).toEqual({ ok: true });
    expect(lsim.leftoverContainers()).toHaveLength(1);

    served.child.kill('SIGINT');
    const [code] = await served.exited;
    expect(code, served.stderr()).toBe(0);
    expect(served.stderr()).toContain('lsim serve: stopping, removing containers...');
    expect(lsim.leftoverContainers()).toEqual([]);
  });

  it('stops on SIGTERM during an invoke, failing it, and removes the busy container', async () => {
    const served = await serve();
    const lambda = lambdaAt(served.url);
    await lambda.send(new InvokeCommand({ FunctionName: 'warm', Payload: Buffer.from('{}') }));
    const slow = lambda.send(new InvokeCommand({ FunctionName: 'warm', Payload: Buffer.from('{"sleep": 30}') })).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    served.child.kill('SIGTERM');
    const [code] = await served.exited;
    expect(code, served.stderr()).toBe(0);
    expect(await slow).toBe('failed');
    expect(lsim.leftoverContainers()).toEqual([]);
  });
});
