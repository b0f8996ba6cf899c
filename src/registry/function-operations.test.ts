import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/helpers/make-zip.js';
import { resolveConfig, type LsimConfig } from '../common/config.js';
import type { CreateFunctionRequest } from './api-types.js';
import { LambdaRegistry } from './lambda-registry.js';
import { failure } from '../../test/helpers/failure.js';

let home: string;
let config: LsimConfig;
let registry: LambdaRegistry;
const code = makeZip([{ name: 'index.js', data: 'exports.handler = async () => 1;' }]);
const FN_ARN = 'arn:aws:lambda:us-east-1:123456789012:function';
const LAYER = 'arn:aws:lambda:us-east-1:123456789012:layer';

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lsim-fn-'));
  config = resolveConfig({ home, accountId: '123456789012', region: 'us-east-1', updateDelayMs: 0 }, {});
  registry = LambdaRegistry.open(config);
});
afterEach(() => {
  registry.close();
  rmSync(home, { recursive: true, force: true });
});

const create = (extra: Partial<CreateFunctionRequest> = {}) =>
  registry.createFunction({ FunctionName: 'fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: code }, ...extra });
const publish = async (name: string, data = 'x') =>
  (await registry.publishLayerVersion({ LayerName: name, Content: { ZipFile: makeZip([{ name: `${name}/f`, data }]) } })).LayerVersionArn;

describe('function lifecycle', () => {
  it('creates Pending with Lambda defaults, reads back Active, and has no Layers key without layers', async () => {
    const created = await create();
    expect(created).toMatchObject({
      FunctionName: 'fn',
      FunctionArn: `${FN_ARN}:fn`,
      Role: 'arn:aws:iam::123456789012:role/lsim-fn',
      Description: '',
      Timeout: 3,
      MemorySize: 128,
      Version: '$LATEST',
      State: 'Pending',
      StateReason: 'The function is being created.',
      StateReasonCode: 'Creating',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      EphemeralStorage: { Size: 512 },
      TracingConfig: { Mode: 'PassThrough' },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/fn' },
      CodeSize: code.length,
    });
    expect(created).not.toHaveProperty('LastUpdateStatus');
    expect(created).not.toHaveProperty('Layers');
    expect(created).not.toHaveProperty('Environment');
    expect(created.RuntimeVersionConfig.RuntimeVersionArn).toMatch(/^arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/);
    const read = registry.getFunction({ FunctionName: `${FN_ARN}:fn` });
    // The settled function has a RevisionId of its own (docs/lambda-facts.md#function-states).
    expect(read.Configuration).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' });
    expect(read.Configuration.RevisionId).not.toBe(created.RevisionId);
    expect(read.Code).toEqual({ Location: expect.stringMatching(/^http:\/\/localhost:9001\//), RepositoryType: 'S3' });
    expect(await failure(create)).toEqual({ code: 'ResourceConflictException', message: 'Function already exist: fn' });
  });

  it('lists, updates configuration and code, and deletes', async () => {
    await create();
    await create({ FunctionName: 'other' });
    const page = registry.listFunctions({ MaxItems: 1 });
    expect(page.Functions.map((f) => f.FunctionName)).toEqual(['fn']);
    expect(registry.listFunctions({ Marker: page.NextMarker ?? '' }).Functions.map((f) => f.FunctionName)).toEqual(['other']);
    const before = registry.getFunctionConfiguration({ FunctionName: 'fn' });
    const updated = await registry.updateFunctionConfiguration({
      FunctionName: 'fn',
      Timeout: 30,
      Environment: { Variables: { AB: 'b' } },
    });
    expect(updated).toMatchObject({
      Timeout: 30,
      Environment: { Variables: { AB: 'b' } },
      LastUpdateStatus: 'InProgress',
      LastUpdateStatusReasonCode: 'Creating',
    });
    expect(updated.RevisionId).not.toBe(before.RevisionId);
    expect(await failure(() => registry.updateFunctionConfiguration({ FunctionName: 'fn', RevisionId: before.RevisionId }))).toEqual({
      code: 'PreconditionFailedException',
      message:
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    });
    const newCode = makeZip([{ name: 'index.js', data: 'changed' }]);
    const recoded = await registry.updateFunctionCode({ FunctionName: 'fn', ZipFile: newCode });
    expect(recoded.CodeSize).toBe(newCode.length);
    expect(recoded.Timeout).toBe(30);
    registry.deleteFunction({ FunctionName: 'fn' });
    const missing = { code: 'ResourceNotFoundException', message: `Function not found: ${FN_ARN}:fn` };
    expect(await failure(() => registry.getFunction({ FunctionName: 'fn' }))).toEqual(missing);
    expect(await failure(() => registry.deleteFunction({ FunctionName: 'fn' }))).toEqual(missing);
    expect(await failure(() => registry.updateFunctionCode({ FunctionName: 'fn', ZipFile: newCode }))).toEqual(missing);
    expect((await failure(() => registry.getFunctionConfiguration({ FunctionName: 'other', Qualifier: '3' }))).message).toBe(
      `Function not found: ${FN_ARN}:other:3`,
    );
  });
});

describe('function validation', () => {
  it('rejects runtimes with the enum text, and retired runtimes with the deprecation text', async () => {
    const bad = await failure(() => create({ Runtime: 'nodejs99.x' }));
    expect(bad.code).toBe('InvalidParameterValueException');
    expect(bad.message).toMatch(
      /^Value nodejs99\.x at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs20\.x, .*, java8\.al2\] or be a valid ARN$/,
    );
    expect((await failure(() => create({ Runtime: 'python3.7' }))).message).toBe(
      'The runtime parameter of python3.7 is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.',
    );
  });

  it('enforces the documented numeric limits', async () => {
    expect((await failure(() => create({ Timeout: 901 }))).message).toBe(
      "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
    );
    expect((await failure(() => create({ Timeout: 0 }))).message).toContain('greater than or equal to 1');
    expect((await failure(() => create({ MemorySize: 10241 }))).message).toContain("at 'memorySize'");
    expect((await failure(() => create({ MemorySize: 127 }))).message).toContain("at 'memorySize'");
    expect((await failure(() => create({ EphemeralStorage: { Size: 511 } }))).message).toContain("at 'ephemeralStorage.size'");
    await expect(create({ Timeout: 900, MemorySize: 10240, EphemeralStorage: { Size: 10240 } })).resolves.toBeDefined();
  });

  it('checks environment names, reserved keys and the 4 KB limit', async () => {
    expect(await failure(() => create({ Environment: { Variables: { _X: '1' } } }))).toEqual({
      code: 'ValidationException',
      message:
        "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
    });
    expect(await failure(() => create({ Environment: { Variables: { AWS_REGION: 'x', OK: '1', _HANDLER: 'h' } } }))).toMatchObject({
      code: 'ValidationException',
    });
    expect((await failure(() => create({ Environment: { Variables: { AWS_REGION: 'x', LAMBDA_TASK_ROOT: 'y' } } }))).message).toBe(
      'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION, LAMBDA_TASK_ROOT',
    );
    const big = { BIG: 'v'.repeat(4090) };
    expect((await failure(() => create({ Environment: { Variables: big } }))).message).toBe(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${JSON.stringify(big)}`,
    );
  });

  it('refuses a NUL in a value on create and on update, since no process environment can hold it', async () => {
    const message =
      'Lambda was unable to configure your environment variables because the environment variables you have provided contain a NUL character, which a process environment cannot hold. Keys with a NUL in their value: BAD';
    expect(await failure(() => create({ Environment: { Variables: { OK: '1', BAD: 'a\0b' } } }))).toEqual({
      code: 'InvalidParameterValueException',
      message,
    });
    await create({ Environment: { Variables: { OK: '1' } } });
    expect(
      await failure(() => registry.updateFunctionConfiguration({ FunctionName: 'fn', Environment: { Variables: { BAD: '\0' } } })),
    ).toEqual({ code: 'InvalidParameterValueException', message });
    expect(registry.getFunctionConfiguration({ FunctionName: 'fn' }).Environment?.Variables).toEqual({ OK: '1' });
  });
});

describe('function layers', () => {
  it('attaches layers with CodeSize, replaces the list on update and removes all with []', async () => {
    const a = await publish('a');
    const b = await publish('b');
    const created = await create({ Layers: [a, b] });
    expect(created.Layers?.map((l) => l.Arn)).toEqual([a, b]);
    expect(created.Layers?.[0]?.CodeSize).toBe(registry.getLayerVersionByArn({ Arn: a }).Content.CodeSize);
    const replaced = await registry.updateFunctionConfiguration({ FunctionName: 'fn', Layers: [b] });
    expect(replaced.Layers?.map((l) => l.Arn)).toEqual([b]);
    const cleared = await registry.updateFunctionConfiguration({ FunctionName: 'fn', Layers: [] });
    expect(cleared).not.toHaveProperty('Layers');
  });

  it('reports count, duplicates, missing, unversioned and foreign-region layers exactly', async () => {
    const arns = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => publish(name)));
    expect(await failure(() => create({ Layers: arns }))).toEqual({
      code: 'InvalidParameterValueException',
      message: 'Cannot reference more than 5 layers.',
    });
    const a2 = await publish('a');
    const a3 = await publish('a');
    expect((await failure(() => create({ Layers: [arns[0] ?? '', a2, a3] }))).message).toBe(
      `Two different versions of the same layer are not allowed to be referenced in the same function. ${arns[0]} and ${a2} are versions of the same layer.`,
    );
    expect((await failure(() => create({ Layers: [a2, a2] }))).message).toBe(
      `Two different versions of the same layer are not allowed to be referenced in the same function. ${a2} and ${a2} are versions of the same layer.`,
    );
    expect(await failure(() => create({ Layers: [`${LAYER}:a:99`] }))).toEqual({
      code: 'InvalidParameterValueException',
      message: `Layer version ${LAYER}:a:99 does not exist.`,
    });
    const unversioned = await failure(() => create({ Layers: [`${LAYER}:a`] }));
    expect(unversioned.code).toBe('ValidationException');
    expect(unversioned.message).toMatch(
      new RegExp(
        `^1 validation error detected: Value '\\[${LAYER}:a\\]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: \\[Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: .*, Member must not be null\\]$`,
      ),
    );
    expect((await failure(() => create({ Layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:a:1'] }))).message).toBe(
      'Layers are not in the same region as the function. Layers are expected to be in region us-east-1.',
    );
  });

  it('reports a layer error before a taken function name', async () => {
    const a1 = await publish('a');
    const a2 = await publish('a');
    const six = await Promise.all(['b', 'c', 'd', 'e', 'f', 'g'].map((name) => publish(name)));
    await create();
    const cases: [string[], string][] = [
      [
        ['arn:aws:lambda:eu-west-1:123456789012:layer:a:1'],
        'Layers are not in the same region as the function. Layers are expected to be in region us-east-1.',
      ],
      [[`${LAYER}:a:99`], `Layer version ${LAYER}:a:99 does not exist.`],
      [six, 'Cannot reference more than 5 layers.'],
      [
        [a1, a2],
        `Two different versions of the same layer are not allowed to be referenced in the same function. ${a1} and ${a2} are versions of the same layer.`,
      ],
    ];
    for (const [layers, message] of cases) {
      expect(await failure(() => create({ Layers: layers }))).toEqual({ code: 'InvalidParameterValueException', message });
    }
    expect((await failure(() => create())).code).toBe('ResourceConflictException');
  });

  it('keeps a deleted version on the function and still resolves its blob, but will not attach it again', async () => {
    const a = await publish('a');
    await create({ Layers: [a] });
    registry.deleteLayerVersion({ LayerName: 'a', VersionNumber: 1 });
    registry.collectGarbage();
    const resolved = registry.resolveFunction({ FunctionName: 'fn' });
    expect(resolved.layers.map((l) => l.arn)).toEqual([a]);
    const { existsSync } = await import('node:fs');
    expect(existsSync(resolved.layers[0]?.zipPath ?? '')).toBe(true);
    expect(existsSync(resolved.codeZipPath)).toBe(true);
    expect((await registry.updateFunctionConfiguration({ FunctionName: 'fn', Timeout: 9 })).Layers?.map((l) => l.Arn)).toEqual([a]);
    expect((await failure(() => registry.updateFunctionConfiguration({ FunctionName: 'fn', Layers: [a] }))).message).toBe(
      `Layer version ${a} does not exist.`,
    );
    expect((await failure(() => create({ FunctionName: 'g', Layers: [a] }))).message).toBe(`Layer version ${a} does not exist.`);
  });

  it('allows another account’s version only when its policy grants the caller, * or * within the caller’s org', async () => {
    const owner = LambdaRegistry.open({ ...config, accountId: '210987654321' });
    try {
      const foreign = await owner.publishLayerVersion({ LayerName: 'shared', Content: { ZipFile: makeZip([{ name: 'x', data: 'x' }]) } });
      const arn = foreign.LayerVersionArn;
      expect(await failure(() => create({ Layers: [arn] }))).toEqual({
        code: 'AccessDeniedException',
        message: `User: arn:aws:iam::123456789012:root is not authorized to perform: lambda:GetLayerVersion on resource: ${arn} because no resource-based policy allows the lambda:GetLayerVersion action`,
      });
      const ref = { LayerName: 'shared', VersionNumber: 1, Action: 'lambda:GetLayerVersion' };
      owner.addLayerVersionPermission({ ...ref, StatementId: 'org', Principal: '*', OrganizationId: 'o-aaaaaaaaaa' });
      expect((await failure(() => create({ Layers: [arn] }))).code).toBe('AccessDeniedException');
      const inOrg = LambdaRegistry.open({ ...config, orgId: 'o-aaaaaaaaaa' });
      try {
        expect(
          (
            await inOrg.createFunction({
              FunctionName: 'in-org',
              Runtime: 'nodejs20.x',
              Handler: 'h',
              Code: { ZipFile: code },
              Layers: [arn],
            })
          ).Layers?.[0]?.Arn,
        ).toBe(arn);
      } finally {
        inOrg.close();
      }
      owner.addLayerVersionPermission({ ...ref, StatementId: 'me', Principal: '123456789012' });
      expect((await create({ Layers: [arn] })).Layers?.[0]?.Arn).toBe(arn);
      expect(registry.getLayerVersionByArn({ Arn: arn }).Version).toBe(1);
      owner.removeLayerVersionPermission({ LayerName: 'shared', VersionNumber: 1, StatementId: 'me' });
      owner.addLayerVersionPermission({ ...ref, StatementId: 'all', Principal: '*' });
      expect((await create({ FunctionName: 'g', Layers: [arn] })).Layers?.[0]?.Arn).toBe(arn);
    } finally {
      owner.close();
    }
  });

  it('rejects function plus layers over 262144000 unzipped bytes with the actual size', async () => {
    const big = Buffer.alloc(140_000_000);
    const layer = await registry.publishLayerVersion({ LayerName: 'big', Content: { ZipFile: makeZip([{ name: 'big', data: big }]) } });
    const fnZip = makeZip([{ name: 'big', data: big.subarray(0, 130_000_000) }]);
    const error = await failure(() => create({ Code: { ZipFile: fnZip }, Layers: [layer.LayerVersionArn] }));
    expect(error).toEqual({
      code: 'InvalidParameterValueException',
      message:
        'Function code combined with layers exceeds the maximum allowed size of 262144000 bytes. The actual size is 270000000 bytes.',
    });
    await create({ Code: { ZipFile: fnZip } });
    expect(
      (await failure(() => registry.updateFunctionConfiguration({ FunctionName: 'fn', Layers: [layer.LayerVersionArn] }))).message,
    ).toContain('The actual size is 270000000 bytes.');
  });
});
