import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/helpers/make-zip.js';
import { resolveConfig, type LsimConfig } from '../common/config.js';
import { LambdaRegistry } from './lambda-registry.js';

let home: string;
let config: LsimConfig;
let registry: LambdaRegistry;
const zip = (text = 'x'): Buffer => makeZip([{ name: 'nodejs/node_modules/a/index.js', data: text }]);
const ARN = 'arn:aws:lambda:us-east-1:123456789012:layer';
// As AWS prints them (docs/lambda-facts.md#runtime-identifiers): written out, not imported, so a change to runtimes.ts shows here.
const CURRENT =
  'nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2';
const LEGACY =
  'ruby3.5, ruby2.6, dotnetcore1.0, python3.7, nodejs8.10, nasa, ruby2.7, python2.7-greengrass, dotnetcore2.0, python3.8, java21, dotnet6, dotnetcore2.1, python3.9, java11, nodejs6.10, provided, dotnetcore3.1, dotnet8, java25, java17, nodejs, nodejs4.3, java8.al2, go1.x, dotnet10, nodejs20.x, go1.9, byol, nodejs10.x, provided.al2023, nodejs22.x, python3.10, java8, nodejs12.x, python3.11, nodejs24.x, nodejs8.x, python3.12, nodejs14.x, nodejs8.9, nodejs26.x, python3.13, python3.14, nodejs16.x, python3.15, provided.al2, nodejs4.3-edge, nodejs18.x, ruby3.2, python3.4, ruby3.3, ruby3.4, ruby2.5, python3.6, python2.7';

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lsim-layers-'));
  config = resolveConfig({ home, accountId: '123456789012', region: 'us-east-1' }, {});
  registry = LambdaRegistry.open(config);
});
afterEach(() => {
  registry.close();
  rmSync(home, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<{ code: string; message: string }> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected a rejection');
}

describe('publishLayerVersion', () => {
  it('returns the publish shape: Description "" present, unsent members absent', async () => {
    const published = await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: zip() } });
    expect(Object.keys(published).sort()).toEqual(['Content', 'CreatedDate', 'Description', 'LayerArn', 'LayerVersionArn', 'Version']);
    expect(published).toMatchObject({ Description: '', Version: 1, LayerArn: `${ARN}:lib`, LayerVersionArn: `${ARN}:lib:1` });
    expect(published.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(published.Content.CodeSize).toBe(zip().length);
    expect(published.Content.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(published.Content.Location).toMatch(/^http:\/\/localhost:9001\//);
  });

  it('echoes empty lists and sent metadata', async () => {
    const published = await registry.publishLayerVersion({
      LayerName: 'lib',
      Content: { ZipFile: zip() },
      CompatibleRuntimes: [],
      CompatibleArchitectures: [],
      LicenseInfo: 'MIT',
    });
    expect(published).toMatchObject({ CompatibleRuntimes: [], CompatibleArchitectures: [], LicenseInfo: 'MIT' });
  });

  it('reports bad runtimes and architectures together as a ValidationException', async () => {
    const error = await rejection(
      registry.publishLayerVersion({
        LayerName: 'lib',
        Content: { ZipFile: zip() },
        CompatibleRuntimes: ['nodejs20.x', 'cobol'],
        CompatibleArchitectures: ['X86_64'],
      }),
    );
    expect(error.code).toBe('ValidationException');
    expect(error.message).toMatch(
      /^2 validation errors detected: Value '\[nodejs20\.x, cobol\]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs20\.x, python3\.14, .*java8\.al2\]; Value '\[X86_64\]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: \[Member must satisfy enum value set: \[x86_64, arm64\], Member must not be null\]$/,
    );
  });

  it('accepts the legacy runtime set, but names only the 25 current runtimes when it rejects', async () => {
    const legacy = ['python3.6', 'python3.7', 'nodejs14.x', 'nodejs12.x', 'java8', 'dotnetcore3.1', 'go1.x', 'ruby2.7', 'provided'];
    for (const runtimes of [legacy.slice(0, 2), legacy.slice(2, 9)]) {
      const published = await registry.publishLayerVersion({ LayerName: 'old', Content: { ZipFile: zip() }, CompatibleRuntimes: runtimes });
      expect(published.CompatibleRuntimes).toEqual(runtimes);
    }
    const error = await rejection(
      registry.publishLayerVersion({ LayerName: 'old', Content: { ZipFile: zip() }, CompatibleRuntimes: ['cobol'] }),
    );
    expect(error.message).toBe(
      `1 validation error detected: Value '[cobol]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [${CURRENT}]`,
    );
  });

  it('checks the name pattern, lengths and list sizes', async () => {
    const publish = (extra: object) => registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: zip() }, ...extra });
    expect((await rejection(publish({ LayerName: 'bad name' }))).message).toContain(
      "Value 'bad name' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern:",
    );
    expect((await rejection(publish({ Description: 'd'.repeat(257) }))).message).toContain(
      "at 'description' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
    expect((await rejection(publish({ LicenseInfo: 'l'.repeat(513) }))).message).toContain('less than or equal to 512');
    expect((await rejection(publish({ CompatibleRuntimes: Array(16).fill('nodejs20.x') }))).message).toContain('less than or equal to 15');
    expect((await rejection(publish({ CompatibleArchitectures: ['x86_64', 'arm64', 'arm64'] }))).message).toContain(
      'less than or equal to 2',
    );
    await expect(publish({ Description: 'd'.repeat(256), CompatibleArchitectures: ['x86_64', 'arm64'] })).resolves.toBeDefined();
  });

  it('never reuses a version number, also after every version was deleted', async () => {
    await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: zip() } });
    await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: zip() } });
    registry.deleteLayerVersion({ LayerName: 'lib', VersionNumber: 1 });
    registry.deleteLayerVersion({ LayerName: 'lib', VersionNumber: 2 });
    const third = await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: zip() } });
    expect(third.Version).toBe(3);
  });

  it('reads S3Bucket/S3Key from <home>/s3 and names missing buckets and keys as S3 does', async () => {
    const bucketDir = join(home, 's3', 'bucket');
    rmSync(bucketDir, { recursive: true, force: true });
    const missingBucket = await rejection(
      registry.publishLayerVersion({ LayerName: 'lib', Content: { S3Bucket: 'bucket', S3Key: 'k.zip' } }),
    );
    expect(missingBucket.message).toBe(
      'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist',
    );
    const { mkdirSync } = await import('node:fs');
    mkdirSync(bucketDir, { recursive: true });
    const missingKey = await rejection(registry.publishLayerVersion({ LayerName: 'lib', Content: { S3Bucket: 'bucket', S3Key: 'k.zip' } }));
    expect(missingKey).toEqual({
      code: 'InvalidParameterValueException',
      message: 'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
    });
    writeFileSync(join(bucketDir, 'k.zip'), zip('s3'));
    const published = await registry.publishLayerVersion({ LayerName: 'lib', Content: { S3Bucket: 'bucket', S3Key: 'k.zip' } });
    expect(published.Content.CodeSize).toBe(zip('s3').length);
  });

  it('needs exactly one code source and a readable ZipFilePath', async () => {
    const none = await rejection(registry.publishLayerVersion({ LayerName: 'lib', Content: {} }));
    expect(none).toEqual({ code: 'InvalidParameterValueException', message: 'Please provide a source for function code.' });
    const both = await rejection(
      registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: zip(), S3Bucket: 'bkt', S3Key: 'k' } }),
    );
    expect(both.code).toBe('InvalidParameterValueException');
    const missing = await rejection(registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFilePath: join(home, 'absent.zip') } }));
    expect(missing.code).toBe('ParamValidation');
    const path = join(home, 'in.zip');
    writeFileSync(path, zip('from path'));
    expect((await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFilePath: path } })).Content.CodeSize).toBe(
      zip('from path').length,
    );
  });

  it('rejects a non-zip and leaves no version behind', async () => {
    const error = await rejection(registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: Buffer.from('not a zip') } }));
    expect(error.code).toBe('InvalidParameterValueException');
    expect(registry.listLayerVersions({ LayerName: 'lib' }).LayerVersions).toEqual([]);
  });
});

