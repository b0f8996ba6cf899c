import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ARCHITECTURE_FACTS, type Architecture } from '../../src/runtimes/architecture.js';
import { debianPackages, filesUnder, treeOf } from './fetch-packages.js';
import { fixtureDir } from './invoke-helpers.js';
import { compileJava } from './javac.js';
import type { LsimHome } from './lsim-home.js';
import type { RuntimeCase } from './runtime-cases.js';

/**
 * Lambda's same-architecture rule for the language runtimes (docs/architectures.md#native-layers): a
 * layer of real Debian packages of one architecture (bullseye's jq with its libraries, trixie's
 * python3-yaml with libyaml) under python3.13, ruby3.3 and java21 functions of each architecture.
 * The layer of the function's own architecture runs (so a refusal is the architecture's doing, not
 * the layer's); the other one's tool fails to exec with ENOEXEC, its library fails to load as glibc
 * refuses another machine's object, and CPython does not even see the extension module (its file
 * name carries the other architecture's triplet). bullseye's jq needs glibc 2.29, under the AL2023
 * ceiling of these runtime ids (docs/glibc-ceiling.md).
 * architectures.test.ts runs the x86_64 functions (CI's images); `npm run test:matrix` the arm64 ones.
 */
export type NativeTree = 'python' | 'ruby' | 'java' | 'x86_64-layer' | 'arm64-layer';

const fixture = (path: string): string => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

const OTHER: Readonly<Record<Architecture, Architecture>> = { x86_64: 'arm64', arm64: 'x86_64' };

/** glibc's words for a library of another machine: it skips the file as if it were not there (elf/dl-load.c open_verify). */
const NOT_LOADABLE = '/opt/lib/libjq.so.1: cannot open shared object file: No such file or directory';

/** What a shell says about a file it cannot run either, after the runtime's exec fell back to it (docs/deviations.md#binsh). */
const SHELL_REFUSAL = expect.stringMatching(/^exit \d+: \/opt\/bin\/jq: /) as unknown;

/** The JVM puts the path before glibc's message and the ELF header's machine after it (HotSpot's os_linux.cpp). */
const JAVA_NAMES: Readonly<Record<Architecture, string>> = { x86_64: 'AMD 64', arm64: 'AARCH64' };

export function nativeLayerCases(architecture: Architecture): RuntimeCase<NativeTree>[] {
  const other = OTHER[architecture];
  // Under QEMU the runtimes start slower and QEMU's own memory counts against the limit (docs/deviations.md#arm64-under-qemu).
  const common = architecture === 'arm64' ? ({ architecture, memoryMb: 1024, timeoutSeconds: 60 } as const) : ({} as const);
  const own = { ...common, layers: [`${architecture}-layer` as const], note: `${architecture} layer: runs` };
  const foreign = { ...common, layers: [`${other}-layer` as const], note: `${other} layer: exec format error` };
  const runs = { exec: 'jq-1.6', dlopen: 'loaded' };
  return [
    {
      ...own,
      runtime: 'python3.13',
      handler: 'native_tool.handler',
      code: 'python',
      expected: { response: { ...runs, import: 'loaded' } },
    },
    {
      ...foreign,
      runtime: 'python3.13',
      handler: 'native_tool.handler',
      code: 'python',
      expected: {
        response: { exec: "[Errno 8] Exec format error: '/opt/bin/jq'", dlopen: NOT_LOADABLE, import: "No module named 'yaml._yaml'" },
      },
    },
    { ...own, runtime: 'ruby3.3', handler: 'native_tool.handler', code: 'ruby', expected: { response: runs } },
    {
      ...foreign,
      runtime: 'ruby3.3',
      handler: 'native_tool.handler',
      code: 'ruby',
      expected: { response: { exec: SHELL_REFUSAL, dlopen: NOT_LOADABLE } },
    },
    { ...own, runtime: 'java21', handler: 'example.NativeTool::handleRequest', code: 'java', expected: { response: runs } },
    {
      ...foreign,
      runtime: 'java21',
      handler: 'example.NativeTool::handleRequest',
      code: 'java',
      expected: {
        response: {
          exec: SHELL_REFUSAL,
          dlopen: `/opt/lib/libjq.so.1: ${NOT_LOADABLE} (Possible cause: can't load ${JAVA_NAMES[other]} .so on a ${JAVA_NAMES[architecture]} platform)`,
        },
      },
    },
  ];
}

/** The layer of one architecture, from that architecture's .debs. */
function nativeLayer(lsim: LsimHome, architecture: Architecture): string {
  const { debian, uname } = ARCHITECTURE_FACTS[architecture];
  const downloads = join(lsim.home, 'downloads');
  const lib = `usr/lib/${uname}-linux-gnu`;
  const jq = debianPackages(downloads, 'bullseye', ['jq', 'libjq1', 'libonig5'], debian);
  const yaml = debianPackages(downloads, 'trixie', ['python3-yaml', 'libyaml-0-2'], debian);
  const yamlPackage = join(yaml, 'usr/lib/python3/dist-packages/yaml');
  return fixtureDir(lsim, `native-${architecture}`, {
    ...treeOf(jq, '', { 'bin/jq': 'usr/bin/jq', 'lib/libjq.so.1': `${lib}/libjq.so.1`, 'lib/libonig.so.5': `${lib}/libonig.so.5` }),
    ...treeOf(yaml, '', { 'lib/libyaml-0.so.2': `${lib}/libyaml-0.so.2` }),
    ...treeOf(yamlPackage, 'python/yaml/', filesUnder(yamlPackage)),
  });
}

export async function nativeLayerTrees(lsim: LsimHome): Promise<Record<NativeTree, string>> {
  const java = fixtureDir(lsim, 'native-java', {});
  await compileJava(lsim, { sources: fixture('java/src/native'), outDir: java });
  return {
    python: fixture('python/native'),
    ruby: fixture('ruby/native'),
    java,
    'x86_64-layer': nativeLayer(lsim, 'x86_64'),
    'arm64-layer': nativeLayer(lsim, 'arm64'),
  };
}
