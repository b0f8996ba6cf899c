import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerEngine } from '../engine/container-engine.js';
import { assertCanEmulate, hostMachine } from '../engine/emulation-check.js';
import { LsimError, isLsimError } from '../common/errors.js';
import { packBuildContext } from './build-context.js';
import type { ContextEntry } from './context-files.js';
import { BuildSteps } from './build-steps.js';
import { acquireFileLock } from './file-lock.js';
import type { ImageBuildEvent, ImageStage } from './image-build-event.js';
import { ARCHITECTURE_FACTS, DEFAULT_ARCHITECTURE, type Architecture } from '../runtimes/architecture.js';
import { SUPPORTED_RUNTIMES, type RuntimeId } from '../runtimes/runtime-catalogue.js';
import type { ImageFamily } from './image-families.js';
import { planImage, type ImagePlan } from './image-plan.js';
import { ensureEssentialTar } from './essential-rootfs.js';
import { runOnEssentialMmdebstrap } from './mmdebstrap.js';
import { buildScratchDir } from './scratch-dir.js';
import { fetchNodeBinary } from './node-binary.js';
import { fetchNodeSdk } from './node-sdk-modules.js';
import { pinBuildArgs } from './pin-parent-image.js';
import { engineStrategies } from '../engine/strategies.js';

const noParent = async (): Promise<boolean> => false;

/** A stage's build, handed where to send each line of its tools' output. */
type StageBuild = (onLine: (line: string) => void) => Promise<void>;

export interface ImageBuilderOptions {
  /** The images/ folder; `defaultImagesDir()` finds the package's own. */
  readonly imagesDir: string;
  /** Scratch space for the rootfs tarball and the build locks, e.g. LSIM_HOME/build. */
  readonly workDir: string;
  readonly onProgress?: (event: ImageBuildEvent) => void;
  /** How long to wait for another process building the same image. */
  readonly lockTimeoutMs?: number;
}

export interface ImageBuildResult {
  readonly runtime: RuntimeId;
  readonly architecture: Architecture;
  readonly family: ImageFamily;
  readonly tag: string;
  /** False when the engine already had the image. */
  readonly built: boolean;
  readonly durationMs: number;
}

/**
 * Builds the runtime images on demand: rootfs (mmdebstrap + import), base, family, each only when
 * the engine lacks its content-addressed tag. Safe to call from several lsim processes at once: a
 * lock file per tag makes the second one wait and then find the image built.
 */
