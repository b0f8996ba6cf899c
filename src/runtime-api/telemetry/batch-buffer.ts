import type { Envelope } from './records.js';
import type { Buffering } from './subscription.js';

/**
 * One subscriber's buffer: records are held and sent as one JSON array when `maxItems` or `maxBytes`
 * is reached or `timeoutMs` has passed since the first one held, whichever comes first, and when the
 * platform flushes (before SHUTDOWN). One batch is in flight at a time, so batches arrive in order;
 * what arrives meanwhile is held for the next one (docs/telemetry.md#delivery).
 *
 * A batch the subscriber refuses or cannot take is retried after each of `retryDelaysMs`, then
 * dropped; a subscriber slower than the records come loses what is held past twice the batch limits.
 * Either way `onDropped` is told, which the hub turns into `platform.logsDropped`
 * (docs/telemetry.md#retries-and-dropped-records).
 */

/** Sends one batch (a JSON array); resolves when the subscriber has answered, rejects if it could not be reached or refused. */
export type SendBatch = (body: string) => Promise<void>;

/** Told of records that were not delivered: how many, their bytes, and why (Lambda's `reason`). */
export type OnDropped = (records: number, bytes: number, reason: string) => void;

/** lsim's choice: Lambda documents retries but not their schedule (docs/telemetry.md#retries-and-dropped-records). */
export const RETRY_DELAYS_MS: readonly number[] = [100, 200, 400];

/** RAPID's reason for records dropped because the subscriber had not taken the previous batch yet. */
export const SLOW_SUBSCRIBER_REASON = 'Some logs were dropped because the downstream consumer is slower than the logs production rate';

const LOGS_DROPPED = 'platform.logsDropped';

interface Batch {
  readonly body: string;
  readonly records: number;
  readonly bytes: number;
  /** False when it holds only logsDropped notices: their loss is not reported again (no endless notices). */
  readonly reportable: boolean;
}

export class BatchBuffer {
  private items: string[] = [];
  private bytes = 0;
  private notices = 0;
  private timer: NodeJS.Timeout | undefined;
  /** A limit was reached or the timeout passed: what is held goes as soon as nothing is in flight. */
  private due = false;
  private inFlight: Promise<void> | undefined;
  private discarded = false;

  constructor(
    private readonly buffering: Buffering,
    private readonly send: SendBatch,
    private readonly onDropped: OnDropped,
    private readonly retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
  ) {}

  push(envelope: Envelope): void {
    if (this.discarded) return;
    const text = JSON.stringify(envelope);
    this.items.push(text);
    this.bytes += Buffer.byteLength(text);
    if (envelope.type === LOGS_DROPPED) this.notices += 1;
    const { maxItems, maxBytes, timeoutMs } = this.buffering;
    if (this.items.length >= maxItems || this.bytes >= maxBytes) {
      this.due = true;
      if (this.inFlight !== undefined && (this.items.length >= 2 * maxItems || this.bytes >= 2 * maxBytes)) {
        this.drop(this.cut(), SLOW_SUBSCRIBER_REASON);
        return;
      }
      this.kick();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.due = true;
      this.kick();
    }, timeoutMs);
  }

  /** Sends what is held now; resolves once every batch so far has been answered (or dropped). */
  async flush(): Promise<void> {
    this.due = true;
    this.kick();
    while (this.inFlight !== undefined) await this.inFlight;
  }

  /** Drops whatever is held, stops the timer and any retry (the environment is gone). */
  discard(): void {
    this.discarded = true;
    this.cut();
  }

  private kick(): void {
    if (this.inFlight !== undefined || !this.due || this.items.length === 0) return;
    const batch = this.cut();
    this.inFlight = this.deliver(batch).finally(() => {
      this.inFlight = undefined;
      this.kick();
    });
  }

  private cut(): Batch {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due = false;
    const batch = {
      body: `[${this.items.join(',')}]`,
      records: this.items.length,
      bytes: this.bytes,
      reportable: this.notices < this.items.length,
    };
    this.items = [];
    this.bytes = 0;
    this.notices = 0;
    return batch;
  }

  private async deliver(batch: Batch): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.send(batch.body);
      } catch (error) {
        const wait = this.retryDelaysMs[attempt];
        if (wait === undefined || this.discarded) {
          this.drop(batch, `could not send events: ${(error as Error).message}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, wait).unref());
      }
    }
  }

  private drop(batch: Batch, reason: string): void {
    if (batch.records > 0 && batch.reportable) this.onDropped(batch.records, batch.bytes, reason);
  }
}
