import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LSIM_LABELS, type ContainerEngine } from '../engine/container-engine.js';
import type { LambdaApi } from '../registry/lambda-api.js';
import { BlobStore } from '../registry/blob-store.js';
import type { ExtractionCache } from './extraction-cache.js';
import { runtimeApiRoot } from './runtime-api-link.js';
import { LSIM_NETWORK } from './execution-environment.js';
import { engineStrategies } from '../engine/strategies.js';
import { reclaimAbandonedDisks } from '../host/ephemeral-disk.js';

export interface SweepReport {
  readonly containersRemoved: number;
  readonly volumesRemoved: number;
  readonly extractionsRemoved: number;
  readonly blobBytesFreed: number;
}

/**
 * `lsim gc`: everything lsim left behind for this LSIM_HOME. Containers of interrupted invokes,
 * /opt overlay volumes (recreated on demand, so always safe to drop when no container uses them),
 * stored zips no layer version or function needs, and extractions whose zip is gone. Extractions
 * of zips still stored are kept: they are the cache that makes the next invoke fast.
 */
export async function sweepGarbage(engine: ContainerEngine, api: LambdaApi, cache: ExtractionCache, home: string): Promise<SweepReport> {
  const mine = { [LSIM_LABELS.managed]: 'true', [LSIM_LABELS.home]: home };
  const containers = await engine.listContainers(mine);
  for (const id of containers) await engine.removeContainer(id);
  const volumes = await engine.listVolumes(mine);
  let volumesRemoved = 0;
  for (const name of volumes) {
    // A volume still mounted by a running container (another process's invoke) refuses removal.
    if (
      await engine.removeVolume(name).then(
        () => true,
        () => false,
      )
    )
      volumesRemoved += 1;
  }
  // On an engine of another machine nothing else of this machine's needs the network: it goes once no
  // container (another LSIM_HOME's) uses it, and comes back with the next environment (docs/remote-engines.md#cleanup).
  // A local engine keeps it: other homes of this machine may be about to use it.
  if (!(await engineStrategies(engine)).local) await engine.removeNetwork?.(LSIM_NETWORK).catch(() => undefined);
  // Runtime API socket folders of environments whose lsim process died (their containers just went).
  await rm(runtimeApiRoot(home), { recursive: true, force: true });
  // Their /tmp disks too; the templates stay, like the extractions, as a cache.
  await reclaimAbandonedDisks(home, true);
  const blobBytesFreed = api.collectGarbage();
  const stored = new Set(new BlobStore(home).listBlobs().map((blob) => blob.key));
  let extractionsRemoved = 0;
  const entries = await readdir(cache.root).catch(() => [] as string[]);
  for (const name of entries) {
    if (/^[0-9a-f]{64}$/.test(name) && !stored.has(name)) {
      await rm(join(cache.root, name), { recursive: true, force: true });
      extractionsRemoved += 1;
    } else if (name.includes('.tmp-')) {
      await rm(join(cache.root, name), { recursive: true, force: true });
    }
  }
  return { containersRemoved: containers.length, volumesRemoved, extractionsRemoved, blobBytesFreed };
}
