import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_TOO_LARGE } from './error-bodies.js';
import type { ExtensionRegistry } from './extension-registry.js';
import { EXTENSION_HEADERS } from './extension-types.js';
import { headerValue, readBody, sendJson } from './http-io.js';
import type { TelemetryHub } from './telemetry/telemetry-hub.js';
import type { SubscriptionApi } from './telemetry/subscription.js';

/** A subscription body is a few hundred bytes; this only keeps a flood out of memory. */
const MAX_SUBSCRIPTION_BYTES = 64 * 1024;

/** PUT /2022-07-01/telemetry and PUT /2020-08-15/logs: a registered extension subscribes (docs/telemetry.md#subscriptions). */
export async function handleSubscribe(
  req: IncomingMessage,
  res: ServerResponse,
  api: SubscriptionApi,
  hub: TelemetryHub,
  extensions: Pick<ExtensionRegistry, 'identify'>,
): Promise<void> {
  const { body, tooLarge } = await readBody(req, MAX_SUBSCRIPTION_BYTES);
  const extension = extensions.identify(headerValue(req, EXTENSION_HEADERS.identifier));
  if ('status' in extension) {
    sendJson(res, extension.status, extension.body);
    return;
  }
  if (tooLarge) {
    sendJson(res, 413, REQUEST_TOO_LARGE);
    return;
  }
  const answer = hub.subscribe(extension.name, api, body);
  sendJson(res, answer.status, answer.body);
}
