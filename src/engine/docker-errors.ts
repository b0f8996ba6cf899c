import { LsimError, isLsimError } from '../common/errors.js';

/**
 * Turns what docker-modem throws into LsimError. docker-modem rejects with an Error carrying
 * `statusCode`, `reason` and the engine's `json` body ({"message": …}); transport failures are
 * plain Node errors with a `code` (ENOENT on a missing socket, ECONNREFUSED, …).
 */

const CONNECTION_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EACCES', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE']);

interface ModemErrorShape {
  readonly statusCode?: unknown;
  readonly reason?: unknown;
  readonly json?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

const shape = (error: unknown): ModemErrorShape => (typeof error === 'object' && error !== null ? (error as ModemErrorShape) : {});

/** The HTTP status the engine answered with, if the failure was an engine answer at all. */
export function engineStatusCode(error: unknown): number | undefined {
  const status = shape(error).statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function isConnectionError(error: unknown): boolean {
  const code = shape(error).code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

export function engineUnavailableMessage(where: string): string {
  return (
    `Cannot connect to the Docker engine at ${where}. Start one (for example \`dockerd &\`, or ` +
    '`systemctl start docker`) or point DOCKER_HOST / --docker-host at a running engine.'
  );
}

/** The engine's own words: the JSON body's `message`, else the raw body, else docker-modem's text. */
export function engineMessage(error: unknown): string {
  const { json, reason, message } = shape(error);
  if (typeof json === 'object' && json !== null && 'message' in json && typeof json.message === 'string') {
    return json.message;
  }
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  if (Buffer.isBuffer(json) && json.length > 0) return json.toString('utf8').trim();
  // A streaming endpoint (pull) leaves `json` empty; docker-modem puts the body after the reason instead.
  const body = typeof message === 'string' ? /^\(HTTP code \d+\) [^-]*- (.+)$/s.exec(message)?.[1]?.trim() : undefined;
  if (body !== undefined && body !== '') return body;
  if (typeof reason === 'string' && reason !== '') return reason;
  return typeof message === 'string' ? message : String(error);
}

/**
 * `operation` names what lsim was doing ("create container", "build image lsim-node:abc") so the
 * message makes sense without a stack trace.
 */
export function toLsimError(error: unknown, operation: string, where: string): LsimError {
  if (isLsimError(error)) return error;
  if (isConnectionError(error)) {
    return new LsimError('EngineUnavailable', engineUnavailableMessage(where), { cause: error });
  }
  const status = engineStatusCode(error);
  const detail = engineMessage(error);
  const statusText = status === undefined ? '' : ` (HTTP ${status})`;
  return new LsimError('EngineUnavailable', `Docker engine at ${where}: ${operation} failed${statusText}: ${detail}`, {
    cause: error,
  });
}
