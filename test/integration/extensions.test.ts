import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WarmPool } from '../../src/execution/warm-pool.js';
import { planAdHoc, type AdHocFunction } from '../../src/execution/prepare-plan.js';
import { errorOf, fixtureDir, fixtureZip, invokeAdHoc, platformLines } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';

/**
 * External extensions from layers in the real images (docs/extensions.md): a shell script and a compiled
 * C binary on provided.al2023, a local HTTP cache the handler calls (python3.12), and extensions failing
 * at each phase (nodejs20.x), one-shot and warm.
 */
let lsim: LsimHome;
let emptyCode: string;
let cExtension: Buffer;

const C_EXTENSION = `#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
/* One HTTP/1.0 exchange with the Extensions API at AWS_LAMBDA_RUNTIME_API; the whole answer in out. */
static void call(const char *method, const char *path, const char *headers, const char *body, char *out, size_t size) {
  char host[64];
  snprintf(host, sizeof host, "%s", getenv("AWS_LAMBDA_RUNTIME_API"));
  char *colon = strchr(host, ':');
  *colon = 0;
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  address.sin_port = htons(atoi(colon + 1));
  inet_pton(AF_INET, host, &address.sin_addr);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) exit(9);
  char request[1024];
  int length = snprintf(request, sizeof request, "%s %s HTTP/1.0\\r\\n%sContent-Length: %zu\\r\\n\\r\\n%s", method, path, headers, strlen(body), body);
  if (write(fd, request, length) != length) exit(9);
  size_t got = 0;
  ssize_t read_now;
  while (got < size - 1 && (read_now = read(fd, out + got, size - 1 - got)) > 0) got += read_now;
  out[got] = 0;
  close(fd);
}
int main(void) {
  char answer[8192], id[64], header[128];
  call("POST", "/2020-01-01/extension/register", "Lambda-Extension-Name: c-ext\\r\\n", "{\\"events\\":[\\"INVOKE\\"]}", answer, sizeof answer);
  sscanf(strcasestr(answer, "Lambda-Extension-Identifier: ") + 29, "%63[^\\r]", id);
  printf("c-ext registered\\n");
  fflush(stdout);
  snprintf(header, sizeof header, "Lambda-Extension-Identifier: %s\\r\\n", id);
  for (;;) {
    call("GET", "/2020-01-01/extension/event/next", header, "", answer, sizeof answer);
    char *body = strstr(answer, "\\r\\n\\r\\n");
    printf("c-ext event %s\\n", body == NULL ? "?" : body + 4);
    fflush(stdout);
  }
}
`;

/** Marks /tmp half a second in, then registers for INVOKE and SHUTDOWN with curl, prints each event, leaves on SHUTDOWN. */
const SHELL_EXTENSION = `#!/bin/sh
api="http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension"
headers=/tmp/shell-ext-headers
sleep 0.5
touch /tmp/shell-ext-registered
curl -sS -D "$headers" -X POST "$api/register" -H 'Lambda-Extension-Name: shell-ext' -d '{"events":["INVOKE","SHUTDOWN"]}' >/dev/null
id=$(grep -i '^lambda-extension-identifier:' "$headers" | tr -d '\\r' | cut -d' ' -f2)
echo "shell-ext registered handler=\${_HANDLER:-unset} task=\${LAMBDA_TASK_ROOT:-unset} region=$AWS_REGION"
while :; do
  event=$(curl -sS -H "Lambda-Extension-Identifier: $id" "$api/event/next")
  echo "shell-ext event $event"
  case "$event" in *SHUTDOWN*) exit 0 ;; esac
done
`;

const PROVIDED_BOOTSTRAP = `#!/bin/sh
set -eu
api="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
if [ -e /tmp/shell-ext-registered ]; then first=true; else first=false; fi
while :; do
  event=$(curl -sS -D /tmp/next-headers "$api/invocation/next")
  id=$(grep -i '^lambda-runtime-aws-request-id:' /tmp/next-headers | tr -d '\\r' | cut -d' ' -f2)
  curl -sS -X POST "$api/invocation/$id/response" -d "{\\"extensionRegisteredFirst\\":$first}" >/dev/null
done
`;

