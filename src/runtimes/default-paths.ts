/**
 * Lambda's default PATH and LD_LIBRARY_PATH (docs/lambda-facts.md#environment-defaults), shared by the
 * environment builder and the search-path explainer so both always agree. Values are colon lists as
 * Lambda prints them; the helpers return entry arrays. Each family's own search paths (NODE_PATH,
 * sys.path, GEM_PATH, the Java class path) are in its descriptor, src/runtimes/families/<family>.ts.
 */

export const TASK_ROOT = '/var/task';
export const RUNTIME_DIR = '/var/runtime';

// As recorded in real functions (docs/lambda-facts.md#environment-defaults). The odd `/usr/bin/` trailing slash is
// Lambda's own and is kept.
const LANGUAGE_PATH = ['/var/lang/bin', '/usr/local/bin', '/usr/bin/', '/bin', '/opt/bin'];
// provided.al2 and provided.al2023 as Lambda sets them (docs/lambda-facts.md#environment-defaults): no /var/lang/bin,
// although the provided base images add it.
const PROVIDED_PATH = ['/usr/local/bin', '/usr/bin/', '/bin', '/opt/bin'];

// docs/lambda-facts.md#environment-defaults.
const LANGUAGE_LD_LIBRARY_PATH = [
  '/var/lang/lib',
  '/lib64',
  '/usr/lib64',
  '/var/runtime',
  '/var/runtime/lib',
  '/var/task',
  '/var/task/lib',
  '/opt/lib',
];
// provided.*: the same list without /var/lang/lib (docs/lambda-facts.md#environment-defaults).
const PROVIDED_LD_LIBRARY_PATH = LANGUAGE_LD_LIBRARY_PATH.slice(1);

export type PlatformPaths = 'language' | 'provided';

export function defaultPathEntries(paths: PlatformPaths): string[] {
  return [...(paths === 'provided' ? PROVIDED_PATH : LANGUAGE_PATH)];
}

export function defaultLdLibraryPathEntries(paths: PlatformPaths): string[] {
  return [...(paths === 'provided' ? PROVIDED_LD_LIBRARY_PATH : LANGUAGE_LD_LIBRARY_PATH)];
}
