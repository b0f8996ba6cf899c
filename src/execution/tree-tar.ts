import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { mergeLayerTrees, type TreeEntry } from './tree-merge.js';

/** One path of a tree on disk, as `lstat` saw it. */
export interface DiskEntry extends TreeEntry {
  /** Where the bytes (or the link) are on this machine. */
  readonly source: string;
  /** Permission bits (setuid/setgid/sticky included). */
  readonly mode: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly linkTarget?: string;
}

/**
 * Every folder, file and symlink under `root` (sockets, fifos and devices are skipped: a zip
 * cannot hold them). Symlinks are listed, never followed.
 */
export async function walkTree(root: string): Promise<DiskEntry[]> {
  const entries: DiskEntry[] = [];
  const visit = async (relative: string): Promise<void> => {
    const names = (await readdir(relative === '' ? root : join(root, relative))).sort();
    for (const name of names) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const source = join(root, path);
      const info = await lstat(source);
      const common = { path, source, mode: info.mode & 0o7777, size: info.size, mtimeMs: info.mtimeMs };
      if (info.isDirectory()) {
        entries.push({ ...common, kind: 'directory', size: 0 });
        await visit(path);
      } else if (info.isSymbolicLink()) {
        entries.push({ ...common, kind: 'symlink', size: 0, linkTarget: await readlink(source) });
      } else if (info.isFile()) {
        entries.push({ ...common, kind: 'file' });
      }
    }
  };
  await visit('');
  return entries;
}

/** A file written last into a filled volume: its presence says the tree before it arrived whole. */
export const COMPLETE_MARKER = '.lsim-complete';

/**
 * The merged tree of `layers` (first = lowest) as a tar stream, read straight from the layer
 * folders (no merged copy on disk): later layer wins, folders merged, overlayfs hiding, modes,
 * symlinks and mtimes kept, everything owned by root as Lambda's /opt and /var/task are.
 */
export function packMergedTree(layers: readonly (readonly DiskEntry[])[]): Readable {
  const pack = tar.pack();
  const merged = mergeLayerTrees(layers);
  void (async () => {
    try {
      for (const { path, entry } of merged) {
        if (isDestroyed(pack)) return;
        await addEntry(pack, path, entry);
      }
      pack.finalize();
    } catch (error) {
      pack.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  // tar-stream 3 streams are streamx streams; dockerode wants a genuine Node stream.
  return Readable.from(pack);
}

/** A tar holding only the completion marker. */
export function packMarker(content: string): Readable {
  const pack = tar.pack();
  pack.entry({ ...OWNER, name: COMPLETE_MARKER, type: 'file', mode: 0o444, mtime: new Date() }, content);
  pack.finalize();
  return Readable.from(pack);
}

const OWNER = { uid: 0, gid: 0, uname: 'root', gname: 'root' } as const;

async function addEntry(pack: tar.Pack, name: string, entry: DiskEntry): Promise<void> {
  const header = { ...OWNER, name, mode: entry.mode, mtime: new Date(entry.mtimeMs) };
  if (entry.kind === 'directory') {
    await written((done) => pack.entry({ ...header, type: 'directory' }, done));
  } else if (entry.kind === 'symlink') {
    await written((done) => pack.entry({ ...header, type: 'symlink', linkname: entry.linkTarget ?? '' }, done));
  } else {
    let sink: NodeJS.WritableStream | undefined;
    const finished = written((done) => {
      sink = pack.entry({ ...header, type: 'file', size: entry.size }, done);
    });
    const target = sink as unknown as NodeJS.WritableStream;
    // When reading the source fails, the whole pack is destroyed with that error (the caller sees
    // it); the entry's own error event and its completion callback then carry the same failure, so
    // they are observed here instead of surfacing as an uncaught exception or unhandled rejection.
    target.on('error', () => undefined);
    finished.catch(() => undefined);
    for await (const chunk of createReadStream(entry.source)) {
      if (isDestroyed(pack)) throw new Error('The tar consumer went away');
      if (!target.write(chunk as Buffer)) await drained(target);
    }
    target.end();
    await finished;
  }
}

const isDestroyed = (stream: object): boolean => (stream as { destroyed?: boolean }).destroyed === true;

/** Resolves on drain, or when the stream is gone (a failed upload must not leave this waiting). */
function drained(target: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      target.removeListener('drain', done);
      target.removeListener('close', done);
      target.removeListener('error', done);
      resolve();
    };
    target.once('drain', done);
    target.once('close', done);
    target.once('error', done);
  });
}

function written(start: (done: (error?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => start((error) => (error ? reject(error) : resolve())));
}
