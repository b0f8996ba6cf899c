import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_PAYLOAD_BYTES, RUNTIME_HEADERS, STREAMING_RESPONSE_MODE } from './constants.js';
import { INVALID_RESPONSE_MODE, REQUEST_TOO_LARGE, RESPONSE_SIZE_TOO_LARGE, STATUS_OK } from './error-bodies.js';
import { headerValue, readBody, sendAcceptedSoon, sendJson } from './http-io.js';
import type { RuntimeSession } from './runtime-session.js';

/**
 * POST /runtime/invocation/{id}/response. A streaming response is accepted and buffered: lsim's
 * Invoke returns whole payloads, and the size limit still applies.
 */
export async function handleInvocationResponse(
  req: IncomingMessage,
  res: ServerResponse,
  session: RuntimeSession,
  requestId: string,
): Promise<void> {
  const mode = headerValue(req, RUNTIME_HEADERS.responseMode);
  if (mode !== undefined && mode !== STREAMING_RESPONSE_MODE) {
    req.resume();
    sendJson(res, 400, INVALID_RESPONSE_MODE);
    return;
  }
  const { body, tooLarge } = await readBody(req, MAX_PAYLOAD_BYTES);
  if (tooLarge) {
    // The runtime learns of the refusal; the caller of Invoke gets Lambda's error for it.
    const refusal = session.complete(requestId, {
      kind: 'error',
      errorType: RESPONSE_SIZE_TOO_LARGE.errorType,
      payload: Buffer.from(JSON.stringify(RESPONSE_SIZE_TOO_LARGE)),
    });
    if (refusal !== undefined) sendJson(res, refusal.status, refusal.body);
    else sendJson(res, 413, REQUEST_TOO_LARGE);
    return;
  }
  const refusal = session.complete(requestId, { kind: 'response', payload: body });
  if (refusal !== undefined) sendJson(res, refusal.status, refusal.body);
  else sendAcceptedSoon(res, STATUS_OK);
}
