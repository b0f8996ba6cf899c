import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/helpers/make-zip.js';
import { resolveConfig, type LsimConfig } from '../common/config.js';
import { LambdaRegistry } from './lambda-registry.js';
import { MIGRATIONS } from './migrations.js';
import { failure } from '../../test/helpers/failure.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:fn';
const codeV1 = makeZip([{ name: 'index.js', data: 'exports.handler = async () => 1;' }]);
const codeV2 = makeZip([{ name: 'index.js', data: 'exports.handler = async () => 2;' }]);
const STALE =
  'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id';

let home: string;
let config: LsimConfig;
let registry: LambdaRegistry;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lsim-versions-'));
  config = resolveConfig({ home, accountId: '123456789012', region: 'us-east-1', updateDelayMs: 0 }, {});
  registry = LambdaRegistry.open(config, { tempGraceMs: 0 });
});
afterEach(() => {
  registry.close();
  rmSync(home, { recursive: true, force: true });
});

const layer = async (data: string) =>
  (await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: makeZip([{ name: 'lib/a', data }]) } })).LayerVersionArn;
const create = (layers: string[] = []) =>
  registry.createFunction({
    FunctionName: 'fn',
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Code: { ZipFile: codeV1 },
    Description: 'latest',
    Layers: layers,
  });

