import { randomBytes } from 'node:crypto';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { removeTree } from './remove-tree.js';
import { TreeWriter } from './tree-writer.js';
import type { InspectOptions, ZipInspection } from './types.js';
import { walkZip } from './walk-zip.js';

/**
 * Extracts a zip into `destDir`, all or nothing: the tree is built in a sibling temporary folder
 * and renamed into place, so readers never see half a layer. If `destDir` appears meanwhile
 * (another process extracting the same content won the race), that tree is kept and ours dropped.
 * Rejects exactly like `inspectZip`; on any failure nothing is left beside `destDir`.
 */
export async function extractZip(zipPath: string, destDir: string, options?: InspectOptions): Promise<ZipInspection> {
  const dest = resolve(destDir);
  await mkdir(dirname(dest), { recursive: true });
  const temp = `${dest}.tmp-${randomBytes(6).toString('hex')}`;
  await mkdir(temp, { mode: 0o755 });
  let inspection: ZipInspection;
  try {
    const writer = new TreeWriter(temp);
    inspection = await walkZip(zipPath, options, writer);
    await writer.finish(inspection.entries);
  } catch (error) {
    await removeTree(temp);
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
