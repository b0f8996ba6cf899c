import type { IncomingMessage, ServerResponse } from 'node:http';
import { RUNTIME_HEADERS } from './constants.js';
import { holdLongPoll } from './http-io.js';
import type { InvocationEvent } from './invocation-types.js';
import type { RuntimeSession } from './runtime-session.js';

/** GET /runtime/invocation/next: long-polls until an event is queued, then hands it over. */

/** Headers of the /next answer; like RIE, empty values are left out rather than sent blank. */
export function invocationHeaders(event: InvocationEvent): Record<string, string> {
  const candidates: Array<[string, string | undefined]> = [
    [RUNTIME_HEADERS.requestId, event.requestId],
    [RUNTIME_HEADERS.deadlineMs, String(Math.floor(event.deadlineMs))],
    [RUNTIME_HEADERS.invokedFunctionArn, event.invokedFunctionArn],
    [RUNTIME_HEADERS.traceId, event.traceId],
    [RUNTIME_HEADERS.clientContext, event.clientContext],
    [RUNTIME_HEADERS.cognitoIdentity, event.cognitoIdentity],
  ];
  const headers: Record<string, string> = {};
  for (const [name, value] of candidates) {
    if (value !== undefined && value !== '') headers[name] = value;
  }
  return headers;
}

export function handleInvocationNext(req: IncomingMessage, res: ServerResponse, session: RuntimeSession): void {
  req.resume();
  const result = session.next((event) => {
    res.writeHead(200, {
      ...invocationHeaders(event),
      'Content-Type': 'application/json',
      'Content-Length': event.payload.length,
    });
    res.end(event.payload);
  });
  holdLongPoll(res, result);
}
