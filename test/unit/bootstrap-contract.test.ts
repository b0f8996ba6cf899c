/**
 * The Runtime API contract of lsim's runtimes, run on the host against lsim's real Runtime API server
 * (no Docker): each family's runtime from images/<family>/ is started with AWS_LAMBDA_RUNTIME_API pointing
 * at the server and LAMBDA_TASK_ROOT at a temporary folder. The expectations are Lambda's
 * (docs/lambda-facts.md#runtime-api, #handler-names, #invoke-results), the error texts the family's
 * descriptor states (src/runtimes/families/<family>-handler.ts).
 *
 * nodejs and python run on the host's node and python3, which every machine that runs lsim's tests has.
 * ruby and java are covered by the container tests only (test/integration/runtime-cases-<family>.test.ts):
 * no ruby on the host, and the java runtime needs Jackson, which the image takes from Debian.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvocationEvent, InvocationOutcome } from '../../src/runtime-api/invocation-types.js';
import { missingHandlerError, parseHandler } from '../../src/runtimes/handler-name.js';
import { familyRules } from '../../src/runtimes/families/index.js';
import { isSupportedRuntime, runtimeInfo, type RuntimeId } from '../../src/runtimes/runtime-catalogue.js';
import { startHostRuntime, type HostRuntime } from '../helpers/host-runtime.js';

const imagesPath = (path: string): string => fileURLToPath(new URL(`../../images/${path}`, import.meta.url));

const NODE_HANDLER = `
let count = 0;
exports.handler = async (event, context) => {
  count += 1;
  if (event.throw) throw new TypeError(event.throw);
  if (event.buffer) return Buffer.from([0, 1, 254, 255]);
  return {
    event,
    count,
    requestId: context.awsRequestId,
    arn: context.invokedFunctionArn,
    remaining: context.getRemainingTimeInMillis(),
    trace: process.env._X_AMZN_TRACE_ID ?? null,
  };
};
`;

const PYTHON_HANDLER = `
import os
count = 0
def handler(event, context):
    global count
    count += 1
    if event.get("throw"):
        raise TypeError(event["throw"])
    if event.get("buffer"):
        return bytes([0, 1, 254, 255])
    return {
        "event": event,
        "count": count,
        "requestId": context.aws_request_id,
        "arn": context.invoked_function_arn,
        "remaining": context.get_remaining_time_in_millis(),
        "trace": os.environ.get("_X_AMZN_TRACE_ID"),
    }
`;

interface HostFamily {
  readonly runtime: RuntimeId;
  readonly command: string;
  readonly args: readonly string[];
  /** The handler module's file and the module that throws while it loads. */
  readonly code: Readonly<Record<string, string>>;
  readonly handler: string;
  readonly throwingModule: string;
  /** The thrown error's class name as the language spells it. */
  readonly initErrorType: string;
  /** The key of the stack in the runtime's error document: Node.js names it `trace`. */
  readonly stackKey: 'trace' | 'stackTrace';
  /** Content type of a response the handler returned as bytes, and its body. */
  readonly binary: { readonly contentType: string; readonly body: Buffer };
  /** Where the runtime's own files are on the host, named as in Lambda (/var/runtime). */
  readonly runtimeDir: string;
}

function hostRuntimeId(id: string): RuntimeId {
  if (!isSupportedRuntime(id)) throw new Error(`the host's interpreter is ${id}, which lsim does not simulate`);
  return id;
}

const nodeMajor = process.versions.node.split('.')[0] ?? '';
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable, "%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' })
  .trim()
  .split(' ');
const [pythonExecutable = 'python3', pythonMinor = ''] = python;

