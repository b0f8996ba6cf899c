/**
 * The logs of one environment's invokes reach its log stream whole and in order: an invoke that begins while
 * the one before is still waiting for its output (docs/lifecycle.md#the-next-invoke-before-the-marker-is-back)
 * holds its lines until that one has written its REPORT, as Lambda's stream never interleaves two invokes.
 */
export class LogOrder {
  private last: OrderedSink | undefined;

  /** A sink for the next log: it passes lines on once every log opened before it is closed. */
  next(sink: (line: string) => void): OrderedSink {
    const opened = new OrderedSink(sink, this.last);
    this.last = opened;
    return opened;
  }
}

export class OrderedSink {
  /** Lines waiting for the log before to close; undefined once they pass straight on. */
  private held: string[] | undefined;
  private closed = false;
  private following: OrderedSink | undefined;

  constructor(
    private readonly sink: (line: string) => void,
    before: OrderedSink | undefined,
  ) {
    if (before !== undefined && !before.done) {
      this.held = [];
      before.following = this;
    }
  }

  /** Closed, with nothing of it held any more. */
  private get done(): boolean {
    return this.closed && this.held === undefined;
  }

  readonly write = (line: string): void => {
    if (this.held === undefined) this.sink(line);
    else this.held.push(line);
  };

  /** This log is whole: the next one's lines may follow. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.held === undefined) this.following?.release();
  }

  private release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const line of held) this.sink(line);
    if (this.closed) this.following?.release();
  }
}
