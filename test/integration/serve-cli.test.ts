import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LsimHome } from '../helpers/lsim-home.js';
import { serveChild, type Served } from '../helpers/serve-child.js';
import { makeZip } from '../helpers/make-zip.js';

/**
 * `lsim serve` as users run it: the built CLI in a child process on port 0 (it prints the bound
 * address on stderr), one warm container, then Ctrl-C (SIGINT) or SIGTERM: the process exits (status 0)
 * itself and no container of its LSIM_HOME is left, idle or busy.
 */
const HANDLER = `export const handler = async (event) => {
  if (event.sleep) await new Promise((resolve) => setTimeout(resolve, event.sleep * 1000));
  return { ok: true };
};
`;

let lsim: LsimHome;
const clients: LambdaClient[] = [];

const serve = (...extra: string[]): Promise<Served> => serveChild(lsim.home, ...extra);

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
