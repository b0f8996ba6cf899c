/**
 * How a user's variable combines with a search path's default entries: the building blocks the family
 * descriptors (src/runtimes/families/) use for their own search paths. Default entries a user variable
 * removed are kept, marked, because "my layer is ignored" is usually exactly that (path bug 5).
 */

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

export const defaults = (paths: readonly string[]): SearchPathEntry[] => paths.map((path) => ({ path, source: 'default' }));

// Empty items are dropped: they mean "current directory" to some consumers and nothing to others,
// and the doctor has nothing useful to say about them.
export const splitList = (value: string): string[] => value.split(':').filter((item) => item !== '');

/** The default entries `user` no longer contains, marked as removed. */
export function removedDefaults(user: readonly string[], defaultPaths: readonly string[]): SearchPathEntry[] {
  return defaultPaths
    .filter((path) => !user.includes(path))
    .map((path): SearchPathEntry => ({ path, source: 'default', removedByUser: true }));
}

/** The user's entries, then every default entry their value no longer contains. */
export function replaced(userValue: string, defaultPaths: readonly string[]): SearchPathEntry[] {
  const user = splitList(userValue);
  return [...user.map((path): SearchPathEntry => ({ path, source: 'user' })), ...removedDefaults(user, defaultPaths)];
}

/** A platform-set variable: any user value, even empty, replaces the default (platform-env). */
export function platformVariable(variable: SearchPathVariable, env: Env, defaultPaths: readonly string[]): SearchPath {
  const userValue = env[variable];
  return { variable, entries: userValue === undefined ? defaults(defaultPaths) : replaced(userValue, defaultPaths) };
}
