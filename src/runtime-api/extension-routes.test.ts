import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENTRY_HEADERS, ENTRY_PATHS } from './entry-routes.js';
import { EXTENSION_HEADERS, EXTENSION_PATHS } from './extension-types.js';
import { RuntimeApiServer } from './runtime-api-server.js';

let server: RuntimeApiServer;
let base: string;

beforeEach(async () => {
  server = new RuntimeApiServer({}, { functionName: 'fn', functionVersion: '1', handler: 'app.handler', accountId: '123456789012' });
  const { host, port } = await server.listen('127.0.0.1');
  base = `http://${host}:${port}`;
});

afterEach(async () => {
  await server.close();
});

const register = (name: string, body: string): Promise<Response> =>
  fetch(`${base}${EXTENSION_PATHS.register}`, { method: 'POST', body, headers: { [EXTENSION_HEADERS.name]: name } });

describe('Extensions API routes', () => {
  it('registers, then answers event/next with the INVOKE event and its headers', async () => {
    const launched = await fetch(`${base}${ENTRY_PATHS.launched}`, { method: 'POST', headers: { [ENTRY_HEADERS.launched]: 'agent' } });
    expect(launched.status).toBe(200);
    const registered = fetch(`${base}${ENTRY_PATHS.registered}`).then((res) => res.text());
    const res = await register('agent', '{"events":["INVOKE"]}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ functionName: 'fn', functionVersion: '1', handler: 'app.handler' });
    const id = res.headers.get(EXTENSION_HEADERS.identifier) ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await registered).toBe('start');

    const next = fetch(`${base}${EXTENSION_PATHS.next}`, { headers: { [EXTENSION_HEADERS.identifier]: id } });
    const runtime = fetch(`${base}/2018-06-01/runtime/invocation/next`);
    await server.session.initialised;
    const outcome = server.session.invoke({
      payload: Buffer.from('{}'),
      requestId: 'req-1',
      deadlineMs: 1_700_000_000_000,
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
      traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793',
    });
    const delivered = await next;
    expect(delivered.status).toBe(200);
    expect(delivered.headers.get(EXTENSION_HEADERS.eventIdentifier)).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivered.headers.get('content-type')).toBe('application/json');
    expect(await delivered.json()).toMatchObject({ eventType: 'INVOKE', requestId: 'req-1', deadlineMs: 1_700_000_000_000 });
    await (await runtime).text();
    await fetch(`${base}/2018-06-01/runtime/invocation/req-1/response`, { method: 'POST', body: 'ok' });
    await outcome;
  });

  it('answers misuse with 403 and a JSON body, and an error report with 202', async () => {
    const empty = await register('', '{}');
    expect(empty.status).toBe(403);
    expect(await empty.json()).toEqual({ errorType: 'Extension.InvalidExtensionName', errorMessage: 'Empty extension name' });
    const noId = await fetch(`${base}${EXTENSION_PATHS.next}`);
    expect(noId.status).toBe(403);
    expect(await noId.json()).toEqual({
      errorType: 'Extension.MissingExtensionIdentifier',
      errorMessage: 'Missing Lambda-Extension-Identifier header',
    });
    const id = (await register('internal', '{"events":["INVOKE"]}')).headers.get(EXTENSION_HEADERS.identifier) ?? '';
    const reported = await fetch(`${base}${EXTENSION_PATHS.initError}`, {
      method: 'POST',
      body: '{"errorMessage":"bad config","errorType":"Extension.ConfigInvalid"}',
      headers: { [EXTENSION_HEADERS.identifier]: id, [EXTENSION_HEADERS.errorType]: 'Extension.ConfigInvalid' },
    });
    expect(reported.status).toBe(202);
    expect(await reported.json()).toEqual({ status: 'OK' });
    const wrongMethod = await fetch(`${base}${EXTENSION_PATHS.register}`);
    expect(wrongMethod.status).toBe(405);
  });

  it('takes an exit lsim-entry reports as the extension crashing', async () => {
    await fetch(`${base}${ENTRY_PATHS.launched}`, { method: 'POST', headers: { [ENTRY_HEADERS.launched]: 'agent/other' } });
    const res = await fetch(`${base}${ENTRY_PATHS.exited}`, {
      method: 'POST',
      headers: { [ENTRY_HEADERS.name]: 'agent', [ENTRY_HEADERS.status]: '2' },
    });
    expect(res.status).toBe(200);
    expect(await server.extensions.failedWith).toEqual({ errorType: 'Extension.Crash', message: 'exit status 2' });
  });
});
