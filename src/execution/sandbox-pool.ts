import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ContainerEngine, ContainerExit, ContainerHandle, ContainerSpec } from '../engine/container-engine.js';
import { LSIM_LABELS } from '../engine/container-engine.js';
import { LSIM_NETWORK, LSIM_NETWORK_OPTIONS, SANDBOX_SETTINGS } from './execution-environment.js';
import { commandMounter, createSandboxDirs, type HostMounter, type SandboxDirs } from './host-mounts.js';
import { createLinkFolder, socketLinkSpec } from './runtime-api-link.js';
import { CLAIM_SOCKET, ClaimChannel, SANDBOX_ENTRYPOINT } from './sandbox-claim.js';
import { assertSandboxLimits } from './sandbox-limits.js';

const MB = 1024 * 1024;
/**
 * A waiting sandbox's limits until its claim: Lambda's largest MemorySize and EphemeralStorage
 * (docs/lambda-facts.md), so any function fits; the claim sets the function's memory (ContainerHandle.updateMemory).
 */
const UNCLAIMED_MEMORY_BYTES = 10_240 * MB;
const UNCLAIMED_TMP_BYTES = 10_240 * MB;

/** A started container that waits for a function (docs/cold-start.md#pre-provisioned-sandboxes). */
export interface Sandbox {
  readonly id: string;
  readonly spec: ContainerSpec;
  readonly container: ContainerHandle;
  readonly output: { readonly stdout: Readable; readonly stderr: Readable };
  readonly exited: Promise<ContainerExit>;
  /** Makes the function's code and layers its /var/task and /opt (read-only). */
  mount(codeDir: string, layerDirs: readonly string[], tmpSource?: string): Promise<void>;
  /** Hands the container the function's environment: it becomes lsim-entry and the runtime starts. */
  claim(env: Readonly<Record<string, string>>): Promise<void>;
  /** Once the container is removed: the function's mounts and the sandbox's folders go. */
  release(): Promise<void>;
}

export interface SandboxPoolOptions {
  /** Sandboxes kept waiting per image (LsimConfig.sandboxPool). */
  readonly size: number;
  readonly mounter?: HostMounter;
}

interface Waiting {
  ready: boolean;
  sandbox?: Sandbox;
  /** Removes the container and everything of the sandbox; for one never taken. */
  discard?: () => Promise<void>;
}

/**
 * Started sandboxes per image, for the cold start of `lsim serve`'s environments: Lambda, too, places a
 * function in a sandbox it had started before (docs/cold-start.md#pre-provisioned-sandboxes). A sandbox
 * is taken once, by one function, and never comes back: its environment ends as any other. Every take
 * starts a replacement, so the next cold start of the same image finds one; a miss starts the pool of that image.
 */
export class SandboxPool {
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly starting = new Set<Promise<unknown>>();
  private prepared: Promise<void> | undefined;
  private closed = false;
  private readonly mounter: HostMounter;

  constructor(
    private readonly deps: { readonly engine: ContainerEngine; readonly home: string },
    private readonly options: SandboxPoolOptions,
  ) {
    this.mounter = options.mounter ?? commandMounter;
  }

  /** Sandboxes waiting, ready or starting. */
  get size(): number {
    let count = 0;
    for (const list of this.waiting.values()) count += list.length;
    return count;
  }

  /** Sandboxes started and waiting for a claim. */
  get ready(): number {
    let count = 0;
    for (const list of this.waiting.values()) count += list.filter((entry) => entry.ready).length;
    return count;
  }

  /** A ready sandbox of this image, or undefined (none ready yet): the caller starts its own container then. */
  take(image: string, platform: string | undefined): Sandbox | undefined {
    if (this.closed || this.options.size <= 0) return undefined;
    const key = `${image}|${platform ?? ''}`;
    const list = this.waiting.get(key) ?? [];
    this.waiting.set(key, list);
    const index = list.findIndex((entry) => entry.ready && entry.sandbox !== undefined);
    const [taken] = index < 0 ? [] : list.splice(index, 1);
    this.fill(list, image, platform);
    return taken?.sandbox;
  }

  /** Starts sandboxes of an image ahead of its first invoke. */
  warm(image: string, platform: string | undefined): void {
    if (this.closed || this.options.size <= 0) return;
    const key = `${image}|${platform ?? ''}`;
    const list = this.waiting.get(key) ?? [];
    this.waiting.set(key, list);
    this.fill(list, image, platform);
  }

