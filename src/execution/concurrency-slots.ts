import { LsimError } from '../common/errors.js';

interface Count {
  busy: number;
  readonly waiters: (() => void)[];
}

/**
 * Invokes running at once per function, across every engine of a pool: Lambda's concurrency is the
 * function's, wherever its environments run. At the limit an invoke fails with TooManyRequestsException,
 * or waits for a slot (queued Event invokes).
 */
export class ConcurrencySlots {
  private readonly counts = new Map<string, Count>();

  constructor(private readonly limit: number) {}

  async acquire(key: string, wait: boolean, closed: () => boolean): Promise<void> {
    let count = this.counts.get(key);
    if (count === undefined) {
      count = { busy: 0, waiters: [] };
      this.counts.set(key, count);
    }
    while (count.busy >= this.limit) {
      if (!wait) throw new LsimError('TooManyRequestsException', 'Rate Exceeded.');
      await new Promise<void>((resolve) => count.waiters.push(resolve));
      if (closed()) throw new LsimError('ServiceException', 'The server is shutting down.');
    }
    count.busy += 1;
  }

  release(key: string): void {
    const count = this.counts.get(key);
    if (count === undefined) return;
    count.busy -= 1;
    const wake = count.waiters.shift();
    if (wake !== undefined) wake();
    else if (count.busy === 0) this.counts.delete(key);
  }

  /** Wakes every waiter (each then sees `closed`). */
  close(): void {
    for (const count of this.counts.values()) for (const wake of count.waiters.splice(0)) wake();
  }
}
