import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LsimError } from '../common/errors.js';
import { byPath, readContextDir, type ContextEntry } from './context-files.js';
import { bundledSdkBuildArgs, bundledSdkDebianPackages } from '../runtimes/bundled-sdk.js';
import type { Architecture } from '../runtimes/architecture.js';
import { runtimeInfo, type NodeBinary, type RuntimeId } from '../runtimes/runtime-catalogue.js';
import type { ImageFamily } from './image-families.js';
import { baseTag, familyTag, rootfsTag, type RootfsInputs } from './image-tags.js';
import { parsePackageList } from './package-list.js';

/** Everything needed to build one runtime id's image and its ancestors, with every tag computed. */
export interface ImagePlan {
  readonly family: ImageFamily;
  readonly architecture: Architecture;
  readonly rootfs: { readonly tag: string; readonly inputs: RootfsInputs };
  readonly base: { readonly tag: string; readonly context: readonly ContextEntry[] };
  readonly image: {
    readonly tag: string;
    readonly context: readonly ContextEntry[];
    /** `ARG` defaults the builder pins in the family Dockerfile, besides BASE. */
    readonly buildArgs: Readonly<Record<string, string>>;
    /** Fetched at build time into the context as `node`; its integrity is part of the tag. */
    readonly nodeBinary: NodeBinary | undefined;
  };
}

export interface PlanOptions {
  readonly variant: string;
  readonly architecture: Architecture;
}

/** A family's rootfs hooks (`RootfsHooks`), which run in the rootfs build rather than in its Dockerfile. */
const ROOTFS_HOOKS = 'rootfs';

/** Beside a Dockerfile but no part of the image: docs and the rootfs recipe. */
const NOT_CONTEXT = new Set(['README.md', 'packages.txt', ROOTFS_HOOKS]);

/**
 * The image of `runtime` for `options.architecture`, from its catalogue recipe (src/runtimes/runtime-catalogue.ts): a rootfs of its
 * Debian suite with the base packages and its own, the shared Lambda layout, its family's folder.
 */
export async function planImage(imagesDir: string, runtime: RuntimeId, options: PlanOptions): Promise<ImagePlan> {
  const { family, image: catalogued } = runtimeInfo(runtime);
  // The family's bundled SDK (src/runtimes/bundled-sdk.ts) is part of its recipe.
  const recipe = {
    ...catalogued,
    packages: [...catalogued.packages, ...bundledSdkDebianPackages(family)],
    buildArgs: { ...catalogued.buildArgs, ...bundledSdkBuildArgs(family, catalogued.buildArgs) },
  };
  const packagesText = await readRequired(join(imagesDir, 'base', 'packages.txt'));
  const hookFiles = await readOptionalContextDir(join(imagesDir, family, ROOTFS_HOOKS));
  const rootfsInputs: RootfsInputs = {
    packages: [...parsePackageList(packagesText), ...recipe.packages],
    suite: recipe.suite,
    variant: options.variant,
    architecture: options.architecture,
    ...(hookFiles.length === 0 ? {} : { hooks: { files: hookFiles, env: recipe.buildArgs } }),
  };
  const rootfs = rootfsTag(rootfsInputs);

  const baseContext = await baseContextEntries(imagesDir);
  const base = baseTag(rootfs, baseContext);

  await readRequired(join(imagesDir, family, 'Dockerfile'));
  const familyContext = await readContextDir(join(imagesDir, family), NOT_CONTEXT);
  const nodeBinary = recipe.nodeBinary?.[options.architecture];
  return {
    family,
    architecture: options.architecture,
    rootfs: { tag: rootfs, inputs: rootfsInputs },
    base: { tag: base, context: baseContext },
    image: {
      tag: familyTag(family, base, familyContext, { buildArgs: recipe.buildArgs, nodeBinary }),
      context: familyContext,
      buildArgs: recipe.buildArgs,
      nodeBinary,
    },
  };
}

/** images/base plus images/common at the context root: the base Dockerfile COPYs lsim-entry from there. */
async function baseContextEntries(imagesDir: string): Promise<ContextEntry[]> {
  await readRequired(join(imagesDir, 'base', 'Dockerfile'));
  const own = await readContextDir(join(imagesDir, 'base'), NOT_CONTEXT);
  const common = await readContextDir(join(imagesDir, 'common'), NOT_CONTEXT);
  const taken = new Set(own.map((entry) => entry.path));
  const clash = common.find((entry) => taken.has(entry.path));
  if (clash !== undefined) {
    throw new LsimError(
      'ImageBuildFailed',
      `images/common/${clash.path} clashes with images/base/${clash.path} in the base build context.`,
    );
  }
  return [...own, ...common].sort(byPath);
}

/** The folder's entries, or none when there is no such folder. */
async function readOptionalContextDir(dir: string): Promise<ContextEntry[]> {
  const isDirectory = await stat(dir).then(
    (found) => found.isDirectory(),
    () => false,
  );
  return isDirectory ? readContextDir(dir) : [];
}

async function readRequired(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new LsimError('ImageBuildFailed', `Cannot read ${path}: the images folder is incomplete.`, { cause: error });
  }
}
