import type { Readable, Writable } from 'node:stream';

/**
 * lsim's view of a container engine. Only `docker-engine.ts` implements it (on dockerode); the rest
 * of lsim speaks this interface, so tests and future engines plug in without touching callers.
 */

/** Labels every lsim resource carries, so `lsim gc` can find leftovers. */
export const LSIM_LABEL = 'dev.lsim';
export const LSIM_LABELS = {
  managed: `${LSIM_LABEL}.managed`,
  session: `${LSIM_LABEL}.session`,
  function: `${LSIM_LABEL}.function`,
  kind: `${LSIM_LABEL}.kind`,
  home: `${LSIM_LABEL}.home`,
  /** The lsim process that created the container (process-owner.ts): a dead owner's containers are reclaimed. */
  owner: `${LSIM_LABEL}.owner`,
} as const;

export interface MountSpec {
  /** A host path (bind) or a named volume. */
  readonly type: 'bind' | 'volume' | 'tmpfs';
  readonly source?: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** tmpfs size in bytes. */
  readonly sizeBytes?: number;
  /**
   * A bind's propagation: `rslave` lets mounts lsim makes later under the host folder appear inside the
   * container (a pre-provisioned sandbox's /var/task and /opt, sandbox-pool.ts), never the other way.
   */
  readonly propagation?: 'rslave';
}

export interface ContainerSpec {
  readonly name?: string;
  readonly image: string;
  readonly cmd?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  /** `uid:gid` or a user name known to the image. */
  readonly user?: string;
  readonly mounts: readonly MountSpec[];
  readonly memoryBytes?: number;
  readonly readOnlyRootfs?: boolean;
  readonly capDropAll?: boolean;
  readonly networkMode?: string;
  /** Extra /etc/hosts entries, `name:address` (Docker's `host-gateway` allowed). */
  readonly extraHosts?: readonly string[];
  readonly pidsLimit?: number;
  readonly ulimitNofile?: number;
  /** Created with stdin open, for `attachStdio` (closed once the attached client leaves). */
  readonly openStdin?: boolean;
  /** `linux/arm64`: the image's platform, which the engine must run (under emulation if need be). */
  readonly platform?: string;
}

export interface ContainerExit {
  readonly exitCode: number;
  readonly oomKilled: boolean;
}

/** What the engine says about one path inside a container (`HEAD /containers/{id}/archive`). */
export interface PathStat {
  readonly name: string;
  readonly size: number;
  /** Go's os.FileMode bits as the engine reports them (type bits high, permissions low). */
  readonly mode: number;
  readonly linkTarget: string;
}

export interface ContainerHandle {
  readonly id: string;
  start(): Promise<void>;
  /** Demultiplexed stdout and stderr, following until the container stops. */
  attachOutput(): Promise<{ stdout: Readable; stderr: Readable }>;
  /**
   * stdin, stdout and stderr on one hijacked attach connection (a container created with `openStdin`),
   * before it starts. Optional so engine fakes written before it keep compiling.
   */
  attachStdio?(): Promise<{ stdin: Writable; stdout: Readable; stderr: Readable }>;
  wait(): Promise<ContainerExit>;
  /** Peak memory use in bytes as the engine accounts it (cgroup max_usage), if available. */
  peakMemoryBytes(): Promise<number | undefined>;
  /**
   * Streams memory samples (peak bytes, as `peakMemoryBytes` reads them) about once a second while
   * the container runs, over one long-lived stats connection; returns the function that stops it.
   * Errors end the stream silently. Optional so engine fakes written before it keep compiling.
   */
  watchMemory?(onSample: (peakBytes: number) => void): () => void;
  /** Copy a tar archive into the (created, not yet started) container at `path`. */
  putArchive(tar: Readable | Buffer, path: string): Promise<void>;
  /**
   * Stat a path inside the container, named volumes included, without starting it; undefined when
   * the path does not exist. Optional so engine fakes written before it keep compiling.
   */
  statPath?(path: string): Promise<PathStat | undefined>;
  /**
   * The container's IPv4 address on `network` once started, undefined when it has none. Optional so
   * engine fakes written before it keep compiling.
   */
  networkAddress?(network: string): Promise<string | undefined>;
  /**
   * Sets a running container's memory limit (swap equal to it, as at create). Optional so engine fakes
   * written before it keep compiling.
   */
  updateMemory?(bytes: number): Promise<void>;
  kill(signal?: string): Promise<void>;
  /** Kills the container if it runs (a forced remove: one engine call) and removes it with its anonymous volumes. */
  remove(): Promise<void>;
}

export interface VolumeSpec {
  readonly name: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

export interface BuildProgress {
  readonly line: string;
}

export interface ContainerEngine {
  /** Throws LsimError('EngineUnavailable') with how to start an engine or set DOCKER_HOST. */
  ping(): Promise<void>;
  /** True when the engine runs on this machine's filesystem, so bind mounts and overlay lowerdirs work. */
  sharesHostFilesystem(): Promise<boolean>;
  imageExists(tag: string): Promise<boolean>;
  /** The image's size in bytes, undefined when the engine has no such image. Optional so engine fakes keep compiling. */
  imageSize?(tag: string): Promise<number | undefined>;
  /**
   * `docker pull`: the engine fetches `ref` (`registry/repository:tag`) from its registry, every progress
   * line reported. A registry that cannot be reached, refuses, or has no such image is an
   * LsimError('EnvironmentFault') with the engine's words; no engine at all is EngineUnavailable.
   */
  pullImage(ref: string, onProgress?: (p: BuildProgress) => void): Promise<void>;
  /** `docker import` of a root filesystem tarball; `platform` (`linux/arm64`) is the image's, default the engine's. */
  importImage(rootfsTar: string, tag: string, platform?: string): Promise<void>;
  /** Build from a tar build context (Dockerfile at its root), for `platform` when given. */
  buildImage(context: Readable, tag: string, onProgress?: (p: BuildProgress) => void, platform?: string): Promise<void>;
  createContainer(spec: ContainerSpec): Promise<ContainerHandle>;
  /**
   * Create a container under `spec.name`, or answer undefined when a container of that name already
   * exists: the engine's unique names serve as a lock shared by every lsim process on the engine.
   * Optional so engine fakes written before it keep compiling.
   */
  createNamedContainer?(spec: ContainerSpec & { readonly name: string }): Promise<ContainerHandle | undefined>;
  createVolume(spec: VolumeSpec): Promise<void>;
  removeVolume(name: string): Promise<void>;
  /** Ids of containers (any state) carrying all of these labels. */
  listContainers(labels: Readonly<Record<string, string>>): Promise<string[]>;
  /** The same, with every label of each container. Optional so engine fakes written before it keep compiling. */
  listContainerLabels?(labels: Readonly<Record<string, string>>): Promise<{ id: string; labels: Readonly<Record<string, string>> }[]>;
  listVolumes(labels: Readonly<Record<string, string>>): Promise<string[]>;
  removeContainer(id: string): Promise<void>;
  /**
   * Create the bridge network if it does not exist, with these driver options; an existing one whose
   * options differ is recreated (refused while containers use it). Returns the gateway address
   * containers reach the host at, and the name of the bridge's interface on the engine's machine.
   */
  /** Removes the network; refused (an error) while containers use it. Optional so engine fakes keep compiling. */
  removeNetwork?(name: string): Promise<void>;
  ensureNetwork(
    name: string,
    labels: Readonly<Record<string, string>>,
    options?: Readonly<Record<string, string>>,
  ): Promise<{ gateway: string; bridge?: string }>;
}
