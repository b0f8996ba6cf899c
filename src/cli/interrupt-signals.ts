/**
 * Ctrl-C and SIGTERM while an interruptible command runs: the first one aborts `controller`, so the
 * command removes what it started; a second one gives up on that cleanup and lets the signal end the
 * process, as a second Ctrl-C does in the docker CLI.
 *
 * The listeners stay on the process (`on`, never `once`) until `stop` is called. execa's subprocess
 * cleanup (signal-exit) listens for the same signals while a child process runs, and re-raises a
 * signal when, as it is delivered, signal-exit's are the only listeners left. A `once` listener is
 * removed before it is called, so a SIGTERM that arrived during a host command (an overlay mount at a
 * cold start) killed lsim serve before it could stop its containers.
 */
export function watchInterruptSignals(controller: AbortController): () => void {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      controller.abort(new Error('Interrupted'));
      return;
    }
    stop();
    process.kill(process.pid, signal);
  };
  const stop = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return stop;
}
