import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, get as httpGet } from 'node:http';
import { connect, type Socket } from 'node:net';
import { MAX_PAYLOAD_BYTES, RUNTIME_HEADERS } from './constants.js';
import type { InvocationEvent, InvocationOutcome } from './invocation-types.js';
import { RuntimeApiServer } from './runtime-api-server.js';

let server: RuntimeApiServer;
let base: string;

beforeEach(async () => {
  server = new RuntimeApiServer();
  const { host, port } = await server.listen('127.0.0.1');
  base = `http://${host}:${port}/2018-06-01`;
});

afterEach(async () => {
  await server.close();
});

const event = (requestId: string, payload = '{"n":1}', extra: Partial<InvocationEvent> = {}): InvocationEvent => ({
  payload: Buffer.from(payload),
  requestId,
  deadlineMs: 1_700_000_000_123,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
  traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  ...extra,
});

const next = (): Promise<Response> => fetch(`${base}/runtime/invocation/next`);
const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${base}${path}`, { method: 'POST', body, headers });
const respond = (id: string, body: string | Buffer, headers?: Record<string, string>): Promise<Response> =>
  post(`/runtime/invocation/${id}/response`, body, headers);
const fail = (id: string, body: string, headers?: Record<string, string>): Promise<Response> =>
  post(`/runtime/invocation/${id}/error`, body, headers);

/** Work left pending when a test ends: afterEach's close() fails it, which is expected. */
const background = (promise: Promise<unknown>): void => void promise.catch(() => undefined);

const text = (outcome: InvocationOutcome): string => outcome.payload.toString('utf8');

describe('GET /runtime/invocation/next', () => {
  it('hands over a queued event with its headers and body', async () => {
    const outcome = server.session.invoke(event('req-1', '{"hello":"world"}', { clientContext: '{"custom":{}}', cognitoIdentity: '' }));
    const res = await next();
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"hello":"world"}');
    expect(res.headers.get(RUNTIME_HEADERS.requestId)).toBe('req-1');
    expect(res.headers.get(RUNTIME_HEADERS.deadlineMs)).toBe('1700000000123');
    expect(res.headers.get(RUNTIME_HEADERS.invokedFunctionArn)).toBe('arn:aws:lambda:us-east-1:123456789012:function:fn');
    expect(res.headers.get(RUNTIME_HEADERS.traceId)).toContain('Root=1-5759e988');
    expect(res.headers.get(RUNTIME_HEADERS.clientContext)).toBe('{"custom":{}}');
    // Empty and absent values are omitted, not sent blank.
    expect(res.headers.has(RUNTIME_HEADERS.cognitoIdentity)).toBe(false);
    expect(res.headers.get('content-type')).toBe('application/json');
    await respond('req-1', 'ok');
    await outcome;
  });

  it('long-polls until an event arrives', async () => {
    const pending = next();
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    const outcome = server.session.invoke(event('req-2'));
    const res = await pending;
    expect(res.headers.get(RUNTIME_HEADERS.requestId)).toBe('req-2');
    await respond('req-2', '"done"');
    expect(text(await outcome)).toBe('"done"');
  });

  it('keeps the event for the next /next when the one waiting gave up its connection', async () => {
    const abandon = new AbortController();
    const given = fetch(`${base}/runtime/invocation/next`, { signal: abandon.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    abandon.abort();
    await given.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const outcome = server.session.invoke(event('req-kept'));
    const res = await next();
    expect(res.headers.get(RUNTIME_HEADERS.requestId)).toBe('req-kept');
    await respond('req-kept', '"ok"');
    expect(text(await outcome)).toBe('"ok"');
  });

  it('refuses a second /next while an invocation is unanswered (403)', async () => {
    background(server.session.invoke(event('req-3')));
    await next();
    const res = await next();
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      errorMessage:
        'State transition from RuntimeRunningState to RuntimeReadyState failed for runtime. Error: State transition is not allowed',
      errorType: 'InvalidStateTransition',
    });
  });

  it('reports the first /next once, as the end of init', async () => {
    const before = performance.timeOrigin + performance.now();
    const first = server.session.initialised;
    background(next());
    const at = await first;
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(performance.timeOrigin + performance.now());
  });
});

describe('POST /runtime/invocation/{id}/response', () => {
  it('answers 202 {"status":"OK"} and completes the invocation with the body', async () => {
    const outcome = server.session.invoke(event('req-4'));
    await next();
    const res = await respond('req-4', '{"statusCode":200}');
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'OK' });
    const result = await outcome;
    expect(result.kind).toBe('response');
    expect(text(result)).toBe('{"statusCode":200}');
    expect(result.completedAt).toBeGreaterThanOrEqual(result.deliveredAt);
  });

  it('accepts a body of exactly the limit', async () => {
    const outcome = server.session.invoke(event('req-5'));
    await next();
    const res = await respond('req-5', Buffer.alloc(MAX_PAYLOAD_BYTES, 0x61));
    expect(res.status).toBe(202);
    expect((await outcome).payload.length).toBe(6291556);
  });

  it('answers 413 above the limit and completes the invocation with Function.ResponseSizeTooLarge', async () => {
    const outcome = server.session.invoke(event('req-6'));
    await next();
    const res = await respond('req-6', Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x61));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      errorMessage: 'Exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'RequestEntityTooLarge',
    });
    const result = await outcome;
    expect(result).toMatchObject({ kind: 'error', errorType: 'Function.ResponseSizeTooLarge' });
    expect(text(result)).toBe(
      '{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}',
    );
  });

  it('refuses response modes other than streaming (400)', async () => {
    background(server.session.invoke(event('req-7')));
    await next();
    const res = await respond('req-7', 'x', { [RUNTIME_HEADERS.responseMode]: 'buffered' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errorMessage: 'Invalid function response mode', errorType: 'InvalidFunctionResponseMode' });
  });
});

describe('POST /runtime/invocation/{id}/error', () => {
  it('completes with the error type header and the body as sent', async () => {
    const outcome = server.session.invoke(event('req-8'));
    await next();
    const body = '{"errorMessage":"boom","errorType":"Error","trace":["at x"]}';
    const res = await fail('req-8', body, { [RUNTIME_HEADERS.functionErrorType]: 'Runtime.UserCodeSyntaxError' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'OK' });
    const result = await outcome;
    expect(result).toMatchObject({ kind: 'error', errorType: 'Runtime.UserCodeSyntaxError' });
    expect(text(result)).toBe(body);
  });

  it("falls back to the body's errorType, then to Unhandled", async () => {
    const first = server.session.invoke(event('req-9'));
    await next();
    await fail('req-9', '{"errorMessage":"m","errorType":"ValueError"}');
    expect(await first).toMatchObject({ kind: 'error', errorType: 'ValueError' });
    const second = server.session.invoke(event('req-10'));
    await next();
    await fail('req-10', 'not json');
    const result = await second;
    expect(result).toMatchObject({ kind: 'error', errorType: 'Unhandled' });
    expect(text(result)).toBe('not json');
  });
});

describe('request-id isolation', () => {
  const invalid = { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' };

  it('answers 400 for an unknown id and leaves the invocation in flight', async () => {
    const outcome = server.session.invoke(event('req-a', '"a"'));
    await next();
    for (const res of [await respond('nope', 'x'), await fail('nope', 'x')]) {
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual(invalid);
    }
    expect(server.session.inFlightRequestId).toBe('req-a');
    await respond('req-a', 'A');
    expect(text(await outcome)).toBe('A');
  });

  it('never completes a queued invocation from a response naming it, nor accepts a second answer', async () => {
    const a = server.session.invoke(event('req-a'));
    const b = server.session.invoke(event('req-b'));
    const settled: string[] = [];
    void b.then(() => settled.push('b'));
    expect((await next()).headers.get(RUNTIME_HEADERS.requestId)).toBe('req-a');
    expect((await respond('req-b', 'B too early')).status).toBe(400);
    expect((await respond('req-a', 'A')).status).toBe(202);
    expect(text(await a)).toBe('A');
    expect((await respond('req-a', 'A again')).status).toBe(400);
    expect(settled).toEqual([]);
    expect((await next()).headers.get(RUNTIME_HEADERS.requestId)).toBe('req-b');
    await respond('req-b', 'B');
    expect(text(await b)).toBe('B');
  });

  it('decodes percent-encoded request ids in the path', async () => {
    const outcome = server.session.invoke(event('id with space'));
    await next();
    expect((await respond('id%20with%20space', 'ok')).status).toBe(202);
    expect(text(await outcome)).toBe('ok');
  });
});

describe('POST /runtime/init/error', () => {
  it('accepts an init error before the first /next and notifies the orchestrator', async () => {
    const reported = server.session.initErrorReported;
    const body = '{"errorMessage":"Unable to import module \'app\'","errorType":"Runtime.ImportModuleError"}';
    const res = await post('/runtime/init/error', body, { [RUNTIME_HEADERS.functionErrorType]: 'Runtime.ImportModuleError' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'OK' });
    const report = await reported;
    expect(report.errorType).toBe('Runtime.ImportModuleError');
    expect(report.payload.toString()).toBe(body);
    const after = await next();
    expect(after.status).toBe(403);
    expect(((await after.json()) as { errorType: string }).errorType).toBe('InvalidStateTransition');
  });

  it('refuses an init error once init is over (403)', async () => {
    background(next());
    await server.session.initialised;
    const res = await post('/runtime/init/error', '{}');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      errorMessage:
        'State transition from RuntimeReadyState to RuntimeInitErrorState failed for runtime. Error: State transition is not allowed',
      errorType: 'InvalidStateTransition',
    });
  });
});

describe('routing and lifecycle', () => {
  it('answers 404 for unknown paths, 405 for wrong methods, and pings', async () => {
    expect((await fetch(`${base}/runtime/unknown`)).status).toBe(404);
    expect((await fetch(`${base}/runtime/invocation/next`, { method: 'POST', body: '' })).status).toBe(405);
    expect((await fetch(`${base}/runtime/invocation/x/response`)).status).toBe(405);
    const ping = await fetch(`${base}/ping`);
    expect(ping.status).toBe(200);
    expect(await ping.text()).toBe('pong');
  });

  it('close() rejects queued and in-flight invocations and releases a waiting /next', async () => {
    const inFlight = server.session.invoke(event('req-x'));
    await next();
    const queued = server.session.invoke(event('req-y'));
    await server.close(new Error('container exited'));
    await expect(inFlight).rejects.toThrow('container exited');
    await expect(queued).rejects.toThrow('container exited');
    await expect(server.session.invoke(event('req-z'))).rejects.toThrow('closed');
  });

  it('close() does not hang on a runtime blocked in /next', async () => {
    const polling = next().catch((error: unknown) => error);
    await server.session.initialised;
    await server.close();
    expect(await polling).toBeInstanceOf(Error);
  });
});

describe('bounds (docs/security.md)', () => {
  const bounded = async (): Promise<{ bounded: RuntimeApiServer; port: number }> => {
    const instance = new RuntimeApiServer({ maxConnections: 3, headersTimeoutMs: 300, requestTimeoutMs: 400, checkIntervalMs: 100 });
    const { port } = await instance.listen('127.0.0.1');
    return { bounded: instance, port };
  };
  /** Resolves with how long the server took to close a connection that sends `sent`. */
  const closedAfter = (port: number, sent = ''): Promise<number> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const socket = connect(port, '127.0.0.1', () => {
        if (sent !== '') socket.write(sent);
      });
      socket.on('error', reject);
      socket.on('data', () => undefined);
      socket.on('close', () => resolve(performance.now() - started));
    });

  it('/next long-polls past the header and request timeouts', async () => {
    const { bounded: instance, port } = await bounded();
    try {
      const pending = fetch(`http://127.0.0.1:${port}/2018-06-01/runtime/invocation/next`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const outcome = instance.session.invoke(event('late'));
      const res = await pending;
      expect(res.headers.get(RUNTIME_HEADERS.requestId)).toBe('late');
      await fetch(`http://127.0.0.1:${port}/2018-06-01/runtime/invocation/late/response`, { method: 'POST', body: 'ok' });
      expect(text(await outcome)).toBe('ok');
    } finally {
      await instance.close();
    }
  });

  it('closes a connection that sends no headers, or never finishes them', async () => {
    const { bounded: instance, port } = await bounded();
    try {
      expect(await closedAfter(port)).toBeLessThan(2000);
      expect(await closedAfter(port, 'GET /2018-06-01/ping HTTP/1.1\r\nHost: x\r\n')).toBeLessThan(2000);
    } finally {
      await instance.close();
    }
  });

  it('drops connections past its limit while the open ones keep working', async () => {
    const { bounded: instance, port } = await bounded();
    const held: Socket[] = [];
    try {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const ping = (): Promise<string> =>
        new Promise((resolve, reject) => {
          httpGet({ host: '127.0.0.1', port, path: '/2018-06-01/ping', agent }, (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve(body));
          }).on('error', reject);
        });
      expect(await ping()).toBe('pong');
      for (let i = 0; i < 2; i += 1) held.push(await opened(port));
      const extra = await closedAfter(port);
      expect(extra).toBeLessThan(200);
      expect(await ping()).toBe('pong');
      agent.destroy();
    } finally {
      for (const socket of held) socket.destroy();
      await instance.close();
    }
  });
});

