import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigest {
  /** Raw SHA-256 digest. */
  readonly digest: Buffer;
  readonly size: number;
}

/** SHA-256 and byte count of a file, streamed so the zip never sits in memory. */
export async function hashFile(path: string, signal?: AbortSignal): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { signal, highWaterMark: 1 << 20 })) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    hash.update(buffer);
  }
  return { digest: hash.digest(), size };
}