describe('get, get-by-arn and delete', () => {
  it('404s missing and deleted versions, rejects versions below 1, and deletes idempotently', async () => {
    await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: zip() } });
    expect(registry.getLayerVersion({ LayerName: `${ARN}:lib`, VersionNumber: 1 }).Version).toBe(1);
    expect(registry.getLayerVersionByArn({ Arn: `${ARN}:lib:1` }).LayerVersionArn).toBe(`${ARN}:lib:1`);
    expect(await rejection(() => registry.getLayerVersion({ LayerName: 'lib', VersionNumber: 0 }))).toEqual({
      code: 'InvalidParameterValueException',
      message: 'Layer Version Cannot be less than 1',
    });
    expect(await rejection(() => registry.deleteLayerVersion({ LayerName: 'lib', VersionNumber: -1 }))).toMatchObject({
      message: 'Layer Version Cannot be less than 1',
    });
    registry.deleteLayerVersion({ LayerName: 'lib', VersionNumber: 1 });
    registry.deleteLayerVersion({ LayerName: 'lib', VersionNumber: 1 });
    registry.deleteLayerVersion({ LayerName: 'never-was', VersionNumber: 4 });
    const gone = { code: 'ResourceNotFoundException', message: 'The resource you requested does not exist.' };
    expect(await rejection(() => registry.getLayerVersion({ LayerName: 'lib', VersionNumber: 1 }))).toEqual(gone);
    expect(await rejection(() => registry.getLayerVersionByArn({ Arn: `${ARN}:lib:1` }))).toEqual(gone);
  });

  it('rejects an unversioned ARN in get-by-arn with the pattern text', async () => {
    const error = await rejection(() => registry.getLayerVersionByArn({ Arn: `${ARN}:lib` }));
    expect(error.code).toBe('ValidationException');
    expect(error.message).toBe(
      `1 validation error detected: Value '${ARN}:lib' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)`,
    );
  });
});

