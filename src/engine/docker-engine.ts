import type { Readable } from 'node:stream';
import Dockerode from 'dockerode';
import type { LsimConfig } from '../common/config.js';
import { LsimError } from '../common/errors.js';
import { ownerToken } from '../common/process-owner.js';
import { resolveDockerConnection, type DockerConnection } from './connection.js';
import {
  LSIM_LABELS,
  type BuildProgress,
  type ContainerEngine,
  type ContainerHandle,
  type ContainerSpec,
  type VolumeSpec,
} from './container-engine.js';
import { toCreateOptions } from './create-options.js';
import { platformArchive } from './platform-archive.js';
import { DockerContainer, removeContainer } from './docker-container.js';
import { engineMessage, engineStatusCode, toLsimError } from './docker-errors.js';
import { readProgressStream } from './progress-stream.js';

const NOT_FOUND = 404;
const CONFLICT = 409;

type Labels = Readonly<Record<string, string>>;

/** Every container names the lsim process that created it, for reclaiming a dead one's (process-owner.ts). */
const owned = <T extends ContainerSpec>(spec: T): T => ({ ...spec, labels: { ...spec.labels, [LSIM_LABELS.owner]: ownerToken() } });

const labelFilter = (labels: Labels): { label: string[] } => ({
  label: Object.entries(labels).map(([key, value]) => `${key}=${value}`),
});

/** `registry:5000/name:tag` → repo `registry:5000/name`, tag `tag` (the tag is after the last colon past the last slash). */
export function splitImageTag(imageRef: string): { repo: string; tag: string } {
  const colon = imageRef.lastIndexOf(':');
  if (colon > imageRef.lastIndexOf('/')) return { repo: imageRef.slice(0, colon), tag: imageRef.slice(colon + 1) };
  return { repo: imageRef, tag: 'latest' };
}

/** The machine cannot get the image (no network, no such image): an environment fault, never lsim's bug. */
const pullFault = (ref: string, detail: string, cause?: unknown): LsimError =>
  new LsimError('EnvironmentFault', `The Docker engine could not pull the image ${ref}: ${detail}`, { cause });

export class DockerEngine implements ContainerEngine {
  readonly connection: DockerConnection;
  private readonly docker: Dockerode;
  private sharesHost: Promise<boolean> | undefined;

  private readonly forcePortable: boolean;
  private readonly networksInFlight = new Map<string, Promise<{ gateway: string; bridge: string }>>();

  constructor(config: Pick<LsimConfig, 'dockerHost'> & Partial<Pick<LsimConfig, 'portableMounts' | 'dockerTls'>>) {
    this.forcePortable = config.portableMounts === true;
    this.connection = resolveDockerConnection(config.dockerHost, config.dockerTls);
    try {
      this.docker = new Dockerode({ ...this.connection.options });
    } catch (error) {
      // docker-modem parses process.env.DOCKER_HOST for its defaults even when we override them.
      throw new LsimError('EngineUnavailable', `Cannot configure the Docker client: ${String(error)}`, { cause: error });
    }
  }

  private get where(): string {
    return this.connection.where;
  }

  private fail(operation: string, error: unknown): never {
    throw toLsimError(error, operation, this.where);
  }

  async ping(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (error) {
      this.fail('ping', error);
    }
  }

  /**
   * Heuristic: bind mounts and overlay lowerdirs name paths on the engine's filesystem, which is ours
   * only when the engine runs on this kernel. A TCP or named-pipe engine is assumed remote. A unix
   * socket is assumed local unless the engine says it runs in a VM (Docker Desktop, or an engine OS
   * type that differs from ours), where the socket is forwarded from another machine.
   * `LSIM_PORTABLE_MOUNTS=1` (config.portableMounts) answers false whatever the engine.
   */
  sharesHostFilesystem(): Promise<boolean> {
    this.sharesHost ??= this.forcePortable ? Promise.resolve(false) : this.detectSharedFilesystem();
    return this.sharesHost;
  }

  private async detectSharedFilesystem(): Promise<boolean> {
    if (this.connection.transport !== 'unix' || process.platform !== 'linux') return false;
    try {
      const info = (await this.docker.info()) as { OperatingSystem?: unknown; OSType?: unknown };
      const os = typeof info.OperatingSystem === 'string' ? info.OperatingSystem : '';
      if (/docker desktop|boot2docker/i.test(os)) return false;
      return info.OSType === undefined || info.OSType === 'linux';
    } catch (error) {
      this.fail('read engine info', error);
    }
  }

  async imageExists(tag: string): Promise<boolean> {
    try {
      await this.docker.getImage(tag).inspect();
      return true;
    } catch (error) {
      if (engineStatusCode(error) === NOT_FOUND) return false;
      this.fail(`inspect image ${tag}`, error);
    }
  }