describe('PublishVersion and ListVersionsByFunction', () => {
  it('freezes code, configuration and layers, numbers versions, and returns the newest when nothing changed', async () => {
    const layer1 = await layer('one');
    await create([layer1]);
    const latestBefore = registry.getFunctionConfiguration({ FunctionName: 'fn' });
    const v1 = registry.publishVersion({ FunctionName: 'fn', Description: 'first' });
    expect(v1).toMatchObject({
      FunctionArn: `${FN}:1`,
      Version: '1',
      Description: 'first',
      State: 'Active',
      LastUpdateStatus: 'Successful',
      CodeSha256: latestBefore.CodeSha256,
      Layers: [{ Arn: layer1 }],
    });
    // Publishing gives $LATEST a new RevisionId; the version keeps its own.
    const latestAfter = registry.getFunctionConfiguration({ FunctionName: 'fn' });
    expect(latestAfter.RevisionId).not.toBe(latestBefore.RevisionId);
    expect(latestAfter.Description).toBe('latest');
    expect(registry.publishVersion({ FunctionName: 'fn' })).toEqual(v1);

    const layer2 = await layer('two');
    await registry.updateFunctionConfiguration({ FunctionName: 'fn', Layers: [layer2], Timeout: 10 });
    await registry.updateFunctionCode({ FunctionName: 'fn', ZipFile: codeV2 });
    registry.deleteLayerVersion({ LayerName: 'lib', VersionNumber: 1 });
    const one = registry.getFunction({ FunctionName: 'fn', Qualifier: '1' });
    expect(one.Configuration).toMatchObject({ Version: '1', Timeout: 3, Layers: [{ Arn: layer1 }], RevisionId: v1.RevisionId });
    expect(registry.getFunctionConfiguration({ FunctionName: `${FN}:1` })).toEqual(one.Configuration);
    expect(registry.getFunctionConfiguration({ FunctionName: 'fn:$LATEST' })).toMatchObject({ FunctionArn: `${FN}:$LATEST`, Timeout: 10 });
    const resolved = registry.resolveFunction({ FunctionName: 'fn', Qualifier: '1' });
    expect(resolved.layers.map((entry) => entry.arn)).toEqual([layer1]);
    expect(resolved.configuration.CodeSha256).toBe(v1.CodeSha256);

    const v2 = registry.publishVersion({ FunctionName: 'fn' });
    expect(v2).toMatchObject({ Version: '2', Description: 'latest', Timeout: 10 });
    const page = registry.listVersionsByFunction({ FunctionName: 'fn', MaxItems: 2 });
    expect(page.Versions.map((item) => [item.Version, item.FunctionArn])).toEqual([
      ['$LATEST', `${FN}:$LATEST`],
      ['1', `${FN}:1`],
    ]);
    expect(page.Versions[0]).not.toHaveProperty('State');
    expect(page.Versions[0]).not.toHaveProperty('RuntimeVersionConfig');
    const rest = registry.listVersionsByFunction({ FunctionName: 'fn', Marker: page.NextMarker ?? '' });
    expect(rest.Versions.map((item) => item.Version)).toEqual(['2']);
    expect(rest).not.toHaveProperty('NextMarker');
  });

  it('checks RevisionId and CodeSha256 with AWS’s texts', async () => {
    const created = await create();
    expect(await failure(() => registry.publishVersion({ FunctionName: 'fn', RevisionId: created.RevisionId }))).toEqual({
      code: 'PreconditionFailedException',
      message: STALE,
    });
    expect(await failure(() => registry.publishVersion({ FunctionName: 'fn', CodeSha256: 'nope' }))).toEqual({
      code: 'InvalidParameterValueException',
      message: `CodeSHA256 (nope) is different from current CodeSHA256 in $LATEST (${created.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
    });
    expect(await failure(() => registry.publishVersion({ FunctionName: 'nobody' }))).toEqual({
      code: 'ResourceNotFoundException',
      message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nobody',
    });
    expect((await failure(() => registry.getFunction({ FunctionName: 'fn', Qualifier: '1221' }))).message).toBe(
      `Function not found: ${FN}:1221`,
    );
    expect((await failure(() => registry.getFunction({ FunctionName: 'fn:1', Qualifier: '2' }))).message).toBe(
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  });

  it('deletes a version (not $LATEST, not one an alias uses), and keeps its blobs from the garbage collector until then', async () => {
    const layer1 = await layer('one');
    await create([layer1]);
    registry.publishVersion({ FunctionName: 'fn' });
    await registry.updateFunctionConfiguration({ FunctionName: 'fn', Layers: [] });
    await registry.updateFunctionCode({ FunctionName: 'fn', ZipFile: codeV2 });
    registry.deleteLayerVersion({ LayerName: 'lib', VersionNumber: 1 });
    expect(registry.collectGarbage()).toBe(0);
    const blobs = () => readdirSync(join(home, 'blobs')).filter((name) => name.endsWith('.zip')).length;
    expect(blobs()).toBe(3);

    expect((await failure(() => registry.deleteFunction({ FunctionName: 'fn', Qualifier: '$LATEST' }))).message).toBe(
      '$LATEST version cannot be deleted without deleting the function.',
    );
    registry.createAlias({ FunctionName: 'fn', Name: 'live', FunctionVersion: '1' });
    expect(await failure(() => registry.deleteFunction({ FunctionName: 'fn', Qualifier: '1' }))).toEqual({
      code: 'ResourceConflictException',
      message: 'Unable to delete version because the following aliases reference it: [live]',
    });
    registry.deleteAlias({ FunctionName: 'fn', Name: 'live' });
    registry.deleteFunction({ FunctionName: 'fn', Qualifier: '1' });
    expect((await failure(() => registry.getFunction({ FunctionName: 'fn:1' }))).message).toBe(`Function not found: ${FN}:1`);
    expect(registry.collectGarbage()).toBeGreaterThan(0);
    expect(blobs()).toBe(1);
    // Version numbers are never reused.
    expect(registry.publishVersion({ FunctionName: 'fn' }).Version).toBe('2');
  });
});

describe('aliases', () => {
  it('creates, reads, lists, updates and deletes aliases with exact ARNs and RevisionIds', async () => {
    await create();
    registry.publishVersion({ FunctionName: 'fn' });
    await registry.updateFunctionCode({ FunctionName: 'fn', ZipFile: codeV2 });
    registry.publishVersion({ FunctionName: 'fn' });
    const live = registry.createAlias({
      FunctionName: 'fn',
      Name: 'live',
      FunctionVersion: '1',
      Description: 'prod',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.2 } },
    });
    expect(Object.keys(live)).toEqual(['AliasArn', 'Name', 'FunctionVersion', 'Description', 'RoutingConfig', 'RevisionId']);
    expect(live).toMatchObject({ AliasArn: `${FN}:live`, FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.2 } } });
    const plain = registry.createAlias({ FunctionName: 'fn', Name: 'dev', FunctionVersion: '$LATEST', RoutingConfig: {} });
    expect(plain).toEqual({
      AliasArn: `${FN}:dev`,
      Name: 'dev',
      FunctionVersion: '$LATEST',
      Description: '',
      RevisionId: plain.RevisionId,
    });
    expect(registry.getAlias({ FunctionName: 'fn', Name: 'live' })).toEqual(live);

    const viaAlias = registry.getFunctionConfiguration({ FunctionName: 'fn', Qualifier: 'live' });
    expect(viaAlias).toMatchObject({ FunctionArn: `${FN}:live`, Version: '1' });
    expect(registry.getFunction({ FunctionName: `${FN}:dev` }).Configuration).toMatchObject({
      FunctionArn: `${FN}:dev`,
      Version: '$LATEST',
    });

    expect(registry.listAliases({ FunctionName: 'fn' }).Aliases.map((alias) => alias.Name)).toEqual(['dev', 'live']);
    expect(registry.listAliases({ FunctionName: 'fn', FunctionVersion: '1' }).Aliases.map((alias) => alias.Name)).toEqual(['live']);
    const first = registry.listAliases({ FunctionName: 'fn', MaxItems: 1 });
    expect(registry.listAliases({ FunctionName: 'fn', Marker: first.NextMarker ?? '' }).Aliases.map((alias) => alias.Name)).toEqual([
      'live',
    ]);

    expect(await failure(() => registry.updateAlias({ FunctionName: 'fn', Name: 'live', RevisionId: 'stale' }))).toEqual({
      code: 'PreconditionFailedException',
      message: STALE,
    });
    const moved = registry.updateAlias({
      FunctionName: 'fn',
      Name: 'live',
      FunctionVersion: '2',
      RoutingConfig: {},
      RevisionId: live.RevisionId,
    });
    expect(moved).toMatchObject({ FunctionVersion: '2', Description: 'prod' });
    expect(moved).not.toHaveProperty('RoutingConfig');
    expect(moved.RevisionId).not.toBe(live.RevisionId);

    registry.deleteAlias({ FunctionName: 'fn', Name: 'live' });
    registry.deleteAlias({ FunctionName: 'fn', Name: 'live' }); // a missing alias deletes fine, as on AWS
    expect(await failure(() => registry.getAlias({ FunctionName: 'fn', Name: 'live' }))).toEqual({
      code: 'ResourceNotFoundException',
      message: `Cannot find alias arn: ${FN}:live`,
    });
    expect((await failure(() => registry.updateAlias({ FunctionName: 'fn', Name: 'live' }))).message).toBe(`Alias not found: ${FN}:live`);
    expect((await failure(() => registry.getFunction({ FunctionName: 'fn', Qualifier: 'live' }))).message).toBe(
      `Function not found: ${FN}:live`,
    );
  });

  it('validates names, versions and routing configs as AWS does', async () => {
    await create();
    registry.publishVersion({ FunctionName: 'fn' });
    await registry.updateFunctionCode({ FunctionName: 'fn', ZipFile: codeV2 });
    registry.publishVersion({ FunctionName: 'fn' });
    const alias = (extra: Record<string, unknown>) => () =>
      registry.createAlias({ FunctionName: 'fn', Name: 'a', FunctionVersion: '1', ...extra });
    expect(await failure(alias({ Name: '2024' }))).toEqual({
      code: 'ValidationException',
      message:
        "1 validation error detected: Value '2024' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
    });
    expect(await failure(alias({ RoutingConfig: { AdditionalVersionWeights: { '2': 2 } } }))).toEqual({
      code: 'ValidationException',
      message:
        "1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
    });
    expect((await failure(alias({ RoutingConfig: { AdditionalVersionWeights: { $LATEST: 0.5 } } }))).message).toBe(
      "1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]",
    );
    expect(await failure(alias({ RoutingConfig: { AdditionalVersionWeights: { '1': 0.5, '2': 0.5 } } }))).toEqual({
      code: 'InvalidParameterValueException',
      message: 'Number of items in AdditionalVersionWeights cannot be greater than 1',
    });
    expect((await failure(alias({ RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } } }))).message).toBe(
      'Invalid function version 1. Function version 1 is already included in routing configuration.',
    );
    expect((await failure(alias({ FunctionVersion: '$LATEST', RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } } }))).message).toBe(
      '$LATEST is not supported for an alias pointing to more than 1 version',
    );
    expect(await failure(alias({ FunctionVersion: '10' }))).toEqual({
      code: 'ResourceNotFoundException',
      message: `Function not found: ${FN}:10`,
    });
    expect((await failure(alias({ RoutingConfig: { AdditionalVersionWeights: { '10': 0.5 } } }))).message).toBe(
      `Function not found: ${FN}:10`,
    );
    expect((await failure(alias({ FunctionName: 'fn-unknown' }))).message).toBe(`Function not found: ${FN}-unknown:1`);
    registry.createAlias({ FunctionName: 'fn', Name: 'a', FunctionVersion: '1' });
    expect(await failure(alias({}))).toEqual({ code: 'ResourceConflictException', message: `Alias already exists: ${FN}:a` });
  });
});

describe('alias routing', () => {
  it('sends the weighted share of invokes to the second version, and marks such answers as drawn', async () => {
    await create();
    registry.publishVersion({ FunctionName: 'fn' });
    await registry.updateFunctionCode({ FunctionName: 'fn', ZipFile: codeV2 });
    const v2 = registry.publishVersion({ FunctionName: 'fn' });
    registry.createAlias({
      FunctionName: 'fn',
      Name: 'all',
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 1 } },
    });
    registry.createAlias({
      FunctionName: 'fn',
      Name: 'none',
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0 } },
    });
    registry.createAlias({ FunctionName: 'fn', Name: 'plain', FunctionVersion: '2' });
    const all = registry.resolveFunction({ FunctionName: 'fn:all' });
    expect(all.configuration).toMatchObject({ Version: '2', FunctionArn: `${FN}:all`, CodeSha256: v2.CodeSha256 });
    expect(all.drawn).toBe(true);
    expect(registry.resolveFunction({ FunctionName: 'fn', Qualifier: 'none' }).configuration.Version).toBe('1');
    const plain = registry.resolveFunction({ FunctionName: 'fn:plain' });
    expect(plain.configuration.Version).toBe('2');
    expect(plain).not.toHaveProperty('drawn');
  });
});

describe('GetAccountSettings', () => {
  it('reports Lambda’s default quotas and counts $LATEST code, published versions and layer versions', async () => {
    const empty = registry.getAccountSettings();
    expect(empty).toEqual({
      AccountLimit: {
        TotalCodeSize: 80530636800,
        CodeSizeUnzipped: 262144000,
        CodeSizeZipped: 52428800,
        ConcurrentExecutions: 1000,
        UnreservedConcurrentExecutions: 1000,
      },
      AccountUsage: { TotalCodeSize: 0, FunctionCount: 0 },
    });
    const layerZip = makeZip([{ name: 'lib/a', data: 'one' }]);
    await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: layerZip } });
    await create();
    expect(registry.getAccountSettings().AccountUsage).toEqual({ TotalCodeSize: layerZip.length + codeV1.length, FunctionCount: 1 });
    registry.publishVersion({ FunctionName: 'fn' });
    expect(registry.getAccountSettings().AccountUsage).toEqual({ TotalCodeSize: layerZip.length + 2 * codeV1.length, FunctionCount: 1 });
  });
});

describe('migration 3', () => {
  it('keeps functions created under the previous schema, settled, and lets them publish versions', async () => {
    registry.close();
    rmSync(home, { recursive: true, force: true });
    home = mkdtempSync(join(tmpdir(), 'lsim-versions-'));
    config = resolveConfig({ home, updateDelayMs: 0 }, {});
    // A registry as the previous release left it: schema 2 with one function.
    const old = new Database(join(home, 'registry.db'));
    old.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (2);');
    MIGRATIONS.slice(0, 2).forEach((sql) => old.exec(sql));
    old
      .prepare(
        `INSERT INTO functions VALUES ('123456789012', 'us-east-1', 'legacy', 'python3.12', 'arn:aws:iam::123456789012:role/r', 'app.handler',
         'kept', 3, 128, NULL, '["x86_64"]', 512, 'key', 'sha', 10, 20, '[]', '2026-11-30T10:00:00.000+0000', 'rev-1')`,
      )
      .run();
    old.close();
    registry = LambdaRegistry.open(config);
    expect(registry.getFunctionConfiguration({ FunctionName: 'legacy' })).toMatchObject({
      Description: 'kept',
      RevisionId: 'rev-1',
      State: 'Active',
      LastUpdateStatus: 'Successful',
    });
    expect(registry.publishVersion({ FunctionName: 'legacy' })).toMatchObject({ Version: '1', Description: 'kept' });
    expect(registry.listVersionsByFunction({ FunctionName: 'legacy' }).Versions).toHaveLength(2);
  });
});
