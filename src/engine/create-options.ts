import type Dockerode from 'dockerode';
import { LSIM_LABELS, type ContainerSpec, type MountSpec } from './container-engine.js';

/**
 * ContainerSpec → Docker's create body. Pure, so the sandbox settings that make lsim faithful
 * (no swap, read-only root, no capabilities) are checked by unit tests rather than by eye.
 */

/** Lambda's file-descriptor quota (docs/lambda-facts.md#filesystem-and-process). */
export const DEFAULT_NOFILE = 1024;
/** tmpfs mounts are world-writable with the sticky bit, like /tmp everywhere; the function runs as a non-root user. */
const TMPFS_MODE = 0o1777;

function toMount(mount: MountSpec): Dockerode.MountSettings {
  const base = { Target: mount.target, Source: mount.source ?? '', Type: mount.type, ReadOnly: mount.readOnly };
  if (mount.propagation !== undefined) return { ...base, BindOptions: { Propagation: mount.propagation } };
  if (mount.type !== 'tmpfs') return base;
  // Without a size Docker gives tmpfs half the host's RAM, far from Lambda's EphemeralStorage.
  return mount.sizeBytes === undefined
    ? { ...base, TmpfsOptions: { SizeBytes: 0, Mode: TMPFS_MODE } }
    : { ...base, TmpfsOptions: { SizeBytes: mount.sizeBytes, Mode: TMPFS_MODE } };
}

function envList(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([key, value]) => `${key}=${value}`);
}

export function toCreateOptions(spec: ContainerSpec): Dockerode.ContainerCreateOptions {
  const nofile = spec.ulimitNofile ?? DEFAULT_NOFILE;
  const hostConfig: Dockerode.HostConfig = {
    Mounts: spec.mounts.map(toMount),
    ReadonlyRootfs: spec.readOnlyRootfs === true,
    SecurityOpt: ['no-new-privileges'],
    Ulimits: [{ Name: 'nofile', Soft: nofile, Hard: nofile }],
  };
  if (spec.memoryBytes !== undefined) {
    hostConfig.Memory = spec.memoryBytes;
    // Equal to Memory means no swap: the limit must bite like Lambda's, not spill to disk.
    hostConfig.MemorySwap = spec.memoryBytes;
  }
  if (spec.capDropAll === true) hostConfig.CapDrop = ['ALL'];
  if (spec.networkMode !== undefined) hostConfig.NetworkMode = spec.networkMode;
  if (spec.extraHosts !== undefined) hostConfig.ExtraHosts = [...spec.extraHosts];
  if (spec.pidsLimit !== undefined) hostConfig.PidsLimit = spec.pidsLimit;

  const options: Dockerode.ContainerCreateOptions = {
    Image: spec.image,
    Env: envList(spec.env),
    Labels: { ...spec.labels, [LSIM_LABELS.managed]: 'true' },
    HostConfig: hostConfig,
    // lsim reads output through attach; no TTY so stdout and stderr stay separable. stdin only for the engine
    // tunnel's link container, closed when lsim's attach ends, so a tunnel whose lsim died stops.
    AttachStdin: spec.openStdin === true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    OpenStdin: spec.openStdin === true,
    StdinOnce: spec.openStdin === true,
  };
  if (spec.name !== undefined) options.name = spec.name;
  // A query parameter of the create call (API 1.41): without it the engine would refuse an image of
  // another platform than its own, or pick the wrong one.
  if (spec.platform !== undefined) options.platform = spec.platform;
  if (spec.cmd !== undefined) options.Cmd = [...spec.cmd];
  if (spec.entrypoint !== undefined) options.Entrypoint = [...spec.entrypoint];
  if (spec.workingDir !== undefined) options.WorkingDir = spec.workingDir;
  if (spec.user !== undefined) options.User = spec.user;
  return options;
}
