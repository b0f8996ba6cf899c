import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { inProcessLsim } from '../helpers/cli-in-process.js';
import { makeZip } from '../helpers/make-zip.js';

/** The version, alias and account commands in-process against a fresh LSIM_HOME; no Docker involved. */
let dir: string;
let env: Record<string, string>;
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:fn';

const { lsim, lsimJson } = inProcessLsim(() => ({ env, cwd: dir }));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lsim-cli-versions-'));
  env = { LSIM_HOME: join(dir, 'home'), HOME: dir, LSIM_UPDATE_DELAY_MS: '0' };
  writeFileSync(join(dir, 'fn.zip'), makeZip([{ name: 'app.py', data: 'def handler(e, c):\n    return 1\n' }]));
  writeFileSync(join(dir, 'fn2.zip'), makeZip([{ name: 'app.py', data: 'def handler(e, c):\n    return 2\n' }]));
  const create = ['--function-name', 'fn', '--runtime', 'python3.12', '--handler', 'app.handler', '--zip-file', 'fileb://fn.zip'];
  await lsimJson('create-function', ...create);
});

describe('lsim versions and aliases', () => {
  it('publishes, lists, reads and deletes versions with --qualifier', async () => {
    expect(await lsimJson('publish-version', '--function-name', 'fn', '--description', 'one')).toMatchObject({
      FunctionArn: `${FN}:1`,
      Version: '1',
      Description: 'one',
    });
    await lsimJson('update-function-code', '--function-name', 'fn', '--zip-file', 'fileb://fn2.zip');
    await lsimJson('publish-version', '--function-name', 'fn');
    const listed = await lsimJson('list-versions-by-function', '--function-name', 'fn', '--max-items', '2');
    expect((listed.Versions as { Version: string }[]).map((version) => version.Version)).toEqual(['$LATEST', '1']);
    expect(typeof listed.NextToken).toBe('string');
    const one = await lsimJson('get-function-configuration', '--function-name', 'fn', '--qualifier', '1');
    expect(one).toMatchObject({ Version: '1', Description: 'one' });
    // aws CLI v2 prints DeleteFunction's 204 as {"StatusCode": 204} (docs/aws-cli-output.md).
    expect(await lsim('delete-function', '--function-name', 'fn', '--qualifier', '1')).toEqual({
      code: 0,
      stdout: '{\n    "StatusCode": 204\n}\n',
      stderr: '',
    });
    const missing = await lsim('get-function', '--function-name', 'fn', '--qualifier', '1');
    expect(missing.code).toBe(254);
    expect(missing.stderr).toBe(
      `\nlsim: [ERROR]: An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: ${FN}:1\n\nAdditional error details:\nType: User\n`,
    );
  });

  it('publishes with --publish on create-function and update-function-code, not with --no-publish', async () => {
    const create = ['--runtime', 'python3.12', '--handler', 'app.handler', '--zip-file', 'fileb://fn.zip'];
    const created = await lsimJson('create-function', '--function-name', 'pub', ...create, '--publish');
    const PUB = FN.replace(/fn$/, 'pub');
    // CreateFunction keeps the unqualified ARN; UpdateFunctionCode names the version in it (docs/lambda-facts.md).
    expect(created).toMatchObject({ FunctionArn: PUB, Version: '1', State: 'Pending' });
    const updated = await lsimJson('update-function-code', '--function-name', 'pub', '--zip-file', 'fileb://fn.zip', '--publish');
    expect(updated).toMatchObject({ FunctionArn: `${PUB}:2`, Version: '2', LastUpdateStatus: 'InProgress' });
    const notPublished = await lsimJson('update-function-code', '--function-name', 'pub', '--zip-file', 'fileb://fn2.zip', '--no-publish');
    expect(notPublished).toMatchObject({ FunctionArn: PUB, Version: '$LATEST' });
    const listed = await lsimJson('list-versions-by-function', '--function-name', 'pub');
    expect((listed.Versions as { Version: string; CodeSha256: string }[]).map((version) => version.Version)).toEqual(['$LATEST', '1', '2']);
    const viaInput = await lsimJson(
      'create-function',
      '--cli-input-json',
      JSON.stringify({ FunctionName: 'pub2', Publish: true }),
      ...create,
    );
    expect(viaInput).toMatchObject({ Version: '1' });
  });

  it('creates, updates, lists and deletes aliases, routing config in shorthand', async () => {
    await lsimJson('publish-version', '--function-name', 'fn');
    await lsimJson('update-function-code', '--function-name', 'fn', '--zip-file', 'fileb://fn2.zip');
    await lsimJson('publish-version', '--function-name', 'fn');
    const alias = await lsimJson(
      'create-alias',
      '--function-name',
      'fn',
      '--name',
      'live',
      '--function-version',
      '1',
      '--routing-config',
      'AdditionalVersionWeights={2=0.25}',
    );
    expect(alias).toEqual({
      AliasArn: `${FN}:live`,
      Name: 'live',
      FunctionVersion: '1',
      Description: '',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.25 } },
      RevisionId: expect.any(String),
    });
    expect(await lsimJson('get-alias', '--function-name', 'fn', '--name', 'live')).toEqual(alias);
    const updated = await lsimJson(
      'update-alias',
      '--function-name',
      'fn',
      '--name',
      'live',
      '--routing-config',
      '{}',
      '--description',
      'x',
    );
    expect(updated).not.toHaveProperty('RoutingConfig');
    expect(await lsimJson('list-aliases', '--function-name', 'fn', '--function-version', '1')).toMatchObject({
      Aliases: [{ Name: 'live', Description: 'x' }],
    });
    expect(await lsim('delete-alias', '--function-name', 'fn', '--name', 'live')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await lsimJson('list-aliases', '--function-name', 'fn')).toEqual({ Aliases: [] });
  });

  it('reports account settings', async () => {
    const settings = await lsimJson('get-account-settings');
    expect(settings).toMatchObject({
      AccountLimit: { TotalCodeSize: 80530636800, ConcurrentExecutions: 1000 },
      AccountUsage: { FunctionCount: 1 },
    });
  });
});

describe('aws CLI options lsim does not simulate', () => {
  it('fail by name with exit 252 and change nothing', async () => {
    const result = await lsim(
      'update-function-configuration',
      '--function-name',
      'fn',
      '--tracing-config',
      'Mode=Active',
      '--timeout',
      '9',
    );
    expect(result).toEqual({
      code: 252,
      stdout: '',
      stderr:
        '\nlsim: [ERROR]: An error occurred (ParamValidation): lsim does not simulate --tracing-config (TracingConfig) of ' +
        'UpdateFunctionConfiguration: see docs/aws-cli-output.md#options-lsim-does-not-simulate\n',
    });
    expect(await lsimJson('get-function-configuration', '--function-name', 'fn')).toMatchObject({ Timeout: 3 });
  });
});
