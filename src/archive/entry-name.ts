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
  // Only a refused name is shown, and a layer has thousands that are not: worded on demand.
  const shown = (): string => JSON.stringify(raw.length > 120 ? `${raw.slice(0, 100)}…` : raw);
  if (raw.includes('\0')) throw unsafeEntry(`Archive entry ${shown()} has a NUL character in its name.`);
  // Zip paths use '/'; a backslash is either a Windows separator (ambiguous) or a traversal attempt.
  if (raw.includes('\\')) {
    throw unsafeEntry(`Archive entry ${shown()} contains a backslash; zip entry paths must use forward slashes.`);
  }
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) {
    throw unsafeEntry(`Archive entry ${shown()} is an absolute path; entries must be relative to the archive root.`);
  }
  if (raw.split('/').includes('..')) throw unsafeEntry(`Archive entry ${shown()} escapes the archive root.`);
  checkLengths(raw, shown);
  const normal = posix.normalize(raw).replace(/\/+$/, '');
  if (normal === '.' || normal === '') {
    if (raw.endsWith('/')) return undefined;
    throw unsafeEntry(`Archive entry ${shown()} has an empty path.`);
  }
  return normal;
}

/** Linux's NAME_MAX: the longest file name (one path component) any filesystem lsim extracts onto holds. */
export const MAX_NAME_BYTES = 255;
/**
 * The longest entry path lsim accepts (lsim's choice, docs/archive-limits.md): Linux's PATH_MAX is
 * 4,096 bytes for the whole path, `/opt/` or `/var/task/` in the container and the extraction folder
 * under LSIM_HOME on the host included, so an entry path must leave room for both.
 */
export const MAX_PATH_BYTES = 4000;

/** Names the filesystem cannot hold are refused at publish, not discovered by every invoke. */
function checkLengths(raw: string, shown: () => string): void {
  const bytes = Buffer.byteLength(raw);
  if (bytes > MAX_PATH_BYTES) {
    throw unsafeEntry(`Archive entry ${shown()} has a path of ${bytes} bytes; entry paths are limited to ${MAX_PATH_BYTES} bytes.`);
  }
  const long = raw.split('/').find((part) => Buffer.byteLength(part) > MAX_NAME_BYTES);
  if (long !== undefined) {
    throw unsafeEntry(
      `Archive entry ${shown()} has a file name of ${Buffer.byteLength(long)} bytes; file names are limited to ${MAX_NAME_BYTES} bytes.`,
    );
  }
}