const FAMILIES: readonly HostFamily[] = [
  {
    runtime: hostRuntimeId(`nodejs${nodeMajor}.x`),
    command: process.execPath,
    args: [imagesPath('nodejs/runtime/index.mjs')],
    code: { 'index.js': NODE_HANDLER, 'boom.js': "throw new RangeError('boom at init');\n" },
    handler: 'index.handler',
    throwingModule: 'boom',
    initErrorType: 'RangeError',
    stackKey: 'trace',
    // A Buffer is JSON like any object: Node.js has no binary responses (docs/lambda-facts.md#runtime-api).
    binary: { contentType: 'application/json', body: Buffer.from('{"type":"Buffer","data":[0,1,254,255]}') },
    runtimeDir: imagesPath('nodejs/runtime'),
  },
  {
    runtime: hostRuntimeId(`python${pythonMinor}`),
    command: pythonExecutable,
    args: [imagesPath('python/runtime/bootstrap.py')],
    code: { 'index.py': PYTHON_HANDLER, 'boom.py': "raise ArithmeticError('boom at init')\n" },
    handler: 'index.handler',
    throwingModule: 'boom',
    initErrorType: 'ArithmeticError',
    stackKey: 'stackTrace',
    binary: { contentType: 'application/unknown', body: Buffer.from([0, 1, 254, 255]) },
    runtimeDir: imagesPath('python/runtime'),
  },
];

let counter = 0;
function event(payload: unknown): InvocationEvent {
  counter += 1;
  const hex = counter.toString(16).padStart(8, '0');
  return {
    payload: Buffer.from(JSON.stringify(payload)),
    requestId: `${hex}-0000-4000-8000-000000000000`,
    deadlineMs: Date.now() + 30_000,
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:contract:alias${counter}`,
    traceId: `Root=1-5759e988-${hex}bd862e3fe1be46a9;Parent=53995c3f42cd8ad8;Sampled=1`,
  };
}

const json = (payload: Buffer): Record<string, unknown> => JSON.parse(payload.toString('utf8')) as Record<string, unknown>;

function responseOf(outcome: InvocationOutcome): Record<string, unknown> {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${outcome.errorType}: ${outcome.payload.toString('utf8')}`);
  return json(outcome.payload);
}

