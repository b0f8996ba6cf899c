import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeId } from '../../src/runtimes/runtime-catalogue.js';
import { filesUnder, compileJava } from '../helpers/javac.js';
import { fixtureDir, fixtureZip, invokeAdHoc, platformLines, type TreeSpec } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { makeZip } from '../helpers/make-zip.js';
import { serveChild, type Served } from '../helpers/serve-child.js';
import { childEnv } from '../helpers/test-engine.js';

/**
 * One external extension (a shell script in /opt/extensions, the same layer on every family) that
 * registers for INVOKE and SHUTDOWN and prints a line per event: one-shot on nodejs, ruby and java (the
 * provided and python one-shot cases are in extensions.test.ts), and warm through a real `lsim serve`
 * on every family, where SHUTDOWN comes from the idle timeout or from the server's stop (SIGTERM), after
 * the last invoke: its line must still reach the function's log stream (`lsim logs`), as in Lambda.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));

const EVENTS_EXTENSION = `#!/bin/sh
api="http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension"
id=$(curl -sS -D - -o /dev/null -X POST "$api/register" -H 'Lambda-Extension-Name: events-ext' -d '{"events":["INVOKE","SHUTDOWN"]}' |
  tr -d '\\r' | sed -n 's/^[Ll]ambda-[Ee]xtension-[Ii]dentifier: //p')
while :; do
  event=$(curl -sS -H "Lambda-Extension-Identifier: $id" "$api/event/next")
  echo "events-ext $event"
  case "$event" in *'"SHUTDOWN"'*) exit 0 ;; esac
done
`;

interface Family {
  readonly runtime: RuntimeId;
  readonly handler: string;
  /** The function's code, as a folder (built in beforeAll). */
  code: string;
}

const FAMILIES: Record<string, Family> = {
  nodejs: { runtime: 'nodejs20.x', handler: 'index.handler', code: '' },
  ruby: { runtime: 'ruby3.3', handler: 'hello.handler', code: '' },
  java: { runtime: 'java21', handler: 'example.Hello::handleRequest', code: '' },
  python: { runtime: 'python3.12', handler: 'app.handler', code: '' },
  provided: { runtime: 'provided.al2023', handler: 'x', code: '' },
};

const SOURCES: Record<Exclude<keyof typeof FAMILIES, 'java'>, TreeSpec> = {
  nodejs: { 'index.mjs': 'export const handler = async () => ({ ok: true });\n' },
  ruby: { 'hello.rb': readFileSync(join(REPO, 'test/fixtures/ruby/code/hello.rb'), 'utf8') },
  python: { 'app.py': 'def handler(event, context):\n    return {"ok": True}\n' },
  provided: {
    bootstrap: {
      data: `#!/bin/sh
set -eu
api="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while :; do
  id=$(curl -sS -D - -o /dev/null "$api/invocation/next" | tr -d '\\r' | sed -n 's/^[Ll]ambda-[Rr]untime-[Aa]ws-[Rr]equest-[Ii]d: //p')
  curl -sS -X POST "$api/invocation/$id/response" -d '{"ok":true}' >/dev/null
done
`,
      mode: 0o755,
    },
  },
};

let lsim: LsimHome;
let layer: string;
let layerArn: string;
const clients: LambdaClient[] = [];

beforeAll(async () => {
  lsim = new LsimHome('lsim-it-ext-fam-');
  layer = fixtureZip(lsim, 'events-layer', { 'extensions/events-ext': { data: EVENTS_EXTENSION, mode: 0o755 } });
  for (const [name, spec] of Object.entries(SOURCES)) (FAMILIES[name] as Family).code = fixtureDir(lsim, `${name}-code`, spec);
  const java = FAMILIES.java as Family;
  java.code = fixtureDir(lsim, 'java-code', {});
  const hello = readFileSync(join(REPO, 'test/fixtures/java/src/code/example/Hello.java'), 'utf8');
  await compileJava(lsim, { sources: fixtureDir(lsim, 'java-src', { 'example/Hello.java': hello }), outDir: java.code });
  layerArn = (await lsim.registry.publishLayerVersion({ LayerName: 'events', Content: { ZipFile: readFileSync(layer) } })).LayerVersionArn;
  for (const [name, family] of Object.entries(FAMILIES)) {
    await lsim.registry.createFunction({
      FunctionName: `ext-${name}`,
      Runtime: family.runtime,
      Handler: family.handler,
      Role: 'arn:aws:iam::123456789012:role/r',
      Layers: [layerArn],
      Code: {
        ZipFile: makeZip(
          Object.entries(filesUnder(family.code)).map(([path, data]) => ({ name: path, data, mode: path === 'bootstrap' ? 0o755 : 0o644 })),
        ),
      },
    });
  }
  lsim.registry.close();
}, 600_000);

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

