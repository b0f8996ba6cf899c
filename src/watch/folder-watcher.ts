import { once } from 'node:events';
import { resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

/**
 * The folders and files of a watch, on chokidar rather than Node 20's recursive `fs.watch`, whose Linux
 * implementation misses events while it walks the tree and can throw on deleted files
 * (docs/watch.md#the-watcher). Every change under a path is reported
 * as the absolute path that changed; what the change was does not matter, only that the tree differs.
 */
export class FolderWatcher {
  private readonly watcher: FSWatcher;
  private paths: Set<string>;

  private constructor(paths: readonly string[], onChange: (path: string) => void, onError: (error: unknown) => void) {
    this.paths = new Set(paths);
    this.watcher = watch([...this.paths], {
      ignoreInitial: true,
      // A zip stores a symlink as a link, so the tree it points into is not the layer's content.
      followSymlinks: false,
    });
    this.watcher.on('all', (_event, path) => onChange(resolve(path)));
    this.watcher.on('error', onError);
  }

  /** Watches `paths` (folders recursively, and files); resolves once their trees are being watched. */
  static async start(
    paths: readonly string[],
    onChange: (path: string) => void,
    onError: (error: unknown) => void,
  ): Promise<FolderWatcher> {
    const watcher = new FolderWatcher(paths, onChange, onError);
    await once(watcher.watcher, 'ready');
    return watcher;
  }

  /** Watches exactly `paths` from now on (a reloaded template may name other folders). */
  setPaths(paths: readonly string[]): void {
    const wanted = new Set(paths);
    const gone = [...this.paths].filter((path) => !wanted.has(path));
    const added = paths.filter((path) => !this.paths.has(path));
    if (gone.length > 0) this.watcher.unwatch(gone);
    if (added.length > 0) this.watcher.add(added);
    this.paths = wanted;
  }

  close(): Promise<void> {
    return this.watcher.close();
  }
}
