/** What the orchestrator hands the Runtime API and what it gets back. */

export interface InvocationEvent {
  readonly payload: Buffer;
  readonly requestId: string;
  /** Unix epoch milliseconds. */
  readonly deadlineMs: number;
  readonly invokedFunctionArn: string;
  readonly traceId: string;
  /** Client context JSON, already base64-decoded. */
  readonly clientContext?: string | undefined;
  /** Cognito identity JSON. */
  readonly cognitoIdentity?: string | undefined;
}

interface OutcomeTiming {
  /** When the runtime received the event through /next, Unix epoch ms with sub-ms precision. */
  readonly deliveredAt: number;
  /** When the runtime's response or error arrived. */
  readonly completedAt: number;
}

export type InvocationOutcome =
  | ({ readonly kind: 'response'; readonly payload: Buffer } & OutcomeTiming)
  /** `payload` is the runtime's error body as sent (or lsim's, for an oversized response). */
  | ({ readonly kind: 'error'; readonly errorType: string; readonly payload: Buffer } & OutcomeTiming);

export interface InitErrorReport {
  /** The Lambda-Runtime-Function-Error-Type header, else the body's errorType, else `Unhandled`. */
  readonly errorType: string;
  readonly payload: Buffer;
  readonly at: number;
}

/** Epoch milliseconds with sub-millisecond precision, for Duration and Init Duration. */
export const preciseNow = (): number => performance.timeOrigin + performance.now();
