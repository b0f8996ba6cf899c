import type { IncomingMessage } from 'node:http';
import { RUNTIME_HEADERS } from './constants.js';
import { headerValue } from './http-io.js';

/** Error types default to this when the runtime names none, as Lambda reports thrown exceptions. */
export const DEFAULT_ERROR_TYPE = 'Unhandled';

/**
 * The error type of an /error or /init/error post: the Lambda-Runtime-Function-Error-Type header,
 * else the body's `errorType` (some custom runtimes only send the body), else `Unhandled`.
 */
export function functionErrorType(req: IncomingMessage, body: Buffer): string {
  const header = headerValue(req, RUNTIME_HEADERS.functionErrorType);
  if (header !== undefined && header !== '') return header;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'errorType' in parsed) {
      const { errorType } = parsed;
      if (typeof errorType === 'string' && errorType !== '') return errorType;
    }
  } catch {
    // Not JSON: the body is passed through as is; only the type falls back.
  }
  return DEFAULT_ERROR_TYPE;
}
