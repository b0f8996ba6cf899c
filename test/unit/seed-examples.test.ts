import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inProcessLsim } from '../helpers/cli-in-process.js';
import { makeZip } from '../helpers/make-zip.js';

/**
 * Issue 9's "Done when": the aws CLI's own examples of the layer commands
 * (https://awscli.amazonaws.com/v2/documentation/api/latest/reference/lambda/index.html), run one after
 * the other with `aws lambda` replaced by `lsim`, unchanged otherwise (their us-west-2 ARNs, the legacy
 * runtimes, `--output text`). Each must succeed; the S3 object they name is put first.
 */
let dir: string;
let env: Record<string, string>;
const { lsim } = inProcessLsim(() => ({ env, cwd: dir }));
const LAYER = 'arn:aws:lambda:us-west-2:123456789012:layer:my-layer';

const EXAMPLES: readonly (readonly string[])[] = [
  [
    'publish-layer-version',
    '--layer-name',
    'my-layer',
    '--description',
    'My layer',
    '--license-info',
    'MIT',
    '--content',
    'S3Bucket=lambda-layers-us-west-2-123456789012,S3Key=layer.zip',
    '--compatible-runtimes',
    'python3.6',
    'python3.7',
  ],
  ['list-layers', '--compatible-runtime', 'python3.7'],
  ['list-layer-versions', '--layer-name', 'my-layer'],
  ['get-layer-version', '--layer-name', 'my-layer', '--version-number', '1'],
  ['get-layer-version-by-arn', '--arn', `${LAYER}:1`],
  [
    'add-layer-version-permission',
    '--layer-name',
    'my-layer',
    '--statement-id',
    'xaccount',
    '--action',
    'lambda:GetLayerVersion',
    '--principal',
    '123456789012',
    '--version-number',
    '1',
    '--output',
    'text',
  ],
  ['get-layer-version-policy', '--layer-name', 'my-layer', '--version-number', '1'],
  [
    'create-function',
    '--function-name',
    'my-function',
    '--runtime',
    'nodejs18.x',
    '--zip-file',
    'fileb://my-function.zip',
    '--handler',
    'my-function.handler',
    '--role',
    'arn:aws:iam::123456789012:role/service-role/MyTestFunction-role-tges6bf4',
  ],
  ['update-function-configuration', '--function-name', 'my-function', '--layers', `${LAYER}:1`],
  ['get-function-configuration', '--function-name', 'my-function'],
  ['remove-layer-version-permission', '--layer-name', 'my-layer', '--statement-id', 'xaccount', '--version-number', '1'],
  ['delete-layer-version', '--layer-name', 'my-layer', '--version-number', '1'],
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lsim-seed-'));
  env = { LSIM_HOME: join(dir, 'home'), HOME: dir, LSIM_UPDATE_DELAY_MS: '0', AWS_REGION: 'us-west-2' };
  writeFileSync(join(dir, 'layer.zip'), makeZip([{ name: 'python/mod.py', data: 'X = 1\n' }]));
  writeFileSync(join(dir, 'my-function.zip'), makeZip([{ name: 'my-function.js', data: 'exports.handler = async () => 1;\n' }]));
  const put = await lsim('put-object', '--bucket', 'lambda-layers-us-west-2-123456789012', '--key', 'layer.zip', '--body', 'layer.zip');
  expect(put.code).toBe(0);
});

describe("the aws CLI's examples, with lsim for aws lambda", () => {
  it.each(EXAMPLES.map((args) => [args.slice(0, 1).join(''), args] as const))('%s', async (_name, args) => {
    const result = await lsim(...args);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  });
});