  async imageSize(tag: string): Promise<number | undefined> {
    try {
      return (await this.docker.getImage(tag).inspect()).Size;
    } catch (error) {
      if (engineStatusCode(error) === NOT_FOUND) return undefined;
      this.fail(`inspect image ${tag}`, error);
    }
  }

  async pullImage(ref: string, onProgress?: (p: BuildProgress) => void): Promise<void> {
    let stream: NodeJS.ReadableStream;
    try {
      stream = (await this.docker.pull(ref)) as NodeJS.ReadableStream;
    } catch (error) {
      // Reached, but the engine answered with an error (no route to the registry, no such image).
      if (engineStatusCode(error) !== undefined) throw pullFault(ref, engineMessage(error), error);
      this.fail(`pull ${ref}`, error);
    }
    // The engine may answer 200 and report the failure inside the stream (a layer that fails to download).
    const result = await readProgressStream(stream as Readable, (line) => onProgress?.({ line }));
    if (result.error !== undefined) throw pullFault(ref, result.error);
  }

  async importImage(rootfsTar: string, tag: string, platform?: string): Promise<void> {
    let stream: NodeJS.ReadableStream;
    try {
      stream =
        platform === undefined
          ? await this.docker.importImage(rootfsTar, splitImageTag(tag))
          : await this.docker.loadImage(await platformArchive(rootfsTar, tag, platform));
    } catch (error) {
      this.fail(`import ${rootfsTar} as ${tag}`, error);
    }
    const result = await readProgressStream(stream as Readable);
    if (result.error !== undefined) {
      throw new LsimError('ImageBuildFailed', `Importing ${rootfsTar} as ${tag} failed: ${result.error}`);
    }
  }

  async buildImage(context: Readable, tag: string, onProgress?: (p: BuildProgress) => void, platform?: string): Promise<void> {
    let stream: NodeJS.ReadableStream;
    try {
      // No network: every input is in the context (images/README.md), so a build never depends on the
      // engine's default bridge or on anything it could reach.
      stream = await this.docker.buildImage(context, {
        t: tag,
        rm: true,
        forcerm: true,
        networkmode: 'none',
        ...(platform === undefined ? {} : { platform }),
      });
    } catch (error) {
      this.fail(`build image ${tag}`, error);
    }
    const result = await readProgressStream(stream as Readable, (line) => onProgress?.({ line }));
    if (result.error !== undefined) {
      const tail = result.tail.length === 0 ? '' : `\n${result.tail.join('\n')}`;
      throw new LsimError('ImageBuildFailed', `Building image ${tag} failed: ${result.error}${tail}`);
    }
  }

  async createContainer(spec: ContainerSpec): Promise<ContainerHandle> {
    try {
      const hostCgroups = await this.sharesHostFilesystem();
      const container = await this.docker.createContainer(toCreateOptions(owned(spec)));
      return new DockerContainer(this.docker, container, this.where, hostCgroups);
    } catch (error) {
      this.fail(`create a container from ${spec.image}`, error);
    }
  }

