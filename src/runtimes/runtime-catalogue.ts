/**
 * The runtimes lsim simulates and what Lambda does per runtime id. Every other module asks this
 * catalogue instead of parsing runtime ids itself, so a new runtime is one entry here.
 */

export const SUPPORTED_RUNTIMES = [
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'python3.9',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'ruby3.2',
  'ruby3.3',
  'java11',
  'java17',
  'java21',
  'provided.al2',
  'provided.al2023',
] as const;

export type RuntimeId = (typeof SUPPORTED_RUNTIMES)[number];
export type RuntimeFamily = 'nodejs' | 'python' | 'ruby' | 'java' | 'provided';

/**
 * The Amazon Linux generation under the runtime. The doctor compares ELF symbol versions against
 * `glibc`: AL2 ships 2.26, AL2023 2.34 (path bug 8; docs/lambda-facts.md#operating-system).
 */
export interface OsInfo {
  readonly name: 'AL2' | 'AL2023';
  readonly glibc: '2.26' | '2.34';
}

/** The interpreter inside lsim's own image, which is Debian's whatever the runtime id (images/README.md). */
export interface ImageInterpreter {
  readonly command: 'node' | 'python3' | 'ruby' | 'java';
  readonly version: string;
}

interface RuntimeBase {
  readonly id: RuntimeId;
  readonly os: OsInfo;
  /** null for provided*: the user's bootstrap is the interpreter. */
  readonly interpreter: ImageInterpreter | null;
}

export interface NodeRuntimeInfo extends RuntimeBase {
  readonly family: 'nodejs';
  /** Names the `nodejs/nodeNN/node_modules` layer folder. */
  readonly nodeMajor: number;
}

export interface PythonRuntimeInfo extends RuntimeBase {
  readonly family: 'python';
  /** `X.Y`, as in `python/lib/pythonX.Y/site-packages`. */
  readonly pythonVersion: string;
}

export interface RubyRuntimeInfo extends RuntimeBase {
  readonly family: 'ruby';
  /** `X.Y.0`, the gem directory name, as in `ruby/gems/X.Y.0`. */
  readonly rubyVersion: string;
}

export interface JavaRuntimeInfo extends RuntimeBase {
  readonly family: 'java';
  readonly javaMajor: number;
}

export interface ProvidedRuntimeInfo extends RuntimeBase {
  readonly family: 'provided';
}

export type RuntimeInfo = NodeRuntimeInfo | PythonRuntimeInfo | RubyRuntimeInfo | JavaRuntimeInfo | ProvidedRuntimeInfo;

const AL2: OsInfo = { name: 'AL2', glibc: '2.26' };
const AL2023: OsInfo = { name: 'AL2023', glibc: '2.34' };

// Debian bookworm's packages, installed in every lsim family image (images/README.md).
const NODE: ImageInterpreter = { command: 'node', version: '18.20' };
const PYTHON: ImageInterpreter = { command: 'python3', version: '3.11' };
const RUBY: ImageInterpreter = { command: 'ruby', version: '3.1' };
const JAVA: ImageInterpreter = { command: 'java', version: '17' };

const node = (id: RuntimeId, nodeMajor: number, os: OsInfo): NodeRuntimeInfo => ({
  id,
  family: 'nodejs',
  os,
  interpreter: NODE,
  nodeMajor,
});
const python = (id: RuntimeId, pythonVersion: string, os: OsInfo): PythonRuntimeInfo => ({
  id,
  family: 'python',
  os,
  interpreter: PYTHON,
  pythonVersion,
});
const ruby = (id: RuntimeId, rubyVersion: string, os: OsInfo): RubyRuntimeInfo => ({
  id,
  family: 'ruby',
  os,
  interpreter: RUBY,
  rubyVersion,
});
const java = (id: RuntimeId, javaMajor: number, os: OsInfo): JavaRuntimeInfo => ({ id, family: 'java', os, interpreter: JAVA, javaMajor });
const provided = (id: RuntimeId, os: OsInfo): ProvidedRuntimeInfo => ({ id, family: 'provided', os, interpreter: null });

// OS per runtime id as AWS's runtime table lists it (docs/lambda-facts.md#operating-system).
const CATALOGUE: Readonly<Record<RuntimeId, RuntimeInfo>> = {
  'nodejs18.x': node('nodejs18.x', 18, AL2),
  'nodejs20.x': node('nodejs20.x', 20, AL2023),
  'nodejs22.x': node('nodejs22.x', 22, AL2023),
  'python3.9': python('python3.9', '3.9', AL2),
  'python3.10': python('python3.10', '3.10', AL2),
  'python3.11': python('python3.11', '3.11', AL2),
  'python3.12': python('python3.12', '3.12', AL2023),
  'python3.13': python('python3.13', '3.13', AL2023),
  'ruby3.2': ruby('ruby3.2', '3.2.0', AL2),
  'ruby3.3': ruby('ruby3.3', '3.3.0', AL2023),
  java11: java('java11', 11, AL2),
  java17: java('java17', 17, AL2),
  java21: java('java21', 21, AL2023),
  'provided.al2': provided('provided.al2', AL2),
  'provided.al2023': provided('provided.al2023', AL2023),
};

export function isSupportedRuntime(id: string): id is RuntimeId {
  return Object.hasOwn(CATALOGUE, id);
}

export function runtimeInfo(id: RuntimeId): RuntimeInfo {
  // The type already rules this out; a cast or unchecked JSON could still get here.
  if (!isSupportedRuntime(id)) throw new Error(`lsim does not simulate runtime ${String(id)}`);
  return CATALOGUE[id];
}
