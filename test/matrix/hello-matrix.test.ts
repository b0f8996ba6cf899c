import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { SUPPORTED_RUNTIMES, runtimeInfo, type RuntimeFamily } from '../../src/runtimes/runtime-catalogue.js';
import { helloCase } from '../helpers/hello-cases.js';
import { fixtureDir } from '../helpers/invoke-helpers.js';
import { compileJava } from '../helpers/javac.js';
import { describeRuntimeCases } from '../helpers/runtime-cases.js';

/**
 * `npm run test:matrix`: the hello case (test/helpers/hello-cases.ts) of EVERY runtime id lsim invokes,
 * each asserting the interpreter its family descriptor names. CI's runtime-cases tables keep a
 * representative set per family; this is the whole matrix, and scripts/test-matrix.mjs prints it as a
 * per-id table.
 */
const fixture = (path: string): string => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

const x86 = SUPPORTED_RUNTIMES.map((runtime) => helloCase<RuntimeFamily>(runtime, runtimeInfo(runtime).family));
// Both architectures (docs/architectures.md); under QEMU the runtimes start slower and QEMU's own memory
// counts against the limit, hence the larger timeout and memory.
const arm64 = x86.map((row) => ({ ...row, architecture: 'arm64' as const, memoryMb: 1024, timeoutSeconds: 60 }));
const rows = [...x86, ...arm64];

describeRuntimeCases('matrix', rows, async (lsim) => {
  // code/ also holds the runtime-cases handlers, which need the layer jar's classes to compile.
  const greeter = fixtureDir(lsim, 'matrix-java-greeter', {});
  await compileJava(lsim, { sources: join(fixture('java/src'), 'layerjar'), outDir: greeter });
  const java = fixtureDir(lsim, 'matrix-java-code', {});
  await compileJava(lsim, { sources: join(fixture('java/src'), 'code'), classPath: [greeter], outDir: java });
  return {
    nodejs: fixture('nodejs/function'),
    python: fixture('python/function'),
    ruby: fixture('ruby/code'),
    java,
    provided: fixture('provided/function'),
  };
});
