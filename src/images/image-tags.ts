import { createHash } from 'node:crypto';
import type { ContextEntry } from './context-files.js';
import type { Architecture } from '../runtimes/architecture.js';
import type { NodeBinary } from '../runtimes/runtime-catalogue.js';
import type { ImageFamily } from './image-families.js';

/**
 * Content-addressed image tags: each tag hashes its own inputs plus its parent's tag, so a change
 * anywhere below an image renames it and the builder rebuilds exactly what changed. Pure functions.
 */

/**
 * Bump to rename every image when the recipe changes in code rather than in images/. 5: the rootfs is
 * built in two stages on a shared essential tarball (docs/image-builds.md); its files are the same, but
 * an image the one-run builder made is not taken for one this builder made.
 */
const RECIPE_VERSION = 'lsim-images/5';
const HASH_CHARS = 16;

export interface RootfsInputs {
  readonly packages: readonly string[];
  readonly suite: string;
  readonly variant: string;
  readonly architecture: Architecture;
  /** A family's own steps inside the rootfs build (images/<family>/rootfs/), when it has any. */
  readonly hooks?: RootfsHooks;
}

/**
 * images/<family>/rootfs/: `essential-hook.sh`, run in the chroot once the essential packages are in and
 * before the recipe's own, and `customize-hook.sh`, run once every package is in (mmdebstrap(1)'s hook
 * phases), each with `env` in its environment; the folder is at /tmp/lsim-rootfs meanwhile.
 */
export interface RootfsHooks {
  readonly files: readonly ContextEntry[];
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Every tag starts with its architecture (`lsim/python:arm64-<hash>`), so `docker images` tells the two
 * apart; the hash covers it too, through the rootfs each image descends from.
 */
export function rootfsTag(inputs: RootfsInputs): string {
  // Sorted and deduplicated: mmdebstrap ignores include order, and a reorder should not cost a rebuild.
  const packages = [...new Set(inputs.packages)].sort();
  const hooks = inputs.hooks === undefined ? [] : [...contextParts(inputs.hooks.files), ...argParts(inputs.hooks.env)];
  return `lsim/rootfs:${inputs.architecture}-${digest(['rootfs', inputs.architecture, inputs.suite, inputs.variant, ...packages, ...hooks])}`;
}

export function baseTag(parentRootfsTag: string, context: readonly ContextEntry[]): string {
  return `lsim/base:${architecturePrefix(parentRootfsTag)}${digest(['base', parentRootfsTag, ...contextParts(context)])}`;
}

/** `arm64-` of `lsim/rootfs:arm64-<hash>`: a child's tag keeps its parent's architecture. */
function architecturePrefix(parentTag: string): string {
  return /:([a-z0-9_]+-)[0-9a-f]+$/.exec(parentTag)?.[1] ?? '';
}

/** What a family image takes besides its folder: pinned build arguments and a fetched Node.js binary. */
export interface FamilyInputs {
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly nodeBinary: NodeBinary | undefined;
}

export function familyTag(family: ImageFamily, parentBaseTag: string, context: readonly ContextEntry[], inputs: FamilyInputs): string {
  const args = argParts(inputs.buildArgs);
  // The integrity names the binary's exact bytes, so hashing it stands for hashing 100+ MB.
  const node = inputs.nodeBinary === undefined ? [] : [`node ${inputs.nodeBinary.version} ${inputs.nodeBinary.integrity}`];
  return `lsim/${family}:${architecturePrefix(parentBaseTag)}${digest(['family', family, parentBaseTag, ...contextParts(context), ...args, ...node])}`;
}

function argParts(args: Readonly<Record<string, string>>): string[] {
  return Object.keys(args)
    .sort()
    .map((name) => `arg ${name}=${args[name] ?? ''}`);
}

function contextParts(context: readonly ContextEntry[]): string[] {
  return context.map((entry) => {
    switch (entry.type) {
      case 'file':
        return `file ${entry.path} ${entry.mode.toString(8)} ${createHash('sha256').update(entry.content).digest('hex')}`;
      case 'directory':
        return `dir ${entry.path} ${entry.mode.toString(8)}`;
      case 'symlink':
        return `symlink ${entry.path} ${entry.target}`;
    }
  });
}

/** Length-prefixed so that no two different part lists can serialize alike. */
function digest(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of [RECIPE_VERSION, ...parts]) {
    const bytes = Buffer.from(part, 'utf8');
    hash.update(`${bytes.length}:`).update(bytes);
  }
  return hash.digest('hex').slice(0, HASH_CHARS);
}
