import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, fixtureZip } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { serveChild } from '../helpers/serve-child.js';
import { childEnv } from '../helpers/test-engine.js';

/**
 * Hot reload (docs/watch.md): `lsim invoke --watch` driven as a user runs it, a child process whose
 * output the test reads while it edits a layer folder, and `lsim serve -t --watch` redeploying a
 * template on an edit, seen through the Invoke API. python3.12, whose image the suite builds anyway.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Handler: app.handler
Resources:
  GreetingLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layers/greeting
  FormatLayer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content: layers/format.zip
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello
      Layers: [!Ref GreetingLayer, !Ref FormatLayer]
  OtherFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: other
      Layers: [!Ref FormatLayer]
`;

const HELLO = `import formatting
import greeting


def handler(event, context):
    return {"message": formatting.shout(greeting.TEXT)}
`;

const OTHER = `import formatting


def handler(event, context):
    return {"other": formatting.shout("untouched")}
`;

let lsim: LsimHome;
let app: string;

beforeAll(() => {
  lsim = new LsimHome('lsim-it-watch-');
  app = fixtureDir(lsim, 'app', {
    'template.yaml': TEMPLATE,
    'hello/app.py': HELLO,
    'other/app.py': OTHER,
    'layers/greeting/python/greeting.py': 'TEXT = "first"\n',
  });
  fixtureZip(lsim, 'app/layers/format', { 'python/formatting.py': 'def shout(text):\n    return text.upper()\n' });
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

const setGreeting = (text: string): void => writeFileSync(join(app, 'layers/greeting/python/greeting.py'), `TEXT = "${text}"\n`);

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every extracted tree of the home's cache, with what would change if it were extracted again. */
function extractions(): string[] {
  const root = join(lsim.home, 'extract');
  return readdirSync(root)
    .sort()
    .map((name) => {
      const info = statSync(join(root, name));
      return `${name} ino=${info.ino} mtime=${info.mtimeMs}`;
    });
}

describe('lsim invoke --watch', () => {
  it('invokes again on an edit of a layer folder, reading it as it is now, the unchanged zip layer not extracted again', async () => {
    setGreeting('first');
    const child = spawn(process.execPath, [join(REPO, 'bin/lsim.js'), 'invoke', '-t', 'template.yaml', 'HelloFunction', '--watch'], {
      env: childEnv(lsim.home),
      cwd: app,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const payloads = (): unknown[] =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as unknown);
    try {
      await until(`the first invoke\n${stderr}`, () => (payloads().length >= 1 ? true : undefined), 300_000);
      expect(payloads()).toEqual([{ message: 'FIRST' }]);
      const cached = extractions();
      // The zip layer is in the content-addressed cache; the folders are mounted as they are.
      expect(cached.filter((entry) => /^[0-9a-f]{64} /.test(entry))).toHaveLength(1);

      setGreeting('second');
      await until(`the second invoke\n${stderr}`, () => (payloads().length >= 2 ? true : undefined));
      expect(payloads()).toEqual([{ message: 'FIRST' }, { message: 'SECOND' }]);
      expect(stderr).toMatch(/changed: layer layers\/greeting \(\d+ paths?\); invoking again/);
      expect(extractions()).toEqual(cached);
      // Each invoke is a new environment, as the first one after a deploy is on Lambda.
      expect(stderr.match(/^REPORT .*Init Duration/gm)).toHaveLength(2);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect(await exited).toEqual([0, null]);
    expect(stderr).toContain('lsim invoke --watch: stopped.');
  });
});

interface Invoked {
  readonly payload: unknown;
  readonly log: string;
}

describe('lsim serve -t --watch', () => {
  it('redeploys an edited layer for the next invoke, keeps the untouched function warm, and holds back an invalid layer', async () => {
    setGreeting('first');
    const served = await serveChild(lsim.home, '-t', join(app, 'template.yaml'), '--watch');
    const invoke = async (name: string): Promise<Invoked> => {
      const response = await fetch(`${served.url}/2015-03-31/functions/${name}/invocations`, {
        method: 'POST',
        headers: { 'X-Amz-Log-Type': 'Tail' },
        body: '{}',
      });
      expect(response.status).toBe(200);
      const log = Buffer.from(response.headers.get('x-amz-log-result') ?? '', 'base64').toString('utf8');
      return { payload: await response.json(), log };
    };
    const versions = async (): Promise<number[]> => {
      const response = await fetch(`${served.url}/2018-10-31/layers/GreetingLayer/versions`);
      const body = (await response.json()) as { LayerVersions: { Version: number }[] };
      return body.LayerVersions.map((version) => version.Version);
    };
    try {
      // Deployed before the server said it listens.
      expect(await versions()).toEqual([1]);
      expect((await invoke('HelloFunction')).payload).toEqual({ message: 'FIRST' });
      expect((await invoke('OtherFunction')).payload).toEqual({ other: 'UNTOUCHED' });

      const edited = Date.now();
      setGreeting('second');
      await until('the redeploy', () => (/HelloFunction: updated /.test(served.stderr()) ? true : undefined));
      const deployedMs = Date.now() - edited;
      const retired = /HelloFunction: \d+ warm environment\(s\) of the previous configuration retired/;
      await until('the retirement of the old environment', () => (retired.test(served.stderr()) ? true : undefined));
      const changed = await invoke('HelloFunction');
      expect(changed.payload).toEqual({ message: 'SECOND' });
      expect(await versions()).toEqual([2, 1]);
      expect(changed.log).toMatch(/Init Duration/);
      const other = await invoke('OtherFunction');
      expect(other.payload).toEqual({ other: 'UNTOUCHED' });
      expect(other.log).toMatch(/^REPORT /m);
      expect(other.log).not.toMatch(/Init Duration/);
      // An edit is seen within the second or two `sam sync --watch` users expect (slack for a loaded machine).
      console.log(`lsim serve --watch: a layer edit deployed (new layer version, function updated) ${deployedMs} ms after the save`);
      expect(deployedMs).toBeLessThan(10_000);

      // Modules at the layer's root are not on sys.path: the doctor's python-packages-at-root.
      rmSync(join(app, 'layers/greeting/python'), { recursive: true });
      writeFileSync(join(app, 'layers/greeting/greeting.py'), 'TEXT = "broken"\n');
      await until('the doctor finding in the log', () => (served.stderr().includes('python-packages-at-root') ? true : undefined));
      expect(served.stderr()).toContain('not deployed: the functions keep their last deployed code and layer versions');
      expect(await versions()).toEqual([2, 1]);
      expect((await invoke('HelloFunction')).payload).toEqual({ message: 'SECOND' });
    } finally {
      served.child.kill('SIGTERM');
      await served.exited;
    }
    expect(await served.exited).toEqual([0, null]);
  });
});
