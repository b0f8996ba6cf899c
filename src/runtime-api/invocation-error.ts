import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_PAYLOAD_BYTES } from './constants.js';
import { REQUEST_TOO_LARGE, STATUS_OK } from './error-bodies.js';
import { functionErrorType } from './function-error-type.js';
import { readBody, sendAcceptedSoon, sendJson } from './http-io.js';
import type { RuntimeSession } from './runtime-session.js';

/** POST /runtime/invocation/{id}/error: the handler failed; its error body goes to the caller as sent. */
export async function handleInvocationError(
  req: IncomingMessage,
  res: ServerResponse,
  session: RuntimeSession,
  requestId: string,
): Promise<void> {
  const { body, tooLarge } = await readBody(req, MAX_PAYLOAD_BYTES);
  if (tooLarge) {
    sendJson(res, 413, REQUEST_TOO_LARGE);
    return;
  }
  const refusal = session.complete(requestId, { kind: 'error', errorType: functionErrorType(req, body), payload: body });
  if (refusal !== undefined) sendJson(res, refusal.status, refusal.body);
  else sendAcceptedSoon(res, STATUS_OK);
}
