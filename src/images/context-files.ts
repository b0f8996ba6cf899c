import { lstat, mkdir, readFile, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One entry of a Docker build context. The same entries feed the tag hash and the tar sent to the
 * engine, so what is hashed is exactly what is built.
 */
export type ContextEntry =
  | { readonly type: 'file'; readonly path: string; readonly mode: number; readonly content: Buffer }
  | { readonly type: 'directory'; readonly path: string; readonly mode: number }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string };

/**
 * Git keeps only the exec bit, so anything finer (umask, group bits) would make the same checkout
 * hash differently on two machines. Exec bits matter: a bootstrap without one cannot start.
 */
export function normalizeMode(mode: number, isDirectory: boolean): number {
  return isDirectory || (mode & 0o111) !== 0 ? 0o755 : 0o644;
}

/** Plain code-unit order: locale-independent, so every machine walks a context the same way. */
export function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * Every file, folder and symlink under `dir`, sorted by path, except top-level names in `exclude`
 * (test fixtures and docs that live beside a Dockerfile but are no part of the image). Sockets and
 * other special files are skipped: a build context cannot carry them.
 */
export async function readContextDir(dir: string, exclude: ReadonlySet<string> = new Set()): Promise<ContextEntry[]> {
  const entries: ContextEntry[] = [];
  const walk = async (relative: string): Promise<void> => {
    const names = (await readdir(join(dir, relative))).sort();
    for (const name of names) {
      if (relative === '' && exclude.has(name)) continue;
      const path = relative === '' ? name : `${relative}/${name}`;
      const absolute = join(dir, path);
      const stat = await lstat(absolute);
      if (stat.isSymbolicLink()) {
        entries.push({ type: 'symlink', path, target: await readlink(absolute) });
      } else if (stat.isDirectory()) {
        entries.push({ type: 'directory', path, mode: normalizeMode(stat.mode, true) });
        await walk(path);
      } else if (stat.isFile()) {
        entries.push({ type: 'file', path, mode: normalizeMode(stat.mode, false), content: await readFile(absolute) });
      }
    }
  };
  await walk('');
  return entries.sort(byPath);
}

/** Writes `entries` (as `readContextDir` reads them) under `dir`, for a tool that takes a folder rather than a tar. */
export async function writeContextDir(dir: string, entries: readonly ContextEntry[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const entry of [...entries].sort(byPath)) {
    const path = join(dir, entry.path);
    switch (entry.type) {
      case 'directory':
        await mkdir(path, { recursive: true, mode: entry.mode });
        break;
      case 'file':
        await writeFile(path, entry.content, { mode: entry.mode });
        break;
      case 'symlink':
        await symlink(entry.target, path);
        break;
    }
  }
}
