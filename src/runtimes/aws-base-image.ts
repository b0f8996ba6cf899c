import { runtimeImage, type LsimConfig, type UserImage } from '../common/config.js';
import { familyRules } from './families/index.js';
import { runtimeInfo, type RuntimeId } from './runtime-catalogue.js';

/**
 * AWS's base image of a runtime id, `<registry>/lambda/<family>:<tag>` (public.ecr.aws/lambda/python:3.12;
 * the tags are docs/aws-base-images.md's). `registry` is LSIM_AWS_IMAGE_REGISTRY, a mirror's prefix included.
 */
export function awsBaseImage(runtime: RuntimeId, registry: string): string {
  const info = runtimeInfo(runtime);
  return `${registry}/lambda/${info.family}:${familyRules(info).awsBaseImageTag()}`;
}

/** The image other than lsim's own that `runtime` runs on (`--image` as `flag`), or undefined for lsim's. */
export function userImageFor(config: LsimConfig, runtime: RuntimeId, flag?: string): UserImage | undefined {
  return runtimeImage(config, runtimeInfo(runtime).family, flag, awsBaseImage(runtime, config.awsImageRegistry));
}
