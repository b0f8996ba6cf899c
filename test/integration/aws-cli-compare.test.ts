import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE_BANNER } from '../../src/cli/render-error.js';
import { ensureAwsCliImage } from '../helpers/aws-cli-image.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { makeZip } from '../helpers/make-zip.js';
import { serveChild, type Served } from '../helpers/serve-child.js';
import { childEnv, docker } from '../helpers/test-engine.js';

/**
 * lsim's CLI against the real aws CLI v2 (Debian sid's awscli, in a container on the host network),
 * which talks to `lsim serve` on the same LSIM_HOME: for every mirrored command and every output
 * format, stdout and the exit code must be byte for byte the same (stderr too where it is compared).
 * Reads run on the same state; a command that changes state runs on a twin resource of each side
 * (`...-a` for aws, `...-l` for lsim), and the fields that differ by nature (dates, revision ids, the
 * twin's name) are masked with text of the same length, so table widths are unchanged.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const FORMATS = ['json', 'text', 'table', 'yaml', 'yaml-stream'] as const;
const REGION = 'us-east-1';
const ROLE = 'arn:aws:iam::123456789012:role/lambda-role';

interface Result {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

let lsim: LsimHome;
let served: Served;
let work: string;
let container: string;

async function capture(file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<Result> {
  try {
    const { stdout, stderr } = await run(file, [...args], { ...options, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number | string };
    if (typeof failed.code !== 'number') throw error;
    return { stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', code: failed.code };
  }
}

const awsCli = (args: readonly string[]): Promise<Result> =>
  capture('docker', ['exec', '-w', work, container, 'aws', '--endpoint-url', served.url, 'lambda', ...args], {});

const lsimCli = (args: readonly string[]): Promise<Result> =>
  capture(process.execPath, [join(REPO, 'bin/lsim.js'), ...args], {
    cwd: work,
    env: childEnv(lsim.home, { AWS_REGION: REGION, AWS_CONFIG_FILE: join(work, 'no-config'), AWS_PROFILE: undefined }),
  });

/** Dates and UUIDs (RevisionId) keep their length; the lsim twin's names become the aws twin's. */
function mask(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000/g, '2000-01-01T00:00:00.000+0000')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '00000000-0000-0000-0000-000000000000')
    .replace(/-l(\d)\b/g, '-a$1');
}

/** The Location URLs differ by nature (signed by serve, lsim's own in the CLI): the same text in both. */
const LAYER_LOCATION = "merge(@, {Content: merge(Content, {Location: 'L'})})";
const CODE_LOCATION = "merge(@, {Code: merge(Code, {Location: 'L'})})";

interface Case {
  readonly name: string;
  /** The arguments; `side` names the twin resource of a state-changing command. */
  readonly args: (side: 'a' | 'l', index: number) => string[];
  readonly changes?: boolean;
  readonly compareStderr?: boolean;
}

const layerArn = `arn:aws:lambda:${REGION}:123456789012:layer:cmp-layer`;

