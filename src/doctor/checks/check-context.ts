import type { RuntimeInfo } from '../../runtimes/runtime-catalogue.js';
import type { SearchPath } from '../../runtimes/search-paths.js';
import type { DoctorSubject, TreeEntry, TreeSource } from '../doctor-subject.js';
import type { Finding } from '../finding.js';
import type { SandboxView } from '../tree/sandbox-view.js';

/** What every check gets: computed once per diagnosis. */
export interface CheckContext {
  readonly subject: DoctorSubject;
  readonly info: RuntimeInfo;
  readonly view: SandboxView;
  readonly searchPaths: readonly SearchPath[];
}

/** A check reads, never changes, and returns its findings (none when all is well). */
export type Check = (ctx: CheckContext) => Finding[] | Promise<Finding[]>;

/** A check that needs listings only, usable where the caller cannot wait (invoke diagnoses). */
export type SyncCheck = (ctx: CheckContext) => Finding[];

/** A layer's entries whose relative path matches, as /opt paths. */
export function layerPaths(layer: TreeSource, match: (entry: TreeEntry) => boolean): string[] {
  return layer.entries.filter(match).map((entry) => `/opt/${entry.path}`);
}

/** Whether a layer has this relative path (any type). */
export function layerHas(layer: TreeSource, path: string): boolean {
  return layer.entries.some((entry) => entry.path === path);
}

/** Top-level folder names of a tree matching a pattern, e.g. `python/lib/python3.8`. */
export function childDirs(layer: TreeSource, parent: string): string[] {
  const prefix = parent === '' ? '' : `${parent}/`;
  return layer.entries
    .filter((e) => e.type === 'directory' && e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes('/'))
    .map((e) => e.path.slice(prefix.length));
}
