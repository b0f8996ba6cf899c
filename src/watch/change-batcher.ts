/**
 * Changes to watched folders, gathered into one set per burst. An editor's save is several events (a
 * temporary file, a rename, a chmod) and `git checkout` or a build touches many files at once: acting on
 * each event would run the action on half-written trees, so changes wait until the tree has been quiet
 * for `quietMs`. One action runs at a time; whatever changes while it runs makes exactly one more run
 * after it, so the last state of the folders is always the one acted on.
 */
export class ChangeBatcher {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly quietMs: number,
    private readonly action: (changes: ReadonlySet<string>) => Promise<void>,
    /** An action that throws must not end the watch: the next change runs it again. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** One changed path (a file, a folder, or a watched root itself). */
  notify(path: string): void {
    if (this.closed) return;
    this.pending.add(path);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.quietMs);
  }

  /**
   * Runs the action now, with whatever changes are pending (none, for a watch's first run), unless one
   * runs already: then the pending changes run after it, as usual.
   */
  runNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush(true);
  }

  /** True while an action runs or changes wait for one. */
  get busy(): boolean {
    return this.running !== undefined || this.pending.size > 0;
  }

  /** No action starts after this; resolves when the running one (if any) has ended. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private flush(evenIfNothingChanged = false): void {
    this.timer = undefined;
    if (this.closed || this.running !== undefined || (this.pending.size === 0 && !evenIfNothingChanged)) return;
    const changes = this.pending;
    this.pending = new Set();
    this.running = this.action(changes)
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = undefined;
        // Changes that came while the action ran and whose quiet period is already over.
        if (this.timer === undefined) this.flush();
      });
  }
}
