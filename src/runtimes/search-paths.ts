/**
 * The search paths a function's code actually gets, once its own variables are applied: what the
 * doctor prints and what invoke diagnoses quote. Default entries a user variable removed are kept,
 * marked, because "my layer is ignored" is usually exactly that (path bug 5).
 */
import { runtimeInfo, type RuntimeId } from './runtime-catalogue.js';
import {
  DEFAULT_RUBYLIB_ENTRIES,
  JAVA_CLASS_PATH_ENTRIES,
  RUNTIME_DIR,
  TASK_ROOT,
  defaultGemPathEntries,
  defaultLdLibraryPathEntries,
  defaultNodePathEntries,
  defaultPathEntries,
  pythonLayerEntries,
} from './default-paths.js';

export type SearchPathVariable = 'NODE_PATH' | 'sys.path' | 'class path' | 'GEM_PATH' | 'RUBYLIB' | 'PATH' | 'LD_LIBRARY_PATH';

export interface SearchPathEntry {
  readonly path: string;
  readonly source: 'default' | 'user';
  /** A default entry that the user's value of the variable dropped: listed, but not searched. */
  readonly removedByUser?: boolean;
}

export interface SearchPath {
  readonly variable: SearchPathVariable;
  /** Searched entries in search order, then the removed defaults. */
  readonly entries: readonly SearchPathEntry[];
}

type Env = Readonly<Record<string, string>>;

const defaults = (paths: readonly string[]): SearchPathEntry[] => paths.map((path) => ({ path, source: 'default' }));

// Empty items are dropped: they mean "current directory" to some consumers and nothing to others,
// and the doctor has nothing useful to say about them.
const splitList = (value: string): string[] => value.split(':').filter((item) => item !== '');

/** The user's entries, then every default entry their value no longer contains. */
function replaced(userValue: string, defaultPaths: readonly string[]): SearchPathEntry[] {
  const user = splitList(userValue);
  const removed = defaultPaths
    .filter((path) => !user.includes(path))
    .map((path): SearchPathEntry => ({ path, source: 'default', removedByUser: true }));
  return [...user.map((path): SearchPathEntry => ({ path, source: 'user' })), ...removed];
}

/** A platform-set variable: any user value, even empty, replaces the default (platform-env). */
function platformVariable(variable: SearchPathVariable, env: Env, defaultPaths: readonly string[]): SearchPath {
  const userValue = env[variable];
  return { variable, entries: userValue === undefined ? defaults(defaultPaths) : replaced(userValue, defaultPaths) };
}

/** The nodejs bootstrap fills NODE_PATH only when it is empty, so an empty user value changes nothing. */
function nodePath(env: Env, nodeMajor: number): SearchPath {
  const userValue = env.NODE_PATH;
  const defaultPaths = defaultNodePathEntries(nodeMajor);
  const unset = userValue === undefined || userValue === '';
  return { variable: 'NODE_PATH', entries: unset ? defaults(defaultPaths) : replaced(userValue, defaultPaths) };
}

/**
 * The head of sys.path. Python itself puts the script's folder (/var/runtime, where bootstrap.py
 * lives) first and PYTHONPATH after it; bootstrap.py then inserts the layer entries (only when
 * PYTHONPATH is absent from the environment, even if empty) and the task root in front.
 */
function pythonSysPath(env: Env, pythonVersion: string): SearchPath {
  const layer = pythonLayerEntries(pythonVersion);
  const userValue = env.PYTHONPATH;
  if (userValue === undefined) {
    return { variable: 'sys.path', entries: defaults([TASK_ROOT, ...layer, RUNTIME_DIR]) };
  }
  const user = splitList(userValue);
  const removed = layer
    .filter((path) => !user.includes(path))
    .map((path): SearchPathEntry => ({ path, source: 'default', removedByUser: true }));
  const userEntries = user.map((path): SearchPathEntry => ({ path, source: 'user' }));
  return { variable: 'sys.path', entries: [...defaults([TASK_ROOT, RUNTIME_DIR]), ...userEntries, ...removed] };
}

/** `userEnv` is the function's own Environment.Variables, not the container's full environment. */
export function effectiveSearchPaths(runtime: RuntimeId, userEnv: Env): SearchPath[] {
  const info = runtimeInfo(runtime);
  const common = [
    platformVariable('PATH', userEnv, defaultPathEntries(info.family)),
    platformVariable('LD_LIBRARY_PATH', userEnv, defaultLdLibraryPathEntries(info.family)),
  ];
  switch (info.family) {
    case 'nodejs':
      return [nodePath(userEnv, info.nodeMajor), ...common];
    case 'python':
      return [pythonSysPath(userEnv, info.pythonVersion), ...common];
    case 'ruby':
      return [
        platformVariable('GEM_PATH', userEnv, defaultGemPathEntries(info.rubyVersion)),
        platformVariable('RUBYLIB', userEnv, DEFAULT_RUBYLIB_ENTRIES),
        ...common,
      ];
    case 'java':
      // The class loader reads no variable, so nothing a user sets can change it (docs/lambda-facts.md#search-path-variables).
      return [{ variable: 'class path', entries: defaults(JAVA_CLASS_PATH_ENTRIES) }, ...common];
    case 'provided':
      return common;
  }
}
