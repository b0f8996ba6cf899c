import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_PAYLOAD_BYTES } from './constants.js';
import { REQUEST_TOO_LARGE, STATUS_OK } from './error-bodies.js';
import { functionErrorType } from './function-error-type.js';
import { readBody, sendJson } from './http-io.js';
import type { RuntimeSession } from './runtime-session.js';

/** POST /runtime/init/error: the runtime could not start (bad handler, import failure). */
export async function handleInitError(req: IncomingMessage, res: ServerResponse, session: RuntimeSession): Promise<void> {
  const { body, tooLarge } = await readBody(req, MAX_PAYLOAD_BYTES);
  if (tooLarge) {
    sendJson(res, 413, REQUEST_TOO_LARGE);
    return;
  }
  const refusal = session.reportInitError(functionErrorType(req, body), body);
  if (refusal !== undefined) sendJson(res, refusal.status, refusal.body);
  else sendJson(res, 202, STATUS_OK);
}
