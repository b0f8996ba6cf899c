import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';
import { COLD_REPORT, fixtureDir, fixtureZip, platformLines, UUID } from '../helpers/invoke-helpers.js';
import { nearestInterpreterNote } from '../../src/runtimes/runtime-catalogue.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { childEnv } from '../helpers/test-engine.js';

/**
 * `lsim invoke` as users run it: the built CLI as a child process (ad-hoc form with a zip and a
 * folder layer), and in-process `main()` for the registered form (publish → create → invoke).
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
let lsim: LsimHome;

const APP = `import json


def handler(event, context):
    import greeting
    print("plain print line")
    return {"greeting": greeting.TEXT, "event": event}


def boom(event, context):
    raise RuntimeError("cli boom")
`;

beforeAll(() => {
  lsim = new LsimHome('lsim-it-cli-');
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

describe('lsim invoke', () => {
  it('ad-hoc form through the built CLI: payload to OUTFILE, metadata on stdout, the log on stderr', () => {
    const code = fixtureZip(lsim, 'cli-code', { 'app.py': APP });
    const base = fixtureZip(lsim, 'cli-layer-base', { 'python/greeting.py': "TEXT = 'from the zip layer'\n" });
    const override = fixtureDir(lsim, 'cli-layer-override', { 'python/greeting.py': "TEXT = 'from the folder layer'\n" });
    const outfile = join(lsim.home, 'fixtures', 'cli-out.json');
    const run = spawnSync(
      process.execPath,
      [
        join(REPO, 'bin/lsim.js'),
        'invoke',
        '--runtime',
        'python3.12',
        '--handler',
        'app.handler',
        '--code',
        code,
        '--layer',
        base,
        '--layer',
        override,
        '--payload',
        '{"from": "cli"}',
        '--log-type',
        'Tail',
        outfile,
      ],
      { env: childEnv(lsim.home), encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(outfile, 'utf8'))).toEqual({ greeting: 'from the folder layer', event: { from: 'cli' } });
    const metadata = JSON.parse(run.stdout) as { StatusCode: number; LogResult: string; ExecutedVersion: string };
    expect(Object.keys(metadata)).toEqual(['StatusCode', 'LogResult', 'ExecutedVersion']);
    expect(metadata.StatusCode).toBe(200);
    expect(metadata.ExecutedVersion).toBe('$LATEST');

    const requestId = UUID.exec(run.stderr)?.[0] ?? '';
    const lines = platformLines(run.stderr, requestId);
    expect(lines.start).toBe(`START RequestId: ${requestId} Version: $LATEST`);
    expect(lines.report).toMatch(COLD_REPORT);
    expect(run.stderr).toContain('plain print line\n');
    // python3.12 runs on the nearest Python lsim can build offline, and the invoke says so once.
    expect(run.stderr.split(nearestInterpreterNote('python3.12') ?? 'missing')).toHaveLength(2);
    const tail = Buffer.from(metadata.LogResult, 'base64').toString('utf8');
    expect(tail).toContain(`START RequestId: ${requestId} Version: $LATEST`);
    expect(tail.trimEnd().split('\n').at(-1)).toBe(lines.report.trimEnd());
  });

  it('registered form in-process: publish-layer-version, create-function, invoke with a handler error', async () => {
    const layerZip = fixtureZip(lsim, 'cli-reg-layer', { 'python/greeting.py': "TEXT = 'registered layer'\n" });
    const codeZip = fixtureZip(lsim, 'cli-reg-code', { 'app.py': APP });
    const cli = async (...argv: string[]): Promise<{ code: number; out: CapturedOutput }> => {
      const out = new CapturedOutput();
      const code = await main(argv, { output: out, env: childEnv(lsim.home), cwd: lsim.home });
      return { code, out };
    };
    const published = await cli('publish-layer-version', '--layer-name', 'greeting', '--zip-file', `fileb://${layerZip}`);
    expect(published.code, published.out.stderr).toBe(0);
    const layerArn = (JSON.parse(published.out.stdout) as { LayerVersionArn: string }).LayerVersionArn;
    for (const [name, handler] of [
      ['cli-ok', 'app.handler'],
      ['cli-boom', 'app.boom'],
    ] as const) {
      const created = await cli(
        'create-function',
        '--function-name',
        name,
        '--runtime',
        'python3.12',
        '--handler',
        handler,
        '--role',
        'arn:aws:iam::123456789012:role/lambda-role',
        '--zip-file',
        `fileb://${codeZip}`,
        '--layers',
        layerArn,
      );
      expect(created.code, created.out.stderr).toBe(0);
    }

    const ok = await cli('invoke', '--function-name', 'cli-ok', '--payload', '{"n": 1}', 'ok.json');
    expect(ok.code, ok.out.stderr).toBe(0);
    expect(JSON.parse(ok.out.stdout)).toEqual({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(JSON.parse(readFileSync(join(lsim.home, 'ok.json'), 'utf8'))).toEqual({ greeting: 'registered layer', event: { n: 1 } });

    const boom = await cli('invoke', '--function-name', 'cli-boom', 'boom.json');
    expect(boom.code, boom.out.stderr).toBe(0);
    expect(JSON.parse(boom.out.stdout)).toEqual({ StatusCode: 200, FunctionError: 'Unhandled', ExecutedVersion: '$LATEST' });
    const payload = JSON.parse(readFileSync(join(lsim.home, 'boom.json'), 'utf8')) as Record<string, unknown>;
    expect(payload).toMatchObject({ errorMessage: 'cli boom', errorType: 'RuntimeError' });
    expect(payload.requestId).toMatch(UUID);
    expect(boom.out.stderr).toMatch(/\[ERROR\] RuntimeError: cli boom/);
  });
});