const shutdownLine = (lines: readonly string[]): string | undefined =>
  lines.find((line) => line.startsWith('events-ext {"eventType":"SHUTDOWN","shutdownReason":"spindown"'));

describe.each(['nodejs', 'ruby', 'java'])('%s: an external extension, one-shot', (name) => {
  it('gets INVOKE with the request id, and SHUTDOWN spindown before END', async () => {
    const family = FAMILIES[name] as Family;
    const { result, log } = await invokeAdHoc(lsim, {
      runtime: family.runtime,
      handler: family.handler,
      code: family.code,
      layers: [layer],
    });
    expect(result.functionError, log).toBeUndefined();
    const lines = log.split('\n');
    const { start, end } = platformLines(log, result.requestId);
    expect(lines.indexOf('EXTENSION\tName: events-ext\tState: Ready\tEvents: [INVOKE,SHUTDOWN]')).toBeLessThan(lines.indexOf(start));
    const invoke = lines.findIndex((line) => line.startsWith('events-ext {"eventType":"INVOKE"') && line.includes(result.requestId));
    expect(invoke, log).toBeGreaterThan(lines.indexOf(start));
    const shutdown = lines.indexOf(shutdownLine(lines) ?? '');
    expect(shutdown, log).toBeGreaterThan(invoke);
    expect(shutdown).toBeLessThan(lines.indexOf(end));
  }, 300_000);
});

function lambdaAt(served: Served): LambdaClient {
  const client = new LambdaClient({
    endpoint: served.url,
    region: 'us-east-1',
    credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}

async function invokeServed(lambda: LambdaClient, name: string): Promise<void> {
  const result = await lambda.send(new InvokeCommand({ FunctionName: `ext-${name}`, Payload: Buffer.from('{}') }));
  expect(result.FunctionError, Buffer.from(result.Payload ?? []).toString('utf8')).toBeUndefined();
}

/** `lsim logs --function-name ext-<name>`: the messages of the function's stored log, oldest first. */
function storedLog(name: string): string[] {
  const cli = spawnSync(process.execPath, [join(REPO, 'bin/lsim.js'), 'logs', '--function-name', `ext-${name}`], {
    env: childEnv(lsim.home),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(cli.status, cli.stderr).toBe(0);
  // `<ISO time> <stream> <message>`
  return cli.stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split(' ').slice(2).join(' '));
}

describe('through lsim serve', () => {
  it('an idle timeout retires the warm environment with SHUTDOWN spindown, which reaches the stored log', async () => {
    const served = await serveChild(lsim.home, '--idle-timeout', '1');
    try {
      const lambda = lambdaAt(served);
      await invokeServed(lambda, 'nodejs');
      // The answer comes before the extension's next call; the environment takes the next invoke once it
      // came (docs/lifecycle.md#when-the-caller-gets-the-answer), well inside the 1 s idle timeout.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await invokeServed(lambda, 'nodejs');
      await invokeServed(lambda, 'ruby');
      for (const name of ['nodejs', 'ruby']) {
        let lines: string[] = [];
        for (let tries = 0; tries < 30 && shutdownLine(lines) === undefined; tries += 1) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          lines = storedLog(name);
        }
        expect(shutdownLine(lines), lines.join('\n')).toBeDefined();
        const reports = lines.filter((line) => line.startsWith('REPORT RequestId: '));
        expect(lines.indexOf(shutdownLine(lines) ?? '')).toBeGreaterThan(lines.indexOf(reports.at(-1) ?? ''));
        if (name === 'nodejs') {
          // Two invokes, one environment: INVOKE twice, one init, one SHUTDOWN.
          expect(reports).toHaveLength(2);
          expect(lines.filter((line) => line.startsWith('events-ext {"eventType":"INVOKE"'))).toHaveLength(2);
          expect(lines.filter((line) => line.startsWith('EXTENSION\t'))).toHaveLength(1);
        }
      }
      // Retired by the idle timeout, not by a stop: the server still runs.
      expect(served.child.exitCode).toBeNull();
      expect(lsim.leftoverContainers()).toEqual([]);
    } finally {
      served.child.kill('SIGTERM');
      await served.exited;
    }
  }, 300_000);

  it('stopping the server (SIGTERM) sends SHUTDOWN spindown to every warm environment, on every family', async () => {
    const served = await serveChild(lsim.home);
    const lambda = lambdaAt(served);
    const names = ['java', 'python', 'provided'];
    await Promise.all(names.map((name) => invokeServed(lambda, name)));
    served.child.kill('SIGTERM');
    const [code] = await served.exited;
    expect(code, served.stderr()).toBe(0);
    for (const name of names) {
      const lines = storedLog(name);
      expect(shutdownLine(lines), lines.join('\n')).toBeDefined();
      expect(lines.indexOf(shutdownLine(lines) ?? '')).toBeGreaterThan(lines.findIndex((line) => line.startsWith('REPORT RequestId: ')));
    }
  }, 300_000);
});
