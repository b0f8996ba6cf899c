import { randomUUID } from 'node:crypto';
import type { RuntimeApiErrorBody } from './error-bodies.js';
import { EXTENSION_REFUSALS, invalidEventType, invalidExtensionState, invalidRequestFormat, unknownExtension } from './extension-errors.js';
import { invokeEvent, shutdownEvent, type ExtensionEvent } from './extension-events.js';
import {
  EXTENSION_EVENT_TYPES,
  MAX_EXTENSIONS,
  type ExtensionEventType,
  type ExtensionId,
  type ExtensionState,
  type RegisteredExtension,
} from './extension-types.js';
import { EACCES, goErrnoText, goExitDescription, launchErrorType } from './process-exit.js';
import type { RuntimeSession, SessionClient } from './runtime-session.js';
import { deferred } from './deferred.js';
import { WaiterQueue, type Waiter } from './waiter-queue.js';

/**
 * The Extensions API's state, without HTTP (docs/extensions.md): which extensions registered, the
 * events each waits for, and the first fatal failure. Each registered extension is a client of the
 * environment's RuntimeSession, so the phases wait for it as they wait for the runtime; this module
 * turns the session's INVOKE and SHUTDOWN into each extension's events. The external extensions
 * expected are the files lsim-entry started from /opt/extensions (`launched`), and the runtime is
 * started only once each of them has registered (`allRegistered`).
 */

/** What register answers with; `accountId` only to an extension that asked for it. */
export interface FunctionIdentity {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly handler: string;
  readonly accountId: string;
}

/** The first failure of an extension that fails the environment (Extension.Crash and the like). */
export interface ExtensionFailure {
  readonly errorType: string;
  /** What follows `RequestId: <id> Error: ` in the caller's errorMessage. */
  readonly message: string;
}

export type ExtensionRefusal = { readonly status: 403; readonly body: RuntimeApiErrorBody };

export interface RegisterRequest {
  readonly name: string | undefined;
  readonly acceptFeature: string | undefined;
  readonly body: Buffer;
}

export interface Registration {
  readonly id: ExtensionId;
  readonly body: Record<string, string>;
}

type Deliver = (event: ExtensionEvent, eventId: string) => void;

interface Entry {
  extension: RegisteredExtension;
  readonly client: SessionClient;
  /** Its events with their ids, and its /event/next that waits for one. */
  readonly events: WaiterQueue<[ExtensionEvent, string]>;
  gone: boolean;
}

interface LaunchError {
  readonly name: string;
  readonly errorType: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const refuse = (body: RuntimeApiErrorBody): ExtensionRefusal => ({ status: 403, body });

export class ExtensionRegistry {
  private readonly byId = new Map<ExtensionId, Entry>();
  private readonly externals = new Set<string>();
  private readonly launchErrors: LaunchError[] = [];
  private readonly registered = deferred<void>();
  private readonly failure = deferred<ExtensionFailure>();
  private failed: ExtensionFailure | undefined;
  private readonly failureWatchers = new Set<(failure: ExtensionFailure) => void>();
  private launchedOnce = false;

  constructor(
    private readonly session: RuntimeSession,
    private readonly identity: FunctionIdentity,
  ) {
    session.listen({
      invoke: (event) => this.broadcast((entry) => entry.extension.events.includes('INVOKE'), invokeEvent(event)),
      shutdown: (reason, deadlineMs) => this.shutDown(shutdownEvent(reason, deadlineMs)),
    });
  }

  /** Resolves once every external extension launched has registered (at once when none was). */
  get allRegistered(): Promise<void> {
    return this.registered.promise;
  }

  /** Resolves with the first failure that fails the environment; never rejects. */
  get failedWith(): Promise<ExtensionFailure> {
    return this.failure.promise;
  }

  /** Every registered extension, in the order they registered, then those that could not be launched. */
  get extensions(): RegisteredExtension[] {
    const launchFailed = this.launchErrors.map(({ name, errorType }): RegisteredExtension => ({
      id: '',
      name,
      external: true,
      events: [],
      state: 'LaunchError',
      errorType,
    }));
    return [...[...this.byId.values()].map((entry) => entry.extension), ...launchFailed];
  }

  /** Calls `onFailure` at the first failure (at once if there was one); returns the function that stops watching. */
  watchFailure(onFailure: (failure: ExtensionFailure) => void): () => void {
    if (this.failed !== undefined) {
      onFailure(this.failed);
      return () => undefined;
    }
    this.failureWatchers.add(onFailure);
    return () => this.failureWatchers.delete(onFailure);
  }

  /** Whether an external extension takes part: Lambda's shutdown budget depends on it. */
  get hasExternal(): boolean {
    return [...this.byId.values()].some((entry) => entry.extension.external);
  }

  find(id: ExtensionId): RegisteredExtension | undefined {
    return this.byId.get(id)?.extension;
  }

