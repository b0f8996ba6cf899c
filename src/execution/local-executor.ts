import { join } from 'node:path';
import type { LsimConfig } from '../common/config.js';
import { DockerEngine } from '../engine/docker-engine.js';
import type { ImageBuildEvent } from '../images/image-build-event.js';
import { ImageBuilder } from '../images/image-builder.js';
import { defaultImagesDir } from '../images/images-dir.js';
import type { ExecutionPlan, InvocationRequest, InvocationResult } from './execution-plan.js';
import { ExtractionCache } from './extraction-cache.js';
import { runInvocation } from './run-invocation.js';

/**
 * The execution plane on this machine's Docker engine: images built on demand, zips extracted once,
 * one container per invoke. The CLI and the library entry use this; `lsim serve` keeps warm pools.
 */
export class LocalExecutor {
  readonly engine: DockerEngine;
  readonly images: ImageBuilder;
  readonly cache: ExtractionCache;

  constructor(
    private readonly config: LsimConfig,
    onBuildEvent?: (event: ImageBuildEvent) => void,
  ) {
    this.engine = new DockerEngine(config);
    this.images = new ImageBuilder(this.engine, {
      imagesDir: defaultImagesDir(),
      workDir: join(config.home, 'build'),
      ...(onBuildEvent === undefined ? {} : { onProgress: onBuildEvent }),
    });
    this.cache = new ExtractionCache(config.home);
  }

  async invoke(plan: ExecutionPlan, request: InvocationRequest): Promise<InvocationResult> {
    await this.engine.ping();
    return runInvocation(
      {
        engine: this.engine,
        home: this.config.home,
        cache: this.cache,
        imageFor: (runtime) => this.images.ensureImage(runtime),
      },
      plan,
      request,
    );
  }
}
