import { WaiterQueue } from './waiter-queue.js';

/**
 * The markers lsim asks lsim-entry to write on the container's stdout and stderr at the end of a warm
 * invoke (src/execution/output-markers.ts). lsim-entry follows them on one connection of the
 * environment's private link for the environment's whole life, a line each: a connection (a socat
 * process started in the container) per marker cost every warm invoke a process start on the machine's
 * cores (docs/publish-serve-speed.md#the-output-markers-stream). One follower at a time; a marker posted
 * while none follows is kept for the next.
 */
export class OutputMarkerQueue extends WaiterQueue<string> {
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