const opened = (port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });

describe('admitOnly: a TCP listener serves its own container alone', () => {
  /** A ping from `localAddress` (any of 127/8 is this machine): its body, or the error's code. */
  const pingFrom = (localAddress: string): Promise<string> =>
    new Promise((resolve) => {
      const req = httpGet(`${base}/ping`, { localAddress, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });

  it('answers the admitted address and drops every other peer unanswered', async () => {
    server.admitOnly(Promise.resolve('127.0.0.2'));
    expect(await pingFrom('127.0.0.2')).toBe('pong');
    expect(await pingFrom('127.0.0.1')).toBe('ECONNRESET');
    expect(await pingFrom('127.0.0.3')).toBe('ECONNRESET');
  });

  it('holds a request that arrives before the address is known, then serves it', async () => {
    let known: (address: string) => void = () => undefined;
    server.admitOnly(new Promise((resolve) => (known = resolve)));
    let answered: string | undefined;
    const early = pingFrom('127.0.0.2').then((body) => (answered = body));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBeUndefined();
    known('127.0.0.2');
    await early;
    expect(answered).toBe('pong');
  });

  it('serves nobody when the address cannot be read', async () => {
    server.admitOnly(Promise.reject(new Error('no address')));
    expect(await pingFrom('127.0.0.1')).toBe('ECONNRESET');
  });
});

describe("lsim-entry's output markers: one connection upgraded out of HTTP", () => {
  const UPGRADE = 'GET /lsim-entry/output-markers HTTP/1.1\r\nHost: lsim\r\nConnection: Upgrade\r\nUpgrade: lsim-output-markers\r\n\r\n';
  /** A raw connection that sends `head` and collects what comes back. */
  const rawConnection = async (port: number, head: string) => {
    const socket = await opened(port);
    let received = '';
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.write(head);
    const until = async (condition: (text: string) => boolean): Promise<string> => {
      for (let i = 0; i < 200 && !condition(received); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(condition(received), received).toBe(true);
      return received;
    };
    return { socket, closed, until };
  };

  it('answers 101, sends each marker a line, and hears each one back as written, past the request time-out', async () => {
    const instance = new RuntimeApiServer({ requestTimeoutMs: 400, checkIntervalMs: 100 });
    const { port } = await instance.listen('127.0.0.1');
    try {
      const { socket, until } = await rawConnection(port, UPGRADE);
      await until((text) => text.startsWith('HTTP/1.1 101 Switching Protocols\r\n') && text.includes('\r\n\r\n'));
      await new Promise((resolve) => setTimeout(resolve, 800));
      const asked = instance.outputMarkers.ask('marker 1');
      await until((text) => text.endsWith('\r\n\r\nmarker 1\n'));
      let written = false;
      void asked.written.then(() => (written = true));
      socket.write('not a marker\n');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(written).toBe(false);
      socket.write('marker 1\n');
      await asked.written;
    } finally {
      await instance.close();
    }
  });

  it('serves the path only as that upgrade: a plain GET is not found, another protocol is refused', async () => {
    const port = Number(new URL(base).port);
    expect((await fetch(`http://127.0.0.1:${port}/lsim-entry/output-markers`)).status).toBe(404);
    const other = await rawConnection(port, UPGRADE.replace('Upgrade: lsim-output-markers', 'Upgrade: websocket'));
    await other.closed;
    expect(await other.until((text) => text.length > 0)).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it('ends the upgraded connection when the server closes', async () => {
    const port = Number(new URL(base).port);
    const { closed, until } = await rawConnection(port, UPGRADE);
    await until((text) => text.startsWith('HTTP/1.1 101'));
    await server.close();
    await closed;
  });
});
