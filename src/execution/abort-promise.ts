/** Rejects when `signal` aborts (never, without one). Raced against the phases; never unhandled. */
export function abortPromise(signal: AbortSignal | undefined): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal === undefined) return;
    const fail = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('Invocation aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined);
  return aborted;
}
