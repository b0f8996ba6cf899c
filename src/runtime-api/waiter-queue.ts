/** A taker waiting for a value; `cancel` when its long-poll's connection goes away. */
export interface Waiter {
  cancel(): void;
}

/**
 * The hand-off behind the Runtime API's long-polls (the runtime's /next, an extension's /event/next,
 * lsim-entry's output markers): a value posted while nobody waits is kept, in order, for the next
 * take; a take while nothing is kept waits for the next post. One taker at a time, since each poller
 * is one process that has one poll open: a second take replaces the first taker, which is never
 * called. Each taker is called at most once, synchronously from `take` or `post`.
 */
export class WaiterQueue<T> {
  private readonly kept: T[] = [];
  private taker: ((value: T) => void) | undefined;

  /** Whether a taker waits for the next value. */
  get waiting(): boolean {
    return this.taker !== undefined;
  }

  /** Hands `value` to the taker that waits, or keeps it for the next take. */
  post(value: T): void {
    const taker = this.taker;
    if (taker === undefined) {
      this.kept.push(value);
      return;
    }
    this.taker = undefined;
    taker(value);
  }

  /** `deliver` gets the oldest value kept now, or else the next one posted, unless cancelled first. */
  take(deliver: (value: T) => void): Waiter {
    if (this.kept.length > 0) {
      deliver(this.kept.shift() as T);
      return { cancel: () => undefined };
    }
    this.taker = deliver;
    return {
      cancel: () => {
        if (this.taker === deliver) this.taker = undefined;
      },
    };
  }

  /** Forgets the taker that waits, which will not be called. */
  dropTaker(): void {
    this.taker = undefined;
  }

  /** Takes every value kept, oldest first, leaving none. */
  drain(): T[] {
    return this.kept.splice(0);
  }
}
