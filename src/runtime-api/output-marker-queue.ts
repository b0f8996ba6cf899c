import { WaiterQueue } from './waiter-queue.js';

/**
 * The markers lsim asks lsim-entry to write on the container's stdout and stderr at the end of a warm
 * invoke (src/execution/output-markers.ts): lsim-entry long-polls for the next one on the environment's
 * private link. One writer at a time; a marker posted while none waits is kept for the next poll.
 */
export class OutputMarkerQueue extends WaiterQueue<string> {}
