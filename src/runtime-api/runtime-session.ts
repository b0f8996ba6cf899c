import { invalidStateTransition, INVALID_REQUEST_ID, type RuntimeApiErrorBody } from './error-bodies.js';
import { preciseNow, type InitErrorReport, type InvocationEvent, type InvocationOutcome } from './invocation-types.js';
import { deferred } from './deferred.js';
import { WaiterQueue, type Waiter } from './waiter-queue.js';

/**
 * The state of one execution environment as the Runtime API sees it, without HTTP: one state
 * machine that every client of the environment talks to. The runtime is always a client (events
 * queued by the orchestrator, its long-polling /next, the one invocation in flight, init errors);
 * other clients (extensions, docs/lifecycle.md) join during init, and the phases wait for them:
 * init ends when the runtime and every client are ready, an invoke settles when every client that
 * takes INVOKE is ready again, shutdown waits until every client has gone or the deadline passes.
 * State names in 403 bodies are RIE's, so runtimes that log them read familiar text.
 */

type Phase = 'started' | 'ready' | 'running' | 'init-error' | 'closed';

const RIE_STATE: Record<Phase, string> = {
  started: 'RuntimeStartedState',
  ready: 'RuntimeReadyState',
  running: 'RuntimeRunningState',
  'init-error': 'RuntimeInitErrorState',
  closed: 'RuntimeClosedState',
};

interface Pending {
  readonly event: InvocationEvent;
  readonly resolve: (outcome: InvocationOutcome) => void;
  readonly reject: (error: Error) => void;
}

interface InFlight extends Pending {
  readonly deliveredAt: number;
}

export type Completion =
  | { readonly kind: 'response'; readonly payload: Buffer }
  | { readonly kind: 'error'; readonly errorType: string; readonly payload: Buffer };

/** Lambda's shutdown reasons, lower-case as the SHUTDOWN event carries them (docs/lifecycle.md). */
export type ShutdownReason = 'spindown' | 'timeout' | 'failure';

export type Refusal = { readonly status: 400 | 403; readonly body: RuntimeApiErrorBody };

/** What a client other than the runtime tells the session; the session decides what it means for the phase. */
export interface SessionClient {
  readonly name: string;
  /** It is done with the current phase and waits for the next event (an extension's /event/next). */
  ready(): void;
  /** It has gone (its process exited): no phase waits for it any more. */
  gone(): void;
}

/** Hears the events the session hands out besides the runtime's, for the clients that take them (extension-registry.ts). */
export interface SessionListener {
  invoke(event: InvocationEvent): void;
  shutdown(reason: ShutdownReason, deadlineMs: number): void;
}

export interface ClientOptions {
  /** Whether each invoke waits for this client to be ready again. */
  readonly takesInvoke: boolean;
}

interface ClientState {
  readonly options: ClientOptions;
  ready: boolean;
  gone: boolean;
}

export class RuntimeSession {
  private phase: Phase = 'started';
  /** Events queued by the orchestrator and the runtime's /next that waits for one. */
  private readonly events = new WaiterQueue<Pending>();
  private inFlight: InFlight | undefined;
  private readonly initError = deferred<InitErrorReport>();
  private readonly initDone = deferred<number>();
  private runtimeReady = false;
  private readonly clients = new Map<string, ClientState>();
  /** Re-checked on every change of a client's state: the phase waits in progress. */
  private readonly watchers = new Set<() => void>();
  private shutdownReason: ShutdownReason | undefined;
  private readonly listeners: SessionListener[] = [];

  /** Resolves when init is over (the runtime's first /next, and every client ready), epoch ms. */
  get initialised(): Promise<number> {
    return this.initDone.promise;
  }

  /** Resolves when the runtime reports an init error; never rejects. */
  get initErrorReported(): Promise<InitErrorReport> {
    return this.initError.promise;
  }

  get inFlightRequestId(): string | undefined {
    return this.inFlight?.event.requestId;
  }

  /** Whether the runtime has called /next once: registration is closed from then on. */
  get runtimeStarted(): boolean {
    return this.runtimeReady;
  }

  listen(listener: SessionListener): void {
    this.listeners.push(listener);
  }

  /** Names of the clients besides the runtime. */
  get clientNames(): string[] {
    return [...this.clients.keys()];
  }

  /**
   * A client besides the runtime joins; only during init, as Lambda closes registration once the
   * runtime is ready. Throws on a second client of the same name: callers refuse that at their edge.
   */
  join(name: string, options: ClientOptions): SessionClient {
    if (this.phase !== 'started' || this.runtimeReady || this.shutdownReason !== undefined) throw new Error('Registration is closed.');
    if (this.clients.has(name)) throw new Error(`A client named ${name} already joined.`);
    const state: ClientState = { options, ready: false, gone: false };
    this.clients.set(name, state);
    return {
      name,
      ready: () => this.changeClient(state, true),
      gone: () => {
        state.gone = true;
        this.changeClient(state, state.ready);
      },
    };
  }

