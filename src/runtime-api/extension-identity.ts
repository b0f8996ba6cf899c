import type { IncomingMessage } from 'node:http';
import type { RuntimeApiErrorBody } from './error-bodies.js';
import { headerValue } from './http-io.js';

/**
 * Who a request of the extension-side APIs comes from: the `Lambda-Extension-Identifier` its
 * register call was answered with. Refusals are RAPID's (docs/telemetry.md#subscriptions).
 */

export const EXTENSION_IDENTIFIER_HEADER = 'Lambda-Extension-Identifier';

/** Names of the extensions registered so far, by identifier. */
export interface ExtensionDirectory {
  nameOf(identifier: string): string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Identified = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly body: RuntimeApiErrorBody };

export function identifyExtension(req: IncomingMessage, directory: ExtensionDirectory): Identified {
  const identifier = headerValue(req, EXTENSION_IDENTIFIER_HEADER);
  if (identifier === undefined || identifier === '') {
    return {
      ok: false,
      body: { errorType: 'Extension.MissingExtensionIdentifier', errorMessage: 'Missing Lambda-Extension-Identifier header' },
    };
  }
  if (!UUID.test(identifier)) {
    return { ok: false, body: { errorType: 'Extension.InvalidExtensionIdentifier', errorMessage: 'Invalid Lambda-Extension-Identifier' } };
  }
  const name = directory.nameOf(identifier);
  if (name === undefined) {
    return { ok: false, body: { errorType: 'Extension.UnknownExtensionIdentifier', errorMessage: `Unknown extension ${identifier}` } };
  }
  return { ok: true, name };
}
