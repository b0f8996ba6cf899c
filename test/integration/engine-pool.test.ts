import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LSIM_LABELS } from '../../src/engine/container-engine.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { makeZip } from '../helpers/make-zip.js';
import { SecondEngine } from '../helpers/second-engine.js';
import { serveChild, type Served } from '../helpers/serve-child.js';
import { docker, engineEnv, ensureTestImage } from '../helpers/test-engine.js';

// lsim serve with a pool of two engines: the one the tests drive and a second dockerd this file starts
// (test/helpers/second-engine.ts). Invokes spread over both; the second is SIGKILLed while invokes run on
// it, and every invoke still succeeds (docs/serve.md#a-pool-of-engines).

/** A custom runtime that sleeps the event's `sleep` seconds, then answers with its container's hostname. */
const BOOTSTRAP = `#!/bin/sh
set -eu
api="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
headers=/tmp/headers
while :; do
  event=$(curl -sS -D "$headers" "$api/invocation/next")
  id=$(grep -i '^lambda-runtime-aws-request-id:' "$headers" | tr -d '\\r' | cut -d' ' -f2)
  seconds=$(printf '%s' "$event" | sed -n 's/.*"sleep": *\\([0-9.]*\\).*/\\1/p')
  sleep "\${seconds:-0}"
  curl -sS -X POST "$api/invocation/$id/response" -d "{\\"host\\":\\"$(cat /etc/hostname)\\",\\"event\\":$event}" >/dev/null
done
`;

let lsim: LsimHome;
let second: SecondEngine;
let served: Served | undefined;
const firstUrl = engineEnv().DOCKER_HOST ?? 'unix:///var/run/docker.sock';

interface Answer {
  readonly status: number;
  readonly body: { host?: string; event?: { n?: number }; Message?: string; message?: string };
}

/** `200`, or the status with lsim's words, so a failure says what the caller got. */
const outcome = ({ status, body }: Answer): string => (status === 200 ? '200' : `${status} ${JSON.stringify(body)}`);

async function invoke(n: number, sleep: number): Promise<Answer> {
  const response = await fetch(`${served?.url ?? ''}/2015-03-31/functions/pooled/invocations`, {
    method: 'POST',
    body: JSON.stringify({ n, sleep }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const homeLabel = (): string => `label=${LSIM_LABELS.home}=${lsim.home}`;
const onFirst = (): string[] => docker(['ps', '-q', '--filter', homeLabel()]);
const onSecond = (): string[] => second.docker(['ps', '-q', '--filter', homeLabel()]);

beforeAll(async () => {
  lsim = new LsimHome('lsim-it-pool-');
  second = await SecondEngine.start();
  // lsim's provided image, built (or found) on the first engine, then copied: the second engine is empty.
  await second.copyImage(await ensureTestImage('provided.al2023', join(lsim.home, 'build')));
  await lsim.registry.createFunction({
    FunctionName: 'pooled',
    Runtime: 'provided.al2023',
    Handler: 'pooled',
    Role: 'arn:aws:iam::123456789012:role/r',
    Timeout: 60,
    Code: { ZipFile: makeZip([{ name: 'bootstrap', data: BOOTSTRAP, mode: 0o755 }]) },
  });
  served = await serveChild(lsim.home, '--engine', firstUrl, '--engine', second.url, '--idle-timeout', '600');
});

afterAll(async () => {
  if (served !== undefined && served.child.exitCode === null) {
    served.child.kill('SIGTERM');
    await served.exited;
  }
  await second?.stop();
  lsim?.dispose();
});

describe('lsim serve on a pool of two engines', () => {
  it('names both engines at start, and spreads new environments over them', async () => {
    expect(served?.stderr()).toContain(`lsim serve: a pool of 2 engines: ${firstUrl}, ${second.url}`);
    const answers = await Promise.all([0, 1, 2, 3].map((n) => invoke(n, 2)));
    expect(answers.map(outcome), served?.stderr()).toEqual(['200', '200', '200', '200']);
    expect(answers.map(({ body }) => body.event?.n)).toEqual([0, 1, 2, 3]);
    // Four environments at once, least loaded first: two on each engine, found there by lsim's labels.
    expect(new Set(answers.map(({ body }) => body.host)).size).toBe(4);
    expect(onFirst()).toHaveLength(2);
    expect(onSecond()).toHaveLength(2);
  });

  it('keeps every invoke when the second engine is killed while invokes run on it', async () => {
    const secondHosts = new Set(onSecond().map((id) => id.slice(0, 12)));
    const running = [4, 5, 6, 7].map((n) => invoke(n, 4));
    // The four reuse the four warm environments: two run on the second engine when it dies.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    second.kill();
    const answers = await Promise.all(running);
    expect(answers.map(outcome), served?.stderr()).toEqual(['200', '200', '200', '200']);
    expect(answers.map(({ body }) => body.event?.n)).toEqual([4, 5, 6, 7]);
    const stderr = served?.stderr() ?? '';
    expect(stderr).toContain(`lsim serve: engine ${second.url} is down (`);
    // Those that ran on the dead engine were answered from the first engine's containers, run again cold.
    const retried = answers.filter(({ body }) => secondHosts.has(body.host ?? ''));
    expect(retried).toEqual([]);
    expect(stderr.match(/the invoke failed with engine .*; retrying it cold on /g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    // Later invokes go to the engine left.
    const after = await Promise.all([8, 9].map((n) => invoke(n, 0)));
    expect(after.map(outcome)).toEqual(['200', '200']);
  });

  it('takes the engine back once it answers, removes what lsim left there, and leaves nothing on either at the end', async () => {
    await second.restart();
    await expect.poll(() => served?.stderr() ?? '', { timeout: 30_000, interval: 250 }).toContain(`engine ${second.url} answers again`);
    expect(second.docker(['ps', '-aq', '--filter', homeLabel()])).toEqual([]);
    const child = served?.child;
    child?.kill('SIGTERM');
    expect((await served?.exited)?.[0]).toBe(0);
    expect(docker(['ps', '-aq', '--filter', homeLabel()])).toEqual([]);
    expect(second.docker(['ps', '-aq', '--filter', homeLabel()])).toEqual([]);
    const bridges = second.networks().map((id) => `br-${id.slice(0, 12)}`);
    await second.stop();
    expect(second.mounts()).toEqual([]);
    expect([second.bridge, ...bridges].filter((name) => SecondEngine.interfaceExists(name))).toEqual([]);
  });
});
