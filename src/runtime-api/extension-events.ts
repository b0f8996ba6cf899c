import type { InvocationEvent } from './invocation-types.js';
import type { ShutdownReason } from './runtime-session.js';

/** The bodies `/extension/event/next` answers with (docs/extensions.md#events). */

export type ExtensionEvent =
  | {
      readonly eventType: 'INVOKE';
      readonly deadlineMs: number;
      readonly requestId: string;
      readonly invokedFunctionArn: string;
      readonly tracing: { readonly type: 'X-Amzn-Trace-Id'; readonly value: string };
    }
  | { readonly eventType: 'SHUTDOWN'; readonly shutdownReason: ShutdownReason; readonly deadlineMs: number };

export function invokeEvent(event: InvocationEvent): ExtensionEvent {
  return {
    eventType: 'INVOKE',
    deadlineMs: Math.floor(event.deadlineMs),
    requestId: event.requestId,
    invokedFunctionArn: event.invokedFunctionArn,
    tracing: { type: 'X-Amzn-Trace-Id', value: event.traceId },
  };
}

export function shutdownEvent(reason: ShutdownReason, deadlineMs: number): ExtensionEvent {
  return { eventType: 'SHUTDOWN', shutdownReason: reason, deadlineMs: Math.floor(deadlineMs) };
}
