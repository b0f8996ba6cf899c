import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeApiServer } from './runtime-api-server.js';

let server: RuntimeApiServer;
let base: string;
/** The identifier register answered `my-extension` with. */
let ID: string;

beforeEach(async () => {
  server = new RuntimeApiServer();
  const { host, port } = await server.listen('127.0.0.1');
  base = `http://${host}:${port}`;
  const registered = await fetch(`${base}/2020-01-01/extension/register`, {
    method: 'POST',
    headers: { 'Lambda-Extension-Name': 'my-extension' },
    body: '{"events":["INVOKE"]}',
  });
  expect(registered.status).toBe(200);
  ID = registered.headers.get('Lambda-Extension-Identifier') ?? '';
});
afterEach(async () => {
  await server.close();
});

const body = JSON.stringify({
  schemaVersion: '2022-07-01',
  types: ['platform', 'function'],
  destination: { protocol: 'HTTP', URI: 'http://sandbox.localdomain:8080' },
});
const put = (path: string, headers: Record<string, string>, payload = body): Promise<Response> =>
  fetch(`${base}${path}`, { method: 'PUT', body: payload, headers });

describe('PUT /2022-07-01/telemetry and /2020-08-15/logs', () => {
  it('subscribes a registered extension: 200 "OK"', async () => {
    const res = await put('/2022-07-01/telemetry', { 'Lambda-Extension-Identifier': ID });
    expect(res.status).toBe(200);
    expect(await res.json()).toBe('OK');
    expect(server.telemetry.subscriberNames).toEqual(['my-extension']);
  });

  it.each([
    [{}, 'Extension.MissingExtensionIdentifier', 'Missing Lambda-Extension-Identifier header'],
    [{ 'Lambda-Extension-Identifier': 'not-a-uuid' }, 'Extension.InvalidExtensionIdentifier', 'Invalid Lambda-Extension-Identifier'],
    [
      { 'Lambda-Extension-Identifier': '00000000-0000-4000-8000-000000000000' },
      'Extension.UnknownExtensionIdentifier',
      'Unknown extension 00000000-0000-4000-8000-000000000000',
    ],
  ])('refuses a request without a registered identifier (%j): 403', async (headers, errorType, errorMessage) => {
    const res = await put('/2022-07-01/telemetry', headers);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ errorType, errorMessage });
  });

  it('answers 400 Logs.ValidationError for a bad Logs API body', async () => {
    const res = await put('/2020-08-15/logs', { 'Lambda-Extension-Identifier': ID }, '{"types":["platform"]}');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errorType: 'Logs.ValidationError', errorMessage: 'destination is required' });
  });

  it('closes both APIs once init is over', async () => {
    // Init ends when the runtime and the extension have both asked for their next event.
    const next = fetch(`${base}/2018-06-01/runtime/invocation/next`);
    const extensionNext = fetch(`${base}/2020-01-01/extension/event/next`, { headers: { 'Lambda-Extension-Identifier': ID } });
    await server.session.initialised;
    const res = await put('/2022-07-01/telemetry', { 'Lambda-Extension-Identifier': ID });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ errorType: 'Telemetry.SubscriptionClosed', errorMessage: 'Telemetry API subscription is closed' });
    void next.catch(() => undefined);
    void extensionNext.catch(() => undefined);
  });

  it('only PUT', async () => {
    const res = await fetch(`${base}/2022-07-01/telemetry`, { method: 'POST', body });
    expect(res.status).toBe(405);
  });
});
