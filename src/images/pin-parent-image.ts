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

/**
 * Every `ARG` of `args` pinned the same way (the parent image's among them). A value is written in
 * double quotes, so a list of names can be one argument; quotes, backslashes, `$` and line breaks are
 * refused, since Docker would read them differently from the value the tag hash took.
 */
export function pinBuildArgs(dockerfile: string, args: Readonly<Record<string, string>>): string {
  let pinned = dockerfile;
  for (const [name, value] of Object.entries(args)) {
    if (/["\\$\r\n]/.test(value))
      throw new LsimError('ImageBuildFailed', `Build argument ${name} has a character lsim cannot pin: ${value}`);
    pinned = pinParentImage(pinned, name, /\s/.test(value) ? `"${value}"` : value);
  }
  return pinned;
}
