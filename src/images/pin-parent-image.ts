import { LsimError } from '../common/errors.js';

/**
 * The engine interface has no build arguments, so the parent image is pinned by rewriting the
 * Dockerfile's `ARG <name>[=default]` line (which must precede FROM) to default to the exact tag.
 * The tag hash covers the Dockerfile as written, so the rewrite cannot hide a change.
 */
export function pinParentImage(dockerfile: string, argName: string, tag: string): string {
  const line = new RegExp(`^ARG[ \\t]+${argName}(?:=[^\\r\\n]*)?[ \\t]*$`, 'm');
  if (!line.test(dockerfile)) {
    throw new LsimError(
      'ImageBuildFailed',
      `The Dockerfile does not declare "ARG ${argName}" before FROM; lsim pins the parent image through it.`,
    );
  }
  return dockerfile.replace(line, `ARG ${argName}=${tag}`);
}