  invoke(event: InvocationEvent): Promise<InvocationOutcome> {
    if (this.phase === 'closed') return Promise.reject(new Error('The Runtime API server is closed.'));
    for (const state of this.clients.values()) if (state.options.takesInvoke && !state.gone) state.ready = false;
    for (const listener of this.listeners) listener.invoke(event);
    return new Promise((resolve, reject) => this.events.post({ event, resolve, reject }));
  }

  /**
   * Resolves once every client that takes INVOKE is ready again (or gone): with the runtime's
   * response, the end of an invoke. The runtime counts as done when it has answered, since the next
   * event waits for its /next anyway.
   */
  settled(): Promise<void> {
    return this.when(() => [...this.clients.values()].every((state) => !state.options.takesInvoke || state.ready || state.gone));
  }

  /**
   * The start of the shutdown phase: records why (what SHUTDOWN events carry) and resolves once
   * every client has gone, or at `deadlineMs` (epoch ms), whichever is first. The runtime is not
   * waited for: the caller stops it.
   */
  shutdown(reason: ShutdownReason, deadlineMs: number): Promise<void> {
    if (this.shutdownReason === undefined) {
      this.shutdownReason = reason;
      for (const listener of this.listeners) listener.shutdown(reason, deadlineMs);
    }
    const gone = this.when(() => [...this.clients.values()].every((state) => state.gone));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadlineMs - Date.now())).unref();
    });
    return Promise.race([gone, deadline]).finally(() => clearTimeout(timer));
  }

  /** Why the environment is shutting down, once it is. */
  get shuttingDown(): ShutdownReason | undefined {
    return this.shutdownReason;
  }

  /**
   * The runtime asks for its next event. `deliver` is called once, now or when an event arrives,
   * with the event that is then in flight. Refused while an invocation is unanswered or after an
   * init error, as Lambda's state machine does.
   */
  next(deliver: (event: InvocationEvent) => void): Waiter | Refusal {
    if (this.phase === 'running' || this.phase === 'init-error' || this.phase === 'closed' || this.events.waiting) {
      const reason = this.events.waiting ? 'A /next request is already waiting' : 'State transition is not allowed';
      return { status: 403, body: invalidStateTransition(RIE_STATE[this.phase], RIE_STATE.ready, reason) };
    }
    if (this.phase === 'started') {
      this.runtimeReady = true;
      this.checkInit();
    }
    this.phase = 'ready';
    return this.events.take((pending) => {
      this.phase = 'running';
      this.inFlight = { ...pending, deliveredAt: preciseNow() };
      deliver(pending.event);
    });
  }

  /**
   * True while a client that takes INVOKE (an extension) is alive: only then does an invoke outlast the
   * runtime's answer, so only then is the caller answered before the invoke ends (docs/lifecycle.md#when-the-caller-gets-the-answer).
   */
  get invokeOutlastsRuntime(): boolean {
    return [...this.clients.values()].some((state) => state.options.takesInvoke && !state.gone);
  }

  /** The runtime's response or error for `requestId`; only the invocation in flight can be completed. */
  complete(requestId: string, completion: Completion): Refusal | undefined {
    const current = this.inFlight;
    if (current === undefined || current.event.requestId !== requestId) return { status: 400, body: INVALID_REQUEST_ID };
    this.inFlight = undefined;
    this.phase = 'ready';
    const timing = { deliveredAt: current.deliveredAt, completedAt: preciseNow() };
    current.resolve(
      completion.kind === 'response'
        ? { kind: 'response', payload: completion.payload, ...timing }
        : { kind: 'error', errorType: completion.errorType, payload: completion.payload, ...timing },
    );
    return undefined;
  }

  /** Init errors are only accepted before the first /next. */
  reportInitError(errorType: string, payload: Buffer): Refusal | undefined {
    if (this.phase !== 'started') {
      return {
        status: 403,
        body: invalidStateTransition(RIE_STATE[this.phase], RIE_STATE['init-error'], 'State transition is not allowed'),
      };
    }
    this.phase = 'init-error';
    this.initError.resolve({ errorType, payload, at: preciseNow() });
    return undefined;
  }

  /** Fails every queued and in-flight invocation; later calls are refused. */
  close(reason: Error): void {
    this.phase = 'closed';
    this.events.dropTaker();
    const abandoned = [...this.events.drain(), ...(this.inFlight === undefined ? [] : [this.inFlight])];
    this.inFlight = undefined;
    for (const pending of abandoned) pending.reject(reason);
  }

  private changeClient(state: ClientState, ready: boolean): void {
    state.ready = ready;
    this.checkInit();
    for (const watcher of [...this.watchers]) watcher();
  }

  private checkInit(): void {
    if (!this.runtimeReady) return;
    if ([...this.clients.values()].every((state) => state.ready || state.gone)) this.initDone.resolve(preciseNow());
  }

  private when(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const watcher = (): void => {
        if (!done()) return;
        this.watchers.delete(watcher);
        resolve();
      };
      this.watchers.add(watcher);
    });
  }
}
