import ora, { type Ora } from 'ora';
import type { ImageBuildEvent } from '../images/image-build-event.js';
import { renderBuildEvent } from './render-build-event.js';

/**
 * Progress of long work (image builds, pulls, big publishes) as a user sees it: on a terminal, one
 * line that moves (ora's spinner, its text the stage, the latest step and the seconds so far), then
 * one line that stays; elsewhere (CI logs, pipes) the plain lines of renderBuildEvent, unchanged, so
 * logs stay greppable. Chosen: ora (sindresorhus/ora), a spinner that writes to the stream it is
 * given and nothing else: builds have steps, not a known total, so a bar would have nothing to fill.
 */
export class ProgressDisplay {
  private spinner: Ora | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private label = '';
  private detail = '';
  private since = 0;

  constructor(
    /** stderr when it is a terminal; undefined for plain lines. */
    private readonly terminal: NodeJS.WritableStream | undefined,
    private readonly plain: (text: string) => void,
  ) {}

  /** Renders one build or pull event; the shape of `LocalExecutor`'s `onBuildEvent`. */
  readonly build = (event: ImageBuildEvent): void => {
    if (this.terminal === undefined) {
      this.plain(renderBuildEvent(event));
      return;
    }
    switch (event.type) {
      case 'start':
        return this.begin(`building image ${event.tag} (${event.stage}; first time only)`);
      case 'waiting':
        return this.begin(`waiting for another lsim process (pid ${event.holderPid ?? '?'}) building ${event.tag}`);
      case 'pull-start':
        return this.begin(`pulling image ${event.tag} (not on the engine yet)`);
      case 'step':
        return this.update(event.step);
      case 'pull-output':
        return this.update(event.line);
      case 'built':
        return this.end(`built ${event.tag} in ${(event.durationMs / 1000).toFixed(1)} s`);
      case 'pulled':
        return this.end(`pulled ${event.tag} in ${(event.durationMs / 1000).toFixed(1)} s`);
      case 'cached':
      case 'output':
        return;
    }
  };

  /** Shows `label` while `work` runs (a big publish), then how long it took or that it failed. */
  async task<T>(label: string, work: () => Promise<T>): Promise<T> {
    if (this.terminal === undefined) return work();
    this.begin(label);
    try {
      const result = await work();
      this.end(`${label}: done in ${this.elapsed()} s`);
      return result;
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  /** Clears a running spinner (an interrupted command), leaving the terminal as it was. */
  stop(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.spinner?.stop();
    this.spinner = undefined;
  }

  private begin(label: string): void {
    this.stop();
    this.label = label;
    this.detail = '';
    this.since = performance.now();
    // Enabled explicitly: the caller decided the stream is a terminal (ora's own check also reads CI=true).
    this.spinner = ora({ text: this.text(), stream: this.terminal, isEnabled: true, discardStdin: false }).start();
    // The seconds move even while a step runs for minutes.
    this.ticker = setInterval(() => this.refresh(), 1000);
    this.ticker.unref();
  }

  private update(detail: string): void {
    this.detail = detail;
    this.refresh();
  }

  private end(text: string): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.spinner === undefined) this.terminal?.write(`lsim: ${text}\n`);
    else this.spinner.succeed(`lsim: ${text}`);
    this.spinner = undefined;
  }

  private refresh(): void {
    if (this.spinner !== undefined) this.spinner.text = this.text();
  }

  private text(): string {
    return `lsim: ${this.label} ${this.elapsed()} s${this.detail === '' ? '' : `  ${this.detail}`}`;
  }

  private elapsed(): string {
    return ((performance.now() - this.since) / 1000).toFixed(0);
  }
}
