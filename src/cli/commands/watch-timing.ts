/**
 * How long the watched folders must be quiet before `--watch` acts: longer than the gap between the
 * events of one editor save (write, rename, chmod: a few ms), short enough that a deploy or invoke still
 * follows a save within the second or two `sam sync --watch` users expect (docs/watch.md).
 */
export const WATCH_QUIET_MS = 200;

/** Resolves when Ctrl-C or SIGTERM aborts the command (at once if it already has). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
