import type { SearchPathVariable } from '../../runtimes/search-paths.js';
import type { Finding } from '../finding.js';
import type { SyncCheck } from './check-context.js';

/** The environment variable that controls each search path. */
const VARIABLE_NAME: Readonly<Record<SearchPathVariable, string>> = {
  NODE_PATH: 'NODE_PATH',
  'sys.path': 'PYTHONPATH',
  'class path': 'CLASSPATH',
  GEM_PATH: 'GEM_PATH',
  RUBYLIB: 'RUBYLIB',
  PATH: 'PATH',
  LD_LIBRARY_PATH: 'LD_LIBRARY_PATH',
};

/**
 * Path bug 5: a user value of NODE_PATH, PYTHONPATH, GEM_PATH, RUBYLIB, PATH or LD_LIBRARY_PATH
 * replaces the runtime's default, and the /opt entries go with it.
 */
export const searchPathCheck: SyncCheck = ({ subject, searchPaths, view }) => {
  const findings: Finding[] = [];
  for (const searchPath of searchPaths) {
    const removed = searchPath.entries.filter((e) => e.removedByUser === true && e.path.startsWith('/opt')).map((e) => e.path);
    if (removed.length === 0) continue;
    const variable = VARIABLE_NAME[searchPath.variable];
    const supplied = removed.filter((path) => view.exists(path));
    const value = subject.userEnv[variable] ?? '';
    const example = variable === 'PYTHONPATH' ? `${value}:${removed.join(':')}` : `${value === '' ? '' : `${value}:`}${removed.join(':')}`;
    findings.push({
      severity: subject.layers.length > 0 ? 'warning' : 'info',
      code: 'search-path-opt-removed',
      message:
        `The function sets ${variable}, which replaces the runtime's default and drops ${removed.join(', ')} from ` +
        `${searchPath.variable}` +
        (supplied.length > 0 ? `: the layers' ${supplied.join(', ')} will not be searched.` : '.'),
      fix: `Append the layer paths to ${variable} instead of replacing them (${variable}=${example}), or remove ${variable} from the environment.`,
      paths: removed,
    });
  }
  return findings;
};