  /** Removes every sandbox not taken; taken ones end with their environments. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.starting]);
    const all = [...this.waiting.values()].flatMap((list) => list.splice(0));
    await Promise.allSettled(all.map((entry) => entry.discard?.() ?? Promise.resolve()));
    // Taken sandboxes ended with their environments, which the warm pool retires before this runs.
    if (this.prepared !== undefined) await this.prepared.then(() => this.mounter.release(this.deps.home)).catch(() => undefined);
  }

  private fill(list: Waiting[], image: string, platform: string | undefined): void {
    while (list.length < this.options.size) {
      const started = this.provision(list, image, platform).catch(() => undefined);
      this.starting.add(started);
      void started.finally(() => this.starting.delete(started));
    }
  }

  private async provision(list: Waiting[], image: string, platform: string | undefined): Promise<void> {
    // In the list while it starts, so one take starts one replacement.
    const entry: Waiting = { ready: false };
    list.push(entry);
    /** True when the entry was still waiting (not taken, not dropped already). */
    const drop = (): boolean => {
      const index = list.indexOf(entry);
      if (index >= 0) list.splice(index, 1);
      return index >= 0;
    };
    try {
      const started = await this.start(image, platform, drop);
      entry.sandbox = started.sandbox;
      entry.discard = started.discard;
      if (this.closed) {
        drop();
        await started.discard();
        return;
      }
      const died = started.sandbox.exited.then(() => Promise.reject(new Error('The sandbox exited before it was claimed.')));
      await Promise.race([died, started.connected]);
      entry.ready = true;
    } catch (error) {
      drop();
      throw error;
    }
  }

  private async start(
    image: string,
    platform: string | undefined,
    drop: () => boolean,
  ): Promise<{ sandbox: Sandbox; connected: Promise<void>; discard: () => Promise<void> }> {
    const { engine, home } = this.deps;
    this.prepared ??= this.mounter.prepare(home);
    await this.prepared;
    await engine.ensureNetwork(LSIM_NETWORK, { [LSIM_LABELS.managed]: 'true' }, LSIM_NETWORK_OPTIONS);
    const id = `sbx-${randomBytes(6).toString('hex')}`;
    const dirs = await createSandboxDirs(home, id);
    const { folder } = await createLinkFolder(home, id);
    const channel = await ClaimChannel.open(join(folder, CLAIM_SOCKET));
    const link = socketLinkSpec(home, id);
    const spec: ContainerSpec = {
      ...SANDBOX_SETTINGS,
      image,
      env: link.env,
      labels: { [LSIM_LABELS.managed]: 'true', [LSIM_LABELS.session]: id, [LSIM_LABELS.kind]: 'sandbox', [LSIM_LABELS.home]: home },
      entrypoint: SANDBOX_ENTRYPOINT,
      mounts: [
        { type: 'bind', source: dirs.task, target: '/var/task', readOnly: true, propagation: 'rslave' },
        { type: 'bind', source: dirs.opt, target: '/opt', readOnly: true, propagation: 'rslave' },
        ...link.mounts,
        // The environment's EphemeralStorage disk is bound onto this folder at claim (tmp-mount.ts).
        { type: 'bind', source: dirs.tmp, target: '/tmp', readOnly: false, propagation: 'rslave', sizeBytes: UNCLAIMED_TMP_BYTES },
      ],
      memoryBytes: UNCLAIMED_MEMORY_BYTES,
      ...(platform === undefined ? {} : { platform }),
    };
    assertSandboxLimits(spec, 'a pre-provisioned sandbox');
    const cleanup = async (): Promise<void> => {
      channel.close();
      await this.mounter.unmount(dirs);
      await rm(folder, { recursive: true, force: true });
    };
    let container: ContainerHandle | undefined;
    try {
      container = await engine.createContainer(spec);
      const output = await container.attachOutput();
      const exited = container.wait();
      await container.start();
      const handle = container;
      const discard = (): Promise<void> => handle.remove().finally(cleanup);
      // A sandbox that dies while it waits is no longer offered, and goes.
      const gone = (): void => {
        if (drop()) void discard().catch(() => undefined);
      };
      void exited.then(gone, gone);
      const sandbox = this.sandbox(id, spec, handle, output, exited, dirs, channel);
      return { sandbox, connected: channel.connected, discard };
    } catch (error) {
      await container?.remove().catch(() => undefined);
      await cleanup();
      throw error;
    }
  }

  private sandbox(
    id: string,
    spec: ContainerSpec,
    container: ContainerHandle,
    output: Sandbox['output'],
    exited: Promise<ContainerExit>,
    dirs: SandboxDirs,
    channel: ClaimChannel,
  ): Sandbox {
    return {
      id,
      spec,
      container,
      output,
      exited,
      mount: (codeDir, layerDirs, tmpSource) => this.mounter.mount(dirs, codeDir, layerDirs, tmpSource),
      claim: (env) => channel.claim(env),
      release: async () => {
        channel.close();
        await this.mounter.unmount(dirs);
      },
    };
  }
}
