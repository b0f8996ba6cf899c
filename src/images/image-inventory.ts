import { bundledSdkSummary } from '../runtimes/bundled-sdk.js';
import type { ContainerEngine } from '../engine/container-engine.js';
import { DEBIAN_GLIBC, runtimeInfo, type DebianSuite, type RuntimeId } from '../runtimes/runtime-catalogue.js';
import type { ImageFamily } from './image-families.js';

/** One runtime id's image as `lsim images list` shows it: the recipe's facts and what the engine has. */
export interface ImageInventoryRow {
  readonly runtime: RuntimeId;
  readonly family: ImageFamily;
  /** null for provided*: the function's bootstrap is the runtime. */
  readonly interpreter: { readonly command: string; readonly version: string; readonly exact: boolean; readonly source: string } | null;
  readonly suite: DebianSuite;
  /** The image's glibc (its suite's libc6), beside the one Lambda's Amazon Linux has. */
  readonly glibc: string;
  readonly lambdaGlibc: string;
  readonly tag: string;
  readonly built: boolean;
  /** undefined when not built. */
  readonly sizeBytes: number | undefined;
  /**
   * The AWS SDKs the image bundles, name to version. Empty until the bundled-SDK facts exist
   * (src/runtimes/bundled-sdk.ts, being added separately); the field is here so the schema stays put.
   */
  readonly sdks: Readonly<Record<string, string>>;
}

/** The facts of each runtime id's image and whether the engine has it; builds nothing. */
export async function imageInventory(
  engine: ContainerEngine,
  tagFor: (runtime: RuntimeId) => Promise<string>,
  runtimes: readonly RuntimeId[],
): Promise<ImageInventoryRow[]> {
  return Promise.all(
    runtimes.map(async (runtime): Promise<ImageInventoryRow> => {
      const info = runtimeInfo(runtime);
      const tag = await tagFor(runtime);
      const sizeBytes = engine.imageSize === undefined ? undefined : await engine.imageSize(tag);
      const built = sizeBytes !== undefined || (engine.imageSize === undefined && (await engine.imageExists(tag)));
      return {
        runtime,
        family: info.family,
        interpreter: info.interpreter,
        suite: info.image.suite,
        glibc: DEBIAN_GLIBC[info.image.suite],
        lambdaGlibc: info.os.glibc,
        tag,
        built,
        sizeBytes,
        sdks: bundledSdkSummary(info.family, info.image.suite),
      };
    }),
  );
}
