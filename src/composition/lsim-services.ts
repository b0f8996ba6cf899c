import type { LsimConfig } from '../common/config.js';
import type { ContainerEngine } from '../engine/container-engine.js';
import { ExtractionCache } from '../execution/extraction-cache.js';
import { LocalExecutor } from '../execution/local-executor.js';
import type { ImageBuildEvent } from '../images/image-build-event.js';
import { LogStore } from '../logs/log-store.js';

export interface ServicesOptions {
  /** Image builds and pulls as they go (the CLI's progress line, the server's log). */
  readonly onBuildEvent?: (event: ImageBuildEvent) => void;
  /** The engine behind each backend, by its address; default the Docker adapter. Unit tests hand in fakes. */
  readonly engineFor?: (dockerHost: string | undefined) => ContainerEngine;
}

/**
 * The composition root of the execution plane: from one resolved config, the stores of the home
 * (extraction cache, log store) built once and the execution backend of each engine built on first
 * use, so a command that never invokes never touches an engine. The CLI, the library (`lsim.ts`) and
 * `lsim serve` (serve-services.ts) get their backends here and nowhere else; nothing below the entry
 * points imports this folder (CONTRIBUTING.md#wiring-a-new-service).
 */
export class LsimServices {
  private cacheInstance: ExtractionCache | undefined;
  private logsInstance: LogStore | undefined;
  private readonly backends = new Map<string, LocalExecutor>();

  constructor(
    readonly config: LsimConfig,
    private readonly options: ServicesOptions = {},
  ) {}

  /** Zips extracted once per home, whichever engine runs them. */
  get cache(): ExtractionCache {
    this.cacheInstance ??= new ExtractionCache(this.config.home);
    return this.cacheInstance;
  }

  /** Invocation logs under LSIM_HOME, one store for every backend. */
  get logs(): LogStore {
    this.logsInstance ??= new LogStore(this.config.home);
    return this.logsInstance;
  }

  /** The backend of the engine DOCKER_HOST (or `--docker-host`) names: the CLI's and the library's invokes. */
  get executor(): LocalExecutor {
    return this.backendFor(this.config.dockerHost);
  }

  /** One backend per engine address, built once: its engine adapter and its image builder, the home's stores. */
  backendFor(dockerHost: string | undefined): LocalExecutor {
    const key = dockerHost ?? '';
    let backend = this.backends.get(key);
    if (backend === undefined) {
      const engine = this.options.engineFor?.(dockerHost);
      backend = new LocalExecutor({ ...this.config, dockerHost }, this.options.onBuildEvent, {
        cache: this.cache,
        logs: this.logs,
        ...(engine === undefined ? {} : { engine }),
      });
      this.backends.set(key, backend);
    }
    return backend;
  }
}
