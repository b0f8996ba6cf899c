/**
 * The search paths a function's code actually gets, once its own variables are applied: what the
 * doctor prints and what invoke diagnoses quote. The family's own come from its descriptor
 * (src/runtimes/families/); PATH and LD_LIBRARY_PATH are every family's.
 */
import { runtimeInfo, type RuntimeId } from './runtime-catalogue.js';
import { defaultLdLibraryPathEntries, defaultPathEntries } from './default-paths.js';
import { familyRules } from './families/index.js';
import { platformVariable, type SearchPath } from './search-path-rules.js';

export type { SearchPath, SearchPathEntry, SearchPathVariable } from './search-path-rules.js';

/** `userEnv` is the function's own Environment.Variables, not the container's full environment. */
export function effectiveSearchPaths(runtime: RuntimeId, userEnv: Readonly<Record<string, string>>): SearchPath[] {
  const rules = familyRules(runtimeInfo(runtime));
  return [
    ...rules.searchPaths(userEnv),
    platformVariable('PATH', userEnv, defaultPathEntries(rules.platformPaths)),
    platformVariable('LD_LIBRARY_PATH', userEnv, defaultLdLibraryPathEntries(rules.platformPaths)),
  ];
}