  /** The extension a request's `Lambda-Extension-Identifier` names, or RAPID's refusal (the Telemetry and Logs APIs'). */
  identify(rawId: string | undefined): RegisteredExtension | ExtensionRefusal {
    const entry = this.lookup(rawId, unknownExtension);
    return 'status' in entry ? entry : entry.extension;
  }

  /**
   * The files lsim-entry started from /opt/extensions (names, in its sorted order), and those it
   * could not start. More than the limit, or one not started, fails the init as Lambda's LaunchError.
   * Told once, before any of them runs, so an external's register is never taken for an internal's.
   */
  launched(names: readonly string[], failures: readonly LaunchError[]): void {
    if (this.launchedOnce) return;
    this.launchedOnce = true;
    for (const name of names.slice(0, MAX_EXTENSIONS)) this.externals.add(name);
    this.launchErrors.push(...failures);
    for (const name of names.slice(MAX_EXTENSIONS)) this.launchErrors.push({ name, errorType: 'TooManyExtensions' });
    const first = this.launchErrors[0];
    if (first !== undefined) {
      const detail = first.errorType === 'TooManyExtensions' ? EXTENSION_REFUSALS.tooMany.errorMessage : execFailure(first.name, EACCES);
      this.fail({ errorType: 'Extension.LaunchError', message: detail });
    }
    this.checkRegistered();
  }

  /**
   * The exec of the launched file `name` failed with `errno` (no shell fallback: Lambda execs the file
   * itself): Lambda's LaunchError, as for a missing exec bit (docs/doctor-extensions.md#launch-failures).
   */
  launchFailed(name: string, errno: number): void {
    this.externals.delete(name);
    this.launchErrors.push({ name, errorType: launchErrorType(errno) });
    this.fail({ errorType: 'Extension.LaunchError', message: execFailure(name, errno) });
  }

  register(request: RegisterRequest): Registration | ExtensionRefusal {
    const name = request.name ?? '';
    if (name === '') return refuse(EXTENSION_REFUSALS.emptyName);
    const parsed = parseRegisterBody(request.body);
    if ('errorType' in parsed) return refuse(parsed);
    const external = this.externals.has(name);
    const same = [...this.byId.values()].find((entry) => entry.extension.name === name);
    if (same !== undefined) {
      if (!external) return refuse(EXTENSION_REFUSALS.nameTaken);
      return refuse(invalidExtensionState(same.extension.state, 'Registered', name));
    }
    if (!external) {
      if (this.session.runtimeStarted) return refuse(EXTENSION_REFUSALS.registrationClosed);
      if (parsed.includes('SHUTDOWN')) return refuse(EXTENSION_REFUSALS.shutdownForInternal);
    }
    if (this.byId.size >= MAX_EXTENSIONS) return refuse(EXTENSION_REFUSALS.tooMany);
    let client: SessionClient;
    try {
      client = this.session.join(name, { takesInvoke: parsed.includes('INVOKE') });
    } catch {
      return refuse(EXTENSION_REFUSALS.registrationClosed);
    }
    const id = randomUUID();
    this.byId.set(id, {
      extension: { id, name, external, events: parsed, state: 'Registered' },
      client,
      events: new WaiterQueue(),
      gone: false,
    });
    this.checkRegistered();
    return { id, body: this.registerBody(request.acceptFeature) };
  }

  /**
   * The extension waits for its next event: it is done with the one before (or with init).
   * `deliver` is called once, now when an event is queued or when one arrives.
   */
  next(rawId: string | undefined, deliver: Deliver): Waiter | ExtensionRefusal {
    const found = this.lookup(rawId, unknownExtension);
    if ('status' in found) return found;
    const entry = found;
    const { state } = entry.extension;
    if (state === 'InitError' || state === 'ExitError') return refuse(invalidExtensionState(state, 'Ready', entry.extension.id));
    const poll = entry.events.take(([event, eventId]) => {
      this.setState(entry, 'Running');
      deliver(event, eventId);
    });
    // An event kept for it was handed over at once: it is busy with that one, not ready.
    if (!entry.events.waiting) return poll;
    if (this.session.shuttingDown === undefined) this.setState(entry, 'Ready');
    entry.client.ready();
    return poll;
  }

  /**
   * init/error and exit/error only mark the extension; the failure is its process's exit, or the
   * init's limit, as in RAPID (docs/extensions.md#failures).
   */
  reportError(rawId: string | undefined, kind: 'init' | 'exit', errorType: string | undefined): ExtensionRefusal | undefined {
    const found = this.lookup(rawId, () => EXTENSION_REFUSALS.unknownIdentifierOnError);
    if ('status' in found) return found;
    if (errorType === undefined || errorType === '') return refuse(EXTENSION_REFUSALS.missingErrorType);
    found.extension = { ...found.extension, state: kind === 'init' ? 'InitError' : 'ExitError', errorType };
    return undefined;
  }

