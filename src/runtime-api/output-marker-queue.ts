/**
 * The markers lsim asks lsim-entry to write on the container's stdout and stderr at the end of a warm
 * invoke (src/execution/output-markers.ts): lsim-entry long-polls for the next one on the environment's
 * private link. One writer at a time; a marker posted while none waits is kept for the next poll.
 */
export class OutputMarkerQueue {
  private readonly pending: string[] = [];
  private waiter: ((text: string) => void) | undefined;

  post(text: string): void {
    const waiter = this.waiter;
    if (waiter === undefined) {
      this.pending.push(text);
      return;
    }
    this.waiter = undefined;
    waiter(text);
  }

  /** `deliver` gets the next marker, now or when one is posted; `cancel` when the poll's connection goes. */
  take(deliver: (text: string) => void): { cancel(): void } {
    const next = this.pending.shift();
    if (next !== undefined) {
      deliver(next);
      return { cancel: () => undefined };
    }
    this.waiter = deliver;
    return {
      cancel: () => {
        if (this.waiter === deliver) this.waiter = undefined;
      },
    };
  }
}
