import type { ServerResponse } from 'node:http';
import { environmentFault } from '../common/environment-fault.js';
import { LsimError, isLsimError } from '../common/errors.js';

/**
 * An error as Lambda sends it: `X-Amzn-ErrorType: <Code>` and the code's body (`message` or
 * `Message`, docs/lambda-facts.md#error-wire-format). lsim's own failures (engine, image build) become ServiceException,
 * since SDKs only know Lambda's shapes; anything that is not an LsimError is a bug, reported as
 * a 500 ServiceException so the server never dies of it.
 */
export function toWireError(thrown: unknown): LsimError {
  // A full disk or a read-only LSIM_HOME: a ServiceException whose message says so (environment-fault.ts).
  const error = environmentFault(thrown) ?? thrown;
  if (!isLsimError(error)) return new LsimError('ServiceException', 'An internal error occurred in lsim serve.', { cause: error });
  if (error.isLambdaError || error.code === 'UnsupportedOperation') return error;
  if (error.code === 'ParamValidation') return new LsimError('InvalidParameterValueException', error.message);
  return new LsimError('ServiceException', error.message, { cause: error });
}

export function sendError(res: ServerResponse, error: unknown, requestId: string): void {
  const wire = toWireError(error);
  const body: Record<string, string> = wire.toLambdaBody();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Amzn-ErrorType': wire.code,
    'X-Amzn-RequestId': requestId,
  };
  if (wire.code === 'TooManyRequestsException') {
    // The only throttle lsim applies is the per-function concurrency limit of the warm pool.
    body.Reason = 'ConcurrentInvocationLimitExceeded';
    headers['Retry-After'] = '1';
  }
  const text = JSON.stringify(body);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(wire.status, { ...headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