describe('listing', () => {
  it('lists versions newest first, omits deleted ones, pages with an opaque marker', async () => {
    for (let i = 0; i < 5; i += 1) await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: zip() } });
    registry.deleteLayerVersion({ LayerName: 'lib', VersionNumber: 4 });
    const first = registry.listLayerVersions({ LayerName: 'lib', MaxItems: 2 });
    expect(first.LayerVersions.map((v) => v.Version)).toEqual([5, 3]);
    expect(first.LayerVersions[0]).not.toHaveProperty('Content');
    const second = registry.listLayerVersions({ LayerName: 'lib', MaxItems: 2, Marker: first.NextMarker ?? '' });
    expect(second.LayerVersions.map((v) => v.Version)).toEqual([2, 1]);
    expect(second).not.toHaveProperty('NextMarker');
    expect(registry.listLayerVersions({ LayerName: 'unknown' })).toEqual({ LayerVersions: [] });
    expect((await rejection(() => registry.listLayerVersions({ LayerName: 'lib', MaxItems: 51 }))).message).toBe(
      "1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
    expect((await rejection(() => registry.listLayers({ MaxItems: 0 }))).code).toBe('ValidationException');
  });

  it('gives each layer its newest version matching the filters and omits layers without a match', async () => {
    await registry.publishLayerVersion({ LayerName: 'a', Content: { ZipFile: zip() }, CompatibleRuntimes: ['python3.12'] });
    await registry.publishLayerVersion({ LayerName: 'a', Content: { ZipFile: zip() }, CompatibleRuntimes: ['nodejs20.x'] });
    await registry.publishLayerVersion({ LayerName: 'b', Content: { ZipFile: zip() }, CompatibleArchitectures: ['arm64'] });
    await registry.publishLayerVersion({ LayerName: 'c', Content: { ZipFile: zip() } });
    registry.deleteLayerVersion({ LayerName: 'c', VersionNumber: 1 });
    const all = registry.listLayers({});
    expect(all.Layers.map((l) => [l.LayerName, l.LatestMatchingVersion.Version])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(all.Layers[0]?.LayerArn).toBe(`${ARN}:a`);
    const python = registry.listLayers({ CompatibleRuntime: 'python3.12' });
    expect(python.Layers.map((l) => [l.LayerName, l.LatestMatchingVersion.Version])).toEqual([['a', 1]]);
    expect(registry.listLayers({ CompatibleArchitecture: 'arm64' }).Layers.map((l) => l.LayerName)).toEqual(['b']);
    const paged = registry.listLayers({ MaxItems: 1 });
    expect(paged.Layers.map((l) => l.LayerName)).toEqual(['a']);
    expect(registry.listLayers({ MaxItems: 1, Marker: paged.NextMarker ?? '' })).toMatchObject({ Layers: [{ LayerName: 'b' }] });
    for (const runtime of ['nodejs26.x', 'python3.15', 'python3.6', 'nasa', 'go1.x']) {
      expect(registry.listLayers({ CompatibleRuntime: runtime }).Layers).toEqual([]);
      expect(registry.listLayerVersions({ LayerName: 'a', CompatibleRuntime: runtime }).LayerVersions).toEqual([]);
    }
    const cobol = await rejection(() => registry.listLayerVersions({ LayerName: 'a', CompatibleRuntime: 'cobol' }));
    expect(cobol.message).toBe(
      `1 validation error detected: Value 'cobol' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set: [${LEGACY}]`,
    );
    const bad = await rejection(() => registry.listLayers({ CompatibleArchitecture: 'sparc' }));
    expect(bad.message).toBe(
      "1 validation error detected: Value 'sparc' at 'compatibleArchitecture' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]",
    );
  });
});
