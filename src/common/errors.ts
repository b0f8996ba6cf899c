/**
 * The one error type of lsim. Every failure a user can cause carries a code from a closed set; most
 * codes are Lambda's own error shapes so the CLI and the HTTP server can render them exactly as AWS
 * does. Codes that Lambda has no shape for (engine, usage) are lsim's and are marked below.
 */

/** How the error body names its message: Lambda is inconsistent, see docs/lambda-facts.md#error-wire-format. */
type MessageKey = 'message' | 'Message';

interface CodeInfo {
  readonly status: number;
  readonly messageKey: MessageKey;
  /** Errors raised by the service about the caller's request, as opposed to lsim's own failures. */
  readonly user: boolean;
}

const LAMBDA_CODES = {
  InvalidParameterValueException: { status: 400, messageKey: 'message', user: true },
  ResourceConflictException: { status: 409, messageKey: 'message', user: true },
  PreconditionFailedException: { status: 412, messageKey: 'message', user: true },
  CodeStorageExceededException: { status: 400, messageKey: 'message', user: true },
  PolicyLengthExceededException: { status: 400, messageKey: 'message', user: true },
  RequestTooLargeException: { status: 413, messageKey: 'message', user: true },
  TooManyRequestsException: { status: 429, messageKey: 'message', user: true },
  ResourceNotFoundException: { status: 404, messageKey: 'Message', user: true },
  ServiceException: { status: 500, messageKey: 'Message', user: false },
  // Not in the model's error lists but returned by the live service (docs/lambda-facts.md#error-wire-format).
  ValidationException: { status: 400, messageKey: 'message', user: true },
  // A JSON value of the wrong type, refused by the front end before validation (docs/input-decoding.md).
  SerializationException: { status: 400, messageKey: 'message', user: true },
  AccessDeniedException: { status: 403, messageKey: 'Message', user: true },
  RequestEntityTooLargeException: { status: 413, messageKey: 'message', user: true },
  InvalidRequestContentException: { status: 400, messageKey: 'message', user: true },
  UnsupportedMediaTypeException: { status: 415, messageKey: 'message', user: true },
  // Request authentication (SigV4), as AWS's front end answers before the service sees the request.
  InvalidSignatureException: { status: 403, messageKey: 'message', user: true },
  UnrecognizedClientException: { status: 403, messageKey: 'message', user: true },
  MissingAuthenticationTokenException: { status: 403, messageKey: 'message', user: true },
  IncompleteSignatureException: { status: 400, messageKey: 'message', user: true },
  // CloudWatch Logs' own, for the Logs operations lsim serve answers (docs/logs.md#filterlogevents).
  InvalidParameterException: { status: 400, messageKey: 'message', user: true },
} as const satisfies Record<string, CodeInfo>;

const LSIM_CODES = {
  /** Command-line arguments the aws CLI itself would reject before calling the API (exit 252). */
  ParamValidation: { status: 400, messageKey: 'message', user: true },
  /** No Docker engine reachable, or the engine refused an operation lsim needed. */
  EngineUnavailable: { status: 503, messageKey: 'Message', user: true },
  /** A runtime image could not be built. */
  ImageBuildFailed: { status: 500, messageKey: 'Message', user: false },
  /**
   * The machine failed lsim: a full disk, a read-only or unwritable LSIM_HOME, a stored file that is
   * gone or corrupt (environment-fault.ts). The CLI exits 253; the server answers ServiceException.
   */
  EnvironmentFault: { status: 500, messageKey: 'Message', user: false },
  /** The aws CLI's own configuration is wrong (a profile that does not exist): exit 255, as aws. */
  ConfigError: { status: 400, messageKey: 'Message', user: true },
  /** An operation the HTTP server does not implement. */
  UnsupportedOperation: { status: 404, messageKey: 'Message', user: true },
} as const satisfies Record<string, CodeInfo>;

export type LambdaErrorCode = keyof typeof LAMBDA_CODES;
export type LsimOwnErrorCode = keyof typeof LSIM_CODES;
export type ErrorCode = LambdaErrorCode | LsimOwnErrorCode;

const CODES: Record<ErrorCode, CodeInfo> = { ...LAMBDA_CODES, ...LSIM_CODES };

export class LsimError extends Error {
  override readonly name = 'LsimError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  get status(): number {
    return CODES[this.code].status;
  }

  get isUserError(): boolean {
    return CODES[this.code].user;
  }

  get isLambdaError(): boolean {
    return this.code in LAMBDA_CODES;
  }

  /** The JSON body Lambda sends with this error (`Type` is absent on the front end's two errors). */
  toLambdaBody(): Record<string, string> {
    const info = CODES[this.code];
    const body: Record<string, string> = {};
    if (this.code !== 'ValidationException' && this.code !== 'SerializationException') body.Type = info.user ? 'User' : 'Service';
    body[info.messageKey] = this.message;
    return body;
  }
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(CODES, code);
}

export function isLsimError(value: unknown): value is LsimError {
  return value instanceof LsimError;
}

// Shorthands for the codes that appear on nearly every code path.
export const invalidParameter = (message: string): LsimError => new LsimError('InvalidParameterValueException', message);
export const notFound = (message: string): LsimError => new LsimError('ResourceNotFoundException', message);
export const RESOURCE_NOT_FOUND_MESSAGE = 'The resource you requested does not exist.';
