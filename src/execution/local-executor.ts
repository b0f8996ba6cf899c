import { join } from 'node:path';
import type { LsimConfig } from '../common/config.js';
import { LSIM_LABELS, type ContainerEngine } from '../engine/container-engine.js';
import { ownerToken } from '../common/process-owner.js';
import { DockerEngine } from '../engine/docker-engine.js';
import type { ImageBuildEvent } from '../images/image-build-event.js';
import { ImageBuilder } from '../images/image-builder.js';
import { ImagePuller } from '../images/image-pull.js';
import { runtimeInfo } from '../runtimes/runtime-catalogue.js';
import { defaultImagesDir } from '../images/images-dir.js';
import type { ExecutionPlan, InvocationRequest, InvocationResult } from './execution-plan.js';
import { ExtractionCache } from './extraction-cache.js';
import { reclaimAbandonedContainers, reclaimAbandonedFiles, startWatchdog } from './abandoned.js';
import { reclaimAbandonedDisks } from '../host/ephemeral-disk.js';
import { EnvironmentLifecycle } from './environment-lifecycle.js';
import { LogStore } from '../logs/log-store.js';
import type { LifecycleDeps } from './lifecycle-types.js';
import type { SandboxPool } from './sandbox-pool.js';

/**
 * What a backend may be given instead of building it: the stores every backend of one home shares
 * (a pool of engines has one extraction cache and one log store), and the engine itself (unit tests
 * hand in a fake). The composition root (src/composition/) decides; absent, each is built here.
 */
export interface ExecutorParts {
  readonly engine?: ContainerEngine;
  readonly cache?: ExtractionCache;
  readonly logs?: LogStore;
}

/**
 * The execution backend of one engine: images built on demand there, zips extracted once, one
 * execution environment per invoke, used once. The CLI and the library entry invoke through it;
 * `lsim serve` keeps a warm pool per backend (`lifecycleDeps`). Built by the composition root.
 */
export class LocalExecutor {
  readonly engine: ContainerEngine;
  readonly images: ImageBuilder;
  readonly cache: ExtractionCache;
  /** Invocation logs under LSIM_HOME, shared by one-shot invokes and lsim serve's warm pool. */
  readonly logs: LogStore;
  private readonly puller: ImagePuller;
  private reclaiming: Promise<void> | undefined;

  constructor(
    private readonly config: LsimConfig,
    onBuildEvent?: (event: ImageBuildEvent) => void,
    parts: ExecutorParts = {},
  ) {
    this.engine = parts.engine ?? new DockerEngine(config);
    this.images = new ImageBuilder(this.engine, {
      imagesDir: defaultImagesDir(),
      workDir: join(config.home, 'build'),
      ...(onBuildEvent === undefined ? {} : { onProgress: onBuildEvent }),
    });
    this.cache = parts.cache ?? new ExtractionCache(config.home);
    this.logs = parts.logs ?? new LogStore(config.home);
    this.puller = new ImagePuller(this.engine, onBuildEvent);
  }

  async invoke(plan: ExecutionPlan, request: InvocationRequest): Promise<InvocationResult> {
    await this.engine.ping();
    // Beside the invoke, not before it: what a killed lsim left behind (abandoned.ts).
    const reclaiming = this.reclaimAbandoned();
    try {
      return await this.run(plan, request);
    } finally {
      await reclaiming;
    }
  }

  /**
   * Once per process: starts the watchdog that removes this process's containers if it dies, and
   * removes the containers, temp uploads and half-extracted trees of lsim processes that died
   * (abandoned.ts). Never fails: a reclaim that cannot run now runs at a later start.
   */
  reclaimAbandoned(): Promise<void> {
    this.reclaiming ??= (async () => {
      try {
        startWatchdog(this.config);
        reclaimAbandonedFiles(this.config.home);
        await reclaimAbandonedContainers(this.engine, this.config.home);
        // After their containers: a disk still mounted in a running one is only detached (ephemeral-disk.ts).
        await reclaimAbandonedDisks(this.config.home);
      } catch {
        // The engine or the home is not usable right now; the command itself will say why.
      }
    })();
    return this.reclaiming;
  }

  /**
   * Removes every container this process started on this engine for this home: after the engine came
   * back from down, the environments lsim dropped meanwhile left theirs (engine-pool.ts).
   */
  async removeOwnContainers(): Promise<number> {
    const ids = await this.engine.listContainers({
      [LSIM_LABELS.managed]: 'true',
      [LSIM_LABELS.home]: this.config.home,
      [LSIM_LABELS.owner]: ownerToken(),
    });
    for (const id of ids) await this.engine.removeContainer(id).catch(() => undefined);
    return ids.length;
  }

  /** lsim's own image of the plan's runtime, built when missing, or the plan's user image, pulled when missing. */
  imageFor(plan: ExecutionPlan): Promise<string> {
    const image = plan.imageOverride;
    return image === undefined
      ? this.images.ensureImage(plan.runtime, plan.architecture)
      : this.puller.ensure(image, runtimeInfo(plan.runtime).family);
  }

  /** What an environment's lifecycle on this backend needs: one-shot here, kept by a warm pool in `lsim serve`. */
  lifecycleDeps(sandboxes?: SandboxPool): LifecycleDeps {
    return {
      engine: this.engine,
      home: this.config.home,
      cache: this.cache,
      imageFor: (plan) => this.imageFor(plan),
      logs: this.logs,
      ...(sandboxes === undefined ? {} : { sandboxes }),
    };
  }

  /** A one-shot invoke: an execution environment used once, shut down when its event is over. */
  private async run(plan: ExecutionPlan, request: InvocationRequest): Promise<InvocationResult> {
    const lifecycle = new EnvironmentLifecycle(this.lifecycleDeps(), plan);
    return (await lifecycle.invoke(request, { last: true })).result;
  }
}