  async createNamedContainer(spec: ContainerSpec & { readonly name: string }): Promise<ContainerHandle | undefined> {
    try {
      const hostCgroups = await this.sharesHostFilesystem();
      const container = await this.docker.createContainer(toCreateOptions(owned(spec)));
      return new DockerContainer(this.docker, container, this.where, hostCgroups);
    } catch (error) {
      if (engineStatusCode(error) === CONFLICT) return undefined;
      this.fail(`create container ${spec.name} from ${spec.image}`, error);
    }
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    try {
      await this.docker.createVolume({
        Name: spec.name,
        Driver: 'local',
        DriverOpts: { ...spec.driverOpts },
        Labels: { ...spec.labels, [LSIM_LABELS.managed]: 'true' },
      });
    } catch (error) {
      this.fail(`create volume ${spec.name}`, error);
    }
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove();
    } catch (error) {
      if (engineStatusCode(error) === NOT_FOUND) return;
      this.fail(`remove volume ${name}`, error);
    }
  }

  async listContainers(labels: Labels): Promise<string[]> {
    try {
      const containers = await this.docker.listContainers({ all: true, filters: labelFilter(labels) });
      return containers.map((container) => container.Id);
    } catch (error) {
      this.fail('list containers', error);
    }
  }

  async listContainerLabels(labels: Labels): Promise<{ id: string; labels: Labels }[]> {
    try {
      const containers = await this.docker.listContainers({ all: true, filters: labelFilter(labels) });
      return containers.map((container) => ({ id: container.Id, labels: container.Labels }));
    } catch (error) {
      this.fail('list containers', error);
    }
  }

  async listVolumes(labels: Labels): Promise<string[]> {
    try {
      const result = await this.docker.listVolumes({ filters: labelFilter(labels) });
      return (result.Volumes ?? []).map((volume) => volume.Name);
    } catch (error) {
      this.fail('list volumes', error);
    }
  }

  async removeContainer(id: string): Promise<void> {
    await removeContainer(this.docker.getContainer(id), this.where);
  }

  /**
   * One creation in flight per network name: the engine no longer refuses a duplicate name (API 1.44
   * ignores `CheckDuplicate`), so the first invokes of a server started together each created one, and
   * every later lookup by name then failed as ambiguous.
   */
  ensureNetwork(name: string, labels: Labels, options: Labels = {}): Promise<{ gateway: string; bridge: string }> {
    const inFlight = this.networksInFlight.get(name);
    if (inFlight !== undefined) return inFlight;
    const ensured = this.ensureNetworkNow(name, labels, options).finally(() => this.networksInFlight.delete(name));
    this.networksInFlight.set(name, ensured);
    return ensured;
  }

  private async ensureNetworkNow(name: string, labels: Labels, options: Labels): Promise<{ gateway: string; bridge: string }> {
    const existing = await this.inspectNetwork(name);
    if (existing !== undefined) {
      if (hasOptions(existing, options)) return { gateway: gatewayOf(existing, name), bridge: bridgeOf(existing) };
      // A network cannot change its options: remove it (refused while containers use it) and recreate.
      try {
        await this.docker.getNetwork(name).remove();
      } catch (error) {
        if (engineStatusCode(error) !== NOT_FOUND) {
          throw new LsimError(
            'EngineUnavailable',
            `Docker network ${name} exists without the options lsim needs (${JSON.stringify(options)}) and cannot be recreated: ${String(error)}. Remove it (docker network rm ${name}) once no container uses it.`,
            { cause: error },
          );
        }
      }
    }
    try {
      await this.docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { ...labels, [LSIM_LABELS.managed]: 'true' },
        Options: { ...options },
      });
    } catch (error) {
      // Another lsim process created it first: use theirs.
      if (engineStatusCode(error) !== CONFLICT) this.fail(`create network ${name}`, error);
    }
    const created = await this.inspectNetwork(name);
    if (created === undefined) throw new LsimError('EngineUnavailable', `Docker network ${name} vanished right after creation.`);
    return { gateway: gatewayOf(created, name), bridge: bridgeOf(created) };
  }

  /** Used by tests and `lsim gc` on a remote engine (execution/garbage-sweep.ts). */
  async removeNetwork(name: string): Promise<void> {
    try {
      await this.docker.getNetwork(name).remove();
    } catch (error) {
      if (engineStatusCode(error) === NOT_FOUND) return;
      this.fail(`remove network ${name}`, error);
    }
  }

  /**
   * The network of that exact name. Two lsim processes creating it at once can still make two (see
   * ensureNetwork): the oldest is kept and the others, created by the losers of the race, removed, so
   * that containers naming the network find one.
   */
  private async inspectNetwork(name: string): Promise<Dockerode.NetworkInspectInfo | undefined> {
    let found: Dockerode.NetworkInspectInfo[];
    try {
      const listed = (await this.docker.listNetworks({ filters: { name: [name] } })) as Dockerode.NetworkInspectInfo[];
      // Every racer must keep the same one: the oldest to the millisecond, then the lowest id.
      found = listed
        .filter((network) => network.Name === name)
        .sort((a, b) => Date.parse(a.Created) - Date.parse(b.Created) || a.Id.localeCompare(b.Id));
    } catch (error) {
      this.fail(`list networks named ${name}`, error);
    }
    const [oldest, ...duplicates] = found;
    // Best effort: a duplicate another process already removed, or one in use, is left to it.
    await Promise.all(
      duplicates.map((network) =>
        this.docker
          .getNetwork(network.Id)
          .remove()
          .catch(() => undefined),
      ),
    );
    // The listing carries the options and the IPAM configuration: one engine call per cold start.
    return oldest;
  }
}

function hasOptions(network: Dockerode.NetworkInspectInfo, options: Labels): boolean {
  const actual: Labels = network.Options ?? {};
  return Object.entries(options).every(([key, value]) => actual[key] === value);
}

/** The host interface of a bridge network: its `bridge.name` option, else Docker's `br-` and the id's first 12 characters. */
function bridgeOf(network: Dockerode.NetworkInspectInfo): string {
  return network.Options?.['com.docker.network.bridge.name'] ?? `br-${network.Id.slice(0, 12)}`;
}

function gatewayOf(network: Dockerode.NetworkInspectInfo, name: string): string {
  // Containers reach lsim over IPv4; an IPv6 subnet's gateway (if any) is not what they resolve.
  const gateway = network.IPAM?.Config?.map((config) => config.Gateway).find(
    (address) => typeof address === 'string' && address !== '' && !address.includes(':'),
  );
  if (gateway === undefined) {
    throw new LsimError('EngineUnavailable', `Docker network ${name} has no gateway address (IPAM config is empty).`);
  }
  return gateway;
}
