import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { zipDirectory } from '../archive/zip-directory.js';

export interface ContentZip {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  readonly codeSha256: string;
}

/**
 * A folder zipped as SAM packages it (its contents at the zip root), or a zip as it is. The folder's
 * zip is byte-stable (sorted entries, no timestamps), so an unchanged folder has an unchanged CodeSha256.
 */
export async function contentZip(path: string): Promise<ContentZip> {
  const zip = (await stat(path)).isDirectory() ? await zipDirectory(path) : await readFile(path);
  return { zip, codeSha256: createHash('sha256').update(zip).digest('base64') };
}
