import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { inProcessLsim } from '../helpers/cli-in-process.js';
import { makeZip } from '../helpers/make-zip.js';

/** `lsim` in-process against the real SQLite registry in a fresh LSIM_HOME; no Docker involved. */
let dir: string;
let env: Record<string, string>;

const { lsim, lsimJson } = inProcessLsim(() => ({ env, cwd: dir }));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lsim-cli-'));
  env = { LSIM_HOME: join(dir, 'home'), HOME: dir, LSIM_UPDATE_DELAY_MS: '0' };
  writeFileSync(join(dir, 'layer.zip'), makeZip([{ name: 'python/mod.py', data: 'X = 1\n' }]));
  writeFileSync(join(dir, 'fn.zip'), makeZip([{ name: 'app.py', data: 'def handler(e, c):\n    return 1\n' }]));
});

describe('lsim against the registry', () => {
  it('publishes a layer version and prints the response as the aws CLI does', async () => {
    const { code, stdout } = await lsim(
      'publish-layer-version',
      '--layer-name',
      'my-layer',
      '--zip-file',
      'fileb://layer.zip',
      '--compatible-runtimes',
      'python3.12',
      'python3.13',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\{\n {4}"Content": \{\n {8}"Location": /);
    const body = JSON.parse(stdout) as Record<string, unknown>;
    expect(body).toMatchObject({
      LayerArn: 'arn:aws:lambda:us-east-1:123456789012:layer:my-layer',
      LayerVersionArn: 'arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1',
      Description: '',
      Version: 1,
      CompatibleRuntimes: ['python3.12', 'python3.13'],
    });
    expect(body).not.toHaveProperty('LicenseInfo');
    expect(body.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });

  it('lists, gets and deletes (idempotently) layer versions', async () => {
    for (let i = 0; i < 3; i += 1) await lsimJson('publish-layer-version', '--layer-name', 'L', '--zip-file', 'fileb://layer.zip');
    const layers = await lsimJson('list-layers');
    expect(layers).toEqual({
      Layers: [expect.objectContaining({ LayerName: 'L', LatestMatchingVersion: expect.objectContaining({ Version: 3 }) })],
    });
    const truncated = await lsimJson('list-layer-versions', '--layer-name', 'L', '--max-items', '2');
    expect((truncated.LayerVersions as { Version: number }[]).map((v) => v.Version)).toEqual([3, 2]);
    expect(typeof truncated.NextToken).toBe('string');
    const rest = await lsimJson('list-layer-versions', '--layer-name', 'L', '--starting-token', truncated.NextToken as string);
    expect((rest.LayerVersions as { Version: number }[]).map((v) => v.Version)).toEqual([1]);
    expect(await lsimJson('get-layer-version', '--layer-name', 'L', '--version-number', '2')).toMatchObject({ Version: 2 });
    for (let i = 0; i < 2; i += 1) {
      const deleted = await lsim('delete-layer-version', '--layer-name', 'L', '--version-number', '2');
      expect(deleted).toEqual({ code: 0, stdout: '', stderr: '' });
    }
    const missing = await lsim('get-layer-version', '--layer-name', 'L', '--version-number', '2');
    expect(missing.code).toBe(254);
    expect(missing.stderr).toBe(
      '\nlsim: [ERROR]: An error occurred (ResourceNotFoundException) when calling the GetLayerVersion operation: ' +
        'The resource you requested does not exist.\n\nAdditional error details:\nType: User\n',
    );
  });

  it('creates a function with layers, and refuses a sixth layer with exit 254', async () => {
    const arns: string[] = [];
    for (let i = 1; i <= 6; i += 1) {
      const published = await lsimJson('publish-layer-version', '--layer-name', `L${i}`, '--zip-file', 'fileb://layer.zip');
      arns.push(published.LayerVersionArn as string);
    }
    const created = await lsimJson(
      'create-function',
      '--function-name',
      'fn',
      '--runtime',
      'python3.12',
      '--handler',
      'app.handler',
      '--zip-file',
      'fileb://fn.zip',
      '--layers',
      ...arns.slice(0, 2),
      '--environment',
      'Variables={AA=1,BB=two}',
    );
    expect(created).toMatchObject({
      FunctionName: 'fn',
      Layers: arns.slice(0, 2).map((Arn) => ({ Arn, CodeSize: expect.any(Number) })),
      Environment: { Variables: { AA: '1', BB: 'two' } },
    });
    const tooMany = await lsim('update-function-configuration', '--function-name', 'fn', '--layers', ...arns);
    expect(tooMany.code).toBe(254);
    expect(tooMany.stderr).toBe(
      '\nlsim: [ERROR]: An error occurred (InvalidParameterValueException) when calling the UpdateFunctionConfiguration operation: ' +
        'Cannot reference more than 5 layers.\n\nAdditional error details:\nType: User\n',
    );
    const cleared = await lsimJson('update-function-configuration', '--function-name', 'fn', '--layers', '[]');
    expect(cleared).not.toHaveProperty('Layers');
  });

  it('names a missing fileb:// path, exit 252, and stores nothing', async () => {
    const result = await lsim('publish-layer-version', '--layer-name', 'x', '--zip-file', 'fileb://missing.zip');
    expect(result).toEqual({
      code: 252,
      stdout: '',
      stderr:
        "\nlsim: [ERROR]: An error occurred (ParamValidation): Error parsing parameter '--zip-file': Unable to load paramfile fileb://missing.zip: " +
        "[Errno 2] No such file or directory: 'missing.zip'\n",
    });
    expect(await lsimJson('list-layers')).toEqual({ Layers: [] });
  });
});

describe('lsim put-object', () => {
  it('stores a file under a literal key where S3Bucket/S3Key content is read', async () => {
    const put = await lsimJson('put-object', '--bucket', 'my-bucket', '--key', '/layers/../layer.zip', '--body', 'layer.zip');
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const published = await lsimJson(
      'publish-layer-version',
      '--layer-name',
      'from-s3',
      '--content',
      'S3Bucket=my-bucket,S3Key=/layers/../layer.zip',
    );
    expect(published.Version).toBe(1);
    const other = await lsim('publish-layer-version', '--layer-name', 'from-s3', '--content', 'S3Bucket=my-bucket,S3Key=layer.zip');
    expect(other.code).toBe(254);
    expect(other.stderr).toContain('S3 Error Code: NoSuchKey');
    const bad = await lsim('put-object', '--bucket', '..', '--key', 'k', '--body', 'layer.zip');
    expect(bad.code).toBe(252);
  });
});