const READS: Case[] = [
  { name: 'list-layers', args: () => ['list-layers'] },
  { name: 'list-layers --max-items 1', args: () => ['list-layers', '--max-items', '1'] },
  { name: 'list-layer-versions', args: () => ['list-layer-versions', '--layer-name', 'cmp-layer'] },
  {
    name: 'list-layer-versions --compatible-runtime',
    args: () => ['list-layer-versions', '--layer-name', 'cmp-layer', '--compatible-runtime', 'python3.12'],
  },
  {
    name: 'get-layer-version',
    args: () => ['get-layer-version', '--layer-name', 'cmp-layer', '--version-number', '1', '--query', LAYER_LOCATION],
  },
  { name: 'get-layer-version-by-arn', args: () => ['get-layer-version-by-arn', '--arn', `${layerArn}:2`, '--query', LAYER_LOCATION] },
  { name: 'get-layer-version-policy', args: () => ['get-layer-version-policy', '--layer-name', 'cmp-layer', '--version-number', '1'] },
  { name: 'get-function', args: () => ['get-function', '--function-name', 'cmp-fn', '--query', CODE_LOCATION] },
  { name: 'get-function-configuration', args: () => ['get-function-configuration', '--function-name', 'cmp-fn'] },
  { name: 'list-functions', args: () => ['list-functions'] },
  { name: 'query: names', args: () => ['list-layer-versions', '--layer-name', 'cmp-layer', '--query', 'LayerVersions[].Version'] },
  { name: 'query: a scalar', args: () => ['get-function-configuration', '--function-name', 'cmp-fn', '--query', 'Runtime'] },
  { name: 'query: a projection', args: () => ['list-layers', '--query', 'Layers[].{n: LayerName, v: LatestMatchingVersion.Version}'] },
  {
    name: 'cli-input-json',
    args: () => ['get-layer-version', '--cli-input-json', '{"LayerName": "cmp-layer", "VersionNumber": 2}', '--query', LAYER_LOCATION],
  },
  {
    name: 'invoke',
    args: () => ['invoke', '--function-name', 'cmp-fn', '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"a":1}', 'out.json'],
  },
  {
    name: 'invoke --qualifier',
    args: () => [
      'invoke',
      '--function-name',
      'cmp-fn',
      '--qualifier',
      'live',
      '--cli-binary-format',
      'raw-in-base64-out',
      '--payload',
      '{"a":2}',
      'out.json',
    ],
  },
  {
    name: 'get-function --qualifier',
    args: () => ['get-function', '--function-name', 'cmp-fn', '--qualifier', '1', '--query', CODE_LOCATION],
  },
  {
    name: 'get-function-configuration --qualifier',
    args: () => ['get-function-configuration', '--function-name', 'cmp-fn', '--qualifier', 'live'],
  },
  { name: 'list-versions-by-function', args: () => ['list-versions-by-function', '--function-name', 'cmp-fn'] },
  { name: 'list-aliases', args: () => ['list-aliases', '--function-name', 'cmp-fn'] },
  { name: 'get-alias', args: () => ['get-alias', '--function-name', 'cmp-fn', '--name', 'live'] },
  { name: 'get-account-settings', args: () => ['get-account-settings'] },
  {
    name: 'query: versions',
    args: () => ['list-versions-by-function', '--function-name', 'cmp-fn', '--query', 'Versions[].[Version, Description]'],
  },
  { name: 'query: alias weights', args: () => ['get-alias', '--function-name', 'cmp-fn', '--name', 'live', '--query', 'RoutingConfig'] },
];

const createFunction = (name: string): string[] => [
  'create-function',
  '--function-name',
  name,
  ...['--runtime', 'python3.12', '--handler', 'app.handler', '--role', ROLE, '--zip-file', 'fileb://function.zip'],
];

const CHANGES: Case[] = [
  {
    name: 'publish-layer-version',
    changes: true,
    args: (side, i) => [
      'publish-layer-version',
      '--layer-name',
      `pub-${side}${i}`,
      '--zip-file',
      'fileb://layer.zip',
      '--description',
      'My layer',
      '--license-info',
      'MIT',
      '--compatible-runtimes',
      'python3.12',
      'python3.13',
      '--compatible-architectures',
      'x86_64',
      '--query',
      LAYER_LOCATION,
    ],
  },
  {
    name: 'add-layer-version-permission',
    changes: true,
    args: (side, i) => [
      'add-layer-version-permission',
      '--layer-name',
      `perm-${side}${i}`,
      '--version-number',
      '1',
      '--statement-id',
      'xaccount',
      '--action',
      'lambda:GetLayerVersion',
      '--principal',
      '223456789012',
    ],
  },
  {
    name: 'remove-layer-version-permission',
    changes: true,
    args: (side, i) => [
      'remove-layer-version-permission',
      '--layer-name',
      `perm-${side}${i}`,
      '--version-number',
      '1',
      '--statement-id',
      'gone',
    ],
  },
  {
    name: 'delete-layer-version',
    changes: true,
    args: (side, i) => ['delete-layer-version', '--layer-name', `perm-${side}${i}`, '--version-number', '1'],
  },
  {
    name: 'create-function',
    changes: true,
    args: (side, i) => [...createFunction(`fn-${side}${i}`), '--layers', `${layerArn}:1`, '--environment', 'Variables={AA=1,BB=two}'],
  },
  {
    name: 'update-function-configuration',
    changes: true,
    args: (side, i) => [
      'update-function-configuration',
      '--function-name',
      `fn-${side}${i}`,
      '--memory-size',
      '256',
      '--description',
      'updated',
    ],
  },
  {
    name: 'update-function-code --publish',
    changes: true,
    args: (side, i) => ['update-function-code', '--function-name', `fn-${side}${i}`, '--zip-file', 'fileb://function.zip', '--publish'],
  },
  {
    name: 'publish-version',
    changes: true,
    args: (side, i) => ['publish-version', '--function-name', `fn-${side}${i}`, '--description', 'second'],
  },
  {
    name: 'create-alias',
    changes: true,
    args: (side, i) => ['create-alias', '--function-name', `fn-${side}${i}`, '--name', 'live', '--function-version', '1'],
  },
  {
    name: 'update-alias',
    changes: true,
    args: (side, i) => ['update-alias', '--function-name', `fn-${side}${i}`, '--name', 'live', '--description', 'now'],
  },
  { name: 'list-aliases (twin)', changes: true, args: (side, i) => ['list-aliases', '--function-name', `fn-${side}${i}`] },
  {
    name: 'list-versions-by-function (twin)',
    changes: true,
    args: (side, i) => ['list-versions-by-function', '--function-name', `fn-${side}${i}`],
  },
  {
    name: 'delete-alias',
    changes: true,
    args: (side, i) => ['delete-alias', '--function-name', `fn-${side}${i}`, '--name', 'live'],
  },
  { name: 'delete-function', changes: true, args: (side, i) => ['delete-function', '--function-name', `fn-${side}${i}`] },
  {
    name: 'create-function --publish',
    changes: true,
    args: (side, i) => [...createFunction(`pubfn-${side}${i}`), '--publish'],
  },
  { name: 'delete-function (published)', changes: true, args: (side, i) => ['delete-function', '--function-name', `pubfn-${side}${i}`] },
];

