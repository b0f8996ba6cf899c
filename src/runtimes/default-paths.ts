/**
 * Lambda's default search-path values per runtime (docs/lambda-facts.md#environment-defaults and
 * #search-path-variables), shared by the environment
 * builder and the search-path explainer so both always agree. Values are colon lists as Lambda
 * prints them; the helpers return entry arrays.
 */
import type { RuntimeFamily } from './runtime-catalogue.js';

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

export function defaultPathEntries(family: RuntimeFamily): string[] {
  return [...(family === 'provided' ? PROVIDED_PATH : LANGUAGE_PATH)];
}

export function defaultLdLibraryPathEntries(family: RuntimeFamily): string[] {
  return [...(family === 'provided' ? PROVIDED_LD_LIBRARY_PATH : LANGUAGE_LD_LIBRARY_PATH)];
}

/**
 * NODE_PATH as `/var/runtime/bootstrap` computes it when NODE_PATH is empty, the same pattern for every
 * Node major (docs/lambda-facts.md#search-path-variables).
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
 * PYTHONPATH is unset (bootstrap.py `set_default_sys_path`). Both are also site dirs, so `.pth` files
 * work in either (docs/lambda-facts.md#search-path-variables; path bug 4).
 */
export function pythonLayerEntries(pythonVersion: string): string[] {
  return [`/opt/python/lib/python${pythonVersion}/site-packages`, '/opt/python'];
}

/**
 * GEM_PATH: ruby3.2's as recorded in a real function. The ruby3.3 docs print only the first two entries;
 * the 3.2 value shows the docs abbreviate, so the two /var/runtime entries are added by analogy
 * (unconfirmed for 3.3: docs/lambda-facts.md#search-path-variables, docs/deviations.md#ruby-search-path-values).
 */
export function defaultGemPathEntries(rubyVersion: string): string[] {
  return [
    `/var/task/vendor/bundle/ruby/${rubyVersion}`,
    `/opt/ruby/gems/${rubyVersion}`,
    '/var/runtime',
    `/var/runtime/ruby/${rubyVersion}`,
  ];
}

/** RUBYLIB as recorded for ruby3.2 (unconfirmed for 3.3: docs/deviations.md#ruby-search-path-values); not RUBY_LIB. */
export const DEFAULT_RUBYLIB_ENTRIES: readonly string[] = ['/var/task', '/var/runtime/lib', '/opt/ruby/lib'];

/** GEM_HOME as recorded for ruby3.2 (unconfirmed for 3.3: docs/deviations.md#ruby-search-path-values). */
export const DEFAULT_GEM_HOME = '/var/runtime';

/**
 * The Java runtime's class loader URLs: no CLASSPATH variable, top-level jars only, each folder's
 * jars in lexical order (the Java runtime interface client's `CustomerClassLoader.getUrls`, `libRoot="/opt/java"`;
 * docs/lambda-facts.md#search-path-variables).
 */
export const JAVA_CLASS_PATH_ENTRIES: readonly string[] = ['/var/task', '/var/task/lib/*.jar', '/opt/java/lib/*.jar'];
