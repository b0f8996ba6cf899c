import type { EngineStrategies } from '../engine/strategies.js';
import type { MountSpec } from '../engine/container-engine.js';
import { createEphemeralDisk, exactDiskUnavailable } from '../host/ephemeral-disk.js';

const MB = 1024 * 1024;

/** An environment's /tmp: its mount, what to do once the container is gone, and why it is not exact, if it is not. */
export interface TmpMount {
  readonly mount: MountSpec;
  readonly release: () => Promise<void>;
  /** Said once per invoke that starts such an environment (docs/deviations-isolation.md#tmp). */
  readonly notice?: string;
}

/**
 * Lambda's /tmp is EphemeralStorage.Size MB of disk, separate from memory, executable
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-ephemeral-storage.html): an ext4 disk
 * of that size where this machine allows it (docs/ephemeral-storage.md), otherwise an anonymous
 * volume, on disk and executable but unsized, with a notice that says so.
 */
export async function prepareTmp(options: {
  readonly home: string;
  readonly environmentId: string;
  readonly sizeMb: number;
  readonly functionName: string;
  /** EngineStrategies.tmp: only a local engine can have the loop disk. */
  readonly strategy: EngineStrategies['tmp'];
}): Promise<TmpMount> {
  const sizeBytes = options.sizeMb * MB;
  let why = exactDiskUnavailable(options.strategy === 'loop-disk');
  if (why === undefined) {
    try {
      const disk = await createEphemeralDisk(options.home, options.environmentId, options.sizeMb);
      return { mount: { type: 'bind', source: disk.mountPoint, target: '/tmp', readOnly: false, sizeBytes }, release: disk.release };
    } catch (error) {
      why = error instanceof Error ? error.message : String(error);
    }
  }
  return {
    // Private to this container and removed with it.
    mount: { type: 'volume', target: '/tmp', readOnly: false, sizeBytes },
    release: () => Promise.resolve(),
    notice:
      `lsim: /tmp of ${options.functionName} is not limited to its EphemeralStorage of ${options.sizeMb} MB here: ${why}. ` +
      "It is a volume on the engine's disk, where Lambda fails a write past the size with ENOSPC (docs/deviations-isolation.md#tmp).",
  };
}
