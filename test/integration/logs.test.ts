import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAwsCliImage } from '../helpers/aws-cli-image.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { makeZip } from '../helpers/make-zip.js';
import { serveChild, type Served } from '../helpers/serve-child.js';
import { childEnv, docker, engineEnv } from '../helpers/test-engine.js';

/**
 * Invocation logs end to end: a function invoked over lsim serve (warm pool) and by a one-shot
 * `lsim invoke` on the same LSIM_HOME; the real aws CLI v2 (Debian sid's, in a container on the host
 * network) runs `aws logs tail /aws/lambda/F` against serve and prints both invokes' lines, in
 * Lambda's stream names; `--follow` picks up a later invoke; `lsim logs` prints the same.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const HANDLER = `export const handler = async (event) => {
  console.log('hello from invoke ' + event.n);
  return { n: event.n };
};
`;
const LABEL = 'dev.lsim.test=logs';
// A line on each stream, then one left unfinished: each belongs to its own invoke's log however fast the next comes.
const CHATTY = `export const handler = async (event) => {
  console.log('out ' + event.n);
  console.error('err ' + event.n);
  process.stdout.write('partial ' + event.n);
  return event.n;
};
`;

let lsim: LsimHome;
let served: Served;
let image: string;
let lambda: LambdaClient;

const awsArgs = (url: string): string[] => [
  'run',
  '--rm',
  '--network',
  'host',
  '--label',
  LABEL,
  '-e',
  'AWS_ACCESS_KEY_ID=123456789012',
  '-e',
  'AWS_SECRET_ACCESS_KEY=secret',
  '-e',
  'AWS_REGION=us-east-1',
  '-e',
  'AWS_PAGER=',
  '-e',
  // --follow's lines reach a pipe as they are printed, not in blocks.
  'PYTHONUNBUFFERED=1',
  image,
  'aws',
  '--endpoint-url',
  url,
  'logs',
];
const invoke = (n: number): Promise<unknown> =>
  lambda.send(new InvokeCommand({ FunctionName: 'logged', Payload: Buffer.from(JSON.stringify({ n })) }));

beforeAll(async () => {
  image = await ensureAwsCliImage();
  lsim = new LsimHome('lsim-it-logs-');
  await lsim.registry.createFunction({
    FunctionName: 'logged',
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: 'arn:aws:iam::123456789012:role/r',
    Code: { ZipFile: makeZip([{ name: 'index.mjs', data: HANDLER }]) },
  });
  lsim.registry.close();
  served = await serveChild(lsim.home);
  lambda = new LambdaClient({
    endpoint: served.url,
    region: 'us-east-1',
    credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  for (const id of docker(['ps', '-aq', '--filter', `label=${LABEL}`])) docker(['rm', '-f', id]);
  lambda?.destroy();
  served?.child.kill('SIGTERM');
  await served?.exited;
  expect(lsim.leftoverContainers()).toEqual([]);
  lsim?.dispose();
});

describe('invocation logs', () => {
  it('aws logs tail over lsim serve prints the lines of warm and one-shot invokes, in Lambda stream names', async () => {
    await invoke(1);
    await invoke(2);
    const cli = spawnSync(
      process.execPath,
      [
        join(REPO, 'bin/lsim.js'),
        'invoke',
        '--function-name',
        'logged',
        '--no-server',
        '--payload',
        '{"n": 3}',
        join(lsim.home, 'out.json'),
      ],
      { env: childEnv(lsim.home), encoding: 'utf8', timeout: 120_000 },
    );
    expect(cli.status, cli.stderr).toBe(0);

    const tail = spawnSync('docker', awsArgs(served.url).concat(['tail', '/aws/lambda/logged']), {
      encoding: 'utf8',
      env: { ...process.env, ...engineEnv() },
      timeout: 120_000,
    });
    expect(tail.status, tail.stderr).toBe(0);
    const lines = tail.stdout.trimEnd().split('\n');
    for (const n of [1, 2, 3]) expect(lines.some((line) => line.includes(`hello from invoke ${n}`))).toBe(true);
    expect(lines.filter((line) => /\tREPORT RequestId: |REPORT RequestId: /.test(line))).toHaveLength(3);
    // `<ISO time> <stream> <message>`: the warm pool's two invokes share one environment, the one-shot has its own.
    const streams = new Set(lines.map((line) => line.split(' ')[1]));
    for (const stream of streams) expect(stream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(streams.size).toBe(2);
    const start = lines.findIndex((line) => line.includes('START RequestId: '));
    expect(lines[start + 1]).toContain('hello from invoke 1');

    const logs = spawnSync(process.execPath, [join(REPO, 'bin/lsim.js'), 'logs', '--function-name', 'logged'], {
      env: childEnv(lsim.home),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(logs.status, logs.stderr).toBe(0);
    expect(
      logs.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(' ').slice(1).join(' ')),
    ).toEqual(lines.map((line) => line.split(' ').slice(1).join(' ')));
  });

  it('aws logs tail --follow picks up a later invoke', async () => {
    const follower = spawn('docker', awsArgs(served.url).concat(['tail', '/aws/lambda/logged', '--follow', '--since', '1m']), {
      env: { ...process.env, ...engineEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    follower.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const waitFor = async (text: string, ms: number): Promise<void> => {
      const until = Date.now() + ms;
      while (!out.includes(text) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 250));
      expect(out).toContain(text);
    };
    try {
      await waitFor('hello from invoke 1', 60_000);
      await invoke(4);
      // The CLI polls every 5 s.
      await waitFor('hello from invoke 4', 20_000);
    } finally {
      follower.kill('SIGKILL');
    }
  });

  it('answers an unknown group and a bad request the CloudWatch Logs way', async () => {
    const missing = spawnSync('docker', awsArgs(served.url).concat(['tail', '/aws/lambda/nobody']), {
      encoding: 'utf8',
      env: { ...process.env, ...engineEnv() },
      timeout: 120_000,
    });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('ResourceNotFoundException');
    expect(missing.stderr).toContain('The specified log group does not exist.');
    const response = await fetch(served.url, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'Logs_20140328.FilterLogEvents', 'Content-Type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ logGroupName: '/aws/lambda/logged', limit: 'many' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('SerializationException');
  });
});

describe('the other CloudWatch Logs reads over lsim serve', () => {
  const aws = (...command: string[]): { status: number | null; stdout: string; stderr: string } =>
    spawnSync('docker', awsArgs(served.url).concat(command), {
      encoding: 'utf8',
      env: { ...process.env, ...engineEnv() },
      timeout: 120_000,
    });
  const json = <T>(...command: string[]): T => {
    const run = aws(...command);
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as T;
  };

  it('aws logs describe-log-groups, describe-log-streams and get-log-events read the invokes’ logs', () => {
    const groups = json<{ logGroups: { logGroupName: string; arn: string }[] }>(
      'describe-log-groups',
      '--log-group-name-prefix',
      '/aws/lambda/',
    );
    expect(groups.logGroups.map((group) => group.logGroupName)).toEqual(['/aws/lambda/logged']);
    expect(groups.logGroups[0]?.arn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/logged:*');

    const streams = json<{ logStreams: { logStreamName: string; lastEventTimestamp: number }[] }>(
      'describe-log-streams',
      '--log-group-name',
      '/aws/lambda/logged',
      '--order-by',
      'LastEventTime',
      '--descending',
    );
    // serve's warm environment (invokes 1, 2 and, unless it was retired since, 4) and the one-shot invoke's (3).
    expect(streams.logStreams.length).toBeGreaterThanOrEqual(2);
    const [newest, older] = streams.logStreams;
    expect(newest?.lastEventTimestamp).toBeGreaterThanOrEqual(older?.lastEventTimestamp ?? Infinity);

    const events = json<{ events: { message: string }[]; nextForwardToken: string }>(
      'get-log-events',
      '--log-group-name',
      '/aws/lambda/logged',
      '--log-stream-name',
      newest?.logStreamName ?? '',
      '--start-from-head',
    );
    const messages = events.events.map((event) => event.message);
    expect(messages[0]).toMatch(/^START RequestId: \S+ Version: \$LATEST\n$/);
    // Node's console.log line: `<time>\t<request id>\tINFO\t<text>`, with the newline the platform adds.
    expect(messages.some((message) => message.endsWith('\tINFO\thello from invoke 4\n'))).toBe(true);
    expect(messages.at(-1)).toMatch(/^REPORT RequestId: /);
    expect(events.nextForwardToken).toMatch(/^f\//);

    const missing = aws('get-log-events', '--log-group-name', '/aws/lambda/logged', '--log-stream-name', 'no-such-stream');
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('ResourceNotFoundException');
    expect(missing.stderr).toContain('The specified log stream does not exist.');
  });
});

describe('the CLI reuses a running server', () => {
  const lsimInvoke = (...extra: string[]): { status: number | null; stderr: string; stdout: string; payload: string } => {
    const out = join(lsim.home, 'served-out.json');
    const run = spawnSync(
      process.execPath,
      [join(REPO, 'bin/lsim.js'), 'invoke', '--function-name', 'logged', '--payload', '{"n": 7}', ...extra, out],
      { env: childEnv(lsim.home), encoding: 'utf8', timeout: 120_000 },
    );
    return { status: run.status, stderr: run.stderr, stdout: run.stdout, payload: readFileSync(out, 'utf8') };
  };
  const report = (stderr: string): string => stderr.split('\n').find((line) => line.startsWith('REPORT RequestId: ')) ?? '';

  it('sends lsim invoke to serve: repeated invokes are warm; --no-server and a stale entry run one-shot', () => {
    const containers = lsim.leftoverContainers().length;
    for (let i = 0; i < 2; i += 1) {
      const run = lsimInvoke('--log-type', 'Tail');
      expect(run.status, run.stderr).toBe(0);
      expect(run.payload).toBe('{"n":7}');
      // The invoke's own log, START to END. Not its handler's line: on a warm environment that line can
      // reach lsim after END under load (docs/deviations.md#extensions, "Output at the end of an invoke").
      expect(run.stderr).toMatch(/^START RequestId: (\S+) Version: \$LATEST\n(?:.*\n)*END RequestId: \1\n/m);
      // serve's environment is already warm from the invokes above: no INIT in either.
      expect(report(run.stderr)).toMatch(/^REPORT RequestId: \S+\tDuration: /);
      expect(report(run.stderr)).not.toContain('Init Duration');
      expect(JSON.parse(run.stdout)).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
      expect(JSON.parse(run.stdout)).toHaveProperty('LogResult');
    }
    expect(lsim.leftoverContainers()).toHaveLength(containers);

    const oneShot = lsimInvoke('--no-server');
    expect(oneShot.status, oneShot.stderr).toBe(0);
    expect(report(oneShot.stderr)).toContain('Init Duration');

    const entry = JSON.parse(readFileSync(join(lsim.home, 'serve.json'), 'utf8')) as { owner: string };
    const [pid = '', start = '', boot = ''] = entry.owner.split('.');
    writeFileSync(join(lsim.home, 'serve.json'), JSON.stringify({ ...entry, owner: `${pid}.${start}1.${boot}` }));
    const stale = lsimInvoke();
    expect(stale.status, stale.stderr).toBe(0);
    expect(report(stale.stderr)).toContain('Init Duration');
  });
});

// Last: the tests above expect /aws/lambda/logged to be the one log group.
describe('back-to-back warm invokes (docs/lifecycle.md#the-next-invoke-before-the-marker-is-back)', () => {
  it('keeps each invoke whole in the stored stream, in order: its stdout, its stderr and its unfinished last line', async () => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'chatty',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::123456789012:role/r',
        Code: { ZipFile: makeZip([{ name: 'index.mjs', data: CHATTY }]) },
      }),
    );
    const rounds = 25;
    for (let n = 1; n <= rounds; n += 1) {
      const answer = await lambda.send(new InvokeCommand({ FunctionName: 'chatty', Payload: Buffer.from(JSON.stringify({ n })) }));
      expect(Buffer.from(answer.Payload ?? []).toString('utf8')).toBe(String(n));
    }
    // The last invoke's log closes when its marker is back, a moment after its answer.
    let messages: string[] = [];
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const logs = spawnSync(process.execPath, [join(REPO, 'bin/lsim.js'), 'logs', '--function-name', 'chatty'], {
        env: childEnv(lsim.home),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(logs.status, logs.stderr).toBe(0);
      messages = logs.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(' ').slice(2).join(' '));
      if (messages.filter((line) => line.startsWith('REPORT RequestId: ')).length === rounds) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const kinds = messages
      .map((message) => /^(START|END|REPORT) RequestId|\t(out|err) (\d+)$|^(partial) (\d+)$/.exec(message))
      .filter((match) => match !== null)
      .map((match) => match[1] ?? `${match[2] ?? match[4]} ${match[3] ?? match[5]}`);
    const expected = Array.from({ length: rounds }, (_, index) => [
      'START',
      `out ${index + 1}`,
      `err ${index + 1}`,
      `partial ${index + 1}`,
      'END',
      'REPORT',
    ]).flat();
    expect(kinds).toEqual(expected);
    expect(messages.join('\n')).not.toContain('lsim-output-marker');
  });
});
