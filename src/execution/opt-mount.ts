import { createHash } from 'node:crypto';
import type { ContainerEngine, MountSpec } from '../engine/container-engine.js';
import { LSIM_LABELS } from '../engine/container-engine.js';
import { engineStrategies } from '../engine/strategies.js';
import { ExtractionCache } from './extraction-cache.js';
import { portableMount, portableOptVolume } from './portable-volumes.js';

export const OPT_VOLUME_PREFIX = 'lsim-opt-';

/**
 * /opt as Lambda builds it: the function's layers applied in order, folders merged, the later layer
 * winning on the same path, read-only. One layer is a read-only bind mount; several are a kernel
 * overlay with the layer trees as lowerdirs only (no upperdir, so the mount itself is read-only and
 * nothing is copied). Overlay gives precedence to the leftmost lowerdir, so the list is reversed.
 * The volume is named by its lowerdirs, so every invoke of the same layer list reuses it.
 *
 * An engine that does not share this filesystem (or LSIM_PORTABLE_MOUNTS=1) gets the portable
 * path instead (portable-volumes.ts): the merged tree's content-addressed volume, which the
 * execution environment fills on first use. Without layers there is nothing to mount there: the
 * image's own /opt is empty and read-only; the returned bind is then ignored.
 */
export async function prepareOptMount(
  engine: ContainerEngine,
  layerDirs: readonly string[],
  emptyDir: string,
  home: string,
): Promise<MountSpec> {
  if (layerDirs.length > 0 && (await engineStrategies(engine)).content === 'volumes') {
    return portableMount(await portableOptVolume(layerDirs, new ExtractionCache(home).root));
  }
  if (layerDirs.length === 0) return { type: 'bind', source: emptyDir, target: '/opt', readOnly: true };
  if (layerDirs.length === 1) return { type: 'bind', source: layerDirs[0], target: '/opt', readOnly: true };
  const lowerdir = [...layerDirs].reverse().join(':');
  const name = OPT_VOLUME_PREFIX + createHash('sha256').update(lowerdir).digest('hex').slice(0, 32);
  await engine.createVolume({
    name,
    driverOpts: { type: 'overlay', device: 'overlay', o: `ro,lowerdir=${lowerdir}` },
    labels: { [LSIM_LABELS.managed]: 'true', [LSIM_LABELS.kind]: 'opt', [LSIM_LABELS.home]: home },
  });
  return { type: 'volume', source: name, target: '/opt', readOnly: true };
}
