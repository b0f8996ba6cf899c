import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Waiter } from './waiter-queue.js';

/** Small HTTP helpers shared by the route handlers. */

export interface BodyRead {
  /** The body, or an empty buffer when it exceeded the limit. */
  readonly body: Buffer;
  readonly tooLarge: boolean;
}

/**
 * Reads the whole request body, keeping at most `limit` bytes. An oversized body is still drained
 * (not cut off) so the runtime's HTTP client gets a clean 413 rather than a reset connection.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  let tooLarge = Number.isFinite(declared) && declared > limit;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) tooLarge = true;
    if (!tooLarge) chunks.push(buffer);
  }
  return tooLarge ? { body: Buffer.alloc(0), tooLarge } : { body: Buffer.concat(chunks, size), tooLarge };
}

/**
 * A long-poll after its state machine has answered: a refusal is sent at once; a poll that waits is
 * cancelled when its client gives up, so that the next value is not sent into a dead socket but kept.
 */
export function holdLongPoll(res: ServerResponse, poll: Waiter | { readonly status: number; readonly body: unknown }): void {
  if ('status' in poll) {
    sendJson(res, poll.status, poll.body);
    return;
  }
  res.on('close', () => {
    if (!res.writableFinished) poll.cancel();
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** One header value as a string; repeated headers are joined as Node does for most names. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  if (Array.isArray(value)) return value.join(', ');
  return value;
}

/**
 * The 202 that acknowledges an invocation's response or error, sent on the next turn of the event
 * loop: completing the invocation has just queued the work that answers the Invoke caller, and that
 * answer should not wait behind a write into the container's network (the slowest hop there is).
 */
export function sendAcceptedSoon(res: ServerResponse, body: unknown): void {
  setImmediate(() => {
    if (!res.destroyed) sendJson(res, 202, body);
  });
}
