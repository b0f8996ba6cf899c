import { isAbsolute, relative, sep } from 'node:path';

/** What a watched path is to the command: the template itself, a function's code, or a layer's content. */
export type RootRole = 'template' | 'code' | 'layer';

/** A folder or a file (a zip, a template) whose changes matter; `path` is absolute. */
export interface WatchRoot {
  readonly path: string;
  readonly role: RootRole;
  /** How messages name it: the logical id, or the path as given on the command line. */
  readonly label: string;
}

/** A burst of changes as the command acts on it: the roots it touched, each with its changed paths. */
export interface ChangeSet {
  readonly roots: readonly { readonly root: WatchRoot; readonly paths: readonly string[] }[];
  /** The template changed: its functions, layers and so the roots themselves may differ now. */
  readonly template: boolean;
}

/** Whether `path` is `root` or lies inside it (a sibling that shares a prefix does not). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The roots a burst of changed paths touched, in the roots' order; a path inside several roots (a layer
 * folder inside the code folder) counts for each, and a path inside none (the watcher reports a parent
 * folder) for none.
 */
export function classifyChanges(roots: readonly WatchRoot[], changes: Iterable<string>): ChangeSet {
  const paths = [...changes];
  const touched = roots
    .map((root) => ({ root, paths: paths.filter((path) => isWithin(root.path, path)) }))
    .filter((entry) => entry.paths.length > 0);
  return { roots: touched, template: touched.some((entry) => entry.root.role === 'template') };
}

/** How a message names a path: relative to the working folder when inside it, else as it is. */
export function displayPath(cwd: string, path: string): string {
  return isWithin(cwd, path) ? relative(cwd, path) || '.' : path;
}

/** `layer GreetingLayer (2 paths), code HelloFunction (1 path)`: what the watch tells before acting. */
export function describeChanges(changes: ChangeSet): string {
  return changes.roots
    .map(({ root, paths }) => `${root.role} ${root.label} (${paths.length} ${paths.length === 1 ? 'path' : 'paths'})`)
    .join(', ');
}

/** The roots' distinct paths, for the watcher: two functions sharing a code folder watch it once. */
export function watchedPaths(roots: readonly WatchRoot[]): string[] {
  return [...new Set(roots.map((root) => root.path))];
}
