import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * Docker's build and import endpoints answer 200 and then report failure inside the body: a stream
 * of JSON objects (`{"stream": "..."}`, `{"status": "..."}`, `{"error": "...", "errorDetail": {...}}`).
 * This reads that stream to its end, hands every log line to `onLine`, and returns the error if one came.
 */

export interface ProgressResult {
  /** The engine's error message, if the operation failed. */
  readonly error: string | undefined;
  /** The last log lines, for error messages. */
  readonly tail: readonly string[];
}

const TAIL_LINES = 20;

interface ProgressMessage {
  readonly stream?: unknown;
  readonly status?: unknown;
  /** A pull's layer id, which its status lines are about. */
  readonly id?: unknown;
  readonly error?: unknown;
  readonly errorDetail?: unknown;
}

function errorOf(message: ProgressMessage): string | undefined {
  if (typeof message.error === 'string' && message.error !== '') return message.error;
  const detail = message.errorDetail;
  if (typeof detail === 'object' && detail !== null && 'message' in detail && typeof detail.message === 'string') {
    return detail.message;
  }
  return undefined;
}

function linesOf(message: ProgressMessage): string[] {
  const status = typeof message.status === 'string' ? `${typeof message.id === 'string' ? `${message.id}: ` : ''}${message.status}` : '';
  const text = typeof message.stream === 'string' ? message.stream : status;
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
}

export async function readProgressStream(stream: Readable, onLine?: (line: string) => void): Promise<ProgressResult> {
  const tail: string[] = [];
  let error: string | undefined;
  let pending = '';
  // A multi-byte character may straddle two chunks.
  const decoder = new StringDecoder('utf8');

  const handle = (raw: string): void => {
    if (raw.trim() === '') return;
    let message: ProgressMessage;
    try {
      message = JSON.parse(raw) as ProgressMessage;
    } catch {
      // Old engines interleave plain text; keep it as a log line rather than fail the build on it.
      message = { stream: raw };
    }
    error ??= errorOf(message);
    for (const line of linesOf(message)) {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      onLine?.(line);
    }
  };

  for await (const chunk of stream) {
    pending += Buffer.isBuffer(chunk) ? decoder.write(chunk) : String(chunk);
    const parts = pending.split(/\r?\n/);
    pending = parts.pop() ?? '';
    for (const part of parts) handle(part);
  }
  handle(pending + decoder.end());
  return { error, tail };
}
