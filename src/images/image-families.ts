import { FAMILIES } from '../runtimes/families/index.js';
import { SUPPORTED_RUNTIMES, isSupportedRuntime, runtimeInfo, type RuntimeId } from '../runtimes/runtime-catalogue.js';

/**
 * The folders of images/ that hold a runtime family's Dockerfile and bootstrap, one per family
 * descriptor (src/runtimes/families/). Which runtime id runs on which family, with which interpreter, is
 * the descriptors'.
 */
export const IMAGE_FAMILIES = FAMILIES.map((family) => family.imageFolder);
export type ImageFamily = (typeof IMAGE_FAMILIES)[number];

export function isImageFamily(value: string): value is ImageFamily {
  return (IMAGE_FAMILIES as readonly string[]).includes(value);
}

/** The family serving `runtime`, or undefined for a runtime lsim has no image for (dotnet, nodejs16.x...). */
export function familyOfRuntime(runtime: string): ImageFamily | undefined {
  return isSupportedRuntime(runtime) ? runtimeInfo(runtime).family : undefined;
}

export function runtimesOfFamily(family: ImageFamily): RuntimeId[] {
  return SUPPORTED_RUNTIMES.filter((runtime) => runtimeInfo(runtime).family === family);
}
