import { MAX_PAYLOAD_BYTES } from './constants.js';

/**
 * Bodies the Runtime API answers the runtime with, and the one Invoke sees when a response is too
 * large. Texts are RIE's and AWS's, verbatim (docs/lambda-facts.md#runtime-api-error-bodies, #invoke-results).
 */

export interface RuntimeApiErrorBody {
  readonly errorMessage: string;
  readonly errorType: string;
}

export const STATUS_OK = { status: 'OK' } as const;

export const INVALID_REQUEST_ID: RuntimeApiErrorBody = {
  errorMessage: 'Invalid request ID',
  errorType: 'InvalidRequestID',
};

export const REQUEST_TOO_LARGE: RuntimeApiErrorBody = {
  errorMessage: `Exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`,
  errorType: 'RequestEntityTooLarge',
};

export const INTERNAL_SERVER_ERROR: RuntimeApiErrorBody = {
  errorMessage: 'Internal Server Error',
  errorType: 'InternalServerError',
};

export const NOT_FOUND: RuntimeApiErrorBody = { errorMessage: 'Not Found', errorType: 'NotFound' };

export const INVALID_RESPONSE_MODE: RuntimeApiErrorBody = {
  errorMessage: 'Invalid function response mode',
  errorType: 'InvalidFunctionResponseMode',
};

export function invalidStateTransition(from: string, to: string, reason: string): RuntimeApiErrorBody {
  return {
    errorMessage: `State transition from ${from} to ${to} failed for runtime. Error: ${reason}`,
    errorType: 'InvalidStateTransition',
  };
}

/** What the caller of Invoke gets when the runtime's response exceeded the limit. */
export const RESPONSE_SIZE_TOO_LARGE: RuntimeApiErrorBody = {
  errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`,
  errorType: 'Function.ResponseSizeTooLarge',
};
