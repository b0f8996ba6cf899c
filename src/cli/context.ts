import type { LsimConfig } from '../common/config.js';
import type { LsimServices } from '../composition/lsim-services.js';
import type { LambdaApi } from '../registry/lambda-api.js';
import type { Output } from './output.js';
import { ProgressDisplay } from './progress-display.js';

export type Env = Readonly<Record<string, string | undefined>>;
export type ApiFactory = (config: LsimConfig) => LambdaApi | Promise<LambdaApi>;

/**
 * The real registry, imported only when a command needs it so that `lsim --help` and usage errors
 * never load SQLite or touch LSIM_HOME.
 */
export const openRegistry: ApiFactory = async (config) => {
  const { LambdaRegistry } = await import('../registry/lambda-registry.js');
  return LambdaRegistry.open(config);
};

/** What every command handler gets: built once per `main()` call, closed when it returns. */
export class CliContext {
  private opened: Promise<LambdaApi> | undefined;
  private shown: ProgressDisplay | undefined;
  private composed: Promise<LsimServices> | undefined;

  constructor(
    readonly config: LsimConfig,
    readonly cwd: string,
    readonly env: Env,
    readonly debug: boolean,
    private readonly output: Output,
    private readonly factory: ApiFactory,
    /** Aborted on Ctrl-C / SIGTERM while an interruptible command runs. */
    readonly signal: AbortSignal = new AbortController().signal,
  ) {}

  /** A command's own output as it goes (`lsim logs --follow`), where one JSON at the end does not fit. */
  print(text: string): void {
    this.output.out(text);
  }

  /** Progress and function logs: stderr, so stdout stays the command's JSON. */
  progress(text: string): void {
    this.output.err(text);
  }

  /** Image builds and big publishes: a moving line on a terminal, plain lines elsewhere (progress-display.ts). */
  get display(): ProgressDisplay {
    this.shown ??= new ProgressDisplay(this.output.errTerminal?.(), (text) => this.progress(text));
    return this.shown;
  }

  api(): Promise<LambdaApi> {
    this.opened ??= Promise.resolve().then(() => this.factory(this.config));
    return this.opened;
  }

  /**
   * The composition root's services for this command line (the execution backend of DOCKER_HOST, the
   * home's caches), built on first use and loaded with `import()`, so commands that never invoke do
   * not load the execution plane.
   */
  services(): Promise<LsimServices> {
    this.composed ??= import('../composition/lsim-services.js').then(
      ({ LsimServices }) => new LsimServices(this.config, { onBuildEvent: this.display.build }),
    );
    return this.composed;
  }

  /** `--debug` diagnostics go to stderr, as the aws CLI's do. */
  debugLog(text: string): void {
    if (this.debug) this.output.err(`DEBUG: ${text}\n`);
  }

  async close(): Promise<void> {
    this.shown?.stop();
    if (this.opened === undefined) return;
    const api = await this.opened.catch(() => undefined);
    api?.close();
  }
}
