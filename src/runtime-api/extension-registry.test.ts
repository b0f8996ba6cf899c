import { describe, expect, it } from 'vitest';
import type { ExtensionEvent } from './extension-events.js';
import { ExtensionRegistry, type ExtensionRefusal, type Registration } from './extension-registry.js';
import type { InvocationEvent } from './invocation-types.js';
import { RuntimeSession } from './runtime-session.js';

const identity = { functionName: 'fn', functionVersion: '$LATEST', handler: 'index.handler', accountId: '123456789012' };

const event = (requestId: string): InvocationEvent => ({
  payload: Buffer.from('{}'),
  requestId,
  deadlineMs: 1_700_000_000_123.7,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
  traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
});

async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

function setup(): { session: RuntimeSession; registry: ExtensionRegistry } {
  const session = new RuntimeSession();
  return { session, registry: new ExtensionRegistry(session, identity) };
}

const register = (registry: ExtensionRegistry, name: string, body = '{"events":["INVOKE","SHUTDOWN"]}', acceptFeature?: string) =>
  registry.register({ name, acceptFeature, body: Buffer.from(body) });

function registered(result: Registration | ExtensionRefusal): Registration {
  if ('status' in result) throw new Error(`refused: ${result.body.errorMessage}`);
  return result;
}

function refusal(result: unknown): { errorType: string; errorMessage: string } {
  if (typeof result === 'object' && result !== null && 'status' in result) {
    const { status, body } = result as ExtensionRefusal;
    expect(status).toBe(403);
    return body;
  }
  throw new Error('expected a refusal');
}

/** Calls next and collects what it is handed. */
function poll(registry: ExtensionRegistry, id: string): ExtensionEvent[] {
  const delivered: ExtensionEvent[] = [];
  const waiter = registry.next(id, (delivering) => delivered.push(delivering));
  if ('status' in waiter) throw new Error(`refused: ${waiter.body.errorMessage}`);
  return delivered;
}

const runtimeNext = (session: RuntimeSession): void => {
  const waiter = session.next(() => undefined);
  if ('status' in waiter) throw new Error('runtime refused');
};

