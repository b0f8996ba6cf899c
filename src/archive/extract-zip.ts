import { randomBytes } from 'node:crypto';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isLsimError } from '../common/errors.js';
import { ownerToken } from '../common/process-owner.js';
import { contentMismatch } from './archive-errors.js';
import { hashFile } from './hash-file.js';
import { removeTree } from './remove-tree.js';
import { TreeWriter } from './tree-writer.js';
import type { InspectOptions, ZipInspection } from './types.js';
import { walkZip } from './walk-zip.js';

/**
 * Extracts a zip into `destDir`, all or nothing: the tree is built in a sibling temporary folder
 * and renamed into place, so readers never see half a layer. If `destDir` appears meanwhile
 * (another process extracting the same content won the race), that tree is kept and ours dropped.
 * Rejects exactly like `inspectZip`; on any failure nothing is left beside `destDir`.
 *
 * `expectedSha256Hex` is the digest the zip was stored under: a zip that no longer has it (replaced
 * by another valid zip, or damaged so that it no longer unzips) is refused with `contentMismatch`
 * before its tree is put in place. The digest comes from the same streaming pass as the extraction.
 */
export async function extractZip(
  zipPath: string,
  destDir: string,
  options?: InspectOptions & { readonly expectedSha256Hex?: string | undefined },
): Promise<ZipInspection> {
  const dest = resolve(destDir);
  await mkdir(dirname(dest), { recursive: true });
  // Named by its owner (process-owner.ts): a later lsim drops the half-built tree of a dead one.
  const temp = `${dest}.tmp-${ownerToken()}_${randomBytes(6).toString('hex')}`;
  await mkdir(temp, { mode: 0o755 });
  let inspection: ZipInspection;
  try {
    const writer = new TreeWriter(temp);
    inspection = await walkZip(zipPath, options, writer);
    await writer.finish(inspection.entries);
    const expected = options?.expectedSha256Hex;
    if (expected !== undefined && inspection.sha256Hex !== expected) throw contentMismatch(zipPath, expected, inspection.sha256Hex);
  } catch (error) {
    await removeTree(temp);
    const expected = options?.expectedSha256Hex;
    // A stored zip that no longer unzips: say it is damaged rather than "could not unzip uploaded file".
    if (expected !== undefined && !isMismatch(error)) {
      const actual = await hashFile(zipPath).then(
        (digest) => digest.digest.toString('hex'),
        () => undefined,
      );
      if (actual !== undefined && actual !== expected) throw contentMismatch(zipPath, expected, actual);
    }
    throw error;
  }
  try {
    await rename(temp, dest);
  } catch (error) {
    await removeTree(temp);
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
  }
  return inspection;
}

const isMismatch = (error: unknown): boolean => isLsimError(error) && error.code === 'EnvironmentFault';
