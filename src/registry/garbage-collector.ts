import type { BlobStore } from './blob-store.js';
import type { Db } from './database.js';
import type { Functions } from './functions.js';
import type { LayerVersions } from './layer-versions.js';

/**
 * Removes blobs no live layer version and no function needs, and temp files older than
 * `tempGraceMs` (younger ones may belong to an intake still inspecting its copy). Runs under the
 * write lock so no commit-and-insert can interleave with the sweep. Returns the bytes freed.
 */
export function collectGarbage(db: Db, store: BlobStore, versions: LayerVersions, functions: Functions, tempGraceMs: number): number {
  return db
    .transaction(() => {
      const needed = new Set([...versions.blobKeys(), ...functions.blobKeys()]);
      let freed = 0;
      for (const blob of store.listBlobs()) {
        if (needed.has(blob.key)) continue;
        store.remove(store.pathOf(blob.key));
        freed += blob.size;
      }
      const cutoff = Date.now() - tempGraceMs;
      for (const temp of store.listTemps()) {
        if (temp.mtimeMs > cutoff) continue;
        store.remove(temp.path);
        freed += temp.size;
      }
      return freed;
    })
    .immediate();
}
