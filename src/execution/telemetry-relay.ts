import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Deliver, DeliveryTarget } from '../runtime-api/telemetry/telemetry-hub.js';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Delivery of telemetry batches into one environment through the relay socket `lsim-entry` listens
 * on (runtime-api-link.ts): each connection first names the subscriber's port, then carries one
 * HTTP request to 127.0.0.1:<port> inside the container (docs/telemetry.md#delivery).
 */

/** The relay starts with the container; a batch sent in its first moments may find no socket yet. */
const CONNECT_ATTEMPTS = 40;
const CONNECT_RETRY_MS = 50;
/** A subscriber that takes longer than this to answer has its batch dropped, so later ones are not held up. */
const ANSWER_TIMEOUT_MS = 10_000;

const RETRYABLE = new Set(['ENOENT', 'ECONNREFUSED']);

export function relayDelivery(socketPath: string): Deliver {
  return portDelivery((port) => {
    const socket = connect(socketPath);
    socket.write(`${port}\n`);
    return socket;
  });
}

/**
 * Delivery through any way into the container's 127.0.0.1:PORT: the relay socket above, or a connection of the
 * engine tunnel (tunnel/tunnel-mux.ts), whose refusal inside the environment is an ECONNREFUSED too.
 */
export function portDelivery(openPort: (port: number) => Duplex): Deliver {
  return async (target, body) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await deliverOnce(openPort, target, body);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (!RETRYABLE.has(code) || attempt >= CONNECT_ATTEMPTS) throw error;
        await delay(CONNECT_RETRY_MS);
      }
    }
  };
}

function deliverOnce(openPort: (port: number) => Duplex, target: DeliveryTarget, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        createConnection: () => openPort(target.port) as Socket,
        method: target.method,
        path: target.path,
        timeout: ANSWER_TIMEOUT_MS,
        headers: {
          Host: `sandbox.localdomain:${target.port}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Connection: 'close',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 400) reject(new Error(`the subscriber answered ${status}`));
          else resolve();
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`the subscriber did not answer within ${ANSWER_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
