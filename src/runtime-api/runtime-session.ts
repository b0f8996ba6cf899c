import { invalidStateTransition, INVALID_REQUEST_ID, type RuntimeApiErrorBody } from './error-bodies.js';
import { preciseNow, type InitErrorReport, type InvocationEvent, type InvocationOutcome } from './invocation-types.js';

/**
 * The state of one execution environment as the Runtime API sees it, without HTTP: events queued by
 * the orchestrator, the runtime's long-polling /next, the one invocation in flight, init errors.
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

export type Refusal = { readonly status: 400 | 403; readonly body: RuntimeApiErrorBody };

/** A /next that is waiting for an event; `cancel` when its connection goes away. */
export interface NextWaiter {
  cancel(): void;
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export class RuntimeSession {
  private phase: Phase = 'started';
  private readonly queue: Pending[] = [];
  private inFlight: InFlight | undefined;
  private waiter: ((pending: Pending) => void) | undefined;
  private readonly firstNext = deferred<number>();
  private readonly initError = deferred<InitErrorReport>();

  /** Resolves with the time of the first /next (end of init), epoch ms. */
  get firstNextAt(): Promise<number> {
    return this.firstNext.promise;
  }

  /** Resolves when the runtime reports an init error; never rejects. */
  get initErrorReported(): Promise<InitErrorReport> {
    return this.initError.promise;
  }

  get inFlightRequestId(): string | undefined {
    return this.inFlight?.event.requestId;
  }

  invoke(event: InvocationEvent): Promise<InvocationOutcome> {
    if (this.phase === 'closed') return Promise.reject(new Error('The Runtime API server is closed.'));
    return new Promise((resolve, reject) => {
      const pending: Pending = { event, resolve, reject };
      const waiter = this.waiter;
      if (waiter === undefined) {
        this.queue.push(pending);
      } else {
        this.waiter = undefined;
        waiter(pending);
      }
    });
  }

  /**
   * The runtime asks for its next event. `deliver` is called once, now or when an event arrives,
   * with the event that is then in flight. Refused while an invocation is unanswered or after an
   * init error, as Lambda's state machine does.
   */
  next(deliver: (event: InvocationEvent) => void): NextWaiter | Refusal {
    if (this.phase === 'running' || this.phase === 'init-error' || this.phase === 'closed' || this.waiter !== undefined) {
      const reason = this.waiter === undefined ? 'State transition is not allowed' : 'A /next request is already waiting';
      return { status: 403, body: invalidStateTransition(RIE_STATE[this.phase], RIE_STATE.ready, reason) };
    }
    if (this.phase === 'started') this.firstNext.resolve(preciseNow());
    this.phase = 'ready';
    const hand = (pending: Pending): void => {
      this.phase = 'running';
      this.inFlight = { ...pending, deliveredAt: preciseNow() };
      deliver(pending.event);
    };
    const queued = this.queue.shift();
    if (queued !== undefined) {
      hand(queued);
      return { cancel: () => undefined };
    }
    this.waiter = hand;
    return {
      cancel: () => {
        if (this.waiter === hand) this.waiter = undefined;
      },
    };
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
    this.waiter = undefined;
    const abandoned = [...this.queue.splice(0), ...(this.inFlight === undefined ? [] : [this.inFlight])];
    this.inFlight = undefined;
    for (const pending of abandoned) pending.reject(reason);
  }
}
