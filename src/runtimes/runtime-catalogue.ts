/**
 * The runtimes lsim simulates and what Lambda does per runtime id, derived from the family descriptors
 * (src/runtimes/families/<family>.ts). Every other module asks this catalogue instead of parsing runtime
 * ids itself, so a new runtime version is one entry in its family's descriptor.
 */

import { FAMILIES, type AnyFamilyDescriptor } from './families/index.js';
import type { RuntimeFamily } from './families/family-types.js';
import type { JavaRuntimeId, JavaRuntimeInfo } from './families/java.js';
import type { NodeRuntimeId, NodeRuntimeInfo } from './families/nodejs.js';
import type { ProvidedRuntimeId, ProvidedRuntimeInfo } from './families/provided.js';
import type { PythonRuntimeId, PythonRuntimeInfo } from './families/python.js';
import type { RubyRuntimeId, RubyRuntimeInfo } from './families/ruby.js';

export { DEBIAN_GLIBC } from './families/family-types.js';
export type { DebianSuite, ImageInterpreter, NodeBinary, OsInfo, RuntimeFamily, RuntimeImage } from './families/family-types.js';
export type { JavaRuntimeInfo, NodeRuntimeInfo, ProvidedRuntimeInfo, PythonRuntimeInfo, RubyRuntimeInfo };

export type RuntimeId = NodeRuntimeId | PythonRuntimeId | RubyRuntimeId | JavaRuntimeId | ProvidedRuntimeId;

/** A runtime id's facts, as its family's descriptor states them. */
export type RuntimeInfo = (NodeRuntimeInfo | PythonRuntimeInfo | RubyRuntimeInfo | JavaRuntimeInfo | ProvidedRuntimeInfo) & {
  readonly id: RuntimeId;
};

/** Every runtime id lsim invokes, family by family, each family's in AWS's order (src/runtimes/families/). */
export const SUPPORTED_RUNTIMES: readonly RuntimeId[] = FAMILIES.flatMap((family) => family.runtimes.map((info) => info.id as RuntimeId));

// Each descriptor's ids are the literal types RuntimeId is made of, so the cast only restores what the
// family's array element type widened to string.
const CATALOGUE: ReadonlyMap<string, RuntimeInfo> = new Map(
  FAMILIES.flatMap((family) => family.runtimes.map((info) => info as RuntimeInfo)).map((info) => [info.id, info]),
);

/** The descriptor of `family`: its ids, recipes, environment and search-path rules. */
export function familyDescriptor(family: RuntimeFamily): AnyFamilyDescriptor {
  const descriptor = FAMILIES.find((candidate) => candidate.family === family);
  if (descriptor === undefined) throw new Error(`no descriptor for runtime family ${family}`);
  return descriptor;
}

export function isSupportedRuntime(id: string): id is RuntimeId {
  return CATALOGUE.has(id);
}

export function runtimeInfo(id: RuntimeId): RuntimeInfo {
  // The type already rules this out; a cast or unchecked JSON could still get here.
  const info = CATALOGUE.get(id);
  if (info === undefined) throw new Error(`lsim does not simulate runtime ${String(id)}`);
  return info;
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
