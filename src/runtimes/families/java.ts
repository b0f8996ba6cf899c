/**
 * The java family: OpenJDK of the runtime id's major from Debian (docs/runtimes.md#interpreter-sources);
 * the class path is the runtime's own and no variable changes it.
 */
import { defaults } from '../search-path-rules.js';
import { TASK_ROOT } from '../default-paths.js';
import { JAVA_CLASS_PATH_ENTRIES, JAVA_HANDLER_RULE, JAVA_LAYER_ROOT } from './java-handler.js';
import { AL2, AL2023, type DebianSuite, type FamilyDescriptor, type OsInfo, type Recipe, type RuntimeBase } from './family-types.js';

export interface JavaRuntimeInfo extends RuntimeBase<'java'> {
  readonly javaMajor: number;
}

/**
 * OpenJDK per Java major. java11 gets bullseye's OpenJDK 11, built from bullseye's main and updates
 * archives only (src/images/mmdebstrap.ts says why). java8.al2 gets the nearest, 11: sid's OpenJDK 8
 * comes with a Jackson compiled for Java 21 (class files of major version 65), and lsim's runtime is
 * compiled with `--release 11` besides (docs/deviations.md#java8al2).
 */
const JDKS: Readonly<Record<number, { readonly major: number; readonly suite: DebianSuite }>> = {
  8: { major: 11, suite: 'bullseye' },
  11: { major: 11, suite: 'bullseye' },
  17: { major: 17, suite: 'bookworm' },
  21: { major: 21, suite: 'trixie' },
  25: { major: 25, suite: 'trixie' },
};

function javaRecipe(wanted: number): Recipe {
  const jdk = JDKS[wanted];
  if (jdk === undefined) throw new Error(`no Debian suite pinned for OpenJDK ${wanted}`);
  const { major, suite } = jdk;
  return {
    interpreter: { command: 'java', version: String(major), exact: major === wanted, source: `Debian ${suite} openjdk-${major}` },
    image: { suite, packages: [`openjdk-${major}-jdk-headless`, 'libjackson2-databind-java'], buildArgs: {} },
  };
}

const java = <Id extends string>(id: Id, javaMajor: number, os: OsInfo): JavaRuntimeInfo & { readonly id: Id } => ({
  id,
  family: 'java',
  os,
  ...javaRecipe(javaMajor),
  javaMajor,
});

// OS per runtime id as AWS's runtime table lists it (docs/lambda-facts.md#operating-system).
const RUNTIMES = [
  java('java8.al2', 8, AL2),
  java('java11', 11, AL2),
  java('java17', 17, AL2),
  java('java21', 21, AL2023),
  java('java25', 25, AL2023),
] as const;

export type JavaRuntimeId = (typeof RUNTIMES)[number]['id'];

export const JAVA: FamilyDescriptor<'java', JavaRuntimeInfo> = {
  family: 'java',
  imageFolder: 'java',
  runtimes: RUNTIMES,
  platformPaths: 'language',
  defaultEnv: () => [],
  // The class loader reads no variable, so nothing a user sets can change it (docs/lambda-facts.md#search-path-variables).
  searchPaths: () => [{ variable: 'class path', entries: defaults(JAVA_CLASS_PATH_ENTRIES) }],
  handler: JAVA_HANDLER_RULE,
  // Main.java's root of the layer jars, whose lib/ the class loader lists; the bootstrap falls back to the task root.
  bootstrapPaths: [`"${JAVA_LAYER_ROOT}"`, `${JAVA_LAYER_ROOT}/lib`, TASK_ROOT],
  // java8.al2 → 8.al2, java21 → 21.
  awsBaseImageTag: (info) => info.id.slice('java'.length),
  interpreters: () => ['/var/lang/bin/java'],
};
