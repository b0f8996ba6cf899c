import { WaiterQueue } from './waiter-queue.js';

export interface MarkerConfirmation {
  /** Resolves once lsim-entry says it has written the marker on stdout and stderr. */
  readonly written: Promise<void>;
  /** Stops waiting for the confirmation (it came, or was given up). */
  forget(): void;
}

/**
 * The markers lsim asks lsim-entry to write on the container's stdout and stderr at the end of a warm
 * invoke (src/execution/output-markers.ts). lsim-entry follows them on one connection of the
 * environment's private link for the environment's whole life, a line each, and sends each line back on
 * the same connection once it has written it: a connection (a socat process started in the container)
 * per marker cost every warm invoke a process start on the machine's cores
 * (docs/publish-serve-speed.md#the-output-markers-stream). One follower at a time; a marker asked for
 * while none follows is kept for the next.
 */
export class OutputMarkerQueue extends WaiterQueue<string> {
  private readonly confirmations = new Map<string, () => void>();

  /** Asks for `text` to be written. */
  ask(text: string): MarkerConfirmation {
    let resolve: () => void = () => undefined;
    const written = new Promise<void>((done) => (resolve = done));
    this.confirmations.set(text, resolve);
    this.post(text);
    return { written, forget: () => this.confirmations.delete(text) };
  }

  /** lsim-entry wrote `text` (a line it sent back). A line that names no marker asked for changes nothing. */
  confirm(text: string): void {
    const resolve = this.confirmations.get(text);
    this.confirmations.delete(text);
    resolve?.();
  }

  /** Hands `write` every marker, oldest first, until the returned function is called. */
  follow(write: (text: string) => void): () => void {
    let waiter = { cancel: (): void => undefined };
    let following = true;
    const next = (): void => {
      waiter = this.take((text) => {
        write(text);
        if (following) next();
      });
    };
    next();
    return () => {
      following = false;
      waiter.cancel();
    };
  }
}