export class ImageBuilder {
  /** Same-process callers asking for the same tag share one build. */
  private readonly inflight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly engine: ContainerEngine,
    private readonly options: ImageBuilderOptions,
  ) {}

  /** Tags and contexts for `runtime`'s image, read from the images folder; builds nothing. */
  plan(runtime: RuntimeId, architecture: Architecture = DEFAULT_ARCHITECTURE): Promise<ImagePlan> {
    return planImage(this.options.imagesDir, runtime, { variant: 'minbase', architecture });
  }

  /** The tag the runtime's image has (or would have once built). */
  async tagFor(runtime: RuntimeId, architecture: Architecture = DEFAULT_ARCHITECTURE): Promise<string> {
    return (await this.plan(runtime, architecture)).image.tag;
  }

  /** The runtime's image tag, building whatever the engine lacks first. */
  async ensureImage(runtime: RuntimeId, architecture: Architecture = DEFAULT_ARCHITECTURE): Promise<string> {
    return (await this.ensure(runtime, architecture)).tag;
  }

  /**
   * Ensures each runtime's image (all of them by default); for `lsim images build` and CI. Runtime ids
   * sharing a recipe share one image, built once; up to `parallel` builds run at a time (a rootfs build
   * waits mostly on the package mirror and dpkg, so a 2-core machine keeps up with 3).
   */
  async buildAll(
    runtimes: readonly RuntimeId[] = SUPPORTED_RUNTIMES,
    parallel = 3,
    architecture: Architecture = DEFAULT_ARCHITECTURE,
  ): Promise<ImageBuildResult[]> {
    const results: ImageBuildResult[] = new Array<ImageBuildResult>(runtimes.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < runtimes.length) {
        const index = next++;
        const runtime = runtimes[index];
        if (runtime !== undefined) results[index] = await this.ensure(runtime, architecture);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, runtimes.length)) }, worker));
    return results;
  }

  private async ensure(runtime: RuntimeId, architecture: Architecture): Promise<ImageBuildResult> {
    const started = Date.now();
    const plan = await this.plan(runtime, architecture);
    const { family } = plan;
    const { platform, uname } = ARCHITECTURE_FACTS[architecture];
    // Building (its RUN steps) and running a foreign image both need the kernel's QEMU hand-off; only a
    // local engine's kernel can be checked from here.
    if (uname !== hostMachine() && (await engineStrategies(this.engine)).hostFeatures) await assertCanEmulate(uname);
    const rootfs = (): Promise<boolean> => this.stage('rootfs', plan.rootfs.tag, noParent, (onLine) => this.buildRootfs(plan, onLine));
    const base = (): Promise<boolean> =>
      this.stage('base', plan.base.tag, rootfs, (onLine) =>
        this.buildFromContext(plan.base.tag, plan.base.context, { ROOTFS: plan.rootfs.tag }, onLine, platform),
      );
    const built = await this.stage(family, plan.image.tag, base, async (onLine) => {
      const node = plan.image.nodeBinary;
      const downloads = join(this.options.workDir, 'downloads');
      const extra = node === undefined ? [] : [await fetchNodeBinary(node, architecture, downloads)];
      // The bundled AWS SDK of the nodejs family; its lockfile, in the context, is what the tag hashes.
      extra.push(...(await fetchNodeSdk(plan.image.context, downloads)));
      await this.buildFromContext(
        plan.image.tag,
        [...plan.image.context, ...extra],
        { ...plan.image.buildArgs, BASE: plan.base.tag },
        onLine,
        platform,
      );
    });
    return { runtime, architecture, family, tag: plan.image.tag, built, durationMs: Date.now() - started };
  }

  /** Unless the engine has `tag`: ensures the parent, then runs `build`. True when it built. */
  private stage(stage: ImageStage, tag: string, parent: () => Promise<boolean>, build: StageBuild): Promise<boolean> {
    const running = this.inflight.get(tag);
    if (running !== undefined) return running;
    const promise = this.stageLocked(stage, tag, parent, build).finally(() => this.inflight.delete(tag));
    this.inflight.set(tag, promise);
    return promise;
  }

  private async stageLocked(stage: ImageStage, tag: string, parent: () => Promise<boolean>, build: StageBuild): Promise<boolean> {
    if (await this.engine.imageExists(tag)) {
      this.emit({ type: 'cached', stage, tag });
      return false;
    }
    const lockPath = join(this.options.workDir, 'locks', `${tag.replace(/[^A-Za-z0-9._-]/g, '_')}.lock`);
    const lock = await acquireFileLock(lockPath, {
      onWait: (holder) => this.emit({ type: 'waiting', stage, tag, holderPid: holder?.pid }),
      ...(this.options.lockTimeoutMs !== undefined ? { timeoutMs: this.options.lockTimeoutMs } : {}),
    });
    try {
      // The process we waited for has usually just built it.
      if (await this.engine.imageExists(tag)) {
        this.emit({ type: 'cached', stage, tag });
        return false;
      }
      await parent();
      const started = Date.now();
      this.emit({ type: 'start', stage, tag });
      const steps = new BuildSteps();
      await build((line) => {
        this.emit({ type: 'output', stage, tag, line });
        const step = steps.step(line);
        if (step !== undefined) this.emit({ type: 'step', stage, tag, step, elapsedMs: Date.now() - started });
      });
      if (!(await this.engine.imageExists(tag))) {
        throw new LsimError('ImageBuildFailed', `The engine reported success but has no image ${tag}.`);
      }
      this.emit({ type: 'built', stage, tag, durationMs: Date.now() - started });
      return true;
    } finally {
      await lock.release();
    }
  }

  private async buildRootfs(plan: ImagePlan, onLine: (line: string) => void): Promise<void> {
    await mkdir(this.options.workDir, { recursive: true });
    const scratch = await buildScratchDir(this.options.workDir);
    // The .tar suffix is what tells mmdebstrap to write a tarball.
    // The pid: another LSIM_HOME (with locks of its own) may build the same rootfs in the same scratch dir.
    const tarPath = join(scratch, `rootfs-${plan.rootfs.tag.split(':')[1] ?? 'x'}-${process.pid}.tar`);
    const { tag } = plan.rootfs;
    try {
      await rm(tarPath, { force: true });
      // Two stages (docs/image-builds.md, "One essential rootfs per suite"): the suite's essential set,
      // built once per suite and architecture and kept, then the family's packages on top of it.
      const place = { debCache: join(this.options.workDir, 'debs'), scratchDir: scratch, onLine };
      const essential = await ensureEssentialTar(this.options.workDir, plan.rootfs.inputs, place);
      await runOnEssentialMmdebstrap(plan.rootfs.inputs, essential, tarPath, place);
      await this.engine.importImage(tarPath, tag, ARCHITECTURE_FACTS[plan.architecture].platform);
    } finally {
      // Hundreds of MB, useless once imported.
      await rm(tarPath, { force: true });
    }
  }

  /** `args`: the Dockerfile's `ARG` defaults to pin, the parent image's tag among them. */
  private async buildFromContext(
    tag: string,
    context: readonly ContextEntry[],
    args: Readonly<Record<string, string>>,
    onLine: (line: string) => void,
    platform: string,
  ): Promise<void> {
    const entries = context.map((entry) =>
      entry.type === 'file' && entry.path === 'Dockerfile'
        ? { ...entry, content: Buffer.from(pinBuildArgs(entry.content.toString('utf8'), args)) }
        : entry,
    );
    try {
      await this.engine.buildImage(packBuildContext(entries), tag, (progress) => onLine(progress.line), platform);
    } catch (error) {
      if (isLsimError(error)) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new LsimError('ImageBuildFailed', `Building ${tag} failed: ${detail}`, { cause: error });
    }
  }

  private emit(event: ImageBuildEvent): void {
    this.options.onProgress?.(event);
  }
}
