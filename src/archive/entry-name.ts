import { posix } from 'node:path';
import { unsafeEntry } from './archive-errors.js';

/**
 * Turns a raw entry name into the relative POSIX path lsim stores and extracts, or rejects it.
 * Returns undefined for a name that denotes the archive root itself (`./`), which some zippers
 * emit and which carries nothing to extract.
 *
 * Checked on the raw name, before any normalisation, so that `a/../../x` is caught even though it
 * normalises to something that merely starts with `..`, and so that `a/../b` (harmless, but a
 * sign of a crafted archive) is refused consistently with unzip(1)'s and yauzl's rules.
 */
export function normalizeEntryName(raw: string): string | undefined {
  const shown = JSON.stringify(raw);
  if (raw.includes('\0')) throw unsafeEntry(`Archive entry ${shown} has a NUL character in its name.`);
  // Zip paths use '/'; a backslash is either a Windows separator (ambiguous) or a traversal attempt.
  if (raw.includes('\\')) {
    throw unsafeEntry(`Archive entry ${shown} contains a backslash; zip entry paths must use forward slashes.`);
  }
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) {
    throw unsafeEntry(`Archive entry ${shown} is an absolute path; entries must be relative to the archive root.`);
  }
  if (raw.split('/').includes('..')) throw unsafeEntry(`Archive entry ${shown} escapes the archive root.`);
  const normal = posix.normalize(raw).replace(/\/+$/, '');
  if (normal === '.' || normal === '') {
    if (raw.endsWith('/')) return undefined;
    throw unsafeEntry(`Archive entry ${shown} has an empty path.`);
  }
  return normal;
}