/** A node extension: registers for `events`, then runs `onEvent(event, id)` for each one. */
const nodeExtension = (name: string, events: string[], body: string): string => `#!/usr/bin/env node
const api = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2020-01-01/extension';
(async () => {
  const registered = await fetch(api + '/register', {
    method: 'POST',
    headers: { 'Lambda-Extension-Name': ${JSON.stringify(name)} },
    body: JSON.stringify({ events: ${JSON.stringify(events)} }),
  });
  const id = registered.headers.get('lambda-extension-identifier');
  ${body}
})();
`;

const eventLoop = (onEvent: string): string => `for (;;) {
    const event = await (await fetch(api + '/event/next', { headers: { 'Lambda-Extension-Identifier': id } })).json();
    ${onEvent}
  }`;

beforeAll(() => {
  lsim = new LsimHome('lsim-it-ext-');
  emptyCode = fixtureDir(lsim, 'empty-code', { 'README.txt': 'the bootstrap is in a layer\n' });
  const src = fixtureDir(lsim, 'c-ext-src', { 'c-ext.c': C_EXTENSION });
  execFileSync('gcc', ['-O2', '-o', join(src, 'c-ext'), join(src, 'c-ext.c')]);
  cExtension = readFileSync(join(src, 'c-ext'));
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

const lines = (log: string): string[] => log.split('\n');

describe('provided.al2023: a shell and a C extension, one-shot', () => {
  it('starts them before the runtime, prints their status and output, sends INVOKE and SHUTDOWN', async () => {
    const layer = fixtureZip(lsim, 'provided-ext-layer', {
      bootstrap: { data: PROVIDED_BOOTSTRAP, mode: 0o755 },
      'extensions/shell-ext': { data: SHELL_EXTENSION, mode: 0o755 },
      'extensions/c-ext': { data: cExtension, mode: 0o755 },
    });
    const { result, body, log } = await invokeAdHoc(lsim, { runtime: 'provided.al2023', handler: 'x', code: emptyCode, layers: [layer] });
    expect(result.functionError).toBeUndefined();
    // The runtime started only after the (slow) shell extension had registered.
    expect(body).toEqual({ extensionRegisteredFirst: true });
    const all = lines(log);
    const { start, end } = platformLines(log, result.requestId);
    const startAt = all.indexOf(start);
    expect(all.indexOf('EXTENSION\tName: shell-ext\tState: Ready\tEvents: [INVOKE,SHUTDOWN]')).toBeGreaterThan(-1);
    expect(all.indexOf('EXTENSION\tName: shell-ext\tState: Ready\tEvents: [INVOKE,SHUTDOWN]')).toBeLessThan(startAt);
    expect(all.indexOf('EXTENSION\tName: c-ext\tState: Ready\tEvents: [INVOKE]')).toBeLessThan(startAt);
    expect(all.indexOf('EXTENSION\tName: c-ext\tState: Ready\tEvents: [INVOKE]')).toBeGreaterThan(-1);
    // The runtime's own variables are not the extension's.
    expect(log).toContain('shell-ext registered handler=unset task=unset region=us-east-1');
    expect(log).toContain('c-ext registered');
    const invokeLine = all.find((line) => line.startsWith('shell-ext event {"eventType":"INVOKE"'));
    expect(JSON.parse(invokeLine?.slice('shell-ext event '.length) ?? '{}')).toMatchObject({
      eventType: 'INVOKE',
      requestId: result.requestId,
      invokedFunctionArn: expect.stringContaining(':function:') as string,
      tracing: { type: 'X-Amzn-Trace-Id', value: expect.stringContaining('Root=1-') as string },
    });
    expect(all.some((line) => line.startsWith('c-ext event {"eventType":"INVOKE"') && line.includes(result.requestId))).toBe(true);
    // One-shot: the environment shuts down before END, and the extension hears why.
    const shutdownAt = all.findIndex((line) => line.startsWith('shell-ext event {"eventType":"SHUTDOWN","shutdownReason":"spindown"'));
    expect(shutdownAt).toBeGreaterThan(startAt);
    expect(shutdownAt).toBeLessThan(all.indexOf(end));
  });
});

/** Registers for INVOKE and works 1.5 s after each one before it calls next again (a telemetry flush, say). */
const SLOW_EXTENSION = `#!/bin/sh
api="http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension"
curl -sS -D /tmp/slow-ext-headers -X POST "$api/register" -H 'Lambda-Extension-Name: slow-ext' -d '{"events":["INVOKE"]}' >/dev/null
id=$(grep -i '^lambda-extension-identifier:' /tmp/slow-ext-headers | tr -d '\\r' | cut -d' ' -f2)
while :; do
  event=$(curl -sS -H "Lambda-Extension-Identifier: $id" "$api/event/next")
  case "$event" in *INVOKE*) echo "slow-ext flushing"; sleep 1.5; echo "slow-ext flushed" ;; esac
done
`;

/** Prints 5,000 lines on stdout and one on stderr right before each response. */
const LOUD_BOOTSTRAP = `#!/bin/sh
api="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while :; do
  curl -sS -D /tmp/next-headers -o /dev/null "$api/invocation/next"
  id=$(grep -i '^lambda-runtime-aws-request-id:' /tmp/next-headers | tr -d '\\r' | cut -d' ' -f2)
  seq 1 5000 | sed "s/^/loud $id /"
  echo "loud $id on stderr" >&2
  curl -sS -X POST "$api/invocation/$id/response" -d '"done"' >/dev/null
done
`;

describe('provided.al2023: an extension working 1.5 s after each INVOKE', () => {
  /** A provided.al2023 function whose layer holds `bootstrap` and the slow extension. */
  const providedPlan = (name: string, bootstrap: string) => {
    const layer = fixtureZip(lsim, name, {
      bootstrap: { data: bootstrap, mode: 0o755 },
      'extensions/slow-ext': { data: SLOW_EXTENSION, mode: 0o755 },
    });
    const fn: AdHocFunction = { runtime: 'provided.al2023', handler: 'x', code: emptyCode, layers: [layer] };
    return planAdHoc(fn, lsim.config, lsim.executor.cache, lsim.home, async () => lsim.registry);
  };
  it('the caller gets the response when the runtime posts it, one-shot and warm; the environment waits for the extension', async () => {
    const plan = await providedPlan('slow-ext-layer', PROVIDED_BOOTSTRAP);
    const timed = async (run: (onResponse: () => void) => Promise<{ durationMs: number; log: string }>) => {
      const startedAt = performance.now();
      let answeredMs = Number.NaN;
      const result = await run(() => (answeredMs = performance.now() - startedAt));
      return { answeredMs, totalMs: performance.now() - startedAt, result };
    };
    // One-shot: the response, then the extension's 1.5 s, END, REPORT and the shutdown.
    const oneShot = await timed((onResponse) => lsim.executor.invoke(plan, { payload: Buffer.from('{}'), onResponse }));
    expect(oneShot.totalMs - oneShot.answeredMs).toBeGreaterThanOrEqual(1400);
    expect(oneShot.result.durationMs).toBeGreaterThanOrEqual(1500);
    const pool = new WarmPool(
      { engine: lsim.executor.engine, home: lsim.home, cache: lsim.executor.cache, imageFor: (p) => lsim.executor.imageFor(p) },
      { idleTimeoutMs: 60_000, maxConcurrency: 2 },
    );
    try {
      await pool.invoke(plan, { payload: Buffer.from('{}') });
      const warm = await timed((onResponse) => pool.invoke(plan, { payload: Buffer.from('{}'), onResponse }));
      expect(warm.answeredMs).toBeLessThan(1000);
      expect(warm.totalMs).toBeGreaterThanOrEqual(1500);
      // Duration covers the extension's time after the runtime's answer, as Lambda's does.
      expect(warm.result.durationMs).toBeGreaterThanOrEqual(1500);
      expect(warm.result.log).toContain('slow-ext flushing');
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it("warm: everything the runtime and the extension printed before they were done is in the invoke's log, before END", async () => {
    const plan = await providedPlan('loud-layer', LOUD_BOOTSTRAP);
    const pool = new WarmPool(
      { engine: lsim.executor.engine, home: lsim.home, cache: lsim.executor.cache, imageFor: (p) => lsim.executor.imageFor(p) },
      { idleTimeoutMs: 60_000, maxConcurrency: 1 },
    );
    try {
      for (const round of [1, 2, 3]) {
        const result = await pool.invoke(plan, { payload: Buffer.from('{}') });
        const all = lines(result.log);
        const end = all.indexOf(`END RequestId: ${result.requestId}`);
        const own = all.filter((line) => line.startsWith(`loud ${result.requestId} `));
        expect(own, `round ${round}`).toHaveLength(5001);
        expect(all.indexOf(`loud ${result.requestId} 5000`)).toBeLessThan(end);
        expect(all.indexOf(`loud ${result.requestId} on stderr`)).toBeLessThan(end);
        expect(all.lastIndexOf('slow-ext flushed')).toBeLessThan(end);
        expect(all.lastIndexOf('slow-ext flushed')).toBeGreaterThan(all.indexOf(`START RequestId: ${result.requestId} Version: $LATEST`));
        expect(result.log).not.toContain('lsim-output-marker');
      }
    } finally {
      await pool.close();
    }
  });
});

describe('python3.12: an extension serving a local cache', () => {
  it('the handler reads from the extension during the invoke', async () => {
    const cache = `#!/usr/bin/env python3
import json, os, threading, urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2020-01-01/extension"
class Cache(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"secret": "from-cache", "path": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = HTTPServer(("127.0.0.1", 2773), Cache)
threading.Thread(target=server.serve_forever, daemon=True).start()
request = urllib.request.Request(api + "/register", data=b'{"events":["INVOKE"]}', headers={"Lambda-Extension-Name": "cache"}, method="POST")
with urllib.request.urlopen(request) as answer:
    ident = answer.headers["Lambda-Extension-Identifier"]
print("cache serving", flush=True)
while True:
    with urllib.request.urlopen(urllib.request.Request(api + "/event/next", headers={"Lambda-Extension-Identifier": ident})) as answer:
        print("cache event", json.load(answer)["eventType"], flush=True)
`;
    const layer = fixtureZip(lsim, 'python-cache-layer', { 'extensions/cache': { data: cache, mode: 0o755 } });
    const code = fixtureDir(lsim, 'python-cache-code', {
      'app.py':
        'import json, urllib.request\ndef handler(event, context):\n    with urllib.request.urlopen("http://localhost:2773/secrets/db") as answer:\n        return json.load(answer)\n',
    });
    const { result, body, log } = await invokeAdHoc(lsim, { runtime: 'python3.12', handler: 'app.handler', code, layers: [layer] });
    expect(result.functionError).toBeUndefined();
    expect(body).toEqual({ secret: 'from-cache', path: '/secrets/db' });
    expect(log).toContain('EXTENSION\tName: cache\tState: Ready\tEvents: [INVOKE]');
    expect(log).toContain('cache serving');
    expect(log).toContain('cache event INVOKE');
  });
});

describe('nodejs20.x: extensions that fail', () => {
  const handlerCode = (): string => fixtureDir(lsim, 'node-code', { 'index.js': 'exports.handler = async () => ({ ok: true });\n' });
  const invokeWith = async (name: string, extensions: Record<string, { data: string; mode: number }>) => {
    const layer = fixtureZip(
      lsim,
      name,
      Object.fromEntries(Object.entries(extensions).map(([file, entry]) => [`extensions/${file}`, entry])),
    );
    return invokeAdHoc(lsim, { runtime: 'nodejs20.x', handler: 'index.handler', code: handlerCode(), layers: [layer] });
  };

  it('exiting before register fails the init with Extension.Crash', async () => {
    const { result, body, log } = await invokeWith('early-exit', { early: { data: '#!/bin/sh\necho "early bye"\nexit 0\n', mode: 0o755 } });
    expect(result.functionError).toBe('Unhandled');
    expect(errorOf(body)).toEqual({ errorType: 'Extension.Crash', errorMessage: `RequestId: ${result.requestId} Error: exit code 0` });
    expect(log).toContain('early bye');
    expect(lines(log)).toContain(`RequestId: ${result.requestId} Error: exit code 0`);
    expect(lines(log)).toContain('Extension.Crash');
  });

  it('init/error then exit is Extension.InitError, with the reported type on its EXTENSION line', async () => {
    const bad = nodeExtension(
      'bad-init',
      ['INVOKE'],
      `await fetch(api + '/init/error', { method: 'POST', headers: { 'Lambda-Extension-Identifier': id, 'Lambda-Extension-Function-Error-Type': 'Extension.ConfigInvalid' }, body: '{}' });
  process.exit(3);`,
    );
    const { result, body, log } = await invokeWith('init-error', { 'bad-init': { data: bad, mode: 0o755 } });
    expect(errorOf(body)).toEqual({
      errorType: 'Extension.InitError',
      errorMessage: `RequestId: ${result.requestId} Error: exit status 3`,
    });
    expect(log).toContain('EXTENSION\tName: bad-init\tState: InitError\tEvents: [INVOKE]\tError Type: Extension.ConfigInvalid');
  });

  it('a file without its exec bit is Extension.LaunchError', async () => {
    const { result, body, log } = await invokeWith('no-exec', { 'no-exec': { data: '#!/bin/sh\nexit 0\n', mode: 0o644 } });
    expect(errorOf(body)).toEqual({
      errorType: 'Extension.LaunchError',
      errorMessage: `RequestId: ${result.requestId} Error: fork/exec /opt/extensions/no-exec: permission denied`,
    });
    expect(log).toContain('EXTENSION\tName: no-exec\tState: LaunchError\tEvents: []\tError Type: PermissionDenied');
  });

  it('warm: a crash during an invoke fails it with Extension.Crash and resets the environment (SHUTDOWN failure)', async () => {
    const crasher = nodeExtension('crasher', ['INVOKE'], eventLoop(`if (event.eventType === 'INVOKE') process.exit(2);`));
    const listener = nodeExtension(
      'listener',
      ['INVOKE', 'SHUTDOWN'],
      eventLoop(
        // Its post-invoke work (300 ms) is part of the invoke, and lets its line reach the log first.
        `console.log('listener got ' + event.eventType + ' ' + (event.shutdownReason ?? event.requestId)); if (event.eventType === 'SHUTDOWN') process.exit(0); await new Promise((resolve) => setTimeout(resolve, 300));`,
      ),
    );
    const layer = fixtureZip(lsim, 'crash-layer', {
      'extensions/crasher': { data: crasher, mode: 0o755 },
      'extensions/listener': { data: listener, mode: 0o755 },
    });
    const warmLayer = fixtureZip(lsim, 'warm-layer', { 'extensions/listener': { data: listener, mode: 0o755 } });
    const pool = new WarmPool(
      { engine: lsim.executor.engine, home: lsim.home, cache: lsim.executor.cache, imageFor: (plan) => lsim.executor.imageFor(plan) },
      { idleTimeoutMs: 60_000, maxConcurrency: 2 },
    );
    const plan = (layers: string[], code = handlerCode()) => {
      const fn: AdHocFunction = { runtime: 'nodejs20.x', handler: 'index.handler', code, layers };
      return planAdHoc(fn, lsim.config, lsim.executor.cache, lsim.home, async () => lsim.registry);
    };
    // The handler outlasts the crash: a crash after the runtime's answer would leave the caller that answer.
    const slowCode = fixtureDir(lsim, 'node-slow-code', {
      'index.js': 'exports.handler = async () => { await new Promise((resolve) => setTimeout(resolve, 1000)); return { ok: true }; };\n',
    });
    try {
      const crashing = await plan([layer], slowCode);
      const first = await pool.invoke(crashing, { payload: Buffer.from('{}') });
      expect(first.functionError).toBe('Unhandled');
      expect(JSON.parse(first.payload.toString('utf8'))).toEqual({
        errorType: 'Extension.Crash',
        errorMessage: `RequestId: ${first.requestId} Error: exit status 2`,
      });
      expect(first.log).toContain(`listener got INVOKE ${first.requestId}`);
      expect(first.log).toContain('listener got SHUTDOWN failure');
      // The reset environment is gone: the next invoke initialises a new one.
      const second = await pool.invoke(crashing, { payload: Buffer.from('{}') });
      expect(second.initDurationMs).toBeDefined();

      const healthy = await plan([warmLayer]);
      const cold = await pool.invoke(healthy, { payload: Buffer.from('{}') });
      const warm = await pool.invoke(healthy, { payload: Buffer.from('{}') });
      expect(JSON.parse(warm.payload.toString('utf8'))).toEqual({ ok: true });
      expect(cold.initDurationMs).toBeDefined();
      expect(warm.initDurationMs).toBeUndefined();
      expect(warm.log).toContain(`listener got INVOKE ${warm.requestId}`);
      expect(warm.durationMs).toBeGreaterThanOrEqual(300);
      expect(warm.log).not.toContain('EXTENSION\t');
    } finally {
      await pool.close();
    }
  });
});
