/**
 * The python family: CPython from the Debian suite that has the runtime id's minor
 * (docs/runtimes.md#interpreter-sources), sys.path as Lambda's bootstrap.py builds it.
 */
import { RUNTIME_DIR, TASK_ROOT } from '../default-paths.js';
import { defaults, removedDefaults, splitList, type SearchPath, type SearchPathEntry } from '../search-path-rules.js';
import { PYTHON_HANDLER_RULE } from './python-handler.js';
import { AL2, AL2023, type DebianSuite, type FamilyDescriptor, type OsInfo, type Recipe, type RuntimeBase } from './family-types.js';

export interface PythonRuntimeInfo extends RuntimeBase<'python'> {
  /** `X.Y`, as in `python/lib/pythonX.Y/site-packages`. */
  readonly pythonVersion: string;
}

/**
 * CPython from the Debian suite that has that minor version (docs/runtimes.md#interpreter-sources).
 * No suite these machines reach has 3.10 or 3.12: those get the nearest newer minor, whose removals
 * (distutils in 3.12) match the runtime id's better than the older one's would.
 */
const PYTHON_SUITES: Readonly<Record<string, DebianSuite>> = { '3.9': 'bullseye', '3.11': 'bookworm', '3.13': 'trixie', '3.14': 'sid' };

/** A runtime id, its minor, and the minor that really runs for it. */
interface PythonVersion {
  readonly id: string;
  readonly os: OsInfo;
  readonly pythonVersion: string;
  readonly real: string;
}

// OS per runtime id as AWS's runtime table lists it (docs/lambda-facts.md#operating-system).
const VERSIONS = [
  { id: 'python3.9', os: AL2, pythonVersion: '3.9', real: '3.9' },
  { id: 'python3.10', os: AL2, pythonVersion: '3.10', real: '3.11' },
  { id: 'python3.11', os: AL2, pythonVersion: '3.11', real: '3.11' },
  { id: 'python3.12', os: AL2023, pythonVersion: '3.12', real: '3.13' },
  { id: 'python3.13', os: AL2023, pythonVersion: '3.13', real: '3.13' },
  { id: 'python3.14', os: AL2023, pythonVersion: '3.14', real: '3.14' },
] as const satisfies readonly PythonVersion[];

export type PythonRuntimeId = (typeof VERSIONS)[number]['id'];

function pythonRecipe({ pythonVersion, real }: PythonVersion): Recipe {
  const suite = PYTHON_SUITES[real];
  if (suite === undefined) throw new Error(`no Debian suite has Python ${real}`);
  // Every runtime id this image serves gets its own /var/lang/bin/pythonX.Y, as Lambda names it.
  const served = VERSIONS.filter((version) => version.real === real).map((version) => `python${version.pythonVersion}`);
  return {
    interpreter: { command: 'python3', version: real, exact: pythonVersion === real, source: `Debian ${suite} python${real}` },
    image: {
      suite,
      // boto3's packages: src/runtimes/bundled-sdk.ts.
      packages: [`python${real}`],
      buildArgs: { PYTHON: `python${real}`, PYTHON_NAMES: served.join(' ') },
    },
  };
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
 * The head of sys.path. Python itself puts the script's folder (/var/runtime, where bootstrap.py
 * lives) first and PYTHONPATH after it; bootstrap.py then inserts the layer entries (only when
 * PYTHONPATH is absent from the environment, even if empty) and the task root in front.
 */
function pythonSysPath(userEnv: Readonly<Record<string, string>>, pythonVersion: string): SearchPath {
  const layer = pythonLayerEntries(pythonVersion);
  const userValue = userEnv.PYTHONPATH;
  if (userValue === undefined) {
    return { variable: 'sys.path', entries: defaults([TASK_ROOT, ...layer, RUNTIME_DIR]) };
  }
  const user = splitList(userValue);
  const userEntries = user.map((path): SearchPathEntry => ({ path, source: 'user' }));
  return { variable: 'sys.path', entries: [...defaults([TASK_ROOT, RUNTIME_DIR]), ...userEntries, ...removedDefaults(user, layer)] };
}

const RUNTIMES = VERSIONS.map((version): PythonRuntimeInfo => ({
  id: version.id,
  family: 'python',
  os: version.os,
  ...pythonRecipe(version),
  pythonVersion: version.pythonVersion,
}));

export const PYTHON: FamilyDescriptor<'python', PythonRuntimeInfo> = {
  family: 'python',
  imageFolder: 'python',
  runtimes: RUNTIMES,
  platformPaths: 'language',
  // PYTHONPATH is deliberately absent: bootstrap.py adds the /opt entries only when it is unset.
  defaultEnv: () => [],
  searchPaths: (info, userEnv) => [pythonSysPath(userEnv, info.pythonVersion)],
  handler: PYTHON_HANDLER_RULE,
  // bootstrap.py formats the minor into `{}`.
  bootstrapPaths: pythonLayerEntries('{}').map((path) => `"${path}"`),
  awsBaseImageTag: (info) => info.pythonVersion,
  interpreters: (info) => ['/var/lang/bin/python3', `/var/lang/bin/python${info.pythonVersion}`],
};
