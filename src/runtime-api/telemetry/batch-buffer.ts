import type { Envelope } from './records.js';
import type { Buffering } from './subscription.js';

/**
 * One subscriber's buffer: records are held and sent as one JSON array when `maxItems` or `maxBytes`
 * is reached or `timeoutMs` has passed since the first one held, whichever comes first, and when the
 * platform flushes (before SHUTDOWN). One batch is in flight at a time, so batches arrive in order
 * (docs/telemetry.md#delivery).
 */

/** Sends one batch (a JSON array); resolves when the subscriber has answered, rejects if it could not be reached or refused. */
export type SendBatch = (body: string) => Promise<void>;

export class BatchBuffer {
  private items: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly buffering: Buffering,
    private readonly send: SendBatch,
    /** Told of each batch that could not be delivered: it is dropped, not retried. */
    private readonly onDropped: (records: number, bytes: number, error: Error) => void,
  ) {}

  push(envelope: Envelope): void {
    const text = JSON.stringify(envelope);
    this.items.push(text);
    this.bytes += Buffer.byteLength(text);
    if (this.items.length >= this.buffering.maxItems || this.bytes >= this.buffering.maxBytes) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), this.buffering.timeoutMs);
  }

  /** Sends what is held now; resolves once every batch so far has been answered (or dropped). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length > 0) {
      const records = this.items.length;
      const body = `[${this.items.join(',')}]`;
      this.items = [];
      this.bytes = 0;
      this.sending = this.sending.then(() =>
        this.send(body).catch((error: unknown) => this.onDropped(records, Buffer.byteLength(body), error as Error)),
      );
    }
    return this.sending;
  }

  /** Drops whatever is held and stops the timer (the environment is gone). */
  discard(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
    this.bytes = 0;
  }
}
