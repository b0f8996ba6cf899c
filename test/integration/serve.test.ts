import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddLayerVersionPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteLayerVersionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LSIM_LABELS } from '../../src/engine/container-engine.js';
import type { LambdaServer } from '../../src/server/lambda-server.js';
import { startServer } from '../../src/composition/serve-services.js';
import { makeZip } from '../helpers/make-zip.js';
import { docker, testConfig } from '../helpers/test-engine.js';

// A real server in this process on a temp LSIM_HOME, driven through the real SDK as two accounts.
const ACCOUNT_A = '111111111111';
const ACCOUNT_B = '222222222222';
const ROLE = `arn:aws:iam::${ACCOUNT_A}:role/lambda-role`;

const HANDLER = `
import json, os, time
import greeting
def handler(event, context):
    if event.get('fail'):
        raise ValueError('boom')
    if event.get('sleep'):
        time.sleep(event['sleep'])
    print('handled', context.aws_request_id)
    return {'echo': event, 'greeting': greeting.GREETING, 'env': os.environ.get('MODE'),
            'clientContext': context.client_context.custom if context.client_context else None}
`;
const codeZip = makeZip([{ name: 'lambda_function.py', data: HANDLER }]);
const layerZip = (text: string): Buffer => makeZip([{ name: 'python/greeting.py', data: `GREETING = ${JSON.stringify(text)}\n` }]);

let home: string;
let server: LambdaServer;
let a: LambdaClient;
let b: LambdaClient;
const logs: string[] = [];

const client = (accessKeyId: string): LambdaClient =>
  new LambdaClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'x' },
    maxAttempts: 1,
  });

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected a rejection');
}

const decode = (bytes: Uint8Array | undefined): unknown => JSON.parse(Buffer.from(bytes ?? []).toString('utf8'));
const tail = (logResult: string | undefined): string => Buffer.from(logResult ?? '', 'base64').toString('utf8');

function containersOfHome(): string[] {
  return docker(['ps', '-aq', '--filter', `label=${LSIM_LABELS.managed}`, '--filter', `label=${LSIM_LABELS.home}=${home}`]);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lsim-serve-'));
  const config = testConfig(home);
  server = await startServer({
    config,
    host: '127.0.0.1',
    port: 0,
    idleTimeoutSeconds: 120,
    maxConcurrency: 2,
    onLog: (line) => logs.push(line),
  });
  a = client(ACCOUNT_A);
  b = client(ACCOUNT_B);
});