  /** lsim-entry saw the process of the external extension `name` end with shell status `status`. */
  exited(name: string, status: number): void {
    const entry = [...this.byId.values()].find((candidate) => candidate.extension.external && candidate.extension.name === name);
    const { state } = entry?.extension ?? {};
    if (this.session.shuttingDown !== undefined) {
      if (entry !== undefined) this.leave(entry, status === 0 ? 'Exited' : 'ShutdownFailed');
      return;
    }
    const errorType = state === 'InitError' ? 'Extension.InitError' : state === 'ExitError' ? 'Extension.ExitError' : 'Extension.Crash';
    this.fail({ errorType, message: goExitDescription(status) });
    if (entry !== undefined) this.leave(entry, state ?? 'Exited');
  }

  private leave(entry: Entry, state: ExtensionState): void {
    entry.gone = true;
    entry.events.dropTaker();
    this.setState(entry, state);
    entry.client.gone();
  }

  private lookup(rawId: string | undefined, unknown: (id: string) => RuntimeApiErrorBody): Entry | ExtensionRefusal {
    if (rawId === undefined || rawId === '') return refuse(EXTENSION_REFUSALS.missingIdentifier);
    if (!UUID.test(rawId)) return refuse(EXTENSION_REFUSALS.invalidIdentifier);
    return this.byId.get(rawId) ?? refuse(unknown(rawId));
  }

  private registerBody(acceptFeature: string | undefined): Record<string, string> {
    const { functionName, functionVersion, handler, accountId } = this.identity;
    const features = (acceptFeature ?? '').split(',').map((feature) => feature.trim());
    return { functionName, functionVersion, handler, ...(features.includes('accountId') ? { accountId } : {}) };
  }

  private checkRegistered(): void {
    if (!this.launchedOnce) return;
    const names = new Set([...this.byId.values()].map((entry) => entry.extension.name));
    if ([...this.externals].every((name) => names.has(name))) this.registered.resolve();
  }

  private fail(failure: ExtensionFailure): void {
    if (this.failed !== undefined) return;
    this.failed = failure;
    this.failure.resolve(failure);
    for (const watcher of [...this.failureWatchers]) watcher(failure);
  }

  private setState(entry: Entry, state: ExtensionState): void {
    entry.extension = { ...entry.extension, state };
  }

  private broadcast(wants: (entry: Entry) => boolean, event: ExtensionEvent): void {
    for (const entry of this.byId.values()) {
      if (entry.gone || !wants(entry)) continue;
      entry.events.post([event, randomUUID()]);
    }
  }

  /**
   * SHUTDOWN goes to the external extensions that registered for it; the others (internal ones,
   * which live in the runtime's process, and externals that did not ask) are killed with the
   * environment, so nothing waits for them (docs/extensions.md#shutdown).
   */
  private shutDown(event: ExtensionEvent): void {
    const takes = (entry: Entry): boolean => entry.extension.external && entry.extension.events.includes('SHUTDOWN');
    for (const entry of this.byId.values()) if (!entry.gone && !takes(entry)) entry.client.gone();
    this.broadcast(takes, event);
  }
}

/** RAPID's error when Go's exec of an external extension fails. */
const execFailure = (name: string, errno: number): string => `fork/exec /opt/extensions/${name}: ${goErrnoText(errno)}`;

/** The register body, decoded once here: `{"events": [...]}`, each a known event type. */
function parseRegisterBody(body: Buffer): ExtensionEventType[] | RuntimeApiErrorBody {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return invalidRequestFormat(goJsonError(body.toString('utf8')));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalidRequestFormat('json: cannot unmarshal ' + goJsonKind(value) + ' into Go value of type rapi.RegisterRequest');
  }
  const record = value as Record<string, unknown>;
  if ('configurationKeys' in record) return EXTENSION_REFUSALS.configurationKeys;
  const events = record['events'];
  if (events === undefined || events === null) return [];
  if (!Array.isArray(events) || !events.every((event): event is string => typeof event === 'string')) {
    return invalidRequestFormat(
      'json: cannot unmarshal ' + goJsonKind(events) + ' into Go struct field RegisterRequest.events of type []core.Event',
    );
  }
  const known: ExtensionEventType[] = [];
  for (const event of events) {
    const type = EXTENSION_EVENT_TYPES.find((candidate) => candidate === event);
    if (type === undefined) return invalidEventType(event);
    if (!known.includes(type)) known.push(type);
  }
  return known;
}

/** Go's encoding/json words for a body that is not JSON (an empty body among them), as RAPID echoes them. */
function goJsonError(text: string): string {
  const first = text.trimStart()[0];
  if (first === undefined) return 'unexpected end of JSON input';
  if (!'{["-0123456789tfn'.includes(first)) return `invalid character '${first}' looking for beginning of value`;
  return 'unexpected end of JSON input';
}

function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}