describe('ExtensionRegistry: register', () => {
  it('answers an identifier and the function, accountId only when asked for', () => {
    const { registry } = setup();
    registry.launched(['agent', 'cache'], []);
    const plain = registered(register(registry, 'agent'));
    expect(plain.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(plain.body).toEqual({ functionName: 'fn', functionVersion: '$LATEST', handler: 'index.handler' });
    const withAccount = registered(register(registry, 'cache', '{"events":[]}', 'accountId, unknownThing'));
    expect(withAccount.body['accountId']).toBe('123456789012');
    expect(registry.find(plain.id)).toMatchObject({ name: 'agent', external: true, events: ['INVOKE', 'SHUTDOWN'], state: 'Registered' });
  });

  it('refuses misuse with RAPID 403 bodies', () => {
    const { registry, session } = setup();
    registry.launched(['agent'], []);
    expect(refusal(register(registry, ''))).toEqual({ errorType: 'Extension.InvalidExtensionName', errorMessage: 'Empty extension name' });
    expect(refusal(register(registry, 'agent', ''))).toEqual({
      errorType: 'InvalidRequestFormat',
      errorMessage: 'unexpected end of JSON input',
    });
    expect(refusal(register(registry, 'agent', '{"configurationKeys":["a"]}')).errorMessage).toBe(
      'configurationKeys are deprecated; use environment variables instead',
    );
    expect(refusal(register(registry, 'agent', '{"events":["abc"]}'))).toEqual({
      errorType: 'Extension.InvalidEventType',
      errorMessage: 'abc: ErrorInvalidEventType',
    });
    expect(refusal(register(registry, 'internal', '{"events":["SHUTDOWN"]}')).errorMessage).toBe(
      'SHUTDOWN: ShutdownEventNotSupportedForInternalExtension',
    );
    registered(register(registry, 'agent'));
    expect(refusal(register(registry, 'agent'))).toEqual({
      errorType: 'Extension.InvalidExtensionState',
      errorMessage: 'State transition from Registered to Registered failed for extension agent. Error: State transition is not allowed',
    });
    registered(register(registry, 'internal', '{"events":["INVOKE"]}'));
    expect(refusal(register(registry, 'internal', '{"events":["INVOKE"]}')).errorMessage).toBe(
      'Extension with this name already registered',
    );
    runtimeNext(session);
    expect(refusal(register(registry, 'late', '{}'))).toEqual({
      errorType: 'Extension.RegistrationClosed',
      errorMessage: 'Extension registration closed already',
    });
  });

  it('refuses the eleventh extension', () => {
    const { registry } = setup();
    registry.launched([], []);
    for (let index = 0; index < 10; index += 1) registered(register(registry, `internal-${index}`, '{}'));
    expect(refusal(register(registry, 'eleventh', '{}'))).toEqual({
      errorType: 'Extension.TooManyExtensions',
      errorMessage: 'Extension limit (10) reached',
    });
  });

  it('resolves allRegistered only once every launched file has registered', async () => {
    const { registry } = setup();
    registry.launched(['a', 'b'], []);
    registered(register(registry, 'a'));
    // A name that matches no file is an internal extension: it does not stand in for `b`.
    registered(register(registry, 'c', '{"events":["INVOKE"]}'));
    expect(await settledNow(registry.allRegistered)).toBe(false);
    registered(register(registry, 'b'));
    expect(await settledNow(registry.allRegistered)).toBe(true);
  });

  it('fails the init with Extension.LaunchError for more than ten files or one it could not start', async () => {
    const many = setup().registry;
    many.launched(
      Array.from({ length: 11 }, (_, index) => `e${String(index).padStart(2, '0')}`),
      [],
    );
    expect(await many.failedWith).toEqual({ errorType: 'Extension.LaunchError', message: 'Extension limit (10) reached' });
    expect(many.extensions.at(-1)).toMatchObject({ name: 'e10', state: 'LaunchError', errorType: 'TooManyExtensions' });
    const denied = setup().registry;
    denied.launched(['ok'], [{ name: 'noexec', errorType: 'PermissionDenied' }]);
    expect(await denied.failedWith).toEqual({
      errorType: 'Extension.LaunchError',
      message: 'fork/exec /opt/extensions/noexec: permission denied',
    });
  });

  it('fails the init with Extension.LaunchError, in Go words, for a file whose exec failed (no shell fallback)', async () => {
    const { registry } = setup();
    registry.launched(['plain', 'ok'], []);
    registry.launchFailed('plain', 8);
    expect(await registry.failedWith).toEqual({
      errorType: 'Extension.LaunchError',
      message: 'fork/exec /opt/extensions/plain: exec format error',
    });
    expect(registry.extensions).toEqual([
      { id: '', name: 'plain', external: true, events: [], state: 'LaunchError', errorType: 'UnknownError' },
    ]);
    const missing = setup().registry;
    missing.launched(['gone'], []);
    missing.launchFailed('gone', 2);
    expect((await missing.failedWith).message).toBe('fork/exec /opt/extensions/gone: no such file or directory');
    const denied = setup().registry;
    denied.launched(['denied'], []);
    denied.launchFailed('denied', 13);
    expect(denied.extensions[0]?.errorType).toBe('PermissionDenied');
  });
});

describe('ExtensionRegistry: events', () => {
  it('ends init only when the runtime and every extension have called next', async () => {
    const { registry, session } = setup();
    registry.launched(['agent'], []);
    const { id } = registered(register(registry, 'agent'));
    runtimeNext(session);
    expect(await settledNow(session.initialised)).toBe(false);
    expect(poll(registry, id)).toEqual([]);
    expect(registry.find(id)?.state).toBe('Ready');
    expect(await settledNow(session.initialised)).toBe(true);
  });

  it('sends INVOKE to its subscribers only, and settles when each has called next again', async () => {
    const { registry, session } = setup();
    registry.launched(['taker', 'shutdown-only'], []);
    const taker = registered(register(registry, 'taker'));
    const other = registered(register(registry, 'shutdown-only', '{"events":["SHUTDOWN"]}'));
    const takerEvents = poll(registry, taker.id);
    const otherEvents = poll(registry, other.id);
    runtimeNext(session);
    void session.invoke(event('req-1'));
    expect(takerEvents).toEqual([
      {
        eventType: 'INVOKE',
        deadlineMs: 1_700_000_000_123,
        requestId: 'req-1',
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
        tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' },
      },
    ]);
    expect(otherEvents).toEqual([]);
    expect(registry.find(taker.id)?.state).toBe('Running');
    session.complete('req-1', { kind: 'response', payload: Buffer.from('ok') });
    expect(await settledNow(session.settled())).toBe(false);
    poll(registry, taker.id);
    expect(await settledNow(session.settled())).toBe(true);
  });

  it('queues an event for an extension that was not polling, and hands it on its next call', () => {
    const { registry, session } = setup();
    registry.launched(['agent'], []);
    const { id } = registered(register(registry, 'agent'));
    const first = registry.next(id, () => undefined);
    if ('status' in first) throw new Error('refused');
    first.cancel();
    runtimeNext(session);
    void session.invoke(event('req-2'));
    const delivered = poll(registry, id);
    expect(delivered.map((delivering) => delivering.eventType)).toEqual(['INVOKE']);
    expect(registry.find(id)?.state).toBe('Running');
  });

  it('sends SHUTDOWN with its reason and deadline to external subscribers and waits for them to exit', async () => {
    const { registry, session } = setup();
    registry.launched(['agent', 'invoke-only'], []);
    const agent = registered(register(registry, 'agent'));
    const invokeOnly = registered(register(registry, 'invoke-only', '{"events":["INVOKE"]}'));
    registered(register(registry, 'internal', '{"events":["INVOKE"]}'));
    const events = poll(registry, agent.id);
    poll(registry, invokeOnly.id);
    runtimeNext(session);
    const done = session.shutdown('spindown', Date.now() + 60_000);
    expect(events).toEqual([{ eventType: 'SHUTDOWN', shutdownReason: 'spindown', deadlineMs: expect.any(Number) as number }]);
    expect(await settledNow(done)).toBe(false);
    registry.exited('agent', 0);
    expect(await settledNow(done)).toBe(true);
    expect(registry.find(agent.id)?.state).toBe('Exited');
  });
});

describe('ExtensionRegistry: failures', () => {
  it('is Extension.Crash when an extension exits outside shutdown, before or after register', async () => {
    const before = setup().registry;
    before.launched(['agent'], []);
    before.exited('agent', 0);
    expect(await before.failedWith).toEqual({ errorType: 'Extension.Crash', message: 'exit code 0' });
    const after = setup().registry;
    after.launched(['agent'], []);
    registered(register(after, 'agent'));
    after.exited('agent', 139);
    after.exited('agent', 1);
    expect(await after.failedWith).toEqual({ errorType: 'Extension.Crash', message: 'signal: segmentation fault' });
  });

  it('marks init/error and exit/error, and fails with their type when the process exits', async () => {
    const { registry } = setup();
    registry.launched(['agent'], []);
    const { id } = registered(register(registry, 'agent'));
    expect(refusal(registry.reportError(id, 'init', undefined))).toEqual({
      errorType: 'Extension.MissingHeader',
      errorMessage: 'Lambda-Extension-Function-Error-Type not found',
    });
    expect(registry.reportError(id, 'init', 'Extension.ConfigInvalid')).toBeUndefined();
    expect(await settledNow(registry.failedWith)).toBe(false);
    expect(refusal(registry.next(id, () => undefined))).toEqual({
      errorType: 'Extension.InvalidExtensionState',
      errorMessage: `State transition from InitError to Ready failed for extension ${id}. Error: State transition is not allowed`,
    });
    registry.exited('agent', 3);
    expect(await registry.failedWith).toEqual({ errorType: 'Extension.InitError', message: 'exit status 3' });
    expect(registry.find(id)).toMatchObject({ state: 'InitError', errorType: 'Extension.ConfigInvalid' });

    const exit = setup().registry;
    exit.launched(['agent'], []);
    const second = registered(register(exit, 'agent'));
    expect(exit.reportError(second.id, 'exit', 'Extension.Broken')).toBeUndefined();
    exit.exited('agent', 0);
    expect(await exit.failedWith).toEqual({ errorType: 'Extension.ExitError', message: 'exit code 0' });
  });

  it('refuses identifiers that are missing, malformed or unknown', () => {
    const { registry } = setup();
    const unknown = '0f4e9f2c-6c1a-4a43-9f55-1c2b3d4e5f60';
    expect(refusal(registry.next(undefined, () => undefined)).errorType).toBe('Extension.MissingExtensionIdentifier');
    expect(refusal(registry.next('nope', () => undefined))).toEqual({
      errorType: 'Extension.InvalidExtensionIdentifier',
      errorMessage: 'Invalid Lambda-Extension-Identifier',
    });
    expect(refusal(registry.next(unknown, () => undefined)).errorMessage).toBe(`Unknown extension ${unknown}`);
    expect(refusal(registry.reportError(unknown, 'exit', 'X')).errorMessage).toBe('Unknown Lambda-Extension-Identifier');
  });

  it('takes exits during shutdown as leaving, not as a crash', async () => {
    const { registry, session } = setup();
    registry.launched(['agent'], []);
    registered(register(registry, 'agent'));
    void session.shutdown('timeout', Date.now() + 10);
    registry.exited('agent', 137);
    expect(await settledNow(registry.failedWith)).toBe(false);
    expect(registry.extensions[0]?.state).toBe('ShutdownFailed');
  });
});