describe.each(FAMILIES.map((family) => [family.runtime, family] as const))(
  '%s runtime against the Runtime API server',
  (runtime, family) => {
    let started: HostRuntime | undefined;
    afterEach(async () => {
      await started?.stop();
      started = undefined;
    });

    const start = async (handler = family.handler): Promise<HostRuntime> => {
      started = await startHostRuntime({
        command: family.command,
        args: family.args,
        code: family.code,
        handler,
        env: { AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}` },
      });
      return started;
    };

    /** The init error the runtime posted, its header and body. */
    async function initError(rt: HostRuntime): Promise<{ header: unknown; body: Record<string, unknown> }> {
      const report = await Promise.race([
        rt.api.session.initErrorReported,
        rt.exited.then((code) => Promise.reject(new Error(`exited ${code} without an init error:\n${rt.output()}`))),
      ]);
      const posted = rt.requests.find((r) => r.path === '/2018-06-01/runtime/init/error');
      expect(posted?.method).toBe('POST');
      expect(report.errorType).toBe(posted?.headers['lambda-runtime-function-error-type']);
      return { header: posted?.headers['lambda-runtime-function-error-type'], body: json(report.payload) };
    }

    const onHost = (message: unknown): unknown =>
      typeof message === 'string' ? message.replaceAll(family.runtimeDir, '/var/runtime') : message;

    it('serves invocations in a row from one process, with each request id, deadline, ARN and trace id', async () => {
      const rt = await start();
      const events = [event({ n: 1, text: 'héllo ☃' }), event({ n: 2 }), event({ n: 3 })];
      for (const [index, sent] of events.entries()) {
        const before = Date.now();
        const got = responseOf(await rt.api.session.invoke(sent));
        expect(got).toMatchObject({
          event: json(sent.payload),
          count: index + 1,
          requestId: sent.requestId,
          arn: sent.invokedFunctionArn,
          trace: sent.traceId,
        });
        // getRemainingTimeInMillis counts down to Lambda-Runtime-Deadline-Ms.
        expect(got.remaining).toBeGreaterThan(sent.deadlineMs - before - 5_000);
        expect(got.remaining).toBeLessThanOrEqual(sent.deadlineMs - before);
      }
      const posts = rt.requests.filter((r) => r.method === 'POST');
      expect(posts.map((r) => r.path)).toEqual(events.map((e) => `/2018-06-01/runtime/invocation/${e.requestId}/response`));
      for (const post of posts) expect(post.headers['content-type']).toBe('application/json');
      expect(rt.requests.filter((r) => r.method === 'GET').every((r) => r.path === '/2018-06-01/runtime/invocation/next')).toBe(true);
    });

    it('posts a handler error to /error with the error-type header and Lambda’s error shape, then serves the next', async () => {
      const rt = await start();
      const failing = event({ throw: 'bad input' });
      const outcome = await rt.api.session.invoke(failing);
      expect(outcome.kind).toBe('error');
      const posted = rt.requests.find((r) => r.path === `/2018-06-01/runtime/invocation/${failing.requestId}/error`);
      expect(posted?.method).toBe('POST');
      expect(posted?.headers['lambda-runtime-function-error-type']).toBe('TypeError');
      const body = json(outcome.payload);
      expect(body).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
      expect(body[family.stackKey]).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(responseOf(await rt.api.session.invoke(event({ after: true }))).count).toBe(2);
    });

    it('answers a large event (5 MB) whole', async () => {
      const rt = await start();
      const big = event({ blob: 'x'.repeat(5 * 1024 * 1024) });
      const got = responseOf(await rt.api.session.invoke(big));
      expect(got.event).toEqual(json(big.payload));
    });

    it('posts a bytes result with the runtime’s content type', async () => {
      const rt = await start();
      const outcome = await rt.api.session.invoke(event({ buffer: true }));
      expect(outcome.kind).toBe('response');
      expect(outcome.payload).toEqual(family.binary.body);
      expect(rt.requests.find((r) => r.path.endsWith('/response'))?.headers['content-type']).toBe(family.binary.contentType);
    });

    it('reports a handler module that is nowhere as the descriptor states, at init', async () => {
      const setting = 'missing.handler';
      const parsed = parseHandler(runtime, setting);
      if (!parsed.ok) throw new Error(parsed.error.errorMessage);
      const expected = missingHandlerError(parsed.handler, setting);
      const rt = await start(setting);
      const { header, body } = await initError(rt);
      expect(header).toBe(expected?.errorType);
      expect({ errorType: body.errorType, errorMessage: onHost(body.errorMessage) }).toEqual(expected);
      expect(await rt.exited).not.toBe(0);
    });

    it('reports a handler function the module lacks, at init, in Lambda’s words', async () => {
      const rt = await start('index.nope');
      const { header, body } = await initError(rt);
      const expected =
        family.stackKey === 'trace'
          ? { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.nope is undefined or not exported' }
          : { errorType: 'Runtime.HandlerNotFound', errorMessage: "Handler 'nope' missing on module 'index'" };
      expect(header).toBe(expected.errorType);
      expect(body).toMatchObject(expected);
      // The descriptor states the same words, for lsim doctor.
      const parsed = parseHandler(runtime, 'index.nope');
      if (!parsed.ok) throw new Error(parsed.error.errorMessage);
      expect(familyRules(runtimeInfo(runtime)).handler.missing?.method?.(parsed.handler, 'index.nope')).toEqual(expected);
    });

    it('reports an exception thrown while the module loads as an init error of its class', async () => {
      const rt = await start(`${family.throwingModule}.handler`);
      const { header, body } = await initError(rt);
      expect(header).toBe(family.initErrorType);
      expect(body).toMatchObject({ errorType: family.initErrorType, errorMessage: 'boom at init' });
      expect(body[family.stackKey]).toEqual(expect.any(Array));
      expect(rt.requests.some((r) => r.path.endsWith('/invocation/next'))).toBe(false);
    });
  },
);

describe('python runtime JSON', () => {
  const python = FAMILIES.find((family) => family.stackKey === 'stackTrace');
  let started: HostRuntime | undefined;
  afterEach(async () => {
    await started?.stop();
    started = undefined;
  });

  // The runtime id, not the interpreter, decides (docs/lambda-facts.md#runtime-api): both run on the host's python3.
  it.each([
    ['python3.11', '"h\\u00e9llo \\u2603"'],
    ['python3.13', '"héllo ☃"'],
  ])('%s writes non-ASCII characters as %s', async (runtime, expected) => {
    if (python === undefined) throw new Error('no python family on the host');
    started = await startHostRuntime({
      command: python.command,
      args: python.args,
      code: python.code,
      handler: python.handler,
      env: { AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}` },
    });
    const outcome = await started.api.session.invoke(event({ text: 'héllo ☃' }));
    expect(outcome.payload.toString('utf8')).toContain(`"text": ${expected}`);
  });
});
