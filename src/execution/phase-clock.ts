/** One step of a cold start or a shutdown, as `--debug` and the bench print it. */
export interface PhaseTiming {
  readonly phase: string;
  readonly ms: number;
}

export type PhaseListener = (timing: PhaseTiming) => void;

/**
 * Times the steps of one environment's life where they happen, so a cold invoke's cost can be told
 * apart from the container's own (issue: cold invoke several times a bare `docker run`). Silent
 * unless someone listens: the steps cost one `performance.now()` each.
 */
export class PhaseClock {
  private last = performance.now();

  constructor(private readonly listener: PhaseListener | undefined) {}

  /** The step that ends now, timed from the previous mark (or the clock's creation). */
  mark(phase: string): void {
    const at = performance.now();
    this.listener?.({ phase, ms: at - this.last });
    this.last = at;
  }

  /** Times `work` on its own, for steps that overlap others (the marks' sequence is not theirs). */
  async time<T>(phase: string, work: Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work;
    } finally {
      this.listener?.({ phase, ms: performance.now() - started });
    }
  }
}
