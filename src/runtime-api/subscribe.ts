import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_TOO_LARGE } from './error-bodies.js';
import { identifyExtension, type ExtensionDirectory } from './extension-identity.js';
import { readBody, sendJson } from './http-io.js';
import type { TelemetryHub } from './telemetry/telemetry-hub.js';
import type { SubscriptionApi } from './telemetry/subscription.js';

/** A subscription body is a few hundred bytes; this only keeps a flood out of memory. */
const MAX_SUBSCRIPTION_BYTES = 64 * 1024;

/** PUT /2022-07-01/telemetry and PUT /2020-08-15/logs: a registered extension subscribes. */
export async function handleSubscribe(
  req: IncomingMessage,
  res: ServerResponse,
  api: SubscriptionApi,
  hub: TelemetryHub,
  directory: ExtensionDirectory,
): Promise<void> {
  const { body, tooLarge } = await readBody(req, MAX_SUBSCRIPTION_BYTES);
  const identified = identifyExtension(req, directory);
  if (!identified.ok) {
    sendJson(res, 403, identified.body);
    return;
  }
  if (tooLarge) {
    sendJson(res, 413, REQUEST_TOO_LARGE);
    return;
  }
  const answer = hub.subscribe(identified.name, api, body);
  sendJson(res, answer.status, answer.body);
}
