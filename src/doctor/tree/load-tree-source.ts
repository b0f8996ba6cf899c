import { stat } from 'node:fs/promises';
import { LsimError } from '../../common/errors.js';
import type { ExtractionCache } from '../../execution/extraction-cache.js';
import type { TreeSource } from '../doctor-subject.js';
import { treeSourceFromDir, type LayerMetadata } from './tree-source-from-dir.js';

/**
 * A zip or a folder as a TreeSource. Zips are extracted through the cache, as invoke does, so the
 * doctor sees the very tree (modes included) the container would get.
 */
export async function loadTreeSource(
  label: string,
  path: string,
  cache: ExtractionCache,
  options: LayerMetadata & { readonly sha256Hex?: string | undefined } = {},
): Promise<TreeSource> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new LsimError('ParamValidation', `no such file or directory: ${path}`);
  const { sha256Hex, ...metadata } = options;
  const dir = info.isDirectory() ? path : await cache.ensure(path, sha256Hex);
  return treeSourceFromDir(label, dir, metadata);
}
