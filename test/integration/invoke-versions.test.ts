import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';
import { LSIM_LABELS } from '../../src/engine/container-engine.js';
import { Lsim } from '../../src/lsim.js';
import { LambdaRegistry } from '../../src/registry/lambda-registry.js';
import type { LambdaServer } from '../../src/server/lambda-server.js';
import { startServer } from '../../src/composition/serve-services.js';
import { makeZip } from '../helpers/make-zip.js';
import { childEnv, docker, testConfig } from '../helpers/test-engine.js';

// A published version keeps the code and layers it was published with, through the real SDK and the
// warm pool: after $LATEST moved on and after its layer version was deleted, and through an alias.
const ACCOUNT = '111111111111';
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:versioned`;
const DELAY_MS = 300;

const handler = (code: string): string => `
import greeting
def handler(event, context):
    return {'code': ${JSON.stringify(code)}, 'greeting': greeting.GREETING,
            'version': context.function_version, 'invoked': context.invoked_function_arn}
`;
const codeZip = (code: string): Buffer => makeZip([{ name: 'lambda_function.py', data: handler(code) }]);
const layerZip = (text: string): Buffer => makeZip([{ name: 'python/greeting.py', data: `GREETING = ${JSON.stringify(text)}\n` }]);

let home: string;
let server: LambdaServer;
let lambda: LambdaClient;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lsim-versions-'));
  // A real window this time: the test waits for Active and Successful as an SDK user would.
  const config = testConfig(home, { LSIM_UPDATE_DELAY_MS: String(DELAY_MS) });
  server = await startServer({ config, host: '127.0.0.1', port: 0, idleTimeoutSeconds: 120, maxConcurrency: 2 });
  lambda = new LambdaClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  lambda?.destroy();
  await server?.close();
  if (home !== undefined) {
    const left = docker(['ps', '-aq', '--filter', `label=${LSIM_LABELS.managed}`, '--filter', `label=${LSIM_LABELS.home}=${home}`]);
    rmSync(home, { recursive: true, force: true });
    expect(left).toEqual([]);
  }
});

/** Polls as the SDK's function-updated waiters do, but every 50 ms. */
async function settled(): Promise<void> {
  for (let tries = 0; tries < 100; tries += 1) {
    const state = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'versioned' }));
    if (state.State === 'Active' && state.LastUpdateStatus === 'Successful') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the function never settled');
}

async function invoke(functionName: string, qualifier?: string): Promise<{ executed: string | undefined; body: Record<string, string> }> {
  const result = await lambda.send(new InvokeCommand({ FunctionName: functionName, Qualifier: qualifier, Payload: Buffer.from('{}') }));
  expect(result.FunctionError).toBeUndefined();
  return {
    executed: result.ExecutedVersion,
    body: JSON.parse(Buffer.from(result.Payload ?? []).toString('utf8')) as Record<string, string>,
  };
}

describe('function versions on the real engine', () => {
  it('runs version 1 with its own code and deleted layer after $LATEST changed, and through an alias', async () => {
    const layer1 = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'greet', Content: { ZipFile: layerZip('hello v1') } }));
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'versioned',
        Runtime: 'python3.12',
        Handler: 'lambda_function.handler',
        Role: `arn:aws:iam::${ACCOUNT}:role/r`,
        Code: { ZipFile: codeZip('one') },
        Layers: [layer1.LayerVersionArn ?? ''],
      }),
    );
    // Lambda does not invoke a Pending function.
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'versioned' }))).rejects.toMatchObject({
      name: 'ResourceConflictException',
      message: 'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    });
    await settled();
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned', Description: 'first' }));
    expect(v1).toMatchObject({ Version: '1', FunctionArn: `${FN}:1` });
    expect(await invoke('versioned', '1')).toEqual({
      executed: '1',
      body: { code: 'one', greeting: 'hello v1', version: '1', invoked: `${FN}:1` },
    });

    const layer2 = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'greet', Content: { ZipFile: layerZip('hello v2') } }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'versioned', Layers: [layer2.LayerVersionArn ?? ''] }));
    await expect(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'versioned', ZipFile: codeZip('two') }))).rejects.toMatchObject({
      name: 'ResourceConflictException',
      message: `The operation cannot be performed at this time. An update is in progress for resource: ${FN}`,
    });
    await settled();
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'versioned', ZipFile: codeZip('two') }));
    await settled();
    await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'greet', VersionNumber: 1 }));

    expect(await invoke('versioned')).toEqual({
      executed: '$LATEST',
      body: { code: 'two', greeting: 'hello v2', version: '$LATEST', invoked: FN },
    });
    // Version 1 is served by an environment of its own, with the code and layer it was published with.
    expect(await invoke('versioned', '1')).toEqual({
      executed: '1',
      body: { code: 'one', greeting: 'hello v1', version: '1', invoked: `${FN}:1` },
    });
    await lambda.send(new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '1' }));
    expect(await invoke('versioned:live')).toEqual({
      executed: '1',
      body: { code: 'one', greeting: 'hello v1', version: '1', invoked: `${FN}:live` },
    });
    expect((await invoke(`${FN}:$LATEST`)).body.code).toBe('two');
  });

  it('runs a version through the library and `lsim invoke --qualifier` on the same home (cold, from the blob store)', async () => {
    const config = testConfig(home, { LSIM_ACCOUNT_ID: ACCOUNT });
    const library = new Lsim(config, LambdaRegistry.open(config));
    try {
      const result = await library.invoke({ FunctionName: 'versioned', Qualifier: 'live' });
      expect(result.ExecutedVersion).toBe('1');
      expect(JSON.parse(Buffer.from(result.Payload).toString('utf8'))).toMatchObject({ code: 'one', greeting: 'hello v1' });
    } finally {
      library.close();
    }
    const output = new CapturedOutput();
    const args = ['invoke', '--function-name', 'versioned', '--qualifier', '1', 'out.json'];
    const code = await main(args, { output, env: childEnv(home, { LSIM_ACCOUNT_ID: ACCOUNT }), cwd: home });
    expect(code).toBe(0);
    expect(JSON.parse(output.stdout)).toEqual({ StatusCode: 200, ExecutedVersion: '1' });
    expect(JSON.parse(readFileSync(join(home, 'out.json'), 'utf8'))).toMatchObject({ code: 'one', greeting: 'hello v1', version: '1' });
  });
});
