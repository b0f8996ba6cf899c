/**
 * Lambda's default search-path values per runtime (reference 3.2), shared by the environment
 * builder and the search-path explainer so both always agree. Values are colon lists as Lambda
 * prints them; the helpers return entry arrays.
 */
import type { RuntimeFamily } from './runtime-catalogue.js';

export const TASK_ROOT = '/var/task';
export const RUNTIME_DIR = '/var/runtime';

// [BI]; [DUMP]. The odd `/usr/bin/` trailing slash is Lambda's own and is kept.
const LANGUAGE_PATH = ['/var/lang/bin', '/usr/local/bin', '/usr/bin/', '/bin', '/opt/bin'];
// [DUMP] provided.al2 (docs list the same); the provided base image adds /var/lang/bin [BI], real
// Lambda does not. provided.al2023 is assumed to match provided.al2.
const PROVIDED_PATH = ['/usr/local/bin', '/usr/bin/', '/bin', '/opt/bin'];

// [BI]; dumps; [DOCS].
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
// [DUMP] provided.al2: the same list without /var/lang/lib.
const PROVIDED_LD_LIBRARY_PATH = LANGUAGE_LD_LIBRARY_PATH.slice(1);

export function defaultPathEntries(family: RuntimeFamily): string[] {
  return [...(family === 'provided' ? PROVIDED_PATH : LANGUAGE_PATH)];
}

export function defaultLdLibraryPathEntries(family: RuntimeFamily): string[] {
  return [...(family === 'provided' ? PROVIDED_LD_LIBRARY_PATH : LANGUAGE_LD_LIBRARY_PATH)];
}

/**
 * NODE_PATH as `/var/runtime/bootstrap` computes it when NODE_PATH is empty ([DUMP] nodejs18.x and
 * nodejs22.x bootstraps; nodejs20.x by analogy, one second-hand source omits /var/runtime).
 */
export function defaultNodePathEntries(nodeMajor: number): string[] {
  return [
    `/opt/nodejs/node${nodeMajor}/node_modules`,
    '/opt/nodejs/node_modules',
    '/var/runtime/node_modules',
    '/var/runtime',
    '/var/task',
  ];
}

/**
 * The two layer entries bootstrap.py puts right after the task root in sys.path, only when
 * PYTHONPATH is unset (bootstrap.py `set_default_sys_path` [DUMP]). The site-packages one is also
 * a site dir, so `.pth` files work there and not in /opt/python (path-bugs 4).
 */
export function pythonLayerEntries(pythonVersion: string): string[] {
  return [`/opt/python/lib/python${pythonVersion}/site-packages`, '/opt/python'];
}

/**
 * GEM_PATH: ruby3.2 is [DUMP] (second-hand). ruby3.3 docs print only the first two entries
 * ([DOCS] envvars); the 3.2 dump shows the docs abbreviate, so the two /var/runtime entries are
 * added by analogy **[partially confirmed]**.
 */
export function defaultGemPathEntries(rubyVersion: string): string[] {
  return [
    `/var/task/vendor/bundle/ruby/${rubyVersion}`,
    `/opt/ruby/gems/${rubyVersion}`,
    '/var/runtime',
    `/var/runtime/ruby/${rubyVersion}`,
  ];
}

/** RUBYLIB: [LAMBCI] ruby2.7 image value **[unconfirmed for 3.x]**; the variable is RUBYLIB, not RUBY_LIB. */
export const DEFAULT_RUBYLIB_ENTRIES: readonly string[] = ['/var/task', '/var/runtime/lib', '/opt/ruby/lib'];

/** GEM_HOME: [LAMBCI] ruby2.7 era **[unconfirmed for 3.x]**. */
export const DEFAULT_GEM_HOME = '/var/runtime';

/**
 * The Java runtime's class loader URLs: no CLASSPATH variable, top-level jars only, each folder's
 * jars in lexical order ([JRIC] `CustomerClassLoader.getUrls`, `libRoot="/opt/java"`).
 */
export const JAVA_CLASS_PATH_ENTRIES: readonly string[] = ['/var/task', '/var/task/lib/*.jar', '/opt/java/lib/*.jar'];