const ERRORS: Case[] = [
  { name: 'a missing layer version (254)', args: () => ['get-layer-version', '--layer-name', 'nope', '--version-number', '1'] },
  { name: 'a missing function (254)', args: () => ['get-function', '--function-name', 'nope'] },
  { name: 'a missing required option (252)', args: () => ['get-layer-version', '--layer-name', 'nope'] },
  { name: 'a bad int (252)', args: () => ['get-layer-version', '--layer-name', 'x', '--version-number', 'one'] },
  { name: 'an unknown output format (252)', args: () => ['list-layers', '--output', 'xml'] },
  { name: 'an unknown profile (255)', args: () => ['list-layers', '--profile', 'nope'] },
  { name: 'an unknown option (252)', args: () => ['list-layers', '--bogus'] },
  { name: 'an unknown command (252)', args: () => ['bogus-command'] },
  { name: 'a missing Content (252)', args: () => ['publish-layer-version', '--layer-name', 'x'] },
  { name: 'a bad runtime filter (254, no details)', args: () => ['list-layers', '--compatible-runtime', 'bogus'] },
  {
    name: 'a bad environment (254)',
    args: (side) => [
      'create-function',
      '--function-name',
      `bad-${side}`,
      '--runtime',
      'python3.12',
      '--handler',
      'a.b',
      '--role',
      ROLE,
      '--zip-file',
      'fileb://function.zip',
      '--environment',
      'Variables={A=1}',
    ],
  },
  { name: 'a bad --query (252, jmespath wording differs)', args: () => ['list-layers', '--query', '['], compareStderr: false },
];

const FN = ['--function-name', 'f'];
const LAYER = ['--layer-name', 'l', '--version-number', '1'];
const ALIAS = [...FN, '--name', 'live'];
/** Every mirrored command with the arguments `--generate-cli-skeleton output` needs (it checks them as a call would). */
const SKELETON_COMMANDS: Record<string, string[]> = {
  'publish-layer-version': ['--layer-name', 'l', '--content', 'S3Bucket=bucket,S3Key=k'],
  'list-layers': [],
  'list-layer-versions': ['--layer-name', 'l'],
  'get-layer-version': LAYER,
  'get-layer-version-by-arn': ['--arn', `${layerArn}:1`],
  'delete-layer-version': LAYER,
  'add-layer-version-permission': [...LAYER, '--statement-id', 's', '--action', 'lambda:GetLayerVersion', '--principal', '*'],
  'remove-layer-version-permission': [...LAYER, '--statement-id', 's'],
  'get-layer-version-policy': LAYER,
  'create-function': [...FN, '--role', ROLE, '--runtime', 'python3.12', '--handler', 'a.b', '--code', 'S3Bucket=bucket,S3Key=k'],
  'get-function': FN,
  'get-function-configuration': FN,
  'list-functions': [],
  'update-function-configuration': FN,
  'update-function-code': FN,
  'delete-function': FN,
  'publish-version': FN,
  'list-versions-by-function': FN,
  'create-alias': [...ALIAS, '--function-version', '1'],
  'get-alias': ALIAS,
  'update-alias': ALIAS,
  'delete-alias': ALIAS,
  'list-aliases': FN,
  'get-account-settings': [],
};