afterAll(async () => {
  a?.destroy();
  b?.destroy();
  await server?.close();
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

describe('lsim serve through @aws-sdk/client-lambda', () => {
  let layerV1Arn = '';

  it('publishes, reads, lists and downloads layer versions', async () => {
    const zip = layerZip('hello');
    const published = await a.send(
      new PublishLayerVersionCommand({ LayerName: 'greet', Content: { ZipFile: zip }, CompatibleRuntimes: ['python3.12'] }),
    );
    expect(published.$metadata.httpStatusCode).toBe(201);
    expect(published.LayerVersionArn).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT_A}:layer:greet:1`);
    layerV1Arn = published.LayerVersionArn ?? '';

    const location = published.Content?.Location ?? '';
    expect(location.startsWith(`${server.url}/lsim/blobs/`)).toBe(true);
    const download = await fetch(location);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(zip)).toBe(true);
    const forged = await fetch(location.replace(/signature=[0-9a-f]{4}/, 'signature=0000'));
    expect(forged.status).toBe(403);
    const expired = new URL(location);
    expired.searchParams.set('expires', '1000');
    expect((await fetch(expired)).status).toBe(403);

    const byName = await a.send(new GetLayerVersionCommand({ LayerName: 'greet', VersionNumber: 1 }));
    expect(byName.Content?.CodeSha256).toBe(published.Content?.CodeSha256);
    const byArn = await a.send(new GetLayerVersionByArnCommand({ Arn: layerV1Arn }));
    expect(byArn.Version).toBe(1);
    await a.send(new PublishLayerVersionCommand({ LayerName: 'greet', Content: { ZipFile: layerZip('v2') } }));
    const versions = await a.send(new ListLayerVersionsCommand({ LayerName: 'greet' }));
    expect(versions.LayerVersions?.map((v) => v.Version)).toEqual([2, 1]);
    const layers = await a.send(new ListLayersCommand({ CompatibleRuntime: 'python3.12' }));
    expect(layers.Layers?.map((l) => l.LayerName)).toEqual(['greet']);
    expect((await b.send(new ListLayersCommand({}))).Layers).toEqual([]);
    const deleted = await a.send(new DeleteLayerVersionCommand({ LayerName: 'greet', VersionNumber: 2 }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
  });

  it('surfaces errors as the typed exceptions with Lambda texts', async () => {
    expect(await rejection(a.send(new GetLayerVersionCommand({ LayerName: 'greet', VersionNumber: 9 })))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
      status: 404,
    });
    const six = Array.from({ length: 6 }, (_, i) => `arn:aws:lambda:us-east-1:${ACCOUNT_A}:layer:l${i}:1`);
    expect(
      await rejection(
        a.send(
          new CreateFunctionCommand({
            FunctionName: 'f',
            Runtime: 'python3.12',
            Handler: 'h.h',
            Role: ROLE,
            Code: { ZipFile: codeZip },
            Layers: six,
          }),
        ),
      ),
    ).toEqual({ name: 'InvalidParameterValueException', message: 'Cannot reference more than 5 layers.', status: 400 });
    const missing = await rejection(a.send(new GetFunctionCommand({ FunctionName: 'nope' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toBe(`Function not found: arn:aws:lambda:us-east-1:${ACCOUNT_A}:function:nope`);
    const bad = await rejection(a.send(new GetLayerVersionCommand({ LayerName: 'greet', VersionNumber: 0 })));
    expect(bad).toMatchObject({ name: 'InvalidParameterValueException', message: 'Layer Version Cannot be less than 1' });
  });

  it('answers unknown routes with an UnsupportedOperation error, not a crash', async () => {
    const response = await fetch(`${server.url}/2015-03-31/functions/f/policy`, { method: 'GET' });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnsupportedOperation');
    expect(await response.json()).toEqual({ Type: 'User', Message: 'lsim serve does not implement GET /2015-03-31/functions/f/policy.' });
  });

  it('lets a second account use a layer only after AddLayerVersionPermission', async () => {
    const create = (): Promise<unknown> =>
      b.send(
        new CreateFunctionCommand({
          FunctionName: 'cross',
          Runtime: 'python3.12',
          Handler: 'lambda_function.handler',
          Role: ROLE,
          Code: { ZipFile: codeZip },
          Layers: [layerV1Arn],
        }),
      );
    const denied = await rejection(create());
    expect(denied).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      message: `User: arn:aws:iam::${ACCOUNT_B}:root is not authorized to perform: lambda:GetLayerVersion on resource: ${layerV1Arn} because no resource-based policy allows the lambda:GetLayerVersion action`,
    });
    const granted = await a.send(
      new AddLayerVersionPermissionCommand({
        LayerName: 'greet',
        VersionNumber: 1,
        StatementId: 'b',
        Action: 'lambda:GetLayerVersion',
        Principal: ACCOUNT_B,
      }),
    );
    expect(granted.$metadata.httpStatusCode).toBe(201);
    expect(JSON.parse(granted.Statement ?? '{}').Principal).toEqual({ AWS: `arn:aws:iam::${ACCOUNT_B}:root` });
    const policy = await a.send(new GetLayerVersionPolicyCommand({ LayerName: 'greet', VersionNumber: 1 }));
    expect(policy.RevisionId).toBe(granted.RevisionId);
    const created = (await create()) as { FunctionArn?: string; $metadata: { httpStatusCode?: number } };
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.FunctionArn).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT_B}:function:cross`);
    const invoked = await b.send(new InvokeCommand({ FunctionName: 'cross', Payload: Buffer.from('{"x":1}') }));
    expect(decode(invoked.Payload)).toMatchObject({ greeting: 'hello', echo: { x: 1 } });
    const removed = await a.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'greet', VersionNumber: 1, StatementId: 'b' }));
    expect(removed.$metadata.httpStatusCode).toBe(204);
  });

  it('runs the function operations', async () => {
    const created = await a.send(
      new CreateFunctionCommand({
        FunctionName: 'fn',
        Runtime: 'python3.12',
        Handler: 'lambda_function.handler',
        Role: ROLE,
        Code: { ZipFile: codeZip },
        Layers: [layerV1Arn],
        Environment: { Variables: { MODE: 'one' } },
        Timeout: 5,
      }),
    );
    expect(created.State).toBe('Pending');
    const fn = await a.send(new GetFunctionCommand({ FunctionName: 'fn' }));
    const code = await fetch(fn.Code?.Location ?? '');
    expect(Buffer.from(await code.arrayBuffer()).equals(codeZip)).toBe(true);
    expect((await a.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn' }))).Layers?.[0]?.Arn).toBe(layerV1Arn);
    expect((await a.send(new ListFunctionsCommand({}))).Functions?.map((f) => f.FunctionName)).toEqual(['fn']);
  });

  it('invokes warm after cold, with Tail logs, errors, Event and DryRun', async () => {
    const cold = await a.send(new InvokeCommand({ FunctionName: 'fn', Payload: Buffer.from('{"n":1}'), LogType: 'Tail' }));
    expect(cold.StatusCode).toBe(200);
    expect(cold.ExecutedVersion).toBe('$LATEST');
    expect(decode(cold.Payload)).toMatchObject({ echo: { n: 1 }, greeting: 'hello', env: 'one' });
    expect(tail(cold.LogResult)).toContain('Init Duration');

    const started = performance.now();
    const warm = await a.send(
      new InvokeCommand({
        FunctionName: 'fn',
        Payload: Buffer.from('{"n":2}'),
        LogType: 'Tail',
        ClientContext: Buffer.from(JSON.stringify({ custom: { k: 'v' } })).toString('base64'),
      }),
    );
    const warmMs = performance.now() - started;
    expect(decode(warm.Payload)).toMatchObject({ echo: { n: 2 }, clientContext: { k: 'v' } });
    expect(tail(warm.LogResult)).toMatch(/REPORT RequestId: /);
    expect(tail(warm.LogResult)).not.toContain('Init Duration');
    expect(warmMs).toBeLessThan(500);
    expect(server.pool.size).toBeGreaterThanOrEqual(1);

    const failed = await a.send(new InvokeCommand({ FunctionName: 'fn', Payload: Buffer.from('{"fail":true}') }));
    expect(failed.FunctionError).toBe('Unhandled');
    expect(decode(failed.Payload)).toMatchObject({ errorType: 'ValueError', errorMessage: 'boom' });

    const dry = await a.send(new InvokeCommand({ FunctionName: 'fn', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
    const event = await a.send(new InvokeCommand({ FunctionName: 'fn', InvocationType: 'Event', Payload: Buffer.from('{"event":"yes"}') }));
    expect(event.StatusCode).toBe(202);
    await expect
      .poll(() => logs.some((line) => line.includes('END RequestId')) && logs.filter((l) => l.startsWith('REPORT')).length >= 5, {
        timeout: 30_000,
      })
      .toBe(true);

    const notJson = await rejection(a.send(new InvokeCommand({ FunctionName: 'fn', Payload: Buffer.from('not json') })));
    expect(notJson.name).toBe('InvalidRequestContentException');
    const tooBig = await rejection(a.send(new InvokeCommand({ FunctionName: 'fn', Payload: Buffer.alloc(6_300_000, 0x20) })));
    expect(tooBig).toMatchObject({ status: 413, message: 'Request must be smaller than 6291556 bytes for the Invoke operation' });
  });

  it('limits concurrency per function and retires environments on a configuration change', async () => {
    const sleepy = (): Promise<unknown> => a.send(new InvokeCommand({ FunctionName: 'fn', Payload: Buffer.from('{"sleep":1.5}') }));
    const outcomes = await Promise.allSettled([sleepy(), sleepy(), sleepy()]);
    const throttled = outcomes.filter((o) => o.status === 'rejected');
    expect(throttled).toHaveLength(1);
    const reason = (throttled[0] as PromiseRejectedResult).reason as { name: string; message: string; Reason?: string };
    expect(reason.name).toBe('TooManyRequestsException');
    expect(reason.message).toBe('Rate Exceeded.');
    expect(reason.Reason).toBe('ConcurrentInvocationLimitExceeded');

    await a.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Environment: { Variables: { MODE: 'two' } } }));
    const changed = await a.send(new InvokeCommand({ FunctionName: 'fn', Payload: Buffer.from('{}'), LogType: 'Tail' }));
    expect(decode(changed.Payload)).toMatchObject({ env: 'two' });
    expect(tail(changed.LogResult)).toContain('Init Duration');

    const timedOut = await a.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Timeout: 1 }));
    expect(timedOut.Timeout).toBe(1);
    const slow = await a.send(new InvokeCommand({ FunctionName: 'fn', Payload: Buffer.from('{"sleep":3}') }));
    expect(slow.FunctionError).toBe('Unhandled');
    expect(decode(slow.Payload)).toMatchObject({ errorType: 'Sandbox.Timedout' });
    const after = await a.send(new InvokeCommand({ FunctionName: 'fn', Payload: Buffer.from('{}'), LogType: 'Tail' }));
    expect(tail(after.LogResult)).toContain('Init Duration');

    const updated = await a.send(new UpdateFunctionCodeCommand({ FunctionName: 'fn', ZipFile: codeZip }));
    expect(updated.CodeSha256).toBe(created256());
    const gone = await a.send(new DeleteFunctionCommand({ FunctionName: 'fn' }));
    expect(gone.$metadata.httpStatusCode).toBe(204);
  });

  it('answers the real aws CLI', async () => {
    try {
      execFileSync('aws', ['--version'], { stdio: 'pipe' });
    } catch (error) {
      throw new Error('This test drives the real aws CLI: install it (Debian: apt-get install awscli; .ci/run does).', { cause: error });
    }
    // Asynchronous: the server runs in this process, a synchronous child would block it.
    const env = { ...process.env, AWS_ACCESS_KEY_ID: ACCOUNT_A, AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1' };
    const aws = (...args: string[]): Promise<unknown> =>
      promisify(execFile)('aws', ['lambda', ...args, '--endpoint-url', server.url], { env }).then(({ stdout }) => JSON.parse(stdout));
    expect(await aws('list-layers')).toMatchObject({ Layers: [{ LayerName: 'greet' }] });
    expect(await aws('get-layer-version', '--layer-name', 'greet', '--version-number', '1')).toMatchObject({ Version: 1 });
    const failure = await aws('get-layer-version', '--layer-name', 'greet', '--version-number', '7').catch(
      (e: { stderr: string }) => e.stderr,
    );
    expect(failure).toContain(
      'An error occurred (ResourceNotFoundException) when calling the GetLayerVersion operation: The resource you requested does not exist.',
    );
  });

  it('removes every container when the server stops', async () => {
    const layer = await a.send(new PublishLayerVersionCommand({ LayerName: 'last-layer', Content: { ZipFile: layerZip('bye') } }));
    await a.send(
      new CreateFunctionCommand({
        FunctionName: 'last',
        Runtime: 'python3.12',
        Handler: 'lambda_function.handler',
        Role: ROLE,
        Code: { ZipFile: codeZip },
        Layers: [layer.LayerVersionArn ?? ''],
      }),
    );
    expect((await a.send(new InvokeCommand({ FunctionName: 'last', Payload: Buffer.from('{}') }))).StatusCode).toBe(200);
    expect(containersOfHome().length).toBeGreaterThan(0);
    await server.close();
    expect(containersOfHome()).toEqual([]);
  });
});

function created256(): string {
  return createHash('sha256').update(codeZip).digest('base64');
}
