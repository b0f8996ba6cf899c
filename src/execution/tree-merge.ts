/**
 * The union of layer trees as Lambda (and overlayfs) builds /opt, as a pure function over listings:
 * layers apply in order and the later one wins on a path; folders present in several layers merge,
 * the later layer's folder supplying the folder's own metadata; a path that is not a folder in a
 * later layer (a file or a symlink, even one pointing at a folder) hides everything the earlier
 * layers have at or below it, and a later folder hides an earlier file of the same path.
 */

export type TreeEntryKind = 'directory' | 'file' | 'symlink';

/** One path of a layer tree, relative to the layer root, POSIX separators, no leading `./` or `/`. */
export interface TreeEntry {
  readonly path: string;
  readonly kind: TreeEntryKind;
}

/** A merged entry and the index of the layer (in the given order) it comes from. */
export interface MergedEntry<E extends TreeEntry = TreeEntry> {
  /** `entry.path` normalised (no `./`, no doubled or trailing slash). */
  readonly path: string;
  readonly entry: E;
  readonly layer: number;
}

/**
 * Merges `layers` (first = lowest, last = wins) into one listing in which every folder precedes
 * what it contains, siblings sorted by name: the order a tar of the merged tree must have.
 * A layer listing need not name its folders before their contents (or at all); a path listed twice
 * in one layer keeps its last listing.
 */
export function mergeLayerTrees<E extends TreeEntry>(layers: readonly (readonly E[])[]): MergedEntry<E>[] {
  const claimed = new Map<string, MergedEntry<E>>();
  // A folder an upper layer provides merges the lower layers' folders of that path only down to the
  // first lower layer where the path is not a folder: below that layer, nothing shows through.
  const stops = new Map<string, number>();
  for (let layer = layers.length - 1; layer >= 0; layer -= 1) {
    const own = new Map<string, E>();
    for (const entry of layers[layer] ?? []) own.set(normalise(entry.path), entry);
    for (const [path, entry] of own) {
      if (path === '') continue;
      if (!claimed.has(path)) {
        if (!hiddenByUpper(path, claimed, stops, layer)) claimed.set(path, { path, entry, layer });
      } else if (entry.kind !== 'directory' && !stops.has(path)) {
        // An upper layer has this path (as a folder, or it is hidden anyway): this non-folder still
        // ends the merge of everything further down.
        stops.set(path, layer);
      }
      // Otherwise the upper entry stays: the later layer wins, and for folder over folder its
      // metadata wins while this layer's contents still merge below it, path by path.
    }
  }
  return [...claimed.entries()].sort(([a], [b]) => comparePaths(a, b)).map(([, merged]) => merged);
}

/** True when a layer above `layer` has a non-folder at one of `path`'s ancestors, or ends the merge there. */
function hiddenByUpper<E extends TreeEntry>(
  path: string,
  claimed: ReadonlyMap<string, MergedEntry<E>>,
  stops: ReadonlyMap<string, number>,
  layer: number,
): boolean {
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
    const ancestor = path.slice(0, slash);
    const upper = claimed.get(ancestor);
    if (upper !== undefined && upper.layer > layer && upper.entry.kind !== 'directory') return true;
    const stop = stops.get(ancestor);
    if (stop !== undefined && stop > layer) return true;
  }
  return false;
}

function normalise(path: string): string {
  return path
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

/** Component-wise, so `a/b` sorts right after `a` and before `a-b`: parents before children. */
export function comparePaths(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return left.length - right.length;
}