/** Each output format is checked on these; the others' output skeletons in json. */
const EVERY_FORMAT = new Set(['get-layer-version', 'list-layers', 'get-alias', 'get-account-settings']);
/**
 * aws-cli 2.38's output skeleton of a function configuration fails its own check of the response
 * (Timeout 0 is below the model's minimum): lsim prints the skeleton (docs/aws-cli-output.md#request-input).
 */
const STUB_REJECTED = new Set([
  'create-function',
  'get-function',
  'get-function-configuration',
  'update-function-configuration',
  'update-function-code',
  'publish-version',
  'list-functions',
  'list-versions-by-function',
]);

/**
 * The aws CLI's yaml-input comments carry the first sentence of each member's documentation, which
 * lsim does not copy (docs/aws-cli-output.md#request-input): lines, values and order are compared
 * as they are, and of each comment its `[REQUIRED]` mark and its list of valid values.
 */
function yamlInputFacts(text: string): string[] {
  return text.split('\n').map((line) => {
    const comment = /^(.*?) {1,2}# (.*)$/.exec(line);
    if (comment === null) return line;
    const body = comment[2] ?? '';
    const valid = body.lastIndexOf('Valid values are: ');
    const marks = `${body.startsWith('[REQUIRED]') ? 'required ' : ''}${valid < 0 ? '' : body.slice(valid)}`;
    return marks === '' ? (comment[1] ?? '') : `${comment[1] ?? ''} | ${marks}`;
  });
}

describe.concurrent('--generate-cli-skeleton', () => {
  const commands = Object.entries(SKELETON_COMMANDS);
  it.each(commands)('%s input', async (command) => {
    const args = [command, '--generate-cli-skeleton'];
    compare(await awsCli(args), await lsimCli(args), true);
  });
  it.each(commands)('%s yaml-input', async (command) => {
    const args = [command, '--generate-cli-skeleton', 'yaml-input'];
    const [aws, ours] = [await awsCli(args), await lsimCli(args)];
    expect({ code: ours.code, stdout: yamlInputFacts(ours.stdout) }).toEqual({ code: aws.code, stdout: yamlInputFacts(aws.stdout) });
  });
  const outputCases = commands
    .filter(([command]) => !STUB_REJECTED.has(command))
    .flatMap(([command, args]) =>
      (EVERY_FORMAT.has(command) ? FORMATS : (['json'] as const)).map((format) => [command, format, args] as const),
    );
  it.each(outputCases)('%s output --output %s', async (command, format, required) => {
    const args = [command, ...required, '--generate-cli-skeleton', 'output', '--output', format];
    compare(await awsCli(args), await lsimCli(args), true);
  });
  it.each([...STUB_REJECTED].map((command) => [command, SKELETON_COMMANDS[command] ?? []] as const))(
    '%s output: aws-cli 2.38 rejects its own stub, lsim prints it',
    async (command, required) => {
      const args = [command, ...required, '--generate-cli-skeleton', 'output'];
      const [aws, ours] = [await awsCli(args), await lsimCli(args)];
      expect(aws.code).toBe(252);
      expect(aws.stderr).toContain('Timeout, value: 0, valid min value: 1');
      expect({ code: ours.code, stderr: ours.stderr }).toEqual({ code: 0, stderr: '' });
      expect(ours.stdout).toContain('"Timeout": 0,');
    },
  );
  it.each([
    ['an invalid choice', ['list-layers', '--generate-cli-skeleton', 'bogus']],
    ['output without a required argument', ['get-function', '--generate-cli-skeleton', 'output']],
    ['invoke has none', ['invoke', '--function-name', 'f', 'out.json', '--generate-cli-skeleton']],
    ['a query of the output skeleton', ['get-alias', ...ALIAS, '--generate-cli-skeleton', 'output', '--query', 'RoutingConfig']],
  ])('%s', async (_name, args) => {
    compare(await awsCli(args), await lsimCli(args), true);
  });
});

