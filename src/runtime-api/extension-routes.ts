import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_OK } from './error-bodies.js';
import type { ExtensionRegistry } from './extension-registry.js';
import { EXTENSION_HEADERS } from './extension-types.js';
import { headerValue, holdLongPoll, readBody, sendJson } from './http-io.js';

/** The Extensions API 2020-01-01 routes: HTTP to and from the registry (docs/extensions.md). */

/** Register bodies are a few hundred bytes; RAPID reads them whole too. */
const MAX_REGISTER_BYTES = 64 * 1024;

export async function handleRegister(req: IncomingMessage, res: ServerResponse, registry: ExtensionRegistry): Promise<void> {
  const { body } = await readBody(req, MAX_REGISTER_BYTES);
  const result = registry.register({
    name: headerValue(req, EXTENSION_HEADERS.name),
    acceptFeature: headerValue(req, EXTENSION_HEADERS.acceptFeature),
    body,
  });
  if ('status' in result) {
    sendJson(res, result.status, result.body);
    return;
  }
  const text = JSON.stringify(result.body);
  res.writeHead(200, {
    [EXTENSION_HEADERS.identifier]: result.id,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function handleEventNext(req: IncomingMessage, res: ServerResponse, registry: ExtensionRegistry): void {
  req.resume();
  const result = registry.next(headerValue(req, EXTENSION_HEADERS.identifier), (event, eventId) => {
    const text = JSON.stringify(event);
    res.writeHead(200, {
      [EXTENSION_HEADERS.identifier]: headerValue(req, EXTENSION_HEADERS.identifier) ?? '',
      [EXTENSION_HEADERS.eventIdentifier]: eventId,
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  });
  holdLongPoll(res, result);
}

export async function handleExtensionError(
  req: IncomingMessage,
  res: ServerResponse,
  registry: ExtensionRegistry,
  kind: 'init' | 'exit',
): Promise<void> {
  // The optional body ({errorMessage, errorType, stackTrace}) is for Lambda's own records; only the header counts.
  await readBody(req, MAX_REGISTER_BYTES);
  const refusal = registry.reportError(headerValue(req, EXTENSION_HEADERS.identifier), kind, headerValue(req, EXTENSION_HEADERS.errorType));
  if (refusal !== undefined) sendJson(res, refusal.status, refusal.body);
  else sendJson(res, 202, STATUS_OK);
}
