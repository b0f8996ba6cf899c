import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { ContextEntry } from './context-files.js';

/** Fixed so the same entries always make the same bytes (and the engine's build cache stays warm). */
const MTIME = new Date('2020-01-01T00:00:00Z');

/** A Docker build context: the entries as a tar, in the given order, modes kept, owned by root. */
export function packBuildContext(entries: readonly ContextEntry[]): Readable {
  const pack = tar.pack();
  const common = { mtime: MTIME, uid: 0, gid: 0, uname: 'root', gname: 'root' };
  for (const entry of entries) {
    switch (entry.type) {
      case 'file':
        pack.entry({ ...common, name: entry.path, type: 'file', mode: entry.mode, size: entry.content.length }, entry.content);
        break;
      case 'directory':
        pack.entry({ ...common, name: entry.path, type: 'directory', mode: entry.mode });
        break;
      case 'symlink':
        pack.entry({ ...common, name: entry.path, type: 'symlink', mode: 0o777, linkname: entry.target });
        break;
    }
  }
  pack.finalize();
  // tar-stream 3 streams are streamx streams; dockerode wants a genuine Node stream.
  return Readable.from(pack);
}
