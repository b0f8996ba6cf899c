import type { InspectOptions, ZipInspection } from './types.js';
import { walkZip, type WalkSink } from './walk-zip.js';

/** Inflates without keeping anything: the only way to learn the real sizes and catch corruption. */
const DISCARD: WalkSink = {
  concurrency: 2,
  directory: async () => undefined,
  file: async (_name, _mode, data) => {
    if (Buffer.isBuffer(data)) return;
    for await (const chunk of data) void chunk;
  },
};

/**
 * Reads and validates a zip without writing anything: its Lambda identity (CodeSha256, CodeSize),
 * its real unzipped size and every entry. Rejects with `InvalidParameterValueException` exactly
 * when `extractZip` would.
 */
export async function inspectZip(path: string, options?: InspectOptions): Promise<ZipInspection> {
  return walkZip(path, options, DISCARD);
}