beforeAll(async () => {
  const image = await ensureAwsCliImage();
  lsim = new LsimHome('lsim-it-aws-compare-');
  work = join(lsim.home, 'work');
  mkdirSync(work, { recursive: true });
  const layerZip = makeZip([{ name: 'python/helper.py', data: 'VALUE = 1\n' }]);
  const functionZip = makeZip([{ name: 'app.py', data: 'def handler(event, context):\n    return {"got": event}\n' }]);
  writeFileSync(join(work, 'layer.zip'), layerZip);
  writeFileSync(join(work, 'function.zip'), functionZip);
  const api = lsim.registry;
  await api.publishLayerVersion({
    LayerName: 'cmp-layer',
    Content: { ZipFile: layerZip },
    Description: 'Shared helpers',
    LicenseInfo: 'MIT',
    CompatibleRuntimes: ['python3.12', 'python3.13'],
    CompatibleArchitectures: ['x86_64'],
  });
  await api.publishLayerVersion({ LayerName: 'cmp-layer', Content: { ZipFile: layerZip } });
  await api.publishLayerVersion({ LayerName: 'other-layer', Content: { ZipFile: layerZip }, CompatibleRuntimes: ['nodejs20.x'] });
  api.addLayerVersionPermission({
    LayerName: 'cmp-layer',
    VersionNumber: 1,
    StatementId: 'xaccount',
    Action: 'lambda:GetLayerVersion',
    Principal: '223456789012',
  });
  await api.createFunction({
    FunctionName: 'cmp-fn',
    Runtime: 'python3.12',
    Handler: 'app.handler',
    Role: ROLE,
    Code: { ZipFile: functionZip },
    Layers: [`${layerArn}:1`],
    Environment: { Variables: { STAGE: 'test' } },
  });
  api.publishVersion({ FunctionName: 'cmp-fn', Description: 'first' });
  api.createAlias({ FunctionName: 'cmp-fn', Name: 'live', FunctionVersion: '1', Description: 'the live one' });
  for (const [i] of FORMATS.entries()) {
    for (const side of ['a', 'l']) {
      await api.publishLayerVersion({ LayerName: `perm-${side}${i}`, Content: { ZipFile: layerZip } });
      api.addLayerVersionPermission({
        LayerName: `perm-${side}${i}`,
        VersionNumber: 1,
        StatementId: 'gone',
        Action: 'lambda:GetLayerVersion',
        Principal: '*',
      });
    }
  }
  lsim.registry.close();
  served = await serveChild(lsim.home);
  container =
    docker([
      'run',
      '-d',
      '--rm',
      '--network',
      'host',
      '-v',
      `${lsim.home}:${lsim.home}`,
      '--label',
      `dev.lsim.test=aws-cli-compare`,
      '-e',
      'AWS_ACCESS_KEY_ID=AKIDEXAMPLE',
      '-e',
      'AWS_SECRET_ACCESS_KEY=secret',
      '-e',
      `AWS_REGION=${REGION}`,
      '-e',
      'AWS_PAGER=',
      image,
      'sleep',
      'infinity',
    ])[0] ?? '';
});

afterAll(async () => {
  if (container !== undefined && container !== '') docker(['rm', '-f', container]);
  served?.child.kill('SIGTERM');
  await served?.exited;
  lsim?.dispose();
});

const AWS_BANNER =
  'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n' +
  '  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n';

/** `lsim X` is `aws lambda X`: the program's name and its usage banner are the only expected differences. */
const asAws = (stderr: string): string => stderr.replaceAll(USAGE_BANNER, AWS_BANNER).replaceAll('lsim: [ERROR]: ', 'aws: [ERROR]: ');

function compare(aws: Result, ours: Result, compareStderr: boolean): void {
  expect({ code: ours.code, stdout: mask(ours.stdout) }).toEqual({ code: aws.code, stdout: mask(aws.stdout) });
  if (compareStderr) expect(asAws(ours.stderr)).toBe(aws.stderr);
}

describe.each(FORMATS.map((format, index) => [format, index] as const))('--output %s', (format, index) => {
  it.each([...READS, ...CHANGES].map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const withFormat = (side: 'a' | 'l'): string[] => [...c.args(side, index), '--output', format];
    const aws = await awsCli(withFormat('a'));
    const ours = await lsimCli(withFormat('l'));
    compare(aws, ours, !c.name.startsWith('invoke'));
  });
});

describe('errors', () => {
  it.each(ERRORS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const aws = await awsCli(c.args('a', 0));
    const ours = await lsimCli(c.args('a', 0));
    compare(aws, ours, c.compareStderr !== false);
  });
});
