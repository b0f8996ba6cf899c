import type { IncomingMessage } from 'node:http';
import { LsimError } from '../common/errors.js';
import type { SigV4Authorization } from './identity.js';

/** Placeholder until signature verification lands: refuses unsigned requests and unknown keys. */
export function verifySignature(
  _req: IncomingMessage,
  authorization: SigV4Authorization | undefined,
  credentials: ReadonlyMap<string, string>,
): void {
  if (authorization === undefined || !credentials.has(authorization.accessKeyId)) {
    throw new LsimError('AccessDeniedException', 'The security token included in the request is invalid.');
  }
}
